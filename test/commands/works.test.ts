/**
 * The works commands (`works.ts`) called directly on the real database, for what the HTTP test does
 * not reach: each step's refusal out of its stage (works before approval, completion before the work
 * started, an inspection before completion, handover during the works and before completion
 * acceptance, registration before handover, a 使用单位 before the vote passed), the steps' own events
 * and the group lines the HTTP walk does not show (no pipelines to move, the installation notice, a
 * passed inspection, a company as 使用单位), use registration due 30 days after entering use — pushed
 * past the National Day holiday, or past a weekend — with its clock stored to match, and a
 * registration on the due day on time, the day after late. A refusal appends and queues nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { concludeJointReview, recordReviewOpinion } from '../../commands/application.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import type { LifecycleStepResult } from '../../commands/lifecycle-step.js';
import {
  acceptCompletion,
  completeConstruction,
  handOver,
  nameUserUnit,
  notifyInstallation,
  recordPipelineRelocation,
  recordSupervisionInspection,
  registerUse,
  startConstruction,
  USE_REGISTRATION_DAYS,
} from '../../commands/works.js';
import { endOfDayAt } from '../../domain/calendar/index.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc } from '../../models/outbox.js';
import {
  adminAt,
  DAY,
  refusalsOn,
  givenUnit,
  openCommandWorld,
  type CommandWorld,
} from '../support/commands.js';
import {
  AFTER_PUBLICITY_MS,
  givenUnitAtHandover,
  givenUnitInReview,
  groupOf,
} from '../support/lifecycle-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('works');
  ctx = world.ctx;
});
afterAll(() => world.close());

/** Friday 2025-03-21, 10:00 in Shanghai. */
const meta = adminAt(AFTER_PUBLICITY_MS);
/** Tuesday 2025-09-02, 10:00 in Shanghai. */
const september = adminAt(AFTER_PUBLICITY_MS + 165 * DAY);
const eventCount = (unitId: string) => world.models.caseEvents.countDocuments({ caseId: unitId });
const deadlineOf = (unitId: string, kind: string) =>
  world.models.deadlines.findOne({ caseId: unitId, kind }).lean<DeadlineDoc>().exec();

/** The refusal `code` (and `details`), with the stream and the outbox unchanged. */
const expectRefused = refusalsOn(() => world.models);

/** A step's one event and the line its group was told under `announce:<unitId>:<seq>`. */
async function told(result: LifecycleStepResult): Promise<[string, string]> {
  expect(result.announcement).toBe('queued');
  expect(result.event.seq).toBe(await eventCount(result.unitId));
  const doc = await world.models.outbox
    .findById(`announce:${result.unitId}:${result.event.seq}`)
    .lean<OutboxDoc>()
    .exec();
  expect(doc).toMatchObject({ to: { kind: 'room', id: groupOf(result.unitId) }, priority: 'notice' });
  return [result.event.type, doc!.text];
}

describe('the works, step by step on one unit', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await givenUnitInReview(ctx, ['规划'], { group: true });
  });

  it('refuses any work before the joint review approved', async () => {
    await expectRefused(
      unitId,
      () => recordPipelineRelocation(ctx, { unitId, utilities: ['燃气'] }, meta),
      'wrong_stage',
      { stage: 'joint_review', expected: ['approved'] },
    );
    await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
    await concludeJointReview(ctx, { unitId, decision: 'approved' }, meta);
  });

  it('records that no pipeline needs moving, and notifies the installation', async () => {
    await expectRefused(unitId, () => completeConstruction(ctx, { unitId }, meta), 'wrong_stage', {
      stage: 'approved',
      expected: ['works'],
    });
    const relocated = await recordPipelineRelocation(ctx, { unitId, utilities: [], note: '无管线' }, meta);
    expect(relocated.event.data).toEqual({ completedOn: '2025-03-21', utilities: [], note: '无管线' });
    expect(await told(relocated)).toEqual([
      'PipelineRelocationRecorded',
      '不需要迁移管线。接下来：书面告知市场监管部门后开工。',
    ]);
    const notified = await notifyInstallation(
      ctx,
      { unitId, notifiedOn: '2025-03-20', installer: '杭州某电梯安装公司', reference: 'GZ-7' },
      meta,
    );
    expect(notified.event.data).toEqual({
      notifiedOn: '2025-03-20',
      installer: '杭州某电梯安装公司',
      reference: 'GZ-7',
    });
    expect(await told(notified)).toEqual([
      'InstallationNotified',
      '已书面告知市场监管部门，施工单位：杭州某电梯安装公司。接下来：开工。',
    ]);
  });

  it('builds and inspects: no inspection before completion, no handover while works run', async () => {
    const started = await startConstruction(ctx, { unitId }, meta);
    expect(started.state.stage).toBe('works');
    expect(started.event.data).toEqual({ startedOn: '2025-03-21' });
    await expectRefused(
      unitId,
      () => recordSupervisionInspection(ctx, { unitId, passed: true }, meta),
      'wrong_stage',
      { stage: 'works', expected: ['inspection'] },
    );
    await expectRefused(unitId, () => handOver(ctx, { unitId }, meta), 'supervision_inspection_not_passed', {
      stage: 'works',
    });
    const completed = await completeConstruction(ctx, { unitId, completedOn: '2025-03-21' }, meta);
    expect(await told(completed)).toEqual([
      'ConstructionCompleted',
      '电梯工程 3月21日完工。接下来：特种设备监督检验。',
    ]);
    const inspected = await recordSupervisionInspection(
      ctx,
      { unitId, passed: true, reportRef: 'JY-1' },
      meta,
    );
    expect(inspected.event.data).toEqual({
      inspectedOn: '2025-03-21',
      passed: true,
      defects: [],
      reportRef: 'JY-1',
    });
    expect(inspected.state.stage).toBe('acceptance');
    expect(await told(inspected)).toEqual([
      'SupervisionInspectionRecorded',
      '监督检验合格。接下来：竣工验收。',
    ]);
  });

  it('hands over only after completion acceptance, and registers use only after handover', async () => {
    await expectRefused(unitId, () => handOver(ctx, { unitId }, meta), 'completion_not_accepted');
    const accepted = await acceptCompletion(ctx, { unitId, reportRef: 'YS-1' }, meta);
    expect(accepted.event.data).toEqual({ acceptedOn: '2025-03-21', reportRef: 'YS-1' });
    expect(accepted.state.stage).toBe('handover');
    expect(await told(accepted)).toEqual([
      'CompletionAccepted',
      '通过竣工验收。接下来：确定使用单位，移交后投入使用。',
    ]);
    await expectRefused(unitId, () => registerUse(ctx, { unitId }, meta), 'wrong_stage', {
      stage: 'handover',
      expected: ['registration'],
    });
  });

  it('names a company as 使用单位 in the group', async () => {
    const named = await nameUserUnit(
      ctx,
      { unitId, name: '某物业公司', kind: 'entrusted_manager', contact: '0571-0000' },
      meta,
    );
    expect(named.event.data).toEqual({
      name: '某物业公司',
      kind: 'entrusted_manager',
      namedOn: '2025-03-21',
      contact: '0571-0000',
    });
    expect(await told(named)).toEqual(['UserUnitNamed', '电梯使用单位：某物业公司，负责日常管理和维保。']);
  });

  it('sets registration due 30 days after entering use, pushed past the National Day holiday', async () => {
    expect(USE_REGISTRATION_DAYS).toBe(30);
    await expectRefused(
      unitId,
      () => handOver(ctx, { unitId, enteredUseOn: '2025-09-03' }, september),
      'validation_error',
      { field: 'enteredUseOn' },
    );
    // Entered use on 1 September: the 30th day is 1 October, and 1–8 October are the holiday.
    const handed = await handOver(ctx, { unitId, enteredUseOn: '2025-09-01' }, september);
    expect(handed.event.data).toEqual({
      handedOverOn: '2025-09-02',
      enteredUseOn: '2025-09-01',
      useRegistrationDueOn: '2025-10-09',
      documents: [],
      userUnit: '某物业公司',
    });
    expect(handed.state).toMatchObject({
      stage: 'registration',
      service: { useRegistrationDueOn: '2025-10-09' },
    });
    expect(await told(handed)).toEqual([
      'HandedOver',
      '电梯 9月1日起投入使用，钥匙和资料已移交。使用单位要在 10月9日前办好使用登记。',
    ]);
    expect(await deadlineOf(unitId, 'registration.overdue')).toMatchObject({
      status: 'pending',
      dueAt: endOfDayAt('2025-10-09'),
      data: { dueOn: '2025-10-09' },
    });
  });

  it('registers use on the due day on time', async () => {
    const registered = await registerUse(
      ctx,
      { unitId, registeredOn: '2025-10-09', certificateNo: '梯11浙A0001' },
      adminAt(AFTER_PUBLICITY_MS + 210 * DAY),
    );
    expect(registered.event.data).toEqual({
      registeredOn: '2025-10-09',
      certificateNo: '梯11浙A0001',
      late: false,
    });
    expect(registered.state).toMatchObject({ stage: 'in_service', service: { registeredLate: false } });
    expect(await told(registered)).toEqual(['UseRegistered', '电梯已办好使用登记，可以放心使用。']);
    expect((await deadlineOf(unitId, 'registration.overdue'))!.status).toBe('cancelled');
  });
});

describe('a second unit, without a group', () => {
  it('is told nothing, its registration falls due after the weekend, and a day later is late', async () => {
    const unitId = await givenUnitAtHandover(ctx);
    await nameUserUnit(ctx, { unitId, name: '王某', kind: 'named_person' }, meta);
    // Entered use Friday 2025-03-21: the 30th day is Sunday 20 April, so Monday 21 April.
    const handed = await handOver(ctx, { unitId, documents: ['产品合格证'] }, meta);
    expect(handed).toMatchObject({
      announcement: 'no_group',
      state: { service: { enteredUseOn: '2025-03-21', useRegistrationDueOn: '2025-04-21' } },
    });
    const late = await registerUse(
      ctx,
      { unitId, registeredOn: '2025-04-22' },
      adminAt(AFTER_PUBLICITY_MS + 40 * DAY),
    );
    expect(late.event.data).toEqual({ registeredOn: '2025-04-22', late: true });
    expect(late.state.service).toMatchObject({ registeredOn: '2025-04-22', registeredLate: true });
  });

  it('refuses a 使用单位 before the elevator vote passed', async () => {
    const unitId = await givenUnit(ctx, 4);
    await expectRefused(
      unitId,
      () => nameUserUnit(ctx, { unitId, name: '某物业公司', kind: 'entrusted_manager' }, meta),
      'wrong_stage',
      { stage: 'canvassing' },
    );
  });
});
