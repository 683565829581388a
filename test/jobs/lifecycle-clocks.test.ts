/**
 * The clocks after the vote on real Agenda and the embedded database, with the clock moved forward
 * instead of waiting days: a convened department late with its opinion alerts the committee (never
 * before its third working day, once), the joint review's deadline is cancelled when the review
 * concludes in time, the 使用单位 clock is cancelled when one is named, and use registration is
 * reminded privately to the applicants and the committee a week before it is due, then its overdue
 * clock is cancelled by the registration.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  acceptApplication,
  concludeJointReview,
  recordReviewOpinion,
  submitApplication,
} from '../../commands/application.js';
import { recordContactRole } from '../../commands/record-contact-role.js';
import { signAgreement } from '../../commands/sign-agreement.js';
import { loadCase } from '../../commands/kernel/read.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
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
} from '../../commands/works.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { waitFor } from '../support/bot.js';
import { heardFrom } from '../support/contacts.js';
import { uniqueDbName } from '../support/db.js';
import { ShiftedClock, startTestSystem, unitWithShortBallot } from './support.js';

const clock = new ShiftedClock();
let system: System;
let unitId: string;

const meta = (): CommandMeta => ({ actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: clock.now() });
const state = async () => (await loadCase(system.commands, unitId)).state;
/**
 * The case's latest deadline of `kind`. Null for a moment while the sweeper records it finished (it
 * deletes and inserts it again, by `_id`): wait on it with `?.`.
 */
const deadline = (kind: string) =>
  system.models.deadlines.findOne({ caseId: unitId, kind }).sort({ dueAt: -1 }).lean<DeadlineDoc>().exec();
const toContact = (contactId: string) =>
  system.models.outbox.find({ 'to.id': contactId }).lean<OutboxDoc[]>().exec();
/** Moves the clock to `at` (its offset from the wall clock). */
const setNow = (at: Date) => {
  clock.offsetMs = at.getTime() - Date.now();
};

beforeAll(async () => {
  system = await startTestSystem(uniqueDbName('lifecycle-clocks'), clock, { scheduler: true });
  ({ unitId } = await unitWithShortBallot(system, clock, 2000));
  await waitFor(async () => (await state()).stage === 'agreement', 20_000);
  for (const [contactId, role] of [
    ['wx-committee', 'committee'],
    ['wx-applicant', 'applicant'],
  ] as const) {
    await heardFrom(system.models, contactId);
    await recordContactRole(system.commands, { unitId, contactId, role }, meta());
  }
  const signed = await signAgreement(system.commands, { unitId }, meta());
  // The scheduler ends publicity itself at 24:00 of its last day.
  setNow(new Date(Date.parse(signed.publicity.endsAt) + 1000));
  await waitFor(async () => (await state()).stage === 'application', 20_000);
}, 60_000);

afterAll(async () => {
  await system?.connection.dropDatabase().catch(() => undefined);
  await system?.stop();
});

describe('the joint review’s clocks', () => {
  it('alert the committee when a department is late with its opinion, never before its third working day', async () => {
    await submitApplication(system.commands, { unitId, materials: ['申请书', '协议书'] }, meta());
    await acceptApplication(system.commands, { unitId, departments: ['规划', '消防'] }, meta());
    await recordReviewOpinion(system.commands, { unitId, department: '规划', opinion: 'approve' }, meta());
    const opinions = (await deadline('review.opinions'))!;
    expect(opinions.status).toBe('pending');
    // A minute before: the scheduler sweeps, nothing is raised.
    setNow(new Date(opinions.dueAt.getTime() - 60_000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await state()).alerts).toEqual([]);
    expect((await deadline('review.opinions'))!.status).toBe('pending');

    setNow(new Date(opinions.dueAt.getTime() + 1000));
    await waitFor(async () => (await deadline('review.opinions'))?.status === 'done', 20_000);
    const alerts = (await state()).alerts;
    expect(alerts.map((alert) => [alert.kind, alert.level])).toEqual([['review_opinions_late', 'committee']]);
    // That morning's reminder (review.remind, 10:00 of the due day), then the alert at its 24:00.
    const told = (await toContact('wx-committee')).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );
    expect(told).toHaveLength(2);
    expect(told[0]!.text).toContain('消防的书面意见今天');
    expect(told[1]!.text).toContain('消防的书面意见还没有收到');
    expect(told[1]!.text).toContain(`收到 ${alerts[0]!.alertId}`);
  });

  it('cancel the overall deadline when the review concludes in time', async () => {
    expect((await deadline('review.overdue'))!.status).toBe('pending');
    await recordReviewOpinion(system.commands, { unitId, department: '消防', opinion: 'approve' }, meta());
    await concludeJointReview(system.commands, { unitId, decision: 'approved' }, meta());
    expect((await deadline('review.overdue'))!.status).toBe('cancelled');
    expect((await state()).stage).toBe('approved');
  });
});

describe('the clocks of handover and use registration', () => {
  it('cancel the 使用单位 alert once one is named', async () => {
    const c = system.commands;
    await recordPipelineRelocation(c, { unitId, utilities: ['燃气'] }, meta());
    await notifyInstallation(c, { unitId, installer: '某电梯安装公司' }, meta());
    await startConstruction(c, { unitId }, meta());
    await completeConstruction(c, { unitId }, meta());
    await recordSupervisionInspection(c, { unitId, passed: true }, meta());
    await acceptCompletion(c, { unitId }, meta());
    expect((await deadline('handover.user_unit'))!.status).toBe('pending');
    await nameUserUnit(c, { unitId, name: '某物业公司', kind: 'entrusted_manager' }, meta());
    expect((await deadline('handover.user_unit'))!.status).toBe('cancelled');
  });

  it('remind the applicants and the committee privately a week before registration is due, once', async () => {
    await handOver(system.commands, { unitId }, meta());
    const remind = (await deadline('registration.remind'))!;
    const dueOn = (await state()).service!.useRegistrationDueOn;
    setNow(new Date(remind.dueAt.getTime() + 1000));
    await waitFor(async () => (await deadline('registration.remind'))?.status === 'done', 20_000);
    for (const contactId of ['wx-applicant', 'wx-committee']) {
      const reminders = (await toContact(contactId)).filter((m) => m.text.includes('使用登记提醒'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.text).toContain('前办好（进入使用后 30 天内）');
      expect(reminders[0]!.expiresAt?.toISOString()).toBe(
        new Date(Date.parse(`${dueOn}T16:00:00.000Z`)).toISOString(),
      );
    }
  });

  it('cancel the overdue alert when use is registered in time', async () => {
    expect((await deadline('registration.overdue'))!.status).toBe('pending');
    await registerUse(system.commands, { unitId, certificateNo: '梯11浙A0001' }, meta());
    expect((await deadline('registration.overdue'))!.status).toBe('cancelled');
    expect((await state()).stage).toBe('in_service');
    expect((await state()).alerts.map((alert) => alert.kind)).toEqual(['review_opinions_late']);
  });
});
