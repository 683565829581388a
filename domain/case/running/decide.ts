/**
 * The elevator's running costs (domain.md §6): the key is recorded once the agreement is signed; each
 * bill and each income is split by the key in force when it is recorded, to the fen (Σ parts =
 * amount, largest remainder), and keeps its parts; a payment never goes beyond what the flat owes.
 */
import { splitRunningCost } from '../../cost/running.js';
import { day, defined, fail, invalid, jsonSafe, optionalText, requireRegistered, text } from '../checks.js';
import type { CaseState, Handlers } from '../state.js';
import { BILL_KINDS, INCOME_SOURCES, type RunningCommandData } from './commands.js';
import type { RunningEventData, RunningPart } from './events.js';
import { requireRunning, runningAccounts } from './state.js';

type Handler<K extends keyof RunningCommandData> = Handlers<RunningCommandData, RunningEventData>[K];

/** The largest single bill, income or payment taken: ¥1,000,000. */
const MAX_FEN = 100_000_000;

function amount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_FEN) {
    invalid(field, `${field} is a whole number of fen from 1 to 100,000,000.`);
  }
  return value;
}

/** `amountFen` split by the key in force among the unit's flats. */
function partsOf(state: CaseState, amountFen: number): RunningPart[] {
  const { key } = requireRunning(state);
  return jsonSafe(
    splitRunningCost(state.flats, amountFen, key)
      .shares.filter((share) => share.payFen > 0)
      .map((share) => ({ room: share.room, fen: share.payFen })),
  );
}

const setRunningCostKey: Handler<'SetRunningCostKey'> = (data, state) => {
  requireRegistered(state);
  if (state.publicity === undefined) fail('agreement_not_signed', 'The agreement has not been signed yet.');
  // A key that cannot share ¥1 among these flats is refused as the split refuses it.
  splitRunningCost(state.flats, 100, data.key);
  return [
    {
      type: 'RunningCostKeySet',
      data: { key: jsonSafe(data.key), agreedOn: day(data.agreedOn, 'agreedOn') },
    },
  ];
};

const recordRunningBill: Handler<'RecordRunningBill'> = (data, state) => {
  const running = requireRunning(state);
  const billId = text(data.billId, 'billId');
  if (running.bills.some((bill) => bill.billId === billId))
    invalid('billId', `A bill ${billId} is already recorded.`);
  if (!BILL_KINDS.includes(data.kind)) invalid('kind', `kind is one of ${BILL_KINDS.join(', ')}.`);
  const periodFrom = day(data.periodFrom, 'periodFrom');
  const periodTo = day(data.periodTo, 'periodTo');
  if (periodTo < periodFrom) invalid('periodTo', 'The period ends after it starts.');
  const amountFen = amount(data.amountFen, 'amountFen');
  return [
    {
      type: 'RunningBillRecorded',
      data: defined({
        billId,
        kind: data.kind,
        amountFen,
        periodFrom,
        periodTo,
        billedOn: day(data.billedOn, 'billedOn'),
        note: optionalText(data.note, 'note'),
        parts: partsOf(state, amountFen),
      }),
    },
  ];
};

const recordRunningIncome: Handler<'RecordRunningIncome'> = (data, state) => {
  const running = requireRunning(state);
  const incomeId = text(data.incomeId, 'incomeId');
  if (running.incomes.some((income) => income.incomeId === incomeId)) {
    invalid('incomeId', `Income ${incomeId} is already recorded.`);
  }
  if (!INCOME_SOURCES.includes(data.source))
    invalid('source', `source is one of ${INCOME_SOURCES.join(', ')}.`);
  const amountFen = amount(data.amountFen, 'amountFen');
  return [
    {
      type: 'RunningIncomeRecorded',
      data: {
        incomeId,
        source: data.source,
        amountFen,
        receivedOn: day(data.receivedOn, 'receivedOn'),
        parts: partsOf(state, amountFen),
      },
    },
  ];
};

const recordRunningPayment: Handler<'RecordRunningPayment'> = (data, state) => {
  const running = requireRunning(state);
  const paymentId = text(data.paymentId, 'paymentId');
  if (running.payments.some((payment) => payment.paymentId === paymentId)) {
    invalid('paymentId', `A payment ${paymentId} is already recorded.`);
  }
  if (!state.flats.some((flat) => flat.room === data.room)) {
    fail('unknown_room', `Room ${data.room} is not in the roster.`, { room: data.room });
  }
  const amountFen = amount(data.amountFen, 'amountFen');
  const account = runningAccounts(state, [data.room])[0]!;
  const dueFen = Math.max(account.balanceFen, 0);
  if (amountFen > dueFen) {
    fail('payment_exceeds_due', `Room ${data.room} owes ${dueFen} fen of running costs now.`, {
      room: data.room,
      dueFen,
      paidFen: account.paidFen,
    });
  }
  return [
    {
      type: 'RunningPaymentRecorded',
      data: { paymentId, room: data.room, amountFen, paidOn: day(data.paidOn, 'paidOn') },
    },
  ];
};

/** The running-cost command handlers. */
export const runningHandlers: Handlers<RunningCommandData, RunningEventData> = {
  SetRunningCostKey: setRunningCostKey,
  RecordRunningBill: recordRunningBill,
  RecordRunningIncome: recordRunningIncome,
  RecordRunningPayment: recordRunningPayment,
};
