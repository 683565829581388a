/** Error codes raised by `domain/calendar`. Add a code here; `domain/errors.ts` unions every module's list. */
export const CALENDAR_ERROR_CODES = [
  /**
   * A calendar day is not a real `YYYY-MM-DD` date in years 0001–9999 (`2025-02-30`, `2025-2-3`, ``),
   * or an instant is not a valid `Date`. `details.field` names the input.
   */
  'invalid_date',
  /**
   * A period length (or a day offset) is not an integer in range: periods run 1–3650 days or working
   * days. `details` carries `field`, `value`, `min` and `max`.
   */
  'invalid_period_length',
] as const;
