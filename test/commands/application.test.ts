/**
 * The application commands (`application.ts`) called directly on the real database, for what the
 * HTTP test does not reach: the gates before submission (wrong stage, an effective objection still
 * open, nothing submitted yet), a supplement that leaves items outstanding, the review's deadline
 * counted from the day accepted on the State Council working-day calendar (a make-up Sunday counts,
 * the May Day holiday does not) and its clock stored to match, a rejection and the resubmission it
 * allows, and a day after today refused under the command's own field. Each step appends its one
 * event and tells the group under `announce:<unitId>:<seq>`; a single opinion tells no one; a
 * refusal appends and queues nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  acceptApplication,
  concludeJointReview,
  JOINT_REVIEW_WORKING_DAYS,
  notifyIncompleteMaterials,
  recordReviewOpinion,
  submitApplication,
  supplementMaterials,
  type ApplicationStepResult,
} from '../../commands/application.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { endOfDayAt } from '../../domain/calendar/index.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { endPublicity } from '../support/api-helpers.js';
import { adminAt, refusalsOn, openCommandWorld, type CommandWorld } from '../support/commands.js';
import {
  AFTER_PUBLICITY_MS,
  givenUnitAfterPublicity,
  givenUnitInReview,
  groupOf,
} from '../support/lifecycle-fixtures.js';
import {
  givenPaperObjection,
  givenPassedUnit,
  givenUnitInPublicity,
  PUBLICITY_ENDS_AT,
} from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('application');
  ctx = world.ctx;
});
afterAll(() => world.close());

const meta = adminAt(AFTER_PUBLICITY_MS);
const eventCount = (unitId: string) => world.models.caseEvents.countDocuments({ caseId: unitId });

/** The refusal `code` (and `details`), with the stream and the outbox unchanged. */
const expectRefused = refusalsOn(() => world.models);

/** The group notice a step queued: to the unit's group, under `announce:<unitId>:<seq>`. */
async function announced(result: ApplicationStepResult): Promise<string> {
  expect(result.announcement).toBe('queued');
  const doc = await world.models.outbox
    .findById(`announce:${result.unitId}:${result.event.seq}`)
    .lean<OutboxDoc>()
    .exec();
  expect(doc).toMatchObject({ to: { kind: 'room', id: groupOf(result.unitId) }, priority: 'notice' });
  return doc!.text;
}

describe('submitApplication', () => {
  it('refuses a notice or a day after today before submission, then submits on today in Shanghai', async () => {
    const unitId = await givenUnitAfterPublicity(ctx, { group: true });
    // Nothing submitted yet: no notice of missing materials, and no submission dated tomorrow.
    await expectRefused(
      unitId,
      () => notifyIncompleteMaterials(ctx, { unitId, missing: ['图纸'] }, meta),
      'application_not_submitted',
    );
    await expectRefused(
      unitId,
      () => submitApplication(ctx, { unitId, submittedOn: '2025-03-22', materials: ['申请书'] }, meta),
      'validation_error',
      { field: 'submittedOn' },
    );
    // 00:30 on 2025-03-21 in Shanghai, still the 20th in UTC.
    const submitted = await submitApplication(
      ctx,
      { unitId, materials: ['申请书', '协议书', '图纸'] },
      { ...meta, now: new Date('2025-03-20T16:30:00.000Z') },
    );
    expect(submitted.event).toMatchObject({
      seq: await eventCount(unitId),
      type: 'ApplicationSubmitted',
      data: { submittedOn: '2025-03-21', materials: ['申请书', '协议书', '图纸'] },
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
    });
    expect(submitted.event.data).not.toHaveProperty('reference');
    expect(submitted.state).toMatchObject({
      stage: 'application',
      application: { submittedOn: '2025-03-21', outstanding: [], awaitingSupplement: false },
    });
    expect(await announced(submitted)).toBe(
      '报批申请已交到区住建部门（3 份材料）。接下来：等受理，缺什么材料会一次性告知。',
    );
  });

  it('refuses before publicity: at the agreement, wrong_stage', async () => {
    const { unitId } = await givenPassedUnit(ctx);
    await expectRefused(
      unitId,
      () => submitApplication(ctx, { unitId, materials: ['申请书'] }, meta),
      'wrong_stage',
      { stage: 'agreement', expected: ['application'] },
    );
  });

  it('refuses while an effective objection is open, naming it, even after publicity ended', async () => {
    const unitId = await givenUnitInPublicity(ctx);
    const filed = await givenPaperObjection(ctx, unitId);
    await endPublicity(ctx, unitId, new Date(PUBLICITY_ENDS_AT));
    expect((await loadCase(ctx, unitId)).state.stage).toBe('objections');
    await expectRefused(
      unitId,
      () => submitApplication(ctx, { unitId, materials: ['申请书'] }, meta),
      'effective_objection_open',
      { objectionIds: [filed.objection.objectionId] },
    );
  });
});

describe('missing materials', () => {
  it('says how many are still outstanding after a partial supplement; no acceptance nor opinion meanwhile', async () => {
    const unitId = await givenUnitAfterPublicity(ctx, { group: true });
    await submitApplication(ctx, { unitId, materials: ['申请书'], reference: 'SQ-1' }, meta);
    const notified = await notifyIncompleteMaterials(
      ctx,
      { unitId, notifiedOn: '2025-03-21', missing: ['图纸', '结构评估', '管线方案'] },
      meta,
    );
    expect(notified.event).toMatchObject({
      type: 'IncompleteMaterialsNotified',
      data: { notifiedOn: '2025-03-21', missing: ['图纸', '结构评估', '管线方案'] },
    });
    expect(await announced(notified)).toBe(
      '区住建部门一次性告知：还缺 3 项材料（图纸、结构评估、管线方案）。申请人补齐后再交。',
    );
    const partial = await supplementMaterials(ctx, { unitId, materials: ['图纸'] }, meta);
    expect(partial.event).toMatchObject({
      type: 'MaterialsSupplemented',
      data: { supplementedOn: '2025-03-21', materials: ['图纸'] },
    });
    expect(partial.state.application).toMatchObject({
      outstanding: ['结构评估', '管线方案'],
      awaitingSupplement: false,
    });
    expect(await announced(partial)).toBe('申请人补交了 1 项材料，还差 2 项。');
    await expectRefused(
      unitId,
      () => acceptApplication(ctx, { unitId, departments: ['规划'] }, meta),
      'materials_incomplete',
      { outstanding: ['结构评估', '管线方案'] },
    );
    // Not accepted, so no department is reviewing it yet.
    await expectRefused(
      unitId,
      () => recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta),
      'wrong_stage',
      { stage: 'application', expected: ['joint_review'] },
    );
  });
});

describe('acceptApplication', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await givenUnitAfterPublicity(ctx, { group: true });
    await submitApplication(ctx, { unitId, materials: ['申请书'] }, meta);
  });

  it('refuses an acceptance day after today under acceptedOn', async () => {
    await expectRefused(
      unitId,
      () => acceptApplication(ctx, { unitId, acceptedOn: '2025-03-22', departments: ['规划'] }, meta),
      'validation_error',
      { field: 'acceptedOn' },
    );
  });

  it('counts ten working days from the day accepted on the State Council calendar, and stores that clock', async () => {
    expect(JOINT_REVIEW_WORKING_DAYS).toBe(10);
    // Accepted Friday 2025-04-25, recorded the Monday after. Counted: Sunday 27 April (a make-up
    // working day), 28–30 April, then 6–9 and 12–13 May (1–5 May is the Labour Day holiday).
    // Plain weekdays would have given 9 May.
    const accepted = await acceptApplication(
      ctx,
      { unitId, acceptedOn: '2025-04-25', departments: ['规划', '消防', '城管'], reference: 'SL-9' },
      adminAt(AFTER_PUBLICITY_MS + 38 * 86_400_000),
    );
    expect(accepted.event).toMatchObject({
      type: 'ApplicationAccepted',
      data: {
        acceptedOn: '2025-04-25',
        departments: ['规划', '消防', '城管'],
        reviewDueOn: '2025-05-13',
        reference: 'SL-9',
      },
    });
    expect(accepted.state).toMatchObject({
      stage: 'joint_review',
      application: { acceptedOn: '2025-04-25', reviewDueOn: '2025-05-13' },
    });
    expect(await announced(accepted)).toBe('报批申请已受理，3 个部门联合审查，5月13日前给出结论。');
    const overdue = await world.models.deadlines
      .findOne({ caseId: unitId, kind: 'review.overdue' })
      .lean<DeadlineDoc>()
      .exec();
    expect(overdue).toMatchObject({
      status: 'pending',
      dueAt: endOfDayAt('2025-05-13'),
      data: { acceptedOn: '2025-04-25', dueOn: '2025-05-13' },
    });
  });
});

describe('the joint review', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await givenUnitInReview(ctx, ['规划', '消防'], { group: true });
  });

  it('records an opinion with empty conditions and reasons by default, and tells no one', async () => {
    const outbox = await world.models.outbox.countDocuments({});
    const given = await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
    expect(given.announcement).toBe('none');
    expect(given.event).toMatchObject({
      type: 'ReviewOpinionRecorded',
      data: { department: '规划', opinion: 'approve', givenOn: '2025-03-21', conditions: [], reasons: [] },
    });
    expect(await world.models.outbox.countDocuments({})).toBe(outbox);
  });

  it('cannot approve over a department against, nor reject without reasons', async () => {
    await recordReviewOpinion(
      ctx,
      { unitId, department: '消防', opinion: 'reject', reasons: ['消防通道不足'] },
      meta,
    );
    await expectRefused(
      unitId,
      () => concludeJointReview(ctx, { unitId, decision: 'approved' }, meta),
      'review_opinion_against',
      { departments: ['消防'] },
    );
    await expectRefused(
      unitId,
      () => concludeJointReview(ctx, { unitId, decision: 'rejected' }, meta),
      'reasons_required',
    );
    await expectRefused(
      unitId,
      () =>
        concludeJointReview(
          ctx,
          { unitId, decision: 'rejected', reasons: ['消防通道不足'], concludedOn: '2025-03-22' },
          meta,
        ),
      'validation_error',
      { field: 'concludedOn' },
    );
  });

  it('rejects with its reasons: the group is told, and the application may be handed in again', async () => {
    const rejected = await concludeJointReview(
      ctx,
      { unitId, decision: 'rejected', reasons: ['消防通道不足', '采光影响未评估'] },
      meta,
    );
    expect(rejected.event).toMatchObject({
      type: 'JointReviewConcluded',
      data: {
        decision: 'rejected',
        concludedOn: '2025-03-21',
        reasons: ['消防通道不足', '采光影响未评估'],
        conditions: [],
      },
    });
    expect(rejected.state.stage).toBe('application');
    expect(rejected.state.application).toBeUndefined();
    expect(await announced(rejected)).toBe(
      '联合审查没有通过，原因：消防通道不足；采光影响未评估。申请人改好后可以重新报批。',
    );
    const again = await submitApplication(ctx, { unitId, materials: ['申请书（修改）'] }, meta);
    expect(again.state.application).toMatchObject({ materials: ['申请书（修改）'], opinions: [] });
  });
});
