/** Error codes raised by `domain/case`. Add a code here; `domain/errors.ts` unions every module's list. */
export const CASE_ERROR_CODES = [] as const;
