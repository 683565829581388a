/**
 * The commands of the elevator's running costs (domain.md §6): the running-cost key the owners agreed
 * (separate from the construction key; by default the ground floor pays nothing), each bill split by
 * it to the fen when it is recorded, income that offsets them (advertising in the car), and each
 * household's payments.
 */
import type { RunningCostKey } from '../../cost/types.js';

/** What a bill is for. */
export const BILL_KINDS = [
  'electricity',
  'maintenance',
  'inspection',
  'insurance',
  'repair',
  'other',
] as const;
export type BillKind = (typeof BILL_KINDS)[number];

/** Where income that offsets the running costs comes from. */
export const INCOME_SOURCES = ['advertising', 'other'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

/** The data of each running-cost command, by command type. */
export interface RunningCommandData {
  /** Records the running-cost key the owners agreed (replacing an earlier one for later bills only). */
  SetRunningCostKey: { readonly key: RunningCostKey; readonly agreedOn: string };
  /** Records a bill; its shares are computed by the key in force and kept with it. */
  RecordRunningBill: {
    readonly billId: string;
    readonly kind: BillKind;
    readonly amountFen: number;
    readonly periodFrom: string;
    readonly periodTo: string;
    readonly billedOn: string;
    readonly note?: string;
  };
  /** Records income that offsets the running costs, credited by the key in force. */
  RecordRunningIncome: {
    readonly incomeId: string;
    readonly source: IncomeSource;
    readonly amountFen: number;
    readonly receivedOn: string;
  };
  /** Records a household's payment towards its running costs. */
  RecordRunningPayment: {
    readonly paymentId: string;
    readonly room: string;
    readonly amountFen: number;
    readonly paidOn: string;
  };
}
