import { BALLOT_CLOSE, closeBallotAtDeadline } from '../commands/close-ballot.js';
import { clockHandlers } from '../commands/clock-handlers.js';
import type { DeadlineHandler } from '../commands/kernel/deadlines.js';
import type { ClockKind } from '../domain/clocks/index.js';

/**
 * Every deadline kind the sweeper knows, with its handler (see `commands/kernel/deadlines.ts` for
 * the contract): one per kind the domain plans, which the compiler checks. A stored deadline of a kind
 * missing here is retried, then recorded `failed` with `unknown_kind`.
 */
export const deadlineHandlers: Readonly<Record<ClockKind, DeadlineHandler>> = {
  [BALLOT_CLOSE]: closeBallotAtDeadline,
  ...clockHandlers,
};
