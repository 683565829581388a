/** Error codes raised by `domain/vote`. Add a code here; `domain/errors.ts` unions every module's list. */
export const VOTE_ERROR_CODES = [] as const;
