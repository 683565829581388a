/** The events of the money claimed after the works (domain.md §6). */

/** The data of each claim event, by event type. */
export interface ClaimEventData {
  /** A claim moved to `status` on `on`. */
  FundClaimRecorded: {
    readonly fund: 'subsidy' | 'provident_fund';
    readonly room?: string;
    readonly status: 'applied' | 'approved' | 'paid' | 'refused';
    readonly on: string;
    readonly amountFen?: number;
    readonly reference?: string;
    readonly reasons: readonly string[];
  };
}
