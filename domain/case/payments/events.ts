/** The events of a household's payments towards the agreed construction cost (domain.md §6). */

/** The data of each payment event, by event type. */
export interface PaymentEventData {
  /** One payment from a flat, received on `paidOn`. */
  PaymentRecorded: {
    readonly paymentId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn: string;
    readonly reference?: string;
  };
  /** A payment recorded in error no longer counts; it stays in the record with the reason. */
  PaymentCancelled: { readonly paymentId: string; readonly reason: string; readonly cancelledAt: string };
}
