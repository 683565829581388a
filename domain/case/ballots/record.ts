/**
 * Who voted what, for the committee (domain.md §2: the named record; §2a: conflicts): the named record
 * of a ballot — each flat with every vote it got and the one that counts — and, while it is open, the
 * door-to-door worklist of flats that still need a visit. Pure: read from the case state.
 */
import type { Choice } from '../../vote/types.js';
import type { CaseState } from '../state.js';
import { countedVotes, flatStanding, roomsToReconfirm, type BallotState, type BallotVote } from './state.js';

/** One vote as the record shows it; `counts` marks the vote that counts for the flat now. */
export interface RecordedVote {
  readonly seq: number;
  readonly choice: Choice;
  readonly channel: BallotVote['channel'];
  readonly castAt: string;
  /** The contact who said it in chat (absent for votes the committee entered). */
  readonly voterId?: string;
  /** The paper ballot's or statement's reference. */
  readonly reference?: string;
  readonly proxyFor?: string;
  /** False for a vote voided by a later plan version (the flat was asked to vote again). */
  readonly valid: boolean;
  readonly counts: boolean;
}

/** One flat of the ballot's frozen roster in the record. */
export interface RecordRow {
  readonly room: string;
  readonly floor: number;
  /** What counts for the flat (none: it did not vote). */
  readonly counted?: Choice;
  /** Its co-owners' stances disagree and nothing has settled them. */
  readonly conflict: boolean;
  readonly votes: readonly RecordedVote[];
}

/** The named record: every flat of the frozen roster, in roster order. */
export function namedRecord(ballot: BallotState): RecordRow[] {
  const valid = new Set(countedVotes(ballot).map((vote) => vote.seq));
  return ballot.roster.map((flat) => {
    const standing = flatStanding(ballot, flat.room);
    const countingSeq = standing?.vote?.seq;
    return {
      room: flat.room,
      floor: flat.floor,
      ...(standing?.vote === undefined ? {} : { counted: standing.vote.choice }),
      conflict: standing?.conflict === true,
      votes: ballot.votes
        .filter((vote) => vote.room === flat.room)
        .map((vote) => ({
          seq: vote.seq,
          choice: vote.choice,
          channel: vote.channel,
          castAt: vote.castAt,
          ...(vote.voterId === undefined ? {} : { voterId: vote.voterId }),
          ...(vote.reference === undefined ? {} : { reference: vote.reference }),
          ...(vote.proxyFor === undefined ? {} : { proxyFor: vote.proxyFor }),
          valid: valid.has(vote.seq),
          counts: vote.seq === countingSeq,
        })),
    };
  });
}

/** Why a flat is on the worklist, most urgent first. */
export const WORKLIST_REASONS = ['conflict', 'reconfirm', 'unbound', 'not_voted'] as const;
export type WorklistReason = (typeof WORKLIST_REASONS)[number];

/** A flat the committee should visit while the ballot is open. */
export interface WorklistRow {
  readonly room: string;
  readonly floor: number;
  readonly reason: WorklistReason;
  /** Nobody of the flat can vote in chat: bound to nobody (or only pending requests). */
  readonly unbound: boolean;
}

/**
 * The flats to visit: co-owners in conflict, flats asked to vote again after a plan change, and flats
 * without a counted vote — split into those nobody can reach in chat (unbound) and those bound but
 * silent. Flats whose owner voted through another of their rooms count as voted.
 */
export function ballotWorklist(state: Pick<CaseState, 'households'>, ballot: BallotState): WorklistRow[] {
  const reconfirm = new Set(roomsToReconfirm(ballot));
  const bound = new Set(
    state.households.filter((binding) => binding.pending !== true).map((binding) => binding.room),
  );
  const rows: WorklistRow[] = [];
  for (const flat of ballot.roster) {
    const standing = flatStanding(ballot, flat.room);
    const unbound = !bound.has(flat.room);
    const reason: WorklistReason | undefined = standing?.conflict
      ? 'conflict'
      : reconfirm.has(flat.room)
        ? 'reconfirm'
        : standing?.vote === undefined
          ? unbound
            ? 'unbound'
            : 'not_voted'
          : undefined;
    if (reason !== undefined) rows.push({ room: flat.room, floor: flat.floor, reason, unbound });
  }
  const rank = (row: WorklistRow) => WORKLIST_REASONS.indexOf(row.reason);
  return rows.sort((a, b) => rank(a) - rank(b));
}
