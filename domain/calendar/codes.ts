/** Error codes raised by `domain/calendar`. Add a code here; `domain/errors.ts` unions every module's list. */
export const CALENDAR_ERROR_CODES = [] as const;
