import { findBallot } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { unitIdOfBallot } from './ids.js';
import type { BallotCase } from './read-case.js';
import { runCaseCommand } from './run-case.js';
import type { CommandMeta } from './stream-runner.js';

/**
 * `CloseBallot` → `BallotClosed` with the final tally frozen in the event. Refused before the
 * ballot's `closesAt` (or, without one, before its minimum period ends): owners may vote and change
 * their vote until then (`ballot_not_yet_closable`, domain.md §2). A passed elevator ballot moves the
 * case to `agreement`.
 */
export async function closeBallot(
  ctx: CommandContext,
  ballotId: string,
  meta: CommandMeta,
): Promise<BallotCase> {
  const unitId = unitIdOfBallot(ballotId);
  if (unitId === undefined) throw new DomainError('ballot_not_found', `No ballot ${ballotId}.`, { ballotId });
  const { state, head } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'CloseBallot', data: { ballotId } },
    meta,
  );
  return { unitId, state, head, ballot: findBallot(state, ballotId)! };
}
