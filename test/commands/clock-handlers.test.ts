/**
 * The handlers of the clocks after the vote (`clockHandlers` in `clock-handlers.ts`), called directly
 * with the deadline documents the commands stored, on the real database and without the scheduler:
 * a handler skips, doing nothing, when the case no longer plans its clock or planned it for another
 * time; a clock that `expires` (the registration reminder) is dropped with a log line once its moment
 * has passed, and runs a millisecond before; `review.opinions` alerts the committee naming only the
 * departments still silent, `review.overdue` the review's missed deadline, `handover.user_unit` the
 * missing 使用单位, `registration.overdue` the missed registration — each alert raised once however
 * often its clock runs — and `registration.remind` reminds the applicants and the committee
 * privately, no one else, once. `application.supplement`, 7 days after the district's notice of
 * missing materials at 10:00 in Shanghai, reminds the applicants and the committee privately of what
 * is still missing, once; it is gone once the materials are supplemented, and skips when documents
 * filed meanwhile left nothing missing. `review.remind`, at 10:00 in Shanghai of the day the
 * departments' opinions fall due and of the day the review's conclusion falls due, reminds the
 * district and the committee privately (not the applicants, not the group), once: the departments
 * still silent, or the conclusion; recording the last opinion, or the conclusion, cancels it, and one
 * picked up at 24:00 of its day or later is dropped with a log line. `running.arrears` reminds a flat's
 * own bound contacts in chat of what it still owes, 30 and 60 days after its oldest unsettled bill;
 * one picked up at the next one's time or later is dropped with a log line, and one settled skips.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  concludeJointReview,
  notifyIncompleteMaterials,
  recordReviewOpinion,
  submitApplication,
  supplementMaterials,
} from '../../commands/application.js';
import { bindHousehold } from '../../commands/bind-household.js';
import { clockHandlers } from '../../commands/clock-handlers.js';
import { composeCommandContext } from '../../commands/compose.js';
import { fileDocument } from '../../commands/documents.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { recordRunningBill, recordRunningPayment, setRunningCostKey } from '../../commands/running.js';
import { handOver, nameUserUnit, registerUse } from '../../commands/works.js';
import { endOfDayAt } from '../../domain/calendar/index.js';
import type { ClockKind } from '../../domain/clocks/index.js';
import { FixedClock } from '../../lib/clock.js';
import { fileDocumentStore } from '../../lib/document-store.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { adminAt, holidayTable, slipsOf, T0 } from '../support/commands.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { recordingLog, type LogLine } from '../support/kernel-fixtures.js';
import {
  AFTER_PUBLICITY_MS,
  givenUnitAfterPublicity,
  givenUnitAtHandover,
  givenUnitInReview,
  groupOf,
} from '../support/lifecycle-fixtures.js';
import { givenRole } from '../support/publicity-fixtures.js';

let db: TestDatabase;
let ctx: CommandContext;
let lines: LogLine[];
let folder: string;
beforeAll(async () => {
  db = await openTestDatabase('clock-handlers');
  const recording = recordingLog();
  lines = recording.lines;
  folder = await mkdtemp(path.join(os.tmpdir(), 'jiati-clock-handlers-'));
  ctx = composeCommandContext({
    models: db.models,
    clock: new FixedClock(T0),
    holidays: holidayTable(),
    log: recording.log,
    documents: fileDocumentStore(folder),
  });
});
afterAll(async () => {
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

const meta = adminAt(AFTER_PUBLICITY_MS);
const SECOND = 1000;

/** The case's deadline of `kind`, as `syncClocks` stored it. */
async function storedDeadline(unitId: string, kind: ClockKind): Promise<DeadlineDoc> {
  const doc = await db.models.deadlines.findOne({ caseId: unitId, kind }).lean<DeadlineDoc>().exec();
  expect(doc).not.toBeNull();
  return doc!;
}

/** The deadline stored under `id`. */
async function deadlineById(id: string): Promise<DeadlineDoc> {
  const doc = await db.models.deadlines.findById(id).lean<DeadlineDoc>().exec();
  expect(doc).not.toBeNull();
  return doc!;
}

/** Runs the handler of `deadline.kind` as the sweeper would, at `now`. */
function runAt(deadline: DeadlineDoc, now: Date): Promise<'done' | 'skipped'> {
  const handler = clockHandlers[deadline.kind as Exclude<ClockKind, 'ballot.close'>];
  return handler(ctx, deadline, { now, late: false });
}

const after = (deadline: DeadlineDoc, ms = SECOND) => new Date(deadline.dueAt.getTime() + ms);
const alertsOf = async (unitId: string) =>
  (await loadCase(ctx, unitId)).state.alerts.map(({ kind, key, level }) => ({ kind, key, level }));
/** What the outbox holds for `contactId` under ids starting with `prefix`, by id. */
async function queuedTo(contactId: string, prefix: string): Promise<OutboxDoc[]> {
  const docs = await db.models.outbox.find({ 'to.id': contactId }).lean<OutboxDoc[]>().exec();
  return docs.filter((doc) => doc._id.startsWith(prefix)).sort((a, b) => a._id.localeCompare(b._id));
}
const alertTexts = async (unitId: string, contactId = 'wx-committee') =>
  (await queuedTo(contactId, `alert:${unitId}:`)).map((doc) => doc.text);

describe('the joint review’s clocks', () => {
  let unitId: string;
  beforeAll(async () => {
    // Accepted Friday 2025-03-21: opinions due in 3 working days, the conclusion by Monday 7 April
    // (ten working days, the Qingming holiday on Friday 4 April not among them).
    unitId = await givenUnitInReview(ctx, ['规划', '消防', '城管'], { group: true });
    await givenRole(ctx, unitId, 'wx-committee', 'committee');
    await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
  });

  it('skip a deadline planned for another time, or under a key the case never planned', async () => {
    const stored = await storedDeadline(unitId, 'review.opinions');
    const moved = { ...stored, dueAt: after(stored, 60 * SECOND) };
    expect(await runAt(moved, after(moved))).toBe('skipped');
    const unknown = { ...stored, _id: `review.opinions:${unitId}:2025-03-20` };
    expect(await runAt(unknown, after(stored))).toBe('skipped');
    expect(await alertsOf(unitId)).toEqual([]);
    expect(await alertTexts(unitId)).toEqual([]);
  });

  it('review.opinions: alert the committee, naming only the departments still silent, once', async () => {
    const stored = await storedDeadline(unitId, 'review.opinions');
    expect(stored.data).toEqual({ acceptedOn: '2025-03-21' });
    expect(await runAt(stored, after(stored))).toBe('done');
    expect(await alertsOf(unitId)).toEqual([
      { kind: 'review_opinions_late', key: 'review.opinions:2025-03-21', level: 'committee' },
    ]);
    const texts = await alertTexts(unitId);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('联合审查已过 3 个工作日，消防、城管的书面意见还没有收到。');
    expect(texts[0]).not.toContain('规划');
    // The sweeper may run it again: still one alert, one message.
    expect(await runAt(stored, after(stored, 2 * SECOND))).toBe('done');
    expect(await alertsOf(unitId)).toHaveLength(1);
    expect(await alertTexts(unitId)).toHaveLength(1);
  });

  it('review.opinions: skip once every convened department has given its opinion', async () => {
    const stored = await storedDeadline(unitId, 'review.opinions');
    for (const department of ['消防', '城管']) {
      await recordReviewOpinion(ctx, { unitId, department, opinion: 'approve' }, meta);
    }
    expect((await storedDeadline(unitId, 'review.opinions')).status).toBe('cancelled');
    expect(await runAt(stored, after(stored))).toBe('skipped');
    expect(await alertsOf(unitId)).toHaveLength(1);
  });

  it('review.overdue: alert the committee that the review passed its deadline, unless it concluded', async () => {
    const stored = await storedDeadline(unitId, 'review.overdue');
    expect(stored).toMatchObject({
      dueAt: endOfDayAt('2025-04-07'),
      data: { acceptedOn: '2025-03-21', dueOn: '2025-04-07' },
    });
    expect(await runAt(stored, after(stored))).toBe('done');
    expect((await alertsOf(unitId)).at(-1)).toEqual({
      kind: 'review_overdue',
      key: 'review.overdue:2025-03-21',
      level: 'committee',
    });
    const texts = await alertTexts(unitId);
    expect(texts).toHaveLength(2);
    expect(texts.filter((text) => text.includes('联合审查应在 4月7日 前结束，还没有结论。'))).toHaveLength(1);

    await concludeJointReview(ctx, { unitId, decision: 'approved' }, meta);
    expect(await runAt(stored, after(stored, 2 * SECOND))).toBe('skipped');
  });
});

describe('the clocks of handover and use registration', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await givenUnitAtHandover(ctx, { group: true });
    await givenRole(ctx, unitId, 'wx-committee', 'committee');
    await givenRole(ctx, unitId, 'wx-applicant', 'applicant');
    await givenRole(ctx, unitId, 'wx-subdistrict', 'subdistrict');
  });

  it('handover.user_unit: alert that no 使用单位 is named, and skip once one is', async () => {
    const stored = await storedDeadline(unitId, 'handover.user_unit');
    expect(stored.data).toEqual({ acceptedOn: '2025-03-21', workingDays: 5 });
    expect(await runAt(stored, after(stored))).toBe('done');
    expect(await alertsOf(unitId)).toEqual([
      { kind: 'user_unit_missing', key: 'handover.user_unit:2025-03-21', level: 'committee' },
    ]);
    const texts = await alertTexts(unitId);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('电梯竣工验收已过 5 个工作日，还没有确定使用单位和安全管理员。');

    await nameUserUnit(ctx, { unitId, name: '某物业公司', kind: 'entrusted_manager' }, meta);
    expect(await runAt(stored, after(stored, 2 * SECOND))).toBe('skipped');
    // Handed over Friday 2025-03-21: registration due on Sunday 20 April, so Monday 21 April.
    await handOver(ctx, { unitId }, meta);
  });

  it('registration.remind: dropped with a log line at the end of the due day, its moment gone', async () => {
    const stored = await storedDeadline(unitId, 'registration.remind');
    expect(stored.data).toEqual({ dueOn: '2025-04-21' });
    const end = endOfDayAt('2025-04-21');
    expect(await runAt(stored, end)).toBe('skipped');
    expect(await queuedTo('wx-applicant', 'clock:')).toEqual([]);
    expect(await queuedTo('wx-committee', 'clock:')).toEqual([]);
    expect(lines.filter((line) => line.msg === 'clock dropped: its moment passed before it ran')).toEqual([
      expect.objectContaining({
        level: 40,
        deadline: stored._id,
        kind: 'registration.remind',
        expiresAt: end.toISOString(),
      }),
    ]);
  });

  it('registration.remind: a moment before, the applicants and the committee are reminded privately, once', async () => {
    const stored = await storedDeadline(unitId, 'registration.remind');
    const end = endOfDayAt('2025-04-21');
    const now = new Date(end.getTime() - 1);
    expect(await runAt(stored, now)).toBe('done');
    expect(await runAt(stored, now)).toBe('done');
    const reminded = [
      ...(await queuedTo('wx-applicant', 'clock:')),
      ...(await queuedTo('wx-committee', 'clock:')),
    ];
    expect(reminded.map((doc) => doc._id)).toEqual([
      `clock:${stored._id}:wx-applicant`,
      `clock:${stored._id}:wx-committee`,
    ]);
    for (const doc of reminded) {
      expect(doc).toMatchObject({
        groupKey: groupOf(unitId),
        priority: 'notice',
        createdAt: now,
        expiresAt: end,
        text: [
          '【使用登记提醒】公示测试单元',
          '电梯使用登记要在 4月21日 前办好（进入使用后 30 天内）。',
          '请使用单位到市场监管部门办理，办好后在管理后台记录登记证编号。',
        ].join('\n'),
      });
    }
    // Not the sub-district officer, not the group.
    expect(await queuedTo('wx-subdistrict', 'clock:')).toEqual([]);
    expect(await queuedTo(groupOf(unitId), 'clock:')).toEqual([]);
  });

  it('registration.overdue: alert the committee that registration is overdue; after registration both skip', async () => {
    const overdue = await storedDeadline(unitId, 'registration.overdue');
    expect(overdue).toMatchObject({ dueAt: endOfDayAt('2025-04-21'), data: { dueOn: '2025-04-21' } });
    expect(await runAt(overdue, after(overdue))).toBe('done');
    expect((await alertsOf(unitId)).at(-1)).toEqual({
      kind: 'registration_overdue',
      key: 'registration.overdue:2025-04-21',
      level: 'committee',
    });
    const texts = await alertTexts(unitId);
    expect(texts).toHaveLength(2);
    expect(
      texts.filter((text) => text.includes('电梯使用登记应在 4月21日 前办理，还没有登记。')),
    ).toHaveLength(1);

    const remind = await storedDeadline(unitId, 'registration.remind');
    await registerUse(
      ctx,
      { unitId, registeredOn: '2025-04-22' },
      adminAt(AFTER_PUBLICITY_MS + 40 * 86_400_000),
    );
    expect(await runAt(overdue, after(overdue, 2 * SECOND))).toBe('skipped');
    expect(await runAt(remind, new Date(endOfDayAt('2025-04-21').getTime() - 2))).toBe('skipped');
    expect(await alertsOf(unitId)).toHaveLength(2);
  });
});

describe('the reminder of missing materials', () => {
  /** Every required item of the application checklist, named by its id: only the notice leaves gaps. */
  const EVERY_REQUIRED = [
    'application_form',
    'owner_decision',
    'agreement',
    'publicity',
    'design',
    'structure_safety',
  ];

  /** A unit whose application (submitted Friday 2025-03-21) the district found short that day of `missing`. */
  async function givenNotifiedUnit(missing: readonly string[]): Promise<string> {
    const unitId = await givenUnitAfterPublicity(ctx, { group: true });
    await givenRole(ctx, unitId, 'wx-supp-applicant', 'applicant');
    await givenRole(ctx, unitId, 'wx-supp-committee', 'committee');
    await givenRole(ctx, unitId, 'wx-supp-subdistrict', 'subdistrict');
    await submitApplication(ctx, { unitId, materials: EVERY_REQUIRED }, meta);
    await notifyIncompleteMaterials(ctx, { unitId, missing }, meta);
    return unitId;
  }

  /** Everything the clock queued under its deadline, to anyone, by id. */
  async function reminders(deadline: DeadlineDoc): Promise<OutboxDoc[]> {
    const docs = await db.models.outbox.find({}).lean<OutboxDoc[]>().exec();
    return docs
      .filter((doc) => doc._id.startsWith(`clock:${deadline._id}:`))
      .sort((a, b) => a._id.localeCompare(b._id));
  }

  it('is due 7 days after the notice at 10:00 in Shanghai, and reminds the applicants and the committee privately, once', async () => {
    const unitId = await givenNotifiedUnit(['设计方案及施工图', '电梯井道照片']);
    const stored = await storedDeadline(unitId, 'application.supplement');
    expect(stored).toMatchObject({
      _id: `application.supplement:${unitId}:2025-03-21:1`,
      dueAt: new Date('2025-03-28T02:00:00.000Z'),
      data: { notifiedOn: '2025-03-21' },
      status: 'pending',
    });

    expect(await runAt(stored, stored.dueAt)).toBe('done');
    // Run again, late (the process was down): it still holds, and sends nothing new.
    expect(await runAt(stored, after(stored, 86_400_000))).toBe('done');

    const queued = await reminders(stored);
    expect(queued.map((doc) => doc._id)).toEqual([
      `clock:${stored._id}:wx-supp-applicant`,
      `clock:${stored._id}:wx-supp-committee`,
    ]);
    for (const doc of queued) {
      expect(doc).toMatchObject({
        to: { kind: 'contact' },
        groupKey: groupOf(unitId),
        priority: 'notice',
        createdAt: stored.dueAt,
        text: [
          '【补交材料提醒】公示测试单元',
          '区里 3月21日 告知补材料，现在还缺：设计方案及施工图、电梯井道照片。',
          '补齐后在管理后台登记补交，区里才能受理。',
        ].join('\n'),
      });
      expect(doc).not.toHaveProperty('expiresAt');
    }
  });

  it('is gone once the materials are supplemented', async () => {
    const unitId = await givenNotifiedUnit(['电梯井道照片']);
    const stored = await storedDeadline(unitId, 'application.supplement');
    await supplementMaterials(ctx, { unitId, materials: ['电梯井道照片'] }, meta);
    expect((await storedDeadline(unitId, 'application.supplement')).status).toBe('cancelled');
    expect(await runAt(stored, stored.dueAt)).toBe('skipped');
    expect(await reminders(stored)).toEqual([]);
  });

  it('skips when the documents filed meanwhile left nothing missing', async () => {
    const unitId = await givenNotifiedUnit(['设计方案及施工图']);
    await fileDocument(
      ctx,
      {
        unitId,
        checklist: 'application',
        item: 'design',
        name: '施工图.pdf',
        declaredType: 'application/pdf',
        bytes: Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1'),
      },
      meta,
    );
    // Still planned (nothing was supplemented through the application), but nothing is missing.
    const stored = await storedDeadline(unitId, 'application.supplement');
    expect(stored.status).toBe('pending');
    expect(await runAt(stored, stored.dueAt)).toBe('skipped');
    expect(await reminders(stored)).toEqual([]);
  });
});

describe('the joint review’s reminders to the district and the committee', () => {
  // Accepted Friday 2025-03-21 with three departments, 规划 in at once: the opinions are due
  // Wednesday 26 March (three working days), the conclusion Monday 7 April.
  let unitId: string;
  let opinions: DeadlineDoc;
  let conclusion: DeadlineDoc;
  const OPINIONS_END = endOfDayAt('2025-03-26');
  const CONCLUSION_END = endOfDayAt('2025-04-07');
  beforeAll(async () => {
    unitId = await givenUnitInReview(ctx, ['规划', '消防', '城管'], { group: true });
    await givenRole(ctx, unitId, 'wx-rev-district', 'district');
    await givenRole(ctx, unitId, 'wx-rev-committee', 'committee');
    await givenRole(ctx, unitId, 'wx-rev-applicant', 'applicant');
    await givenRole(ctx, unitId, 'wx-rev-subdistrict', 'subdistrict');
    await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
    opinions = await deadlineById(`review.remind:${unitId}:opinions:2025-03-21`);
    conclusion = await deadlineById(`review.remind:${unitId}:conclusion:2025-04-07`);
  });

  /** Everything queued under `deadline`'s clock, to anyone, by id. */
  async function reminders(deadline: DeadlineDoc): Promise<OutboxDoc[]> {
    const docs = await db.models.outbox.find({}).lean<OutboxDoc[]>().exec();
    return docs
      .filter((doc) => doc._id.startsWith(`clock:${deadline._id}:`))
      .sort((a, b) => a._id.localeCompare(b._id));
  }
  const dropped = (deadline: DeadlineDoc) =>
    lines.filter(
      (line) =>
        line.msg === 'clock dropped: its moment passed before it ran' && line.deadline === deadline._id,
    );

  it('are due at 10:00 in Shanghai of the opinions’ last day and of the review’s last day', () => {
    expect(opinions).toMatchObject({
      kind: 'review.remind',
      dueAt: new Date('2025-03-26T02:00:00.000Z'),
      data: { acceptedOn: '2025-03-21', dueOn: '2025-03-26', what: 'opinions' },
      status: 'pending',
    });
    expect(conclusion).toMatchObject({
      kind: 'review.remind',
      dueAt: new Date('2025-04-07T02:00:00.000Z'),
      data: { acceptedOn: '2025-03-21', dueOn: '2025-04-07', what: 'conclusion' },
      status: 'pending',
    });
  });

  it('the opinions’ reminder is dropped with a log line when picked up at 24:00 of its day', async () => {
    expect(await runAt(opinions, OPINIONS_END)).toBe('skipped');
    expect(await runAt(opinions, after(opinions, 86_400_000))).toBe('skipped');
    expect(await reminders(opinions)).toEqual([]);
    expect(dropped(opinions)).toEqual([
      expect.objectContaining({
        level: 40,
        kind: 'review.remind',
        expiresAt: OPINIONS_END.toISOString(),
        now: OPINIONS_END.toISOString(),
      }),
      expect.objectContaining({ level: 40, kind: 'review.remind', expiresAt: OPINIONS_END.toISOString() }),
    ]);
  });

  it('the opinions’ reminder names the silent departments to the district and the committee privately, once', async () => {
    expect(await runAt(opinions, opinions.dueAt)).toBe('done');
    // Run again a moment before its day ends: it still holds, and sends nothing new.
    expect(await runAt(opinions, new Date(OPINIONS_END.getTime() - 1))).toBe('done');
    const queued = await reminders(opinions);
    expect(queued.map((doc) => doc._id)).toEqual([
      `clock:${opinions._id}:wx-rev-committee`,
      `clock:${opinions._id}:wx-rev-district`,
    ]);
    for (const doc of queued) {
      expect(doc).toMatchObject({
        to: { kind: 'contact' },
        groupKey: groupOf(unitId),
        priority: 'notice',
        createdAt: opinions.dueAt,
        expiresAt: OPINIONS_END,
        text: [
          '【联合审查提醒】公示测试单元',
          '消防、城管的书面意见今天（3月26日）24:00 到期，还没有收到。',
          '出具后请在管理后台登记；逾期会提醒上一级。',
        ].join('\n'),
      });
    }
    // Not the applicant, not the sub-district, not the group.
    expect(await queuedTo('wx-rev-applicant', 'clock:')).toEqual([]);
    expect(await queuedTo('wx-rev-subdistrict', 'clock:')).toEqual([]);
    expect(await queuedTo(groupOf(unitId), 'clock:')).toEqual([]);
  });

  it('the opinions’ reminder is cancelled once every convened department has given its opinion', async () => {
    await recordReviewOpinion(ctx, { unitId, department: '消防', opinion: 'approve' }, meta);
    // One still silent: still planned.
    expect((await deadlineById(opinions._id)).status).toBe('pending');
    await recordReviewOpinion(ctx, { unitId, department: '城管', opinion: 'approve' }, meta);
    expect((await deadlineById(opinions._id)).status).toBe('cancelled');
    expect(await runAt(opinions, after(opinions))).toBe('skipped');
    expect(await reminders(opinions)).toHaveLength(2);
    // The conclusion is still to come.
    expect((await deadlineById(conclusion._id)).status).toBe('pending');
  });

  it('the conclusion’s reminder is dropped with a log line when picked up at 24:00 of its day', async () => {
    expect(await runAt(conclusion, CONCLUSION_END)).toBe('skipped');
    expect(await reminders(conclusion)).toEqual([]);
    expect(dropped(conclusion)).toEqual([
      expect.objectContaining({
        level: 40,
        kind: 'review.remind',
        expiresAt: CONCLUSION_END.toISOString(),
        now: CONCLUSION_END.toISOString(),
      }),
    ]);
  });

  it('the conclusion’s reminder tells the district and the committee privately, once, that it is due today', async () => {
    expect(await runAt(conclusion, conclusion.dueAt)).toBe('done');
    expect(await runAt(conclusion, after(conclusion))).toBe('done');
    const queued = await reminders(conclusion);
    expect(queued.map((doc) => doc._id)).toEqual([
      `clock:${conclusion._id}:wx-rev-committee`,
      `clock:${conclusion._id}:wx-rev-district`,
    ]);
    for (const doc of queued) {
      expect(doc).toMatchObject({
        to: { kind: 'contact' },
        groupKey: groupOf(unitId),
        priority: 'notice',
        createdAt: conclusion.dueAt,
        expiresAt: CONCLUSION_END,
        text: [
          '【联合审查提醒】公示测试单元',
          '联合审查意见今天（4月7日）24:00 到期，还没有结论。',
          '出具后请在管理后台登记；逾期会提醒上一级。',
        ].join('\n'),
      });
    }
    expect(await queuedTo('wx-rev-applicant', 'clock:')).toEqual([]);
    expect(await queuedTo('wx-rev-subdistrict', 'clock:')).toEqual([]);
    expect(await queuedTo(groupOf(unitId), 'clock:')).toEqual([]);
  });

  it('the conclusion’s reminder is cancelled once the conclusion is recorded', async () => {
    await concludeJointReview(ctx, { unitId, decision: 'approved' }, meta);
    expect((await deadlineById(conclusion._id)).status).toBe('cancelled');
    expect(await runAt(conclusion, conclusion.dueAt)).toBe('skipped');
    expect(await reminders(conclusion)).toHaveLength(2);
  });
});

describe('the joint review’s reminder of the conclusion, cancelled before its day', () => {
  it('sends nothing once the conclusion is recorded before its day', async () => {
    const unitId = await givenUnitInReview(ctx, ['规划'], { group: true });
    await givenRole(ctx, unitId, 'wx-rev2-district', 'district');
    await givenRole(ctx, unitId, 'wx-rev2-committee', 'committee');
    const key = `review.remind:${unitId}:conclusion:2025-04-07`;
    const stored = await deadlineById(key);
    expect(stored.status).toBe('pending');
    await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
    await concludeJointReview(ctx, { unitId, decision: 'approved' }, meta);
    expect((await deadlineById(key)).status).toBe('cancelled');
    expect((await deadlineById(`review.remind:${unitId}:opinions:2025-03-21`)).status).toBe('cancelled');
    expect(await runAt(stored, stored.dueAt)).toBe('skipped');
    expect(await queuedTo('wx-rev2-district', 'clock:')).toEqual([]);
    expect(await queuedTo('wx-rev2-committee', 'clock:')).toEqual([]);
  });
});

describe('the running-cost reminders', () => {
  let unitId: string;
  /** The deadline of `room`'s `n`th reminder of the debt dating from `since`. */
  /** A flat in a clock's key: its place in the roster (101, 102, 201, 202), never its room. */
  const flatOf = (room: string) => `f${['101', '102', '201', '202'].indexOf(room)}`;
  const arrearsOf = (room: string, n: 1 | 2, since = '2025-03-21') =>
    deadlineById(`running.arrears:${unitId}:${flatOf(room)}:${since}:${n}`);
  /** Everything the clocks queued for the unit's running costs, to anyone, by id. */
  async function reminded(): Promise<OutboxDoc[]> {
    const docs = await db.models.outbox.find({}).lean<OutboxDoc[]>().exec();
    return docs
      .filter((doc) => doc._id.startsWith(`clock:running.arrears:${unitId}:`))
      .sort((a, b) => a._id.localeCompare(b._id));
  }
  const notice = (room: string, owed: string) =>
    [
      `【电梯运行费】公示测试单元 ${room} 室`,
      `从 3月21日 的账单起，还有 ${owed} 没交。`,
      '方便时交给居委会或电梯使用单位就行；回复 我的费用 看明细。',
    ].join('\n');

  beforeAll(async () => {
    // Four flats of 50 m², the ground floor exempt: a ¥100 bill on 21 March is ¥50 for 201 and 202.
    unitId = await givenUnitAfterPublicity(ctx, { group: true });
    await givenRole(ctx, unitId, 'wx-run-committee', 'committee');
    const first = await slipsOf(ctx, unitId);
    const bind = (contactId: string, code: string) => bindHousehold(ctx, { contactId, code }, meta);
    // 201: its owner in chat, a family member waiting for the owner's confirmation, and a co-owner in
    // the mini-program (reminded by subscription, not by chat); 202 and 101: their owners in chat.
    expect(await bind('wx-run-201', first('201'))).toMatchObject({ pending: false });
    expect(await bind('wx-run-201-family', first('201'))).toMatchObject({ pending: true });
    expect(await bind('wx-run-202', first('202'))).toMatchObject({ pending: false });
    expect(await bind('wx-run-101', first('101'))).toMatchObject({ pending: false });
    const second = await slipsOf(ctx, unitId);
    expect(await bind('mp:openid-run-201', second('201'))).toMatchObject({ pending: false });
    await setRunningCostKey(ctx, { unitId, key: { scheme: { kind: 'area' } } }, meta);
    await recordRunningBill(
      ctx,
      { unitId, kind: 'electricity', amountFen: 10_000, periodFrom: '2025-03-01', periodTo: '2025-03-20' },
      meta,
    );
  });

  it('are due 30 and 60 days after the bill at 10:00 in Shanghai, for each flat owing alone', async () => {
    expect(await arrearsOf('201', 1)).toMatchObject({
      kind: 'running.arrears',
      dueAt: new Date('2025-04-20T02:00:00.000Z'),
      data: { room: '201', since: '2025-03-21' },
      status: 'pending',
    });
    expect(await arrearsOf('202', 2)).toMatchObject({
      dueAt: new Date('2025-05-20T02:00:00.000Z'),
      data: { room: '202', since: '2025-03-21' },
    });
    // The ground floor owes nothing: no reminder.
    const stored = await db.models.deadlines
      .find({ caseId: unitId, kind: 'running.arrears' })
      .lean<DeadlineDoc[]>()
      .exec();
    expect(stored.map((doc) => doc._id).sort()).toEqual(
      ['f2:2025-03-21:1', 'f2:2025-03-21:2', 'f3:2025-03-21:1', 'f3:2025-03-21:2'].map(
        (rest) => `running.arrears:${unitId}:${rest}`,
      ),
    );
  });

  it('remind the flat’s own bound contacts in chat privately of what it owes, once: not a pending binding, not the mini-program, not another flat, not the group', async () => {
    const deadline = await arrearsOf('201', 1);
    expect(await runAt(deadline, deadline.dueAt)).toBe('done');
    // Run again, late (the process was down): it still holds, and sends nothing new.
    expect(await runAt(deadline, after(deadline, 86_400_000))).toBe('done');
    const queued = await reminded();
    expect(queued).toEqual([
      expect.objectContaining({
        _id: `clock:${deadline._id}:wx-run-201`,
        to: { kind: 'contact', id: 'wx-run-201' },
        groupKey: groupOf(unitId),
        priority: 'notice',
        createdAt: deadline.dueAt,
        text: notice('201', '50 元'),
      }),
    ]);
    expect(queued[0]).not.toHaveProperty('expiresAt');
    for (const contactId of [
      'wx-run-201-family',
      'mp:openid-run-201',
      'wx-run-202',
      'wx-run-101',
      'wx-run-committee',
      groupOf(unitId),
    ]) {
      expect(await db.models.outbox.countDocuments({ 'to.id': contactId, _id: /^clock:/ })).toBe(0);
    }
  });

  it('are dropped with a log line when picked up at the next one’s time or later, and run a millisecond before', async () => {
    const first = await arrearsOf('202', 1);
    const second = await arrearsOf('202', 2);
    // Each holds until the next one's time (re-planned from the case, not stored on the deadline):
    // two picked up late together say it once.
    expect(await runAt(first, second.dueAt)).toBe('skipped');
    expect(await runAt(first, after(second, 86_400_000))).toBe('skipped');
    expect((await reminded()).filter((doc) => doc.to.id === 'wx-run-202')).toEqual([]);
    expect(
      lines.filter(
        (line) =>
          line.msg === 'clock dropped: its moment passed before it ran' && line.deadline === first._id,
      ),
    ).toEqual([
      expect.objectContaining({ level: 40, kind: 'running.arrears', expiresAt: second.dueAt.toISOString() }),
      expect.objectContaining({ level: 40, kind: 'running.arrears', expiresAt: second.dueAt.toISOString() }),
    ]);
  });

  it('tell what is still owed when it runs, after a part was paid', async () => {
    await recordRunningPayment(ctx, { unitId, room: '202', amountFen: 4_999 }, meta);
    const deadline = await arrearsOf('202', 1);
    expect(await runAt(deadline, deadline.dueAt)).toBe('done');
    expect((await reminded()).filter((doc) => doc.to.id === 'wx-run-202')).toEqual([
      expect.objectContaining({ _id: `clock:${deadline._id}:wx-run-202`, text: notice('202', '0.01 元') }),
    ]);
  });

  it('are skipped, sending nothing, once the flat has paid all it owes', async () => {
    const first = await arrearsOf('202', 2);
    const before = await reminded();
    await recordRunningPayment(ctx, { unitId, room: '202', amountFen: 1 }, meta);
    expect(await runAt(first, first.dueAt)).toBe('skipped');
    await recordRunningPayment(ctx, { unitId, room: '201', amountFen: 5_000 }, meta);
    const second = await arrearsOf('201', 2);
    expect(await runAt(second, second.dueAt)).toBe('skipped');
    expect(await reminded()).toEqual(before);
  });
});
