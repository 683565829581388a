/** The events of the elevator's running costs (domain.md §6). */
import type { RunningCostKey } from '../../cost/types.js';
import type { BillKind, IncomeSource } from './commands.js';

/** One flat's part of a bill or of income, to the fen. */
export interface RunningPart {
  readonly room: string;
  readonly fen: number;
}

/** The data of each running-cost event, by event type. */
export interface RunningEventData {
  RunningCostKeySet: { readonly key: RunningCostKey; readonly agreedOn: string };
  /** A bill and its parts (Σ fen = amountFen), as split when it was recorded. */
  RunningBillRecorded: {
    readonly billId: string;
    readonly kind: BillKind;
    readonly amountFen: number;
    readonly periodFrom: string;
    readonly periodTo: string;
    readonly billedOn: string;
    readonly note?: string;
    readonly parts: readonly RunningPart[];
  };
  /** Income and each flat's credit (Σ fen = amountFen). */
  RunningIncomeRecorded: {
    readonly incomeId: string;
    readonly source: IncomeSource;
    readonly amountFen: number;
    readonly receivedOn: string;
    readonly parts: readonly RunningPart[];
  };
  RunningPaymentRecorded: {
    readonly paymentId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn: string;
  };
}
