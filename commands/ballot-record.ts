import { ballotWorklist, namedRecord, type RecordRow, type WorklistRow } from '../domain/case/index.js';
import type { FlatOwner } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './kernel/context.js';
import { readBallot, type BallotCase } from './read-case.js';

/** A row of the named record with the flat's owners and each vote's receipt (its event hash). */
export interface NamedRecordRow extends Omit<RecordRow, 'votes'> {
  readonly owners: readonly FlatOwner[];
  readonly votes: readonly (RecordRow['votes'][number] & { readonly hash: string })[];
}

/**
 * The named record of a ballot once it closed (or was cancelled): every flat of its frozen roster with
 * its owners, every vote it got — choice, channel, time, who said it, the paper reference, its receipt
 * hash — and the one that counts. The hashes come from the ballot's `VoteCast` events, read in stream
 * order (the n-th is the ballot's vote n). While the ballot is open: `ballot_still_open` (the worklist
 * serves then).
 */
export async function readNamedRecord(
  ctx: CommandContext,
  ballotId: string,
): Promise<BallotCase & { readonly rows: readonly NamedRecordRow[] }> {
  const found = await readBallot(ctx, ballotId);
  if (found.ballot.status === 'open') {
    throw new DomainError('ballot_still_open', `Ballot ${ballotId} is still open.`, { ballotId });
  }
  const events = await ctx.streams.load(found.unitId);
  const hashes = events
    .filter(
      (event) => event.type === 'VoteCast' && (event.data as { ballotId?: string }).ballotId === ballotId,
    )
    .map((event) => event.hash);
  const owners = ownersByRoom(found);
  const rows = namedRecord(found.ballot).map((row) => ({
    ...row,
    owners: owners.get(row.room) ?? [],
    votes: row.votes.map((vote) => ({ ...vote, hash: hashes[vote.seq - 1] ?? '' })),
  }));
  return { ...found, rows };
}

/** A worklist row with the flat's owners, for the door-to-door visit. */
export interface WorklistEntry extends WorklistRow {
  readonly owners: readonly FlatOwner[];
}

/**
 * The door-to-door worklist of an open ballot (see `ballotWorklist`), each flat with its owners. A
 * closed or cancelled ballot has none (`ballot_closed`).
 */
export async function readWorklist(
  ctx: CommandContext,
  ballotId: string,
): Promise<BallotCase & { readonly rows: readonly WorklistEntry[] }> {
  const found = await readBallot(ctx, ballotId);
  if (found.ballot.status !== 'open') {
    throw new DomainError('ballot_closed', `Ballot ${ballotId} is ${found.ballot.status}.`, {
      ballotId,
      status: found.ballot.status,
    });
  }
  const owners = ownersByRoom(found);
  const rows = ballotWorklist(found.state, found.ballot).map((row) => ({
    ...row,
    owners: owners.get(row.room) ?? [],
  }));
  return { ...found, rows };
}

function ownersByRoom(found: BallotCase): Map<string, readonly FlatOwner[]> {
  return new Map(found.state.flats.map((flat) => [flat.room, flat.owners ?? []]));
}
