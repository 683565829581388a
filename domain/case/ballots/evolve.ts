/**
 * Folding the ballots' events: votes in order, the frozen result, and the stage moves of the elevator
 * ballot (passed: agreement; cancelled: back to planning).
 */
import type { CaseState, Evolvers } from '../state.js';
import type { BallotEventData } from './events.js';
import { findBallot, type BallotState } from './state.js';

/** The state with one ballot replaced by `update` of it (an unknown ballot changes nothing). */
export function withBallot(
  state: CaseState,
  ballotId: string,
  update: (ballot: BallotState) => BallotState,
): CaseState {
  return {
    ...state,
    ballots: state.ballots.map((ballot) => (ballot.ballotId === ballotId ? update(ballot) : ballot)),
  };
}

function openBallot(state: CaseState, data: BallotEventData['BallotOpened']): CaseState {
  const ballot: BallotState = { ...data, status: 'open', votes: [] };
  const stage = data.purpose === 'elevator' ? 'voting' : state.stage;
  return { ...state, stage, ballots: [...state.ballots, ballot] };
}

/**
 * The channels whose vote speaks for the whole flat and settles a co-owners' disagreement (domain.md
 * §2a): the flat's signed paper ballot and the co-owners' joint written statement.
 */
const SETTLING: ReadonlySet<string> = new Set(['paper', 'statement']);

function castVote(state: CaseState, data: BallotEventData['VoteCast']): CaseState {
  const { ballotId, ...vote } = data;
  return withBallot(state, ballotId, (ballot) => ({
    ...ballot,
    votes: [
      ...ballot.votes,
      { ...vote, seq: ballot.votes.length + 1, ...(SETTLING.has(vote.channel) ? { settles: true } : {}) },
    ],
  }));
}

function closeBallot(state: CaseState, data: BallotEventData['BallotClosed']): CaseState {
  const ballot = findBallot(state, data.ballotId);
  const next = withBallot(state, data.ballotId, (open) => ({
    ...open,
    status: 'closed',
    closedAt: data.closedAt,
    late: data.late,
    result: data.result,
  }));
  if (ballot?.purpose !== 'elevator' || state.stage !== 'voting' || !data.result.passed) return next;
  return { ...next, stage: 'agreement', passedElevatorBallotId: data.ballotId };
}

function cancelBallot(state: CaseState, data: BallotEventData['BallotCancelled']): CaseState {
  const ballot = findBallot(state, data.ballotId);
  const next = withBallot(state, data.ballotId, (open) => ({
    ...open,
    status: 'cancelled',
    cancelledAt: data.cancelledAt,
    cancelReason: data.reason,
  }));
  return ballot?.purpose === 'elevator' && state.stage === 'voting' ? { ...next, stage: 'planning' } : next;
}

/** The ballot event folders. */
export const ballotEvolvers: Evolvers<BallotEventData> = {
  BallotOpened: openBallot,
  VoteCast: castVote,
  BallotClosed: closeBallot,
  BallotCancelled: cancelBallot,
};
