/**
 * Opening, voting in, closing and cancelling ballots (Civil Code art. 278; domain.md §2): the elevator
 * ballot is major and on the current plan, one at a time; the roster and rules freeze at opening;
 * voting stays open at least the minimum period and until `closesAt`.
 */
import { buildRoster, tallyVotes } from '../../vote/index.js';
import type { BallotRules, RosterFlat } from '../../vote/types.js';
import {
  defined,
  fail,
  instant,
  invalid,
  jsonSafe,
  requireRegistered,
  requireStage,
  text,
} from '../checks.js';
import { currentPlanVersion } from '../plans/state.js';
import type { CaseState, Handlers } from '../state.js';
import type { UnitFlat } from '../unit/commands.js';
import type { BallotCommandData } from './commands.js';
import type { BallotEventData } from './events.js';
import {
  countedVotes,
  findBallot,
  openElevatorBallot,
  requireBallot,
  type BallotState,
  type BallotVote,
} from './state.js';

type Handler<K extends keyof BallotCommandData> = Handlers<BallotCommandData, BallotEventData>[K];

/** Voting stays open at least this many days unless the command says otherwise (domain.md §2, configurable). */
export const DEFAULT_MINIMUM_OPEN_DAYS = 5;

/**
 * A ballot closes at most this many days after it opens. Every date the system accepts must be one
 * it can keep working with (conventions.md §9): a closing date in the year 9999 was once accepted and
 * then stopped every clock of its unit. Ninety days holds any unit's vote with its paper round.
 */
export const MAX_BALLOT_OPEN_DAYS = 90;

const DAY_MS = 86_400_000;

/** The roster a ballot freezes: the flats as the vote counts them, without the care flags and owners. */
function rosterOf(flats: readonly UnitFlat[]): RosterFlat[] {
  return flats.map(({ elderly: _elderly, disabled: _disabled, owners: _owners, ...flat }) => flat);
}

/** Checks the elevator-ballot gates and returns the plan version it votes on. */
function elevatorPlanVersion(data: BallotCommandData['OpenBallot'], state: CaseState): number {
  if (data.matter !== 'major') {
    fail('elevator_ballot_must_be_major', 'Adding an elevator is a major matter (Civil Code art. 278).');
  }
  requireStage(state, ['planning', 'voting']);
  const open = openElevatorBallot(state);
  if (open !== undefined) {
    fail('elevator_ballot_open', 'An elevator ballot is already open.', { ballotId: open.ballotId });
  }
  // planning/voting are only reached through a published plan.
  const current = currentPlanVersion(state);
  if (data.planVersion !== undefined && data.planVersion !== current) {
    fail('plan_version_mismatch', `The elevator ballot votes on the current plan, version ${current}.`, {
      planVersion: data.planVersion,
      current,
    });
  }
  return current;
}

const openBallot: Handler<'OpenBallot'> = (data, state, now) => {
  requireRegistered(state);
  const ballotId = text(data.ballotId, 'ballotId');
  if (findBallot(state, ballotId) !== undefined) {
    fail('ballot_already_exists', `Ballot ${ballotId} already exists.`, { ballotId });
  }
  const planVersion = data.purpose === 'elevator' ? elevatorPlanVersion(data, state) : data.planVersion;
  const minimumOpenDays = data.minimumOpenDays ?? DEFAULT_MINIMUM_OPEN_DAYS;
  if (
    !Number.isSafeInteger(minimumOpenDays) ||
    minimumOpenDays < 0 ||
    minimumOpenDays > MAX_BALLOT_OPEN_DAYS
  ) {
    invalid(
      'minimumOpenDays',
      `minimumOpenDays is a whole number of days from 0 to ${MAX_BALLOT_OPEN_DAYS}.`,
    );
  }
  const earliestCloseAt = new Date(now.getTime() + minimumOpenDays * DAY_MS).toISOString();
  const closesAt = data.closesAt === undefined ? undefined : instant(data.closesAt, 'closesAt');
  const latestCloseAt = now.getTime() + MAX_BALLOT_OPEN_DAYS * DAY_MS;
  if (data.closesAt !== undefined && data.closesAt.getTime() > latestCloseAt) {
    invalid('closesAt', `closesAt is at most ${MAX_BALLOT_OPEN_DAYS} days after the ballot opens.`);
  }
  if (closesAt !== undefined && closesAt < earliestCloseAt) {
    fail('ballot_too_short', `Voting stays open at least ${minimumOpenDays} days.`, {
      closesAt,
      earliestCloseAt,
      minimumOpenDays,
    });
  }
  const rules: BallotRules = {
    matter: data.matter,
    abstentionParticipates: data.rules?.abstentionParticipates ?? true,
    onCoOwnerConflict: data.rules?.onCoOwnerConflict ?? 'earlier',
  };
  const roster = rosterOf(state.flats);
  const denominators = tallyVotes(buildRoster(roster), rules, []).totals;
  return [
    {
      type: 'BallotOpened',
      data: defined({
        ballotId,
        title: text(data.title, 'title'),
        matter: data.matter,
        purpose: data.purpose,
        planVersion,
        rules,
        roster,
        denominators: { owners: denominators.owners, areaCenti: denominators.areaCenti },
        opensAt: now.toISOString(),
        closesAt,
        minimumOpenDays,
        earliestCloseAt,
      }),
    },
  ];
};

/** The ballot, if it still takes votes at `now`. */
function requireVotingOpen(state: CaseState, ballotId: string, now: Date): BallotState {
  const ballot = requireBallot(state, ballotId);
  if (ballot.status !== 'open' || (ballot.closesAt !== undefined && now.toISOString() >= ballot.closesAt)) {
    fail(
      'ballot_closed',
      `Ballot ${ballotId} no longer takes votes.`,
      defined({
        ballotId,
        status: ballot.status,
        closesAt: ballot.closesAt,
      }),
    );
  }
  return ballot;
}

const castVote: Handler<'CastVote'> = (data, state, now) => {
  const ballot = requireVotingOpen(state, data.ballotId, now);
  if (!ballot.roster.some((flat) => flat.room === data.room)) {
    fail('unknown_room', `Room ${data.room} is not in the roster of ballot ${ballot.ballotId}.`, {
      ballotId: ballot.ballotId,
      room: data.room,
    });
  }
  if ((data.channel === 'paper' || data.channel === 'statement') && (data.reference ?? '').trim() === '') {
    fail('paper_reference_missing', 'A paper vote or joint statement is entered with its reference.');
  }
  if (data.channel === 'proxy' && (data.proxyFor ?? '').trim() === '') {
    fail('proxy_not_recorded', 'A proxy vote names whom it is cast for.');
  }
  if (data.channel === 'wechat' && ((data.messageId ?? '') === '' || (data.text ?? '') === '')) {
    fail('message_not_kept', 'A chat vote is kept verbatim with its message id.');
  }
  // A redelivered chat message changes nothing (one message may vote for each flat its sender holds).
  const redelivered = (vote: BallotVote) => vote.messageId === data.messageId && vote.room === data.room;
  if (data.messageId !== undefined && ballot.votes.some(redelivered)) return [];
  return [
    {
      type: 'VoteCast',
      data: defined({
        ballotId: ballot.ballotId,
        room: data.room,
        choice: data.choice,
        channel: data.channel,
        castAt: now.toISOString(),
        reference: data.reference,
        voterId: data.voterId,
        proxyFor: data.proxyFor,
        messageId: data.messageId,
        text: data.text,
      }),
    },
  ];
};

const closeBallot: Handler<'CloseBallot'> = (data, state, now) => {
  const ballot = requireBallot(state, data.ballotId);
  if (ballot.status !== 'open') {
    fail('ballot_closed', `Ballot ${ballot.ballotId} is already ${ballot.status}.`, {
      ballotId: ballot.ballotId,
      status: ballot.status,
    });
  }
  const closableAt = ballot.closesAt ?? ballot.earliestCloseAt;
  const closedAt = now.toISOString();
  if (closedAt < closableAt) {
    fail('ballot_not_yet_closable', `Ballot ${ballot.ballotId} may be closed from ${closableAt}.`, {
      ballotId: ballot.ballotId,
      closableAt,
    });
  }
  const graceMs = data.graceMs ?? 0;
  if (!Number.isSafeInteger(graceMs) || graceMs < 0) invalid('graceMs', 'graceMs is a whole number ≥ 0.');
  const late =
    data.late ??
    (ballot.closesAt !== undefined && now.getTime() - new Date(ballot.closesAt).getTime() > graceMs);
  const result = tallyVotes(buildRoster(ballot.roster), ballot.rules, countedVotes(ballot));
  return [
    {
      type: 'BallotClosed',
      data: {
        ballotId: ballot.ballotId,
        closedAt,
        late,
        // A plain, JSON-safe copy of the frozen tally.
        result: jsonSafe(result),
      },
    },
  ];
};

const cancelBallot: Handler<'CancelBallot'> = (data, state, now) => {
  const ballot = requireBallot(state, data.ballotId);
  if (ballot.status !== 'open') {
    fail('ballot_closed', `Ballot ${ballot.ballotId} is already ${ballot.status}.`, {
      ballotId: ballot.ballotId,
      status: ballot.status,
    });
  }
  return [
    {
      type: 'BallotCancelled',
      data: {
        ballotId: ballot.ballotId,
        cancelledAt: now.toISOString(),
        reason: text(data.reason, 'reason'),
      },
    },
  ];
};

/** The ballot command handlers. */
export const ballotHandlers: Handlers<BallotCommandData, BallotEventData> = {
  OpenBallot: openBallot,
  CastVote: castVote,
  CloseBallot: closeBallot,
  CancelBallot: cancelBallot,
};
