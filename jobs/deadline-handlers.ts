import { BALLOT_CLOSE, closeBallotAtDeadline } from '../commands/close-ballot.js';
import { clockHandlers } from '../commands/clocks.js';
import type { DeadlineHandlers } from '../commands/kernel/deadlines.js';

/**
 * Every deadline kind the sweeper knows, with its handler (see `commands/deadlines.ts` for the
 * contract). A kind missing here is retried, then recorded `failed` with `unknown_kind`.
 */
export const deadlineHandlers: DeadlineHandlers = {
  [BALLOT_CLOSE]: closeBallotAtDeadline,
  ...clockHandlers,
};
