import type { BallotState } from '../../domain/case/index.js';
import type { BallotTally } from '../../commands/read-case.js';
import { presentCount, presentRules, presentTally } from './tally.js';

/** Whether the ballot takes votes at `now`: open and before its `closesAt`. */
function acceptingVotes(ballot: BallotState, now: Date): boolean {
  return ballot.status === 'open' && (ballot.closesAt === undefined || now.toISOString() < ballot.closesAt);
}

/**
 * Shows a ballot: its status, its dates (and the minimum open period in use), its frozen rules and
 * denominators, how many votes were recorded, and once closed its result. No names, no rooms' votes.
 */
export function presentBallot(unitId: string, ballot: BallotState, now: Date) {
  return {
    id: ballot.ballotId,
    unitId,
    title: ballot.title,
    matter: ballot.matter,
    purpose: ballot.purpose,
    ...(ballot.planVersion === undefined ? {} : { planVersion: ballot.planVersion }),
    status: ballot.status,
    acceptingVotes: acceptingVotes(ballot, now),
    opensAt: ballot.opensAt,
    ...(ballot.closesAt === undefined ? {} : { closesAt: ballot.closesAt }),
    minimumOpenDays: ballot.minimumOpenDays,
    earliestCloseAt: ballot.earliestCloseAt,
    closableAt: ballot.closesAt ?? ballot.earliestCloseAt,
    rules: presentRules(ballot.rules),
    denominators: presentCount(ballot.denominators),
    flats: ballot.roster.length,
    votesRecorded: ballot.votes.length,
    ...(ballot.closedAt === undefined ? {} : { closedAt: ballot.closedAt, late: ballot.late === true }),
    ...(ballot.cancelledAt === undefined
      ? {}
      : { cancelledAt: ballot.cancelledAt, cancelReason: ballot.cancelReason ?? '' }),
    ...(ballot.result === undefined ? {} : { result: presentTally(ballot.result, ballot.rules) }),
  };
}

/** Shows a ballot's tally: live while open, final once closed. */
export function presentBallotTally(found: BallotTally) {
  return {
    ballotId: found.ballot.ballotId,
    status: found.ballot.status,
    final: found.final,
    asOfSeq: found.head.seq,
    ...presentTally(found.tally, found.ballot.rules),
  };
}
