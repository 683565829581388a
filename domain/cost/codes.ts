/** Error codes raised by `domain/cost`. Add a code here; `domain/errors.ts` unions every module's list. */
export const COST_ERROR_CODES = [
  /** A positive amount must be shared but every weight is zero (everyone exempt, or no flats). */
  'no_contributors',
  /** Explicit per-room shares do not add up to the amount shared; details `{ expected, actual }`. */
  'explicit_shares_do_not_sum',
  /** The subsidy is larger than the construction cost; details `{ totalCostFen, subsidyFen }`. */
  'subsidy_exceeds_cost',
  /** Total compensation exceeds the agreed cap; details `{ capPermille, maxFen, compensationFen }`. */
  'compensation_over_cap',
  // A room named in the plan that is not in the unit raises `unknown_room`, shared with domain/case.
  /** A late joiner whose weight under the scheme is zero (e.g. coefficient 0) has nothing to catch up. */
  'joiner_has_no_share',
  /** A late joiner that already pays under the plan: only an exempt flat can join late. */
  'joiner_already_contributes',
  /** Explicit per-room shares fix every flat's amount: a late joiner needs a newly agreed plan. */
  'late_join_needs_agreement',
] as const;
