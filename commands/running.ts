/**
 * The elevator's running costs (domain.md §6), through the API: the key the owners agreed, each bill
 * and each income split by it to the fen, each household's payments, and every flat's running account.
 * What a flat owes is that household's business: never told to the group. A debt is reminded gently,
 * privately, to the flat's own bound contacts, a month and two months after the bill (never in quiet
 * hours: reminders are notices), by the `running.arrears` clock.
 */
import { randomBytes } from 'node:crypto';
import { parseDay } from '../domain/calendar/index.js';
import {
  runningAccounts,
  type RunningAccount,
  type RunningCommandData,
  type RunningSlice,
} from '../domain/case/index.js';
import type { CommandContext } from './kernel/context.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { dayOr, runLifecycleStep } from './lifecycle-step.js';
import { readUnit } from './read-case.js';

/** The unit's running costs: the key, the bills and incomes with their parts, and every flat's account. */
export interface UnitRunning {
  readonly unitId: string;
  readonly running: RunningSlice['running'];
  readonly accounts: readonly RunningAccount[];
}

function present(
  unitId: string,
  state: Parameters<typeof runningAccounts>[0] & { flats: readonly { room: string }[] },
): UnitRunning {
  return {
    unitId,
    running: state.running,
    accounts: runningAccounts(
      state,
      state.flats.map((flat) => flat.room),
    ),
  };
}

/** The unit's running costs and accounts (before a key is recorded: none). */
export async function unitRunning(ctx: CommandContext, unitId: string): Promise<UnitRunning> {
  const { state } = await readUnit(ctx, unitId);
  return present(unitId, state);
}

type Step =
  | { readonly type: 'SetRunningCostKey'; readonly data: RunningCommandData['SetRunningCostKey'] }
  | { readonly type: 'RecordRunningBill'; readonly data: RunningCommandData['RecordRunningBill'] }
  | { readonly type: 'RecordRunningIncome'; readonly data: RunningCommandData['RecordRunningIncome'] }
  | { readonly type: 'RecordRunningPayment'; readonly data: RunningCommandData['RecordRunningPayment'] };

async function step(ctx: CommandContext, unitId: string, command: Step, meta: CommandMeta) {
  const done = await runLifecycleStep(ctx, unitId, command, meta, () => null);
  return { ...present(unitId, done.state), seq: done.event.seq };
}

const newId = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Records the running-cost key (`agreedOn` left out: today). Refusals: `agreement_not_signed`, the split's. */
export async function setRunningCostKey(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly key: RunningCommandData['SetRunningCostKey']['key'];
    readonly agreedOn?: string;
  },
  meta: CommandMeta,
) {
  return step(
    ctx,
    input.unitId,
    {
      type: 'SetRunningCostKey',
      data: { key: input.key, agreedOn: dayOr(input.agreedOn, 'agreedOn', meta.now) },
    },
    meta,
  );
}

/** Records a bill, split by the key in force. Refusals: `running_key_not_set`, `validation_error`. */
export async function recordRunningBill(
  ctx: CommandContext,
  input: { readonly unitId: string } & Omit<
    RunningCommandData['RecordRunningBill'],
    'billId' | 'billedOn'
  > & {
      readonly billedOn?: string;
    },
  meta: CommandMeta,
) {
  const { unitId, ...bill } = input;
  parseDay(bill.periodFrom, 'periodFrom');
  parseDay(bill.periodTo, 'periodTo');
  return step(
    ctx,
    unitId,
    {
      type: 'RecordRunningBill',
      data: { ...bill, billId: newId('bill'), billedOn: dayOr(input.billedOn, 'billedOn', meta.now) },
    },
    meta,
  );
}

/** Records income offsetting the running costs, credited by the key in force. */
export async function recordRunningIncome(
  ctx: CommandContext,
  input: { readonly unitId: string } & Omit<
    RunningCommandData['RecordRunningIncome'],
    'incomeId' | 'receivedOn'
  > & {
      readonly receivedOn?: string;
    },
  meta: CommandMeta,
) {
  const { unitId, ...income } = input;
  return step(
    ctx,
    unitId,
    {
      type: 'RecordRunningIncome',
      data: {
        ...income,
        incomeId: newId('inc'),
        receivedOn: dayOr(input.receivedOn, 'receivedOn', meta.now),
      },
    },
    meta,
  );
}

/** Records a household's running-cost payment (never beyond what it owes: `payment_exceeds_due`). */
export async function recordRunningPayment(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn?: string;
  },
  meta: CommandMeta,
) {
  return step(
    ctx,
    input.unitId,
    {
      type: 'RecordRunningPayment',
      data: {
        paymentId: newId('rp'),
        room: input.room,
        amountFen: input.amountFen,
        paidOn: dayOr(input.paidOn, 'paidOn', meta.now),
      },
    },
    meta,
  );
}
