/** Folding the payments' events: each payment kept in order, a cancellation marked on its payment. */
import type { Evolvers } from '../state.js';
import type { PaymentEventData } from './events.js';

/** The payment event folders. */
export const paymentEvolvers: Evolvers<PaymentEventData> = {
  PaymentRecorded: (state, data) => ({ ...state, payments: [...state.payments, { ...data }] }),
  PaymentCancelled: (state, data) => ({
    ...state,
    payments: state.payments.map((payment) =>
      payment.paymentId === data.paymentId
        ? { ...payment, cancelled: { reason: data.reason, at: data.cancelledAt } }
        : payment,
    ),
  }),
};
