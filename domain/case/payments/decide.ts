/**
 * Payments towards the agreed construction cost (domain.md §6): recorded only after the agreement is
 * signed, for a flat with a share to pay, never beyond what it still owes; a payment recorded in error
 * is cancelled with its reason, once.
 */
import { day, defined, fail, invalid, optionalText, requireRegistered, text } from '../checks.js';
import type { Handlers } from '../state.js';
import type { PaymentCommandData } from './commands.js';
import type { PaymentEventData } from './events.js';
import { householdAccount, requirePayment } from './state.js';

type Handler<K extends keyof PaymentCommandData> = Handlers<PaymentCommandData, PaymentEventData>[K];

/** The largest single payment taken: ¥10,000,000 (an elevator costs well under a million). */
const MAX_PAYMENT_FEN = 1_000_000_000;

const recordPayment: Handler<'RecordPayment'> = (data, state) => {
  requireRegistered(state);
  const paymentId = text(data.paymentId, 'paymentId');
  if (state.payments.some((payment) => payment.paymentId === paymentId)) {
    invalid('paymentId', `A payment ${paymentId} is already recorded.`);
  }
  const { amountFen } = data;
  if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > MAX_PAYMENT_FEN) {
    invalid('amountFen', 'amountFen is a whole number of fen from 1 to 1,000,000,000.');
  }
  const account = householdAccount(state, data.room);
  if (amountFen > account.dueFen) {
    fail('payment_exceeds_due', `Room ${data.room} owes ${account.dueFen} fen now.`, {
      room: data.room,
      dueFen: account.dueFen,
      paidFen: account.paidFen,
    });
  }
  return [
    {
      type: 'PaymentRecorded',
      data: defined({
        paymentId,
        room: data.room,
        amountFen,
        paidOn: day(data.paidOn, 'paidOn'),
        reference: optionalText(data.reference, 'reference'),
      }),
    },
  ];
};

const cancelPayment: Handler<'CancelPayment'> = (data, state, now) => {
  const payment = requirePayment(state, data.paymentId);
  if (payment.cancelled !== undefined) {
    fail('payment_not_found', `Payment ${data.paymentId} is already cancelled.`, {
      paymentId: data.paymentId,
    });
  }
  return [
    {
      type: 'PaymentCancelled',
      data: {
        paymentId: payment.paymentId,
        reason: text(data.reason, 'reason'),
        cancelledAt: now.toISOString(),
      },
    },
  ];
};

/** The payment command handlers. */
export const paymentHandlers: Handlers<PaymentCommandData, PaymentEventData> = {
  RecordPayment: recordPayment,
  CancelPayment: cancelPayment,
};
