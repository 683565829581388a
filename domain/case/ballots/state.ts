/** What a case knows of its ballots, and how to count them (Civil Code art. 278; domain.md §2). */
import { buildRoster, countedVote, personKeyOf, tallyVotes, type Standing } from '../../vote/index.js';
import type { CastVote, Tally } from '../../vote/types.js';
import { fail } from '../checks.js';
import type { VoteChannel } from './commands.js';
import type { BallotEventData } from './events.js';

/** One recorded vote: what the tally needs (`seq` is its order within the ballot), and how it came. */
export interface BallotVote extends CastVote {
  readonly channel: VoteChannel;
  readonly castAt: string;
  readonly reference?: string;
  readonly proxyFor?: string;
  readonly messageId?: string;
  readonly text?: string;
}

/**
 * A plan version published while the ballot was open: the votes of `rooms` cast so far (the first
 * `beforeSeq` votes of the ballot) no longer count; those households are asked to vote again.
 */
export interface BallotReconfirmation {
  readonly planVersion: number;
  readonly beforeSeq: number;
  readonly rooms: readonly string[];
}

/**
 * A ballot of the case, with its frozen roster and rules and every vote in order. `planVersion` is the
 * plan it votes on now (it moves when a new version is published during the ballot).
 */
export interface BallotState extends Readonly<BallotEventData['BallotOpened']> {
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly votes: readonly BallotVote[];
  /** Plan versions published while it was open, oldest first (absent when none). */
  readonly reconfirmations?: readonly BallotReconfirmation[];
  readonly closedAt?: string;
  readonly late?: boolean;
  readonly result?: Tally;
  readonly cancelledAt?: string;
  readonly cancelReason?: string;
}

/** The part of a case's state that its ballots keep. */
export interface BallotSlice {
  /** Every ballot of the case, in the order opened. */
  readonly ballots: readonly BallotState[];
  /** The elevator ballot that passed (Civil Code art. 278), once one has. */
  readonly passedElevatorBallotId?: string;
}

/** The ballot with this id, if any. */
export function findBallot(state: BallotSlice, ballotId: string): BallotState | undefined {
  return state.ballots.find((ballot) => ballot.ballotId === ballotId);
}

/** The ballot with this id, or `ballot_not_found`. */
export function requireBallot(state: BallotSlice, ballotId: string): BallotState {
  const ballot = findBallot(state, ballotId);
  if (ballot === undefined) fail('ballot_not_found', `No ballot ${ballotId} in this case.`, { ballotId });
  return ballot;
}

/** The elevator ballot currently open, if any (there is at most one). */
export function openElevatorBallot(state: BallotSlice): BallotState | undefined {
  return state.ballots.find((ballot) => ballot.purpose === 'elevator' && ballot.status === 'open');
}

/**
 * The votes of a ballot that count: all of them, except those of a flat cast before a plan version
 * that changed its share (see {@link BallotReconfirmation}); the flat counts again once it votes anew.
 */
export function countedVotes(ballot: BallotState): readonly BallotVote[] {
  const voided = ballot.reconfirmations ?? [];
  if (voided.length === 0) return ballot.votes;
  return ballot.votes.filter(
    (vote) => !voided.some((change) => vote.seq <= change.beforeSeq && change.rooms.includes(vote.room)),
  );
}

/**
 * The rooms of a ballot asked to vote again after a plan change and not yet voted since: their earlier
 * votes do not count.
 */
export function roomsToReconfirm(ballot: BallotState): readonly string[] {
  const counted = new Set(countedVotes(ballot).map((vote) => vote.room));
  const asked = new Set((ballot.reconfirmations ?? []).flatMap((change) => change.rooms));
  const voted = new Set(ballot.votes.map((vote) => vote.room));
  return [...asked].filter((room) => voted.has(room) && !counted.has(room));
}

/**
 * What counts for the flat `room` now (domain.md §2a: a receipt states what counts, not merely what
 * was said): the counted vote of the person holding it under the ballot's rules, whether their
 * co-owners disagree, and the stances in play. `undefined` for a room not on the roster.
 */
export function flatStanding(ballot: BallotState, room: string): Standing | undefined {
  const flat = ballot.roster.find((candidate) => candidate.room === room);
  if (flat === undefined) return undefined;
  const key = personKeyOf(flat);
  const rooms = new Set(
    ballot.roster.filter((other) => personKeyOf(other) === key).map((other) => other.room),
  );
  const votes = countedVotes(ballot).filter((vote) => rooms.has(vote.room));
  return countedVote(votes, ballot.rules.onCoOwnerConflict);
}

/**
 * The tally of a ballot: live (from the counted votes so far, under the frozen roster and rules) while
 * it is open, the frozen result once closed. `undefined` for an unknown or cancelled ballot.
 */
export function ballotTally(state: BallotSlice, ballotId: string): Tally | undefined {
  const ballot = findBallot(state, ballotId);
  if (ballot === undefined || ballot.status === 'cancelled') return undefined;
  return ballot.result ?? tallyVotes(buildRoster(ballot.roster), ballot.rules, countedVotes(ballot));
}
