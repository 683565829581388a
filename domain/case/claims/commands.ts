/**
 * The commands of the money claimed after the works (domain.md §6; HZ-2021 item 18): the project's
 * government subsidy, and each household's withdrawal of housing provident fund (公积金) for its share.
 * Each claim moves applied → approved → paid, or is refused with reasons (and may be applied for again);
 * every step is recorded as it happens by whoever helps with it.
 */

/** What is claimed: the project's subsidy, or one household's provident-fund withdrawal. */
export const FUNDS = ['subsidy', 'provident_fund'] as const;
export type Fund = (typeof FUNDS)[number];

export const CLAIM_STATUSES = ['applied', 'approved', 'paid', 'refused'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The data of each claim command, by command type. */
export interface ClaimCommandData {
  /**
   * One step of a claim: the project's subsidy (no `room`) or flat `room`'s provident fund. `amountFen`
   * is what is claimed, approved or paid (needed from approval on); a refusal states its `reasons`.
   */
  RecordFundClaim: {
    readonly fund: Fund;
    readonly room?: string;
    readonly status: ClaimStatus;
    readonly on: string;
    readonly amountFen?: number;
    readonly reference?: string;
    readonly reasons?: readonly string[];
  };
}
