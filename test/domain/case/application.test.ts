import { describe, expect, it } from '@jest/globals';
import type { CaseCommand, CaseCommandData, CaseEvent } from '../../../domain/case/index.js';
import { at, fold, given, historyThrough, historyUntil, run } from './support.js';

const submit = (data: Partial<CaseCommandData['SubmitApplication']> = {}): CaseCommand => ({
  type: 'SubmitApplication',
  data: { submittedOn: '2025-04-09', materials: ['申请书'], ...data },
});
const notify = (missing: string[] = ['设计图', '公示证明']): CaseCommand => ({
  type: 'NotifyIncompleteMaterials',
  data: { notifiedOn: '2025-04-10', missing },
});
const supplement = (materials: string[]): CaseCommand => ({
  type: 'SupplementMaterials',
  data: { supplementedOn: '2025-04-12', materials },
});
const accept = (data: Partial<CaseCommandData['AcceptApplication']> = {}): CaseCommand => ({
  type: 'AcceptApplication',
  data: { acceptedOn: '2025-04-13', departments: ['规划', '城管'], ...data },
});
const opinion = (data: Partial<CaseCommandData['RecordReviewOpinion']> = {}): CaseCommand => ({
  type: 'RecordReviewOpinion',
  data: { department: '规划', opinion: 'approve', givenOn: '2025-04-15', ...data },
});
const conclude = (data: Partial<CaseCommandData['ConcludeJointReview']> = {}): CaseCommand => ({
  type: 'ConcludeJointReview',
  data: { decision: 'approved', concludedOn: '2025-04-17', ...data },
});

const preparing = historyUntil('application');
const submitted = historyThrough('ApplicationSubmitted');
const notified = historyThrough('IncompleteMaterialsNotified');
const reviewing = run([{ command: accept(), now: at(38) }], submitted).events;

describe('SubmitApplication', () => {
  it('submits once publicity ended with no effective objection', () => {
    const [event] = given(preparing)
      .when(submit({ reference: 'A-1' }), at(37))
      .then([
        {
          type: 'ApplicationSubmitted',
          data: { submittedOn: '2025-04-09', materials: ['申请书'], reference: 'A-1' },
        },
      ]);
    expect(fold([...preparing, event as CaseEvent]).application).toEqual(
      expect.objectContaining({
        materials: ['申请书'],
        outstanding: [],
        awaitingSupplement: false,
        notices: 0,
      }),
    );
  });

  it('waits for the end of publicity', () => {
    const publicity = historyUntil('publicity');
    given(publicity).when(submit(), at(30)).then('publicity_not_over');
    // Over by the clock, but not yet ended: EndPublicity must run first.
    given(publicity)
      .when(submit(), at(37))
      .then('wrong_stage', { stage: 'publicity', expected: ['application'] });
  });

  it('refuses a second pending application and earlier stages', () => {
    given(submitted).when(submit(), at(38)).then('application_already_submitted');
    given(historyUntil('agreement')).when(submit(), at(38)).then('wrong_stage');
    given().when(submit()).then('unit_not_registered');
  });

  it('checks the listed materials', () => {
    given(preparing)
      .when(submit({ materials: ['申请书', '申请书'] }), at(37))
      .then('validation_error', {
        field: 'materials',
      });
    given(preparing)
      .when(submit({ submittedOn: '' }), at(37))
      .then('validation_error', { field: 'submittedOn' });
  });
});

describe('NotifyIncompleteMaterials and SupplementMaterials (一次性告知补正)', () => {
  it('notifies everything missing at once', () => {
    const [event] = given(submitted)
      .when(notify(), at(38))
      .then([
        {
          type: 'IncompleteMaterialsNotified',
          data: { notifiedOn: '2025-04-10', missing: ['设计图', '公示证明'] },
        },
      ]);
    expect(fold([...submitted, event as CaseEvent]).application).toEqual(
      expect.objectContaining({ outstanding: ['设计图', '公示证明'], awaitingSupplement: true, notices: 1 }),
    );
  });

  it('refuses a second notice before the applicants supplement', () => {
    given(notified)
      .when(notify(['产权证明']), at(39))
      .then('already_notified', {
        outstanding: ['设计图', '公示证明'],
      });
  });

  it('allows a new notice after a supplement, and accumulates what is still outstanding', () => {
    const partly = run([{ command: supplement(['设计图']), now: at(39) }], notified);
    expect(partly.state.application).toEqual(
      expect.objectContaining({ outstanding: ['公示证明'], awaitingSupplement: false }),
    );
    const events = given(partly.events)
      .when(notify(['产权证明']), at(40))
      .events();
    expect(fold([...partly.events, ...events]).application).toEqual(
      expect.objectContaining({ outstanding: ['公示证明', '产权证明'], notices: 2 }),
    );
  });

  it('needs a submitted application and a non-empty list', () => {
    given(preparing).when(notify(), at(37)).then('application_not_submitted');
    given(preparing)
      .when(supplement(['设计图']), at(37))
      .then('application_not_submitted');
    given(submitted).when(notify([]), at(38)).then('validation_error', { field: 'missing' });
    given(submitted).when(supplement([]), at(38)).then('validation_error', { field: 'materials' });
    given(historyUntil('joint_review')).when(notify(), at(42)).then('wrong_stage');
  });
});

describe('AcceptApplication', () => {
  it('accepts a complete application and convenes the joint review', () => {
    const [event] = given(submitted)
      .when(accept({ reviewDueOn: '2025-04-27', reference: 'S-9' }), at(38))
      .then([
        {
          type: 'ApplicationAccepted',
          data: {
            acceptedOn: '2025-04-13',
            departments: ['规划', '城管'],
            reviewDueOn: '2025-04-27',
            reference: 'S-9',
          },
        },
      ]);
    const state = fold([...submitted, event as CaseEvent]);
    expect(state.stage).toBe('joint_review');
    expect(state.application).toEqual(
      expect.objectContaining({
        departments: ['规划', '城管'],
        reviewDueOn: '2025-04-27',
        acceptedOn: '2025-04-13',
      }),
    );
  });

  it('refuses while notified materials are outstanding', () => {
    given(notified)
      .when(accept(), at(39))
      .then('materials_incomplete', { outstanding: ['设计图', '公示证明'] });
    const partly = run([{ command: supplement(['设计图']), now: at(39) }], notified).events;
    given(partly)
      .when(accept(), at(40))
      .then('materials_incomplete', { outstanding: ['公示证明'] });
  });

  it('needs a submitted application and at least one department', () => {
    given(preparing).when(accept(), at(37)).then('application_not_submitted');
    given(submitted)
      .when(accept({ departments: [] }), at(38))
      .then('validation_error', { field: 'departments' });
    given(submitted)
      .when(accept({ reviewDueOn: 'soon' }), at(38))
      .then('validation_error', { field: 'reviewDueOn' });
  });
});

describe('RecordReviewOpinion', () => {
  it('records a convened department’s written opinion once', () => {
    given(reviewing)
      .when(opinion({ opinion: 'approve_with_conditions', conditions: ['夜间不施工'] }), at(39))
      .then([
        {
          type: 'ReviewOpinionRecorded',
          data: {
            department: '规划',
            opinion: 'approve_with_conditions',
            givenOn: '2025-04-15',
            conditions: ['夜间不施工'],
            reasons: [],
          },
        },
      ]);
    const once = run([{ command: opinion(), now: at(39) }], reviewing).events;
    given(once).when(opinion(), at(40)).then('opinion_already_recorded', { department: '规划' });
  });

  it('refuses a department that was not convened', () => {
    given(reviewing)
      .when(opinion({ department: '园文' }), at(39))
      .then('department_not_convened', {
        department: '园文',
        departments: ['规划', '城管'],
      });
  });

  it('needs reasons for an opinion against', () => {
    given(reviewing)
      .when(opinion({ opinion: 'reject' }), at(39))
      .then('reasons_required');
    given(reviewing)
      .when(opinion({ opinion: 'reject', reasons: ['占用消防通道'] }), at(39))
      .events();
  });

  it('belongs to the joint review', () => {
    given(submitted)
      .when(opinion(), at(39))
      .then('wrong_stage', { stage: 'application', expected: ['joint_review'] });
  });
});

describe('ConcludeJointReview', () => {
  const allApprove = run(
    [
      { command: opinion(), now: at(39) },
      {
        command: opinion({ department: '城管', opinion: 'approve_with_conditions', conditions: ['围挡'] }),
        now: at(39),
      },
    ],
    reviewing,
  ).events;

  it('approves when every convened department agreed', () => {
    const [event] = given(allApprove)
      .when(conclude({ conditions: ['围挡'] }), at(40))
      .then([
        {
          type: 'JointReviewConcluded',
          data: { decision: 'approved', concludedOn: '2025-04-17', reasons: [], conditions: ['围挡'] },
        },
      ]);
    expect(fold([...allApprove, event as CaseEvent]).stage).toBe('approved');
  });

  it('does not approve before every opinion is in', () => {
    const one = run([{ command: opinion(), now: at(39) }], reviewing).events;
    given(one)
      .when(conclude(), at(40))
      .then('review_opinions_missing', { departments: ['城管'] });
  });

  it('does not approve against a department’s opinion', () => {
    const against = run(
      [
        { command: opinion(), now: at(39) },
        { command: opinion({ department: '城管', opinion: 'reject', reasons: ['占道'] }), now: at(39) },
      ],
      reviewing,
    ).events;
    given(against)
      .when(conclude(), at(40))
      .then('review_opinion_against', { departments: ['城管'] });
  });

  it('rejects with reasons, and the application is prepared again', () => {
    given(reviewing)
      .when(conclude({ decision: 'rejected' }), at(40))
      .then('reasons_required');
    const [event] = given(reviewing)
      .when(conclude({ decision: 'rejected', reasons: ['方案不符'] }), at(40))
      .events();
    const state = fold([...reviewing, event as CaseEvent]);
    expect(state.stage).toBe('application');
    expect(state.application).toBeUndefined();
    expect(state.jointReview).toEqual({
      decision: 'rejected',
      concludedOn: '2025-04-17',
      reasons: ['方案不符'],
      conditions: [],
    });
    given([...reviewing, event as CaseEvent])
      .when(submit({ submittedOn: '2025-05-01' }), at(41))
      .events();
  });

  it('belongs to the joint review', () => {
    given(submitted).when(conclude(), at(40)).then('wrong_stage');
  });
});
