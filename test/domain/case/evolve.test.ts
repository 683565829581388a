import { describe, expect, it } from '@jest/globals';
import {
  STAGES,
  STAGE_TRANSITIONS,
  canMove,
  caseDecider,
  evolve,
  initialState,
  isAtOrAfter,
  stagesFrom,
  type CaseEvent,
} from '../../../domain/case/index.js';
import { JOURNEY, at, fold, given, historyUntil, run } from './support.js';

describe('evolve', () => {
  const journey = run(JOURNEY).events;

  it('is total: every event of the journey folds onto the initial state alone without throwing', () => {
    for (const event of journey) expect(() => evolve(initialState, event)).not.toThrow();
  });

  it('is pure: folding never changes the state it starts from', () => {
    const before = JSON.stringify(initialState);
    fold(journey);
    expect(JSON.stringify(initialState)).toBe(before);
  });

  it('changes nothing of a ballot or objection it does not know', () => {
    const planning = fold(historyUntil('planning'));
    const ghosts: CaseEvent[] = [
      {
        type: 'VoteCast',
        data: { ballotId: 'zz', room: '101', choice: 'agree', channel: 'paper', castAt: at(1).toISOString() },
      },
      { type: 'BallotCancelled', data: { ballotId: 'zz', cancelledAt: at(1).toISOString(), reason: 'r' } },
      {
        type: 'MediationRecorded',
        data: {
          objectionId: 'zz',
          level: 'negotiation',
          heldOn: '2025-03-04',
          participants: ['a'],
          outcome: 'failed',
          objectionStatus: 'open',
          recordedAt: at(1).toISOString(),
        },
      },
      {
        type: 'ObjectionWithdrawn',
        data: { objectionId: 'zz', by: 'committee', reason: 'r', withdrawnAt: at(1).toISOString() },
      },
      {
        type: 'MediationWithdrawn',
        data: {
          objectionId: 'zz',
          step: 1,
          reason: 'r',
          withdrawnAt: at(1).toISOString(),
          objectionStatus: 'open',
        },
      },
    ];
    for (const event of ghosts) expect(evolve(planning, event)).toEqual(planning);
  });

  it('leaves absent application, publicity and service records absent', () => {
    const ended = evolve(initialState, {
      type: 'PublicityEnded',
      data: { endedAt: at(1).toISOString(), openObjectionIds: [] },
    });
    expect(ended.publicity).toBeUndefined();
    const supplemented = evolve(initialState, {
      type: 'MaterialsSupplemented',
      data: { supplementedOn: '2025-03-04', materials: ['x'] },
    });
    expect(supplemented.application).toBeUndefined();
    const registered = evolve(initialState, {
      type: 'UseRegistered',
      data: { registeredOn: '2025-03-04', late: false },
    });
    expect(registered.service).toBeUndefined();
  });

  it('keeps an objection summary', () => {
    const events = given(historyUntil('publicity'))
      .when(
        {
          type: 'FileObjection',
          data: {
            objectionId: 'o1',
            named: true,
            written: true,
            ground: 'ventilation',
            channel: 'paper',
            filedAt: at(23),
            summary: '北侧卧室通风受影响',
          },
        },
        at(23),
      )
      .events();
    expect(fold([...historyUntil('publicity'), ...events]).objections[0]?.summary).toBe('北侧卧室通风受影响');
  });

  it('is the same fold the exported decider value uses', () => {
    expect(caseDecider.evolve).toBe(evolve);
    expect(caseDecider.initialState).toBe(initialState);
  });
});

describe('the stage graph', () => {
  it('lists every stage once, each with its onward moves', () => {
    expect(Object.keys(STAGE_TRANSITIONS).sort()).toEqual([...STAGES].sort());
    expect(STAGE_TRANSITIONS).toEqual({
      new: ['canvassing'],
      canvassing: ['planning'],
      planning: ['voting'],
      voting: ['planning', 'agreement'],
      agreement: ['publicity'],
      publicity: ['objections', 'application'],
      objections: ['application'],
      application: ['joint_review', 'objections'],
      joint_review: ['approved', 'application'],
      approved: ['works'],
      works: ['inspection'],
      inspection: ['acceptance'],
      acceptance: ['handover'],
      handover: ['registration'],
      registration: ['in_service'],
      in_service: [],
    });
  });

  it('allows staying put and the listed moves only', () => {
    expect(canMove('voting', 'voting')).toBe(true);
    expect(canMove('voting', 'agreement')).toBe(true);
    expect(canMove('planning', 'agreement')).toBe(false);
    expect(canMove('in_service', 'new')).toBe(false);
  });

  it('orders stages for "from the agreement on" checks', () => {
    expect(isAtOrAfter('publicity', 'agreement')).toBe(true);
    expect(isAtOrAfter('voting', 'agreement')).toBe(false);
    expect(stagesFrom('registration')).toEqual(['registration', 'in_service']);
  });
});

describe('decide', () => {
  it('refuses an invalid clock', () => {
    given().when(JOURNEY[0]!.command, new Date('x')).then('validation_error', { field: 'now' });
  });
});
