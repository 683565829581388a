import { describe, expect, it } from '@jest/globals';
import { ballotTally, caseDecider, initialState, STAGES } from '../../../domain/case/index.js';
import { JOURNEY, run, T0 } from './support.js';

describe('an uncontested case, from registering the unit to use registration', () => {
  const { state, events, stages } = run(JOURNEY);

  it('passes through every stage on the main line, in order', () => {
    expect(stages).toEqual([
      'new',
      'canvassing',
      'planning',
      'voting',
      'agreement',
      'publicity',
      'application',
      'joint_review',
      'approved',
      'works',
      'inspection',
      'acceptance',
      'handover',
      'registration',
      'in_service',
    ]);
    expect(STAGES.filter((stage) => !stages.includes(stage))).toEqual(['objections']);
  });

  it('decides exactly one event per command', () => {
    expect(events).toHaveLength(JOURNEY.length);
    expect(events.map((event) => event.type)).toEqual([
      'UnitRegistered',
      'PlanPublished',
      'BallotOpened',
      ...Array<string>(11).fill('VoteCast'),
      'BallotClosed',
      'AgreementSigned',
      'PublicityEnded',
      'ApplicationSubmitted',
      'IncompleteMaterialsNotified',
      'MaterialsSupplemented',
      'ApplicationAccepted',
      'ReviewOpinionRecorded',
      'ReviewOpinionRecorded',
      'JointReviewConcluded',
      'PipelineRelocationRecorded',
      'InstallationNotified',
      'ConstructionStarted',
      'ConstructionCompleted',
      'SupervisionInspectionRecorded',
      'SupervisionInspectionRecorded',
      'CompletionAccepted',
      'UserUnitNamed',
      'HandedOver',
      'UseRegistered',
    ]);
  });

  it('keeps every event JSON-safe: a round trip through JSON changes nothing', () => {
    for (const event of events) expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
    const replayed = (JSON.parse(JSON.stringify(events)) as typeof events).reduce(
      caseDecider.evolve,
      caseDecider.initialState,
    );
    expect(replayed).toEqual(state);
  });

  it('passes the elevator ballot with ten of twelve agreeing and records the frozen tally', () => {
    const closed = events.find((event) => event.type === 'BallotClosed');
    expect(closed?.data).toEqual(
      expect.objectContaining({ ballotId: 'b1', closedAt: '2025-03-24T02:00:00.000Z', late: false }),
    );
    expect(state.passedElevatorBallotId).toBe('b1');
    const tally = ballotTally(state, 'b1');
    expect(tally).toEqual(
      expect.objectContaining({
        passed: true,
        totals: { owners: 12, areaCenti: 6 * 7250 + 6 * 8000 },
        agree: { owners: 10, areaCenti: 6 * 7250 + 4 * 8000 },
        oppose: { owners: 1, areaCenti: 8000 },
      }),
    );
  });

  it('ends in service with the user unit, handover and registration on record', () => {
    expect(state.stage).toBe('in_service');
    expect(state.needsExtraMediationCare).toBe(true);
    expect(state.userUnit).toEqual({ name: '某物业公司', kind: 'entrusted_manager', namedOn: '2025-08-03' });
    expect(state.service).toEqual({
      handedOverOn: '2025-08-05',
      enteredUseOn: '2025-08-05',
      useRegistrationDueOn: '2025-09-04',
      documents: ['钥匙', '合格证'],
      registeredOn: '2025-08-20',
      certificateNo: '梯11浙A0001',
      registeredLate: false,
    });
    expect(state.works.inspections.map((inspection) => inspection.passed)).toEqual([false, true]);
    expect(state.works.inspectionPassedOn).toBe('2025-07-31');
    expect(state.application?.outstanding).toEqual([]);
    expect(state.application?.opinions).toHaveLength(2);
    expect(state.jointReview?.decision).toBe('approved');
  });

  it('starts from an empty initial state at stage new', () => {
    expect(initialState.stage).toBe('new');
    expect(run([]).state).toBe(initialState);
    expect(events[0]).toEqual({
      type: 'UnitRegistered',
      data: expect.objectContaining({ registeredAt: T0.toISOString() }),
    });
  });
});
