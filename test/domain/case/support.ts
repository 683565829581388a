/**
 * Given-when-then for the case decider [Decider]: `given(events).when(command, now).then(events)` or
 * `.then('error_code', details?)`, plus a unit of twelve flats and the whole journey of a case as
 * timed commands, so a test can start from any stage with `given(historyUntil('publicity'))`.
 */
import { expect } from '@jest/globals';
import {
  decide,
  evolve,
  initialState,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type Stage,
  type UnitFlat,
} from '../../../domain/case/index.js';
import { isDomainError, type ErrorCode, type ErrorDetails } from '../../../domain/errors.js';

/** A Monday 10:00 in Hangzhou. */
export const T0 = new Date('2025-03-03T02:00:00.000Z');
const HOUR_MS = 3_600_000;

/** `T0` plus whole days and hours. */
export function at(days: number, hours = 0): Date {
  return new Date(T0.getTime() + (days * 24 + hours) * HOUR_MS);
}

/** Six floors, two flats each; one elderly resident on the ground floor. */
export const FLATS: readonly UnitFlat[] = [1, 2, 3, 4, 5, 6].flatMap((floor) =>
  [1, 2].map((n): UnitFlat => ({
    room: `${floor}0${n}`,
    floor,
    areaCenti: n === 1 ? 7250 : 8000,
    areaSource: 'register',
    ...(floor === 1 && n === 1 ? { elderly: true } : {}),
  })),
);

/** Rooms in roster order. */
export const ROOMS = FLATS.map((flat) => flat.room);

/** Folds events from the initial state. */
export function fold(events: readonly CaseEvent[], from: CaseState = initialState): CaseState {
  return events.reduce(evolve, from);
}

type Outcome =
  { readonly events: CaseEvent[] } | { readonly error: { code: ErrorCode; details?: ErrorDetails } };

/** Decides on the state after `events`, then states what should happen. */
export function given(events: readonly CaseEvent[] = []) {
  const state = fold(events);
  return {
    state,
    when(command: CaseCommand, now: Date = T0) {
      let outcome: Outcome;
      try {
        outcome = { events: decide(command, state, { now }) };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        outcome = { error };
      }
      return {
        /** Expects these events (matchers allowed), or a refusal with this code (and details, if given). */
        then(expected: readonly unknown[] | ErrorCode, details?: ErrorDetails): CaseEvent[] {
          if (typeof expected === 'string') {
            expect('error' in outcome ? outcome.error.code : outcome.events).toBe(expected);
            if (details !== undefined && 'error' in outcome) {
              expect(outcome.error.details).toEqual(expect.objectContaining(details));
            }
            return [];
          }
          expect('events' in outcome ? outcome.events : outcome.error.code).toEqual(expected);
          return 'events' in outcome ? outcome.events : [];
        },
        /** The events decided (fails when refused). */
        events(): CaseEvent[] {
          expect('error' in outcome ? outcome.error.code : 'decided').toBe('decided');
          return 'events' in outcome ? outcome.events : [];
        },
      };
    },
  };
}

/** A command and when it is given. */
export interface Step {
  readonly command: CaseCommand;
  readonly now: Date;
}

const step = (now: Date, command: CaseCommand): Step => ({ command, now });

/** Ten of twelve agree, one opposes, one does not vote: the elevator passes (art. 278). */
const votes = (ballotId: string, now: Date): Step[] =>
  ROOMS.slice(0, 11).map((room, index) =>
    step(now, {
      type: 'CastVote',
      data: {
        ballotId,
        room,
        choice: index === 1 ? 'oppose' : 'agree',
        channel: 'wechat',
        messageId: `m-${ballotId}-${room}`,
        text: index === 1 ? '反对' : '同意',
        voterId: `owner-${room}`,
      },
    }),
  );

/** The uncontested journey of a case, from registering the unit to use registration. */
export const JOURNEY: readonly Step[] = [
  step(at(0), {
    type: 'RegisterUnit',
    data: { unit: { community: '朝晖', building: '7幢', unit: '2单元' }, flats: FLATS },
  }),
  step(at(7), { type: 'PublishPlan', data: { planVersion: 1, title: '方案一', documents: ['plan-v1.pdf'] } }),
  step(at(14), {
    type: 'OpenBallot',
    data: { ballotId: 'b1', title: '加装电梯表决', matter: 'major', purpose: 'elevator', closesAt: at(21) },
  }),
  ...votes('b1', at(15)),
  step(at(21), { type: 'CloseBallot', data: { ballotId: 'b1' } }),
  step(at(22), {
    type: 'SignAgreement',
    data: {
      signedOn: '2025-03-25',
      publicityEndsOn: '2025-04-07',
      publicityEndsAt: new Date('2025-04-07T16:00:00.000Z'),
      publicityDays: 10,
    },
  }),
  step(at(36), { type: 'EndPublicity', data: {} }),
  step(at(37), {
    type: 'SubmitApplication',
    data: { submittedOn: '2025-04-09', materials: ['申请书', '协议书'] },
  }),
  step(at(38), {
    type: 'NotifyIncompleteMaterials',
    data: { notifiedOn: '2025-04-10', missing: ['设计图', '公示证明'] },
  }),
  step(at(40), {
    type: 'SupplementMaterials',
    data: { supplementedOn: '2025-04-12', materials: ['设计图', '公示证明'] },
  }),
  step(at(41), {
    type: 'AcceptApplication',
    data: { acceptedOn: '2025-04-13', departments: ['规划', '市场监管'], reviewDueOn: '2025-04-27' },
  }),
  step(at(43), {
    type: 'RecordReviewOpinion',
    data: { department: '规划', opinion: 'approve', givenOn: '2025-04-15' },
  }),
  step(at(43), {
    type: 'RecordReviewOpinion',
    data: {
      department: '市场监管',
      opinion: 'approve_with_conditions',
      givenOn: '2025-04-15',
      conditions: ['智慧系统'],
    },
  }),
  step(at(45), { type: 'ConcludeJointReview', data: { decision: 'approved', concludedOn: '2025-04-17' } }),
  step(at(50), {
    type: 'RecordPipelineRelocation',
    data: { completedOn: '2025-04-22', utilities: ['燃气'] },
  }),
  step(at(51), {
    type: 'NotifyInstallation',
    data: { notifiedOn: '2025-04-23', installer: '某电梯安装公司' },
  }),
  step(at(52), { type: 'StartConstruction', data: { startedOn: '2025-04-24' } }),
  step(at(140), { type: 'CompleteConstruction', data: { completedOn: '2025-07-21' } }),
  step(at(145), {
    type: 'RecordSupervisionInspection',
    data: { inspectedOn: '2025-07-26', passed: false, defects: ['层门间隙'] },
  }),
  step(at(150), { type: 'RecordSupervisionInspection', data: { inspectedOn: '2025-07-31', passed: true } }),
  step(at(152), { type: 'AcceptCompletion', data: { acceptedOn: '2025-08-02' } }),
  step(at(153), {
    type: 'NameUserUnit',
    data: { name: '某物业公司', kind: 'entrusted_manager', namedOn: '2025-08-03' },
  }),
  step(at(155), {
    type: 'HandOver',
    data: {
      handedOverOn: '2025-08-05',
      enteredUseOn: '2025-08-05',
      useRegistrationDueOn: '2025-09-04',
      documents: ['钥匙', '合格证'],
    },
  }),
  step(at(170), { type: 'RegisterUse', data: { registeredOn: '2025-08-20', certificateNo: '梯11浙A0001' } }),
];

/** Runs steps through decide and evolve, returning every event and the stages passed through. */
export function run(steps: readonly Step[], from: readonly CaseEvent[] = []) {
  let state = fold(from);
  const events: CaseEvent[] = [...from];
  const stages: Stage[] = [state.stage];
  for (const { command, now } of steps) {
    for (const event of decide(command, state, { now })) {
      state = evolve(state, event);
      events.push(event);
      if (stages.at(-1) !== state.stage) stages.push(state.stage);
    }
  }
  return { state, events, stages };
}

/** The journey's events up to the first moment the case is at `stage`. */
export function historyUntil(stage: Stage): CaseEvent[] {
  let state = initialState;
  const events: CaseEvent[] = [];
  for (const { command, now } of JOURNEY) {
    if (state.stage === stage) return events;
    for (const event of decide(command, state, { now })) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  if (state.stage !== stage) throw new Error(`the journey never reaches ${stage}`);
  return events;
}

/** The journey's events after the one of type `type` (exclusive) are dropped. */
export function historyThrough(type: CaseEvent['type'], occurrence = 1): CaseEvent[] {
  const events = run(JOURNEY).events;
  let seen = 0;
  const index = events.findIndex((event) => event.type === type && ++seen === occurrence);
  if (index < 0) throw new Error(`the journey has no ${type} #${occurrence}`);
  return events.slice(0, index + 1);
}
