/** Error codes raised by `domain/cost`. Add a code here; `domain/errors.ts` unions every module's list. */
export const COST_ERROR_CODES = [] as const;
