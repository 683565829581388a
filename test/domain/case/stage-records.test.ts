import { describe, expect, it } from '@jest/globals';
import { decide, evolve, type CaseCommand, type CaseState } from '../../../domain/case/index.js';
import { caught } from '../support.js';
import { at, fold, historyUntil } from './support.js';

const refusal = (command: CaseCommand, state: CaseState, now: Date) =>
  caught(() => decide(command, state, { now }));

describe('a stage without the record it implies', () => {
  it('refuses to end publicity on a state at publicity that has no period (a hand-built state)', () => {
    const state: CaseState = { ...fold(historyUntil('publicity')), publicity: undefined };
    const error = refusal({ type: 'EndPublicity', data: {} }, state, at(40));
    expect(error.code).toBe('wrong_stage');
    expect(error.details).toEqual({ stage: 'publicity', expected: ['publicity'] });
  });

  it('takes the application at publicity without a period to be at the wrong stage', () => {
    const state: CaseState = { ...fold(historyUntil('publicity')), publicity: undefined };
    const command: CaseCommand = {
      type: 'SubmitApplication',
      data: { submittedOn: '2025-03-26', materials: ['申请书'] },
    };
    expect(refusal(command, state, at(23)).code).toBe('wrong_stage');
  });

  it('refuses joint-review steps on a stream that reached joint review without an application', () => {
    // An imported history: the acceptance was recorded, the submission was not.
    const state = evolve(fold(historyUntil('application')), {
      type: 'ApplicationAccepted',
      data: { acceptedOn: '2025-04-13', departments: ['规划'] },
    });
    expect(state.stage).toBe('joint_review');
    expect(state.application).toBeUndefined();
    const opinion: CaseCommand = {
      type: 'RecordReviewOpinion',
      data: { department: '规划', opinion: 'approve', givenOn: '2025-04-15' },
    };
    const conclusion: CaseCommand = {
      type: 'ConcludeJointReview',
      data: { decision: 'approved', concludedOn: '2025-04-17' },
    };
    expect(refusal(opinion, state, at(43)).code).toBe('application_not_submitted');
    expect(refusal(conclusion, state, at(45)).code).toBe('application_not_submitted');
  });
});
