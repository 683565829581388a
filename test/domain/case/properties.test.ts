import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canMove,
  decide,
  evolve,
  initialState,
  isAtOrAfter,
  nextMediationLevels,
  openElevatorBallot,
  openObjections,
  standingMediations,
  STAGES,
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
  type Stage,
} from '../../../domain/case/index.js';
import { isDomainError } from '../../../domain/errors.js';

import { FLATS, ROOMS, T0 } from './support.js';

const seed = fastCheckSeed('case/properties.test.ts');

/** How many walks reached each stage: the walks must explore the whole process, not just its start. */
const REACHED = new Map<Stage, number>();
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TYPES: readonly CaseCommandType[] = [
  'RegisterUnit',
  'UpdateRoster',
  'PlaceUnit',
  'IssueBindingCodes',
  'BindHousehold',
  'ConfirmProxy',
  'SetClockSettings',
  'RaiseAlert',
  'AcknowledgeAlert',
  'EscalateAlert',
  'RecordContactRole',
  'PublishPlan',
  'OpenBallot',
  'CastVote',
  'CloseBallot',
  'CancelBallot',
  'SignAgreement',
  'EndPublicity',
  'FileObjection',
  'AcknowledgeObjection',
  'RecordMediation',
  'WithdrawObjection',
  'WithdrawMediation',
  'SubmitApplication',
  'NotifyIncompleteMaterials',
  'SupplementMaterials',
  'AcceptApplication',
  'RecordReviewOpinion',
  'ConcludeJointReview',
  'RecordPayment',
  'CancelPayment',
  'FileDocument',
  'WithdrawDocument',
  'RecordFundClaim',
  'RecordElevator',
  'LogMaintenanceVisit',
  'ConfirmMaintenanceVisit',
  'RecordPeriodicInspection',
  'RecordAlarm',
  'AcknowledgeAlarm',
  'ReplaceAlarmKey',
  'SetRunningCostKey',
  'RecordRunningBill',
  'RecordRunningIncome',
  'RecordRunningPayment',
  'RecordPipelineRelocation',
  'NotifyInstallation',
  'StartConstruction',
  'CompleteConstruction',
  'RecordSupervisionInspection',
  'AcceptCompletion',
  'NameUserUnit',
  'HandOver',
  'RegisterUse',
];
const DEPARTMENTS = ['规划', '城管', '市场监管'];
const MATERIALS = ['设计图', '公示证明', '产权证明'];

/** One random step: a command type (or the process's next move), numbers to pick with, time passing. */
interface RandomStep {
  readonly guided: boolean;
  readonly type: CaseCommandType;
  readonly pick: number;
  readonly flag: boolean;
  readonly flag2: boolean;
  readonly hours: number;
}

const stepArbitrary = fc.record({
  guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  type: fc.constantFrom(...TYPES),
  pick: fc.nat({ max: 40 }),
  flag: fc.boolean(),
  flag2: fc.boolean(),
  hours: fc.oneof(fc.nat({ max: 4 }), fc.nat({ max: 4 }), fc.nat({ max: 60 })),
});

const dayOf = (date: Date, plusDays = 0): string =>
  new Date(date.getTime() + plusDays * DAY_MS).toISOString().slice(0, 10);
const later = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);
const of = <T>(list: readonly T[], pick: number): T | undefined => list[pick % (list.length + 1)];

/** A plausible command of `type` on `state` at `now`, varied by the step's numbers (often invalid on purpose). */
function randomCommand(type: CaseCommandType, s: RandomStep, state: CaseState, now: Date): CaseCommand {
  const ballotId = of(state.ballots, s.pick)?.ballotId ?? `b${s.pick % 4}`;
  const objectionId = of(state.objections, s.pick)?.objectionId ?? `o${s.pick % 3}`;
  const levels = ['negotiation', 'committee', 'subdistrict', 'hearing'] as const;
  const outcomes = ['resolved', 'withdrawn', 'failed', 'refused'] as const;
  const channels = ['wechat', 'miniprogram', 'paper', 'proxy', 'in_person'] as const;
  const grounds = ['ventilation', 'daylight', 'passage', 'other'] as const;
  switch (type) {
    case 'RegisterUnit':
      return { type, data: { unit: { community: 'c', building: 'b', unit: 'u' }, flats: FLATS } };
    case 'UpdateRoster':
      return {
        type,
        data: { flats: s.flag ? FLATS : FLATS.slice(0, 1 + (s.pick % FLATS.length)), reason: 'r' },
      };
    case 'PlaceUnit':
      return { type, data: { communityId: s.flag ? 'pl_a' : 'pl_b' } };
    case 'PublishPlan':
      return { type, data: { planVersion: (state.plan?.version ?? 0) + (s.pick % 3), title: 'p' } };
    case 'OpenBallot':
      return {
        type,
        data: {
          ballotId: `b${state.ballots.length + (s.flag2 ? 0 : 1) - 1 + (s.pick % 2)}`,
          title: 't',
          matter: s.pick % 7 === 0 ? 'ordinary' : s.flag2 && !s.flag ? 'ordinary' : 'major',
          purpose: s.flag ? 'elevator' : 'maintainer',
          ...(s.pick % 3 === 0 ? {} : { closesAt: later(now, s.pick % 9) }),
          ...(s.pick % 5 === 0 ? { planVersion: s.pick % 3 } : {}),
        },
      };
    case 'CastVote': {
      const channel = channels[s.pick % channels.length]!;
      return {
        type,
        data: {
          ballotId,
          room: ROOMS[s.pick % (ROOMS.length + 1)] ?? '999',
          choice: s.flag ? 'agree' : s.flag2 ? 'oppose' : 'abstain',
          channel,
          voterId: `v${s.pick % 14}`,
          ...(s.flag2 ? { reference: 'P', proxyFor: 'x', messageId: `m${s.pick}`, text: '同意' } : {}),
        },
      };
    }
    case 'CloseBallot':
      return { type, data: { ballotId } };
    case 'CancelBallot':
      return { type, data: { ballotId, reason: 'r' } };
    case 'SignAgreement':
      return {
        type,
        data: {
          signedOn: dayOf(now),
          publicityEndsOn: dayOf(now, s.pick % 14),
          publicityEndsAt: later(now, (s.pick % 14) - 1),
        },
      };
    case 'EndPublicity':
      return { type, data: {} };
    case 'FileObjection':
      return {
        type,
        data: {
          objectionId: `o${s.pick % 5}`,
          named: s.flag || s.pick % 3 === 0,
          written: s.flag2 || s.pick % 4 === 0,
          ground: grounds[s.pick % grounds.length]!,
          channel: s.pick % 6 === 0 ? 'wechat' : 'paper',
          filedAt: new Date(now.getTime() - (s.pick % 5) * DAY_MS),
        },
      };
    case 'RecordMediation':
      return {
        type,
        data: {
          objectionId,
          level: levels[s.pick % levels.length]!,
          heldOn: dayOf(now),
          participants: ['a'],
          outcome: outcomes[s.hours % outcomes.length]!,
          ...(s.flag ? { recordRef: 'H' } : {}),
        },
      };
    case 'WithdrawObjection':
      return {
        type,
        data: {
          objectionId,
          by: s.flag ? 'committee' : 'objector',
          reason: 'r',
          ...(s.flag2 ? { reference: 'W' } : {}),
        },
      };
    case 'WithdrawMediation':
      return { type, data: { objectionId, step: (s.pick % 4) - (s.flag ? 0 : 1), reason: 'r' } };
    case 'SubmitApplication':
      return { type, data: { submittedOn: dayOf(now), materials: ['申请书'] } };
    case 'NotifyIncompleteMaterials':
      return { type, data: { notifiedOn: dayOf(now), missing: MATERIALS.slice(0, 1 + (s.pick % 3)) } };
    case 'SupplementMaterials':
      return { type, data: { supplementedOn: dayOf(now), materials: MATERIALS.slice(s.pick % 3) } };
    case 'AcceptApplication':
      return { type, data: { acceptedOn: dayOf(now), departments: DEPARTMENTS.slice(0, 1 + (s.pick % 3)) } };
    case 'RecordReviewOpinion':
      return {
        type,
        data: {
          department: DEPARTMENTS[s.pick % 4] ?? '园文',
          opinion: s.flag ? 'approve' : s.flag2 ? 'approve_with_conditions' : 'reject',
          givenOn: dayOf(now),
          ...(s.pick % 2 === 0 ? { reasons: ['x'] } : {}),
        },
      };
    case 'ConcludeJointReview':
      return {
        type,
        data: {
          decision: s.flag ? 'approved' : 'rejected',
          concludedOn: dayOf(now),
          ...(s.flag2 ? { reasons: ['x'] } : {}),
        },
      };
    case 'RecordPipelineRelocation':
      return { type, data: { completedOn: dayOf(now), utilities: s.flag ? ['燃气'] : [] } };
    case 'NotifyInstallation':
      return { type, data: { notifiedOn: dayOf(now), installer: 'i' } };
    case 'StartConstruction':
      return { type, data: { startedOn: dayOf(now) } };
    case 'CompleteConstruction':
      return { type, data: { completedOn: dayOf(now) } };
    case 'RecordSupervisionInspection':
      return { type, data: { inspectedOn: dayOf(now), passed: s.flag || s.flag2 } };
    case 'AcceptCompletion':
      return { type, data: { acceptedOn: dayOf(now) } };
    case 'NameUserUnit':
      return {
        type,
        data: { name: 'n', kind: s.flag ? 'entrusted_manager' : 'named_person', namedOn: dayOf(now) },
      };
    case 'HandOver':
      return {
        type,
        data: { handedOverOn: dayOf(now), enteredUseOn: dayOf(now), useRegistrationDueOn: dayOf(now, 30) },
      };
    case 'RegisterUse':
      return { type, data: { registeredOn: dayOf(now, s.pick % 40) } };
    case 'RecordPayment':
      return {
        type,
        data: {
          paymentId: `p${s.pick % 5}`,
          room: state.flats[s.pick % 4]?.room ?? '101',
          amountFen: s.flag ? 1 + s.pick * 100_000 : -s.pick,
          paidOn: dayOf(now),
        },
      };
    case 'CancelPayment':
      return {
        type,
        data: {
          paymentId: of(state.payments, s.pick)?.paymentId ?? `p${s.pick % 5}`,
          reason: s.flag2 ? '录错' : '',
        },
      };
    case 'FileDocument':
      return {
        type,
        data: {
          documentId: `d${s.pick % 5}`,
          checklist: s.flag ? 'application' : 'subsidy',
          item: s.flag2 ? 'design' : 'agreement',
          name: '图纸.pdf',
          contentType: s.flag ? 'application/pdf' : 'image/png',
          sizeBytes: s.flag2 ? 1 + s.pick : -s.pick,
          sha256: (s.pick % 3).toString(16).repeat(64),
        },
      };
    case 'WithdrawDocument':
      return {
        type,
        data: {
          documentId: of(state.documents, s.pick)?.documentId ?? `d${s.pick % 5}`,
          reason: s.flag2 ? '传错了' : '',
        },
      };
    case 'RecordFundClaim': {
      const statuses = ['applied', 'approved', 'paid', 'refused'] as const;
      return {
        type,
        data: {
          fund: s.flag ? 'provident_fund' : 'subsidy',
          ...(s.flag ? { room: state.flats[s.pick % 4]?.room ?? '101' } : {}),
          status: statuses[s.pick % 4]!,
          on: dayOf(now),
          ...(s.flag2 ? { amountFen: 1 + s.pick * 100_000 } : {}),
          reasons: s.pick % 2 === 0 ? ['材料不全'] : [],
        },
      };
    }
    case 'RecordElevator':
      return {
        type,
        data: {
          elevatorId: s.flag2 ? 'el_1' : `el_${s.pick % 2}`,
          rescueCode: s.flag ? '33010001' : '',
          maker: '某电梯',
          model: 'X1',
          maintainer: { name: '某维保', serviceLine: '0571-88888888' },
          contractFrom: dayOf(now),
          contractTo: dayOf(now, s.flag2 ? 365 : -1),
          maintenanceIntervalDays: 1 + (s.pick % 20),
          recordedOn: dayOf(now),
        },
      };
    case 'LogMaintenanceVisit':
      return {
        type,
        data: {
          visitId: `v${s.pick % 5}`,
          visitedOn: dayOf(now),
          kind: s.flag ? 'half_monthly' : ('weekly' as never),
        },
      };
    case 'ConfirmMaintenanceVisit':
      return { type, data: s.flag ? {} : { visitId: `v${s.pick % 5}` } };
    case 'RecordPeriodicInspection':
      return {
        type,
        data: { inspectedOn: dayOf(now), passed: s.flag, certificateExpiresOn: dayOf(now, 365) },
      };
    case 'RecordAlarm':
      return {
        type,
        data: {
          alarmId: `a${s.pick % 3}`,
          kind: s.flag ? 'entrapment' : 'fault',
          occurredAt: s.flag2 ? now : later(now, 1),
          source: '96333',
        },
      };
    case 'AcknowledgeAlarm':
      return { type, data: { alarmId: `a${s.pick % 4}` } };
    case 'ReplaceAlarmKey':
      return { type, data: {} };
    case 'SetRunningCostKey':
      return {
        type,
        data: {
          key: s.flag
            ? { scheme: { kind: 'area' } }
            : { scheme: { kind: 'area' }, exemptFloors: [1, 2, 3, 4, 5, 6] },
          agreedOn: dayOf(now),
        },
      };
    case 'RecordRunningBill':
      return {
        type,
        data: {
          billId: `rb${s.pick % 4}`,
          kind: s.flag ? 'electricity' : 'maintenance',
          amountFen: s.flag2 ? 1 + s.pick * 1_000 : 0,
          periodFrom: dayOf(now, -30),
          periodTo: dayOf(now, s.flag ? 0 : -40),
          billedOn: dayOf(now),
        },
      };
    case 'RecordRunningIncome':
      return {
        type,
        data: {
          incomeId: `ri${s.pick % 3}`,
          source: 'advertising',
          amountFen: 1 + s.pick * 100,
          receivedOn: dayOf(now),
        },
      };
    case 'RecordRunningPayment':
      return {
        type,
        data: {
          paymentId: `rp${s.pick % 5}`,
          room: state.flats[s.pick % 4]?.room ?? '101',
          amountFen: s.flag ? 1 + s.pick : 1_000_000,
          paidOn: dayOf(now),
        },
      };
    case 'IssueBindingCodes':
      return { type, data: { rooms: state.flats.slice(0, 1 + (s.pick % 3)).map((flat) => flat.room) } };
    case 'BindHousehold':
      return {
        type,
        data: {
          room: state.flats[s.pick % 4]?.room ?? '101',
          contactId: `c${s.pick % 3}`,
          role: s.flag ? 'owner' : 'proxy',
          ...(s.flag2 ? { confirmed: true } : {}),
        },
      };
    case 'SetClockSettings':
      return {
        type,
        data: { change: s.flag ? { publicityDays: 5 + (s.pick % 20) } : { noticeTime: '25:00' } },
      };
    case 'RaiseAlert':
      return {
        type,
        data: {
          alertId: `a${s.pick % 3}`,
          kind: s.flag ? 'no_quorum' : 'mediation_overdue',
          key: `k${s.pick % 4}`,
          ...(s.flag2 ? { ballotId } : {}),
        },
      };
    case 'AcknowledgeAlert':
      return { type, data: { alertId: `a${s.pick % 4}`, by: 'admin' } };
    case 'EscalateAlert':
      return { type, data: { alertId: `a${s.pick % 4}`, from: s.flag ? 'committee' : 'subdistrict' } };
    case 'ConfirmProxy':
      return { type, data: { room: state.flats[s.pick % 4]?.room ?? '101', contactId: `c${s.pick % 3}` } };
    case 'BindGroup':
      return { type, data: { roomId: `g${s.pick % 2}` } };
    case 'RecordContactRole':
      return { type, data: { contactId: `c${s.pick % 3}`, role: s.flag ? 'committee' : 'applicant' } };
    case 'AcknowledgeObjection':
      return { type, data: { objectionId, contactId: `c${s.pick % 4}` } };
  }
}

/** The process's next plausible move at the case's stage, with the clock moved on when it must wait. */
function guidedCommand(s: RandomStep, state: CaseState, now: Date): { command: CaseCommand; now: Date } {
  const random = (type: CaseCommandType) => ({ command: randomCommand(type, s, state, now), now });
  switch (state.stage) {
    case 'new':
      return random('RegisterUnit');
    case 'canvassing':
      return {
        command: { type: 'PublishPlan', data: { planVersion: (state.plan?.version ?? 0) + 1, title: 'p' } },
        now,
      };
    case 'planning':
      return {
        command: {
          type: 'OpenBallot',
          data: {
            ballotId: `e${state.ballots.length}`,
            title: 't',
            matter: 'major',
            purpose: 'elevator',
            ...(s.flag2 ? {} : { closesAt: later(now, 5 + (s.pick % 3)) }),
          },
        },
        now,
      };
    case 'voting': {
      const ballot = openElevatorBallot(state);
      if (ballot === undefined)
        return s.flag ? random('PublishPlan') : guidedCommand(s, { ...state, stage: 'planning' }, now);
      const voted = new Set(ballot.votes.map((vote) => vote.room));
      const room = ballot.roster.find((flat) => !voted.has(flat.room))?.room;
      const closableAt = new Date(ballot.closesAt ?? ballot.earliestCloseAt);
      const votingOver = ballot.closesAt !== undefined && now >= new Date(ballot.closesAt);
      if (room !== undefined && !votingOver && s.pick % 40 !== 0) {
        return {
          command: {
            type: 'CastVote',
            data: {
              ballotId: ballot.ballotId,
              room,
              choice: s.pick % 9 === 0 ? 'oppose' : 'agree',
              channel: 'miniprogram',
            },
          },
          now,
        };
      }
      return {
        command: { type: 'CloseBallot', data: { ballotId: ballot.ballotId } },
        now: now < closableAt ? closableAt : now,
      };
    }
    case 'agreement':
      return {
        command: {
          type: 'SignAgreement',
          data: { signedOn: dayOf(now), publicityEndsOn: dayOf(now, 10), publicityEndsAt: later(now, 10) },
        },
        now,
      };
    case 'publicity': {
      const endsAt = new Date(state.publicity!.endsAt);
      if (s.pick % 4 === 0 && now < endsAt) {
        const filed = randomCommand('FileObjection', s, state, now);
        // Mostly effective: named, written, in the window, on a covered ground.
        if (filed.type === 'FileObjection' && s.hours % 3 !== 0) {
          return {
            command: {
              ...filed,
              data: {
                ...filed.data,
                named: true,
                written: true,
                ground: 'daylight',
                channel: 'paper',
                filedAt: now,
              },
            },
            now,
          };
        }
        return { command: filed, now };
      }
      if (s.pick % 4 === 1 && openObjections(state).length > 0)
        return guidedCommand(s, { ...state, stage: 'objections' }, now);
      return { command: { type: 'EndPublicity', data: {} }, now: now < endsAt ? endsAt : now };
    }
    case 'objections': {
      const objection = openObjections(state)[0];
      if (objection === undefined) return random('RecordMediation');
      const allowed = nextMediationLevels(standingMediations(objection).map((session) => session.level));
      const level = allowed[s.pick % allowed.length]!;
      return {
        command: {
          type: 'RecordMediation',
          data: {
            objectionId: objection.objectionId,
            level,
            heldOn: dayOf(now),
            participants: ['a', 'b'],
            outcome: s.flag ? 'failed' : s.flag2 ? 'refused' : 'resolved',
            ...(level === 'hearing' ? { recordRef: 'H' } : {}),
          },
        },
        now,
      };
    }
    case 'application': {
      const application = state.application;
      if (application === undefined) return random('SubmitApplication');
      if (application.outstanding.length > 0 && !s.flag) {
        return {
          command: {
            type: 'SupplementMaterials',
            data: { supplementedOn: dayOf(now), materials: [...application.outstanding] },
          },
          now,
        };
      }
      return s.pick % 4 === 0 ? random('NotifyIncompleteMaterials') : random('AcceptApplication');
    }
    case 'joint_review': {
      const given = new Set(state.application!.opinions.map((opinion) => opinion.department));
      const department = state.application!.departments.find((name) => !given.has(name));
      if (department === undefined) return random('ConcludeJointReview');
      return {
        command: {
          type: 'RecordReviewOpinion',
          data: {
            department,
            opinion: s.pick % 12 === 0 ? 'reject' : 'approve',
            givenOn: dayOf(now),
            reasons: ['x'],
          },
        },
        now,
      };
    }
    case 'approved':
      if (state.works.pipelineRelocations.length === 0) return random('RecordPipelineRelocation');
      return state.works.installationNotifiedOn === undefined
        ? random('NotifyInstallation')
        : random('StartConstruction');
    case 'works':
      return random('CompleteConstruction');
    case 'inspection':
      return random('RecordSupervisionInspection');
    case 'acceptance':
      return random('AcceptCompletion');
    case 'handover':
      return state.userUnit === undefined || s.pick % 5 === 0 ? random('NameUserUnit') : random('HandOver');
    case 'registration':
      return random('RegisterUse');
    case 'in_service':
      return random(s.flag ? 'OpenBallot' : 'CastVote');
  }
}

/** Runs a walk; checks each decision and each stage move; returns the stages visited. */
function walk(steps: readonly RandomStep[]): { state: CaseState; visited: Set<Stage> } {
  let state = initialState;
  let now = T0;
  const visited = new Set<Stage>([state.stage]);
  for (const s of steps) {
    // The process's own moves take little time; random ones may wait long (past deadlines).
    now = new Date(now.getTime() + (s.guided ? s.hours % 4 : s.hours) * HOUR_MS);
    const next = s.guided
      ? guidedCommand(s, state, now)
      : { command: randomCommand(s.type, s, state, now), now };
    now = next.now;
    let events: CaseEvent[];
    try {
      events = decide(next.command, state, { now });
    } catch (error) {
      if (isDomainError(error)) {
        continue;
      }
      throw error;
    }
    expect(events.length).toBeLessThanOrEqual(1);
    for (const event of events) {
      expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
      const before = state.stage;
      state = evolve(state, event);
      if (!canMove(before, state.stage)) throw new Error(`${event.type} moved ${before} → ${state.stage}`);
      visited.add(state.stage);
    }
    // Invariants of every reachable state.
    expect(
      state.ballots.filter((ballot) => ballot.purpose === 'elevator' && ballot.status === 'open').length,
    ).toBeLessThanOrEqual(1);
    if (isAtOrAfter(state.stage, 'agreement')) expect(state.passedElevatorBallotId).toBeDefined();
    if (state.stage === 'objections') expect(openObjections(state).length).toBeGreaterThan(0);
    if (isAtOrAfter(state.stage, 'registration')) expect(state.userUnit).toBeDefined();
  }
  return { state, visited };
}

describe('the decider on random command sequences', () => {
  it('either refuses with a DomainError or decides events that evolve along the stage graph', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 250, size: 'max' }), (steps) => {
        const { visited } = walk(steps);
        for (const stage of visited) REACHED.set(stage, (REACHED.get(stage) ?? 0) + 1);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('explores every stage in those walks', () => {
    expect(STAGES.filter((stage) => (REACHED.get(stage) ?? 0) === 0)).toEqual([]);
  });

  it('a walk of only the process’s next moves reaches in service', () => {
    const steps = Array.from({ length: 200 }, (_, index): RandomStep => ({
      guided: true,
      type: 'RegisterUnit',
      pick: (index * 7) % 41,
      flag: index % 3 === 0,
      flag2: index % 4 === 0,
      hours: 6,
    }));
    const { state, visited } = walk(steps);
    expect(state.stage).toBe('in_service');
    expect(visited.size).toBe(15);
  });
});
