import { locateSpeaker } from './cast-chat-vote.js';
import {
  ballotTally,
  clockSettingsOf,
  countedVotes,
  openElevatorBallot,
  openObjections,
  type BallotState,
  type CaseState,
} from '../domain/case/index.js';
import type { BallotRules, Tally } from '../domain/vote/index.js';
import type { CaseProgress } from '../messages/progress.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { publicityDays } from './file-objection.js';

/** Who asks, and the unit of the group it was asked in (null privately or in an unbound group). */
export interface ChatAskerInput {
  readonly contactId: string;
  readonly groupUnitId: string | null;
}

/**
 * The unit a chat request is about: the group's unit; privately, the first unit the contact is bound
 * in, else the first unit it holds a role in. Null when the contact belongs to no unit.
 */
export async function unitOfAsker(ctx: CommandContext, input: ChatAskerInput): Promise<string | null> {
  if (input.groupUnitId !== null) return input.groupUnitId;
  const contact = await readContact(ctx.models.contacts, input.contactId);
  return contact?.flats[0]?.unitId ?? contact?.roles?.[0]?.unitId ?? null;
}

/** The unit's open elevator ballot with its live tally, or undefined. */
export function openBallotOf(
  state: CaseState,
): { readonly ballot: BallotState; readonly tally: Tally } | undefined {
  const ballot = openElevatorBallot(state);
  if (ballot === undefined) return undefined;
  return { ballot, tally: ballotTally(state, ballot.ballotId)! };
}

export type BallotProgressResult =
  | { readonly kind: 'progress'; readonly unitId: string; readonly tally: Tally; readonly rules: BallotRules }
  | { readonly kind: 'not_bound' }
  | { readonly kind: 'no_open_ballot' };

/**
 * `表决详情`: the live tally and frozen rules of the unit's open elevator ballot, for anyone
 * in a bound group or any contact bound to a flat (or holding a role) in a unit. Reads only.
 */
export async function ballotProgress(
  ctx: CommandContext,
  input: ChatAskerInput,
): Promise<BallotProgressResult> {
  const unitId = await unitOfAsker(ctx, input);
  if (unitId === null) return { kind: 'not_bound' };
  const { state } = await loadCase(ctx, unitId);
  const open = openBallotOf(state);
  if (open === undefined) return { kind: 'no_open_ballot' };
  return { kind: 'progress', unitId, tally: open.tally, rules: open.ballot.rules };
}

// ------------------------------------------------------------------------------- where a case stands

export type CaseProgressResult =
  | { readonly kind: 'progress'; readonly unitId: string; readonly progress: CaseProgress }
  | { readonly kind: 'not_bound' };

/** What `进度` reads of a case: {@link CaseProgress}. Pure. */
export function caseProgressOf(state: CaseState): CaseProgress {
  const ballot = openElevatorBallot(state);
  const voted = new Set(ballot === undefined ? [] : countedVotes(ballot).map((vote) => vote.room));
  const window = publicityDays(state);
  const { application, works, service } = state;
  const lastInspection = works.inspections.at(-1);
  return {
    stage: state.stage,
    planVersion: state.plan?.version ?? 0,
    ...(ballot === undefined
      ? {}
      : {
          ballot: {
            tally: ballotTally(state, ballot.ballotId)!,
            unvotedRooms: ballot.roster.map((flat) => flat.room).filter((room) => !voted.has(room)),
            ...(ballot.closesAt === undefined ? {} : { closesAt: new Date(ballot.closesAt) }),
            earliestCloseAt: new Date(ballot.earliestCloseAt),
          },
        }),
    ...(window === undefined || state.publicity === undefined
      ? {}
      : { publicity: { ...window, endsAt: new Date(state.publicity.endsAt) } }),
    publicityDays: clockSettingsOf(state).publicityDays,
    openObjections: openObjections(state).length,
    ...(application === undefined
      ? {}
      : {
          application: {
            submittedOn: application.submittedOn,
            ...(application.acceptedOn === undefined ? {} : { acceptedOn: application.acceptedOn }),
            ...(application.reviewDueOn === undefined ? {} : { reviewDueOn: application.reviewDueOn }),
            awaitingSupplement: application.awaitingSupplement,
            outstanding: application.outstanding.length,
          },
        }),
    ...(works.constructionStartedOn === undefined
      ? {}
      : { constructionStartedOn: works.constructionStartedOn }),
    lastInspectionFailed: lastInspection !== undefined && !lastInspection.passed,
    ...(works.inspectionPassedOn === undefined ? {} : { inspectionPassedOn: works.inspectionPassedOn }),
    ...(service === undefined
      ? {}
      : { enteredUseOn: service.enteredUseOn, useRegistrationDueOn: service.useRegistrationDueOn }),
  };
}

/**
 * `进度`: where the asker's unit stands — its stage, what comes next and when, and during the open
 * elevator ballot the rooms still missing — for anyone in a bound group or any contact bound to a flat
 * (or holding a role) in a unit. Reads only.
 */
export async function caseProgress(ctx: CommandContext, input: ChatAskerInput): Promise<CaseProgressResult> {
  const unitId = await unitOfAsker(ctx, input);
  if (unitId === null) return { kind: 'not_bound' };
  const { state } = await loadCase(ctx, unitId);
  return { kind: 'progress', unitId, progress: caseProgressOf(state) };
}

// ------------------------------------------------------------------------- may this person vote now

/** Whether a chat vote from the asker would be taken now, and for which rooms; read, never cast. */
export type VoterStanding =
  | { readonly kind: 'may_vote'; readonly rooms: readonly string[]; readonly asProxy: boolean }
  | { readonly kind: 'not_bound' }
  /** Bound only as a proxy the owner has not confirmed yet. */
  | { readonly kind: 'proxy_pending'; readonly rooms: readonly string[] }
  | { readonly kind: 'other_unit' }
  | { readonly kind: 'no_open_ballot' };

/**
 * Where a chat vote from `contactId` would land, without casting it: the flats it would be cast for
 * (as `castChatVote` chooses them: the group's unit, or privately the first unit the contact is bound
 * in), or why it would not be taken. A ballot past its `closesAt` takes no vote. Used to answer a word
 * that leans to a choice (`支持`, `👍`) with the one number that votes. Reads only.
 */
export async function voterStanding(
  ctx: CommandContext,
  input: ChatAskerInput,
  meta: { readonly now: Date },
): Promise<VoterStanding> {
  // The same choice of unit and flats as a vote's (cast-chat-vote.ts), read fresh when the cache says
  // no ballot is open.
  const located = await locateSpeaker(ctx, input);
  if (located.kind !== 'located') return located;
  const { held } = located;
  const state =
    located.fresh || openElevatorBallot(located.state) !== undefined
      ? located.state
      : (await loadCase(ctx, located.unitId)).state;
  const ballot = openElevatorBallot(state);
  const closed = ballot?.closesAt !== undefined && meta.now.toISOString() >= ballot.closesAt;
  if (ballot === undefined || closed) return { kind: 'no_open_ballot' };
  const voting = held.filter((binding) => binding.pending !== true);
  if (voting.length === 0) return { kind: 'proxy_pending', rooms: held.map((binding) => binding.room) };
  return {
    kind: 'may_vote',
    rooms: voting.map((binding) => binding.room),
    asProxy: voting.every((binding) => binding.role === 'proxy'),
  };
}
