/** Error codes raised by `domain/vote`. Add a code here; `domain/errors.ts` unions every module's list. */
export const VOTE_ERROR_CODES = [
  /** A ballot needs at least one exclusive part: there is nothing to count (SPC interpretation art. 8). */
  'empty_roster',
  /** Two roster rows name the same room: a flat has one vote and is counted once (SPC art. 9). */
  'duplicate_room',
  /**
   * A roster to import (a file or a list) has problems: every one is listed at once, by row as in the
   * file and column (一次性告知), in details `{ rows, fields }`; nothing was stored.
   */
  'roster_import_invalid',
] as const;
