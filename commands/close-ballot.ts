import { findBallot } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { announceBallotResult } from './announce.js';
import type { CommandContext } from './kernel/context.js';
import type { DeadlineHandler } from './kernel/deadlines.js';
import { unitIdOfBallot } from './kernel/ids.js';
import { readBallot, type BallotCase } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/**
 * `CloseBallot` → `BallotClosed` with the final tally frozen in the event. Refused before the
 * ballot's `closesAt` (or, without one, before its minimum period ends): owners may vote and change
 * their vote until then (`ballot_not_yet_closable`, domain.md §2). A passed elevator ballot moves the
 * case to `agreement`. The result is then announced in the unit's group (`announceBallotResult`,
 * once: the announcement is keyed by the ballot), whoever closed it — the committee through the API or
 * the scheduler at `closesAt`. `options.late` is the scheduler's verdict (see `CloseBallot`); a close
 * by hand is late only past the same grace period after `closesAt` (`settings.closeGraceMs`).
 */
export async function closeBallot(
  ctx: CommandContext,
  ballotId: string,
  meta: CommandMeta,
  options: { readonly late?: boolean } = {},
): Promise<BallotCase> {
  const unitId = unitIdOfBallot(ballotId);
  if (unitId === undefined) throw new DomainError('ballot_not_found', `No ballot ${ballotId}.`, { ballotId });
  const { state, head } = await runCaseCommand(
    ctx,
    unitId,
    {
      type: 'CloseBallot',
      // The scheduler says whether it was late; a close by hand gets the scheduler's grace period.
      data: {
        ballotId,
        ...(options.late === undefined ? { graceMs: ctx.settings.closeGraceMs } : { late: options.late }),
      },
    },
    meta,
  );
  const closed = { unitId, state, head, ballot: findBallot(state, ballotId)! };
  await announceBallotResult(ctx, closed, meta);
  return closed;
}

/** The deadline kind that closes a ballot at its `closesAt`. */
export const BALLOT_CLOSE = 'ballot.close';

/** The dedupe key of a ballot's automatic close: one per ballot. */
export const ballotCloseKey = (unitId: string, ballotId: string): string =>
  `${BALLOT_CLOSE}:${unitId}:${ballotId}`;

/**
 * The `ballot.close` deadline: closes the ballot at its `closesAt` as the system, and
 * announces the result. Skipped when the case moved on: the ballot was cancelled, or is no longer due
 * (never early: the domain refuses a close before `closesAt` anyway). A ballot already closed — by the
 * committee, or by an earlier attempt that died before announcing — gets its announcement (keyed, so
 * at most once) and counts as skipped. Late when the scheduler picked it up past its grace period.
 */
export const closeBallotAtDeadline: DeadlineHandler = async (ctx, deadline, run) => {
  const ballotId = String(deadline.data.ballotId);
  const found = await readBallot(ctx, ballotId);
  if (found.ballot.status === 'closed') {
    await announceBallotResult(ctx, found, run);
    return 'skipped';
  }
  const closesAt = found.ballot.closesAt;
  if (found.ballot.status !== 'open' || closesAt === undefined || run.now.toISOString() < closesAt) {
    return 'skipped';
  }
  const meta: CommandMeta = { actor: { kind: 'system', id: 'deadlines' }, channel: 'system', now: run.now };
  await closeBallot(ctx, ballotId, meta, { late: run.late });
  return 'done';
};
