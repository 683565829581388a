/**
 * The commands of a household's payments towards the agreed construction cost (domain.md §6): each
 * payment recorded by the committee or the applicant representative as it is received, and a payment
 * recorded in error cancelled with its reason (a new event: the record stays).
 */

/** The data of each payment command, by command type. */
export interface PaymentCommandData {
  /** Records one payment of `amountFen` from flat `room`, received on `paidOn` (a receipt `reference`). */
  RecordPayment: {
    readonly paymentId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn: string;
    readonly reference?: string;
  };
  /** Cancels a payment recorded in error, saying why. */
  CancelPayment: { readonly paymentId: string; readonly reason: string };
}
