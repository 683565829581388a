import { ballotTally, findBallot, type BallotState } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { Tally } from '../domain/vote/index.js';
import { loadCase, type LoadedCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId, unitIdOfBallot } from './kernel/ids.js';

/** A registered unit's case, as read for a query. */
export interface UnitCase extends LoadedCase {
  readonly unitId: string;
}

/**
 * The case of a registered unit (from its view, see `loadCase`), or `unit_not_registered` (404 over
 * HTTP) when the id names no registered unit.
 */
export async function readUnit(ctx: CommandContext, unitId: string): Promise<UnitCase> {
  requireUnitId(unitId);
  const loaded = await loadCase(ctx, unitId);
  if (loaded.state.stage === 'new') {
    throw new DomainError('unit_not_registered', `No unit ${unitId}.`, { unitId });
  }
  return { unitId, ...loaded };
}

/** A ballot with the case it belongs to. */
export interface BallotCase extends UnitCase {
  readonly ballot: BallotState;
}

function ballotNotFound(ballotId: string): DomainError {
  return new DomainError('ballot_not_found', `No ballot ${ballotId}.`, { ballotId });
}

/** Finds a ballot by id: the id names its unit, so this is `_id` lookups only. `ballot_not_found` otherwise. */
export async function readBallot(ctx: CommandContext, ballotId: string): Promise<BallotCase> {
  const unitId = unitIdOfBallot(ballotId);
  if (unitId === undefined) throw ballotNotFound(ballotId);
  const loaded = await loadCase(ctx, unitId);
  const ballot = findBallot(loaded.state, ballotId);
  if (ballot === undefined) throw ballotNotFound(ballotId);
  return { unitId, ...loaded, ballot };
}

/** A ballot's tally and whether it is final. */
export interface BallotTally extends BallotCase {
  readonly tally: Tally;
  /** True once the ballot closed: the tally is the result frozen at closing; else it is live. */
  readonly final: boolean;
}

/**
 * The tally of a ballot under its frozen roster and rules (Civil Code art. 278; domain.md §2): live
 * from the votes so far while open, the frozen result once closed. A cancelled ballot has none
 * (`ballot_closed`).
 */
export async function readBallotTally(ctx: CommandContext, ballotId: string): Promise<BallotTally> {
  const found = await readBallot(ctx, ballotId);
  const tally = ballotTally(found.state, ballotId);
  if (tally === undefined) {
    throw new DomainError('ballot_closed', `Ballot ${ballotId} was cancelled; it has no tally.`, {
      ballotId,
      status: found.ballot.status,
    });
  }
  return { ...found, tally, final: found.ballot.status === 'closed' };
}
