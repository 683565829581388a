/**
 * One unit's whole case, from the ballot to an elevator in service, on the real parts at once: the
 * embedded database, the Koa API over HTTP, Agenda with the deadline sweeper, and the bot on the
 * Wechaty mock puppet. The clock is the wall clock shifted by the test, moved forward instead of waiting
 * days. Residents bind their flats and vote in the group; the agreement is signed and the clock ends
 * publicity; the application, the joint review and the works go through the API as the applicant
 * representative and the district, each gate refused first where the story meets it (the refusal's
 * code, nothing stored). Every clock after the vote fires once and never before its time: the private
 * 补交材料 reminder, the district and the committee reminded privately the morning a department's
 * opinion falls due, that late opinion alerted to the committee and climbing to the sub-district
 * unacknowledged, the review concluded before its own reminder's day, the missing 使用单位 alerted, and use registration reminded a week
 * before it is due. The group hears each step in one short line, in order; `进度` answers with the stage
 * and the next gate; `我的费用` answers privately with the flat's share and the provident-fund line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import {
  acknowledged,
  alertNotice,
  applicationAcceptedNotice,
  applicationSubmittedNotice,
  COMPLETION_ACCEPTED_NOTICE,
  constructionCompletedNotice,
  constructionStartedNotice,
  handedOverNotice,
  householdBoundNotice,
  incompleteMaterialsNotice,
  inspectionNotice,
  installationNotifiedNotice,
  jointReviewConcludedNotice,
  materialsSupplementedNotice,
  pipelineRelocationNotice,
  publicityEndedNotice,
  publicityMidpointNotice,
  publicityStartedNotice,
  registrationDueNotice,
  reviewDueNotice,
  supplementDueNotice,
  unitBoundNotice,
  USE_REGISTERED_NOTICE,
  userUnitNotice,
} from '../../messages/index.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import { expectError } from '../support/api-helpers.js';
import { waitFor } from '../support/bot.js';
import type { Json, Reply } from '../support/http.js';
import { SystemWorld } from '../support/system-world.js';
import { flats } from '../support/units.js';

const UNIT = '甲1幢2单元';
const ROOMS = ['101', '102', '201', '202', '301', '302', '401', '402'];
const DEPARTMENTS = ['区住建局', '区规划资源分局', '区市场监管局'];
/** The materials handed in, as the city's checklist names them; the district finds two missing. */
const MATERIALS = [
  '加装电梯申请书',
  '业主表决结果（双三分之二）',
  '加装电梯协议书（费用分摊、运行维护）',
  '公示情况及异议处理结果',
  '设计方案及施工图',
];
const MISSING = ['房屋结构安全评估', '管线迁移方案'];
const FUND_PAPERS = '本人身份证、不动产权证、加装电梯协议书（写明本户分摊）、竣工验收合格证明、本户付款凭证';

let unitId: string;
const world = new SystemWorld({ name: 'after_vote', caseId: () => unitId });
const {
  said,
  logLines,
  fired,
  setNow,
  place,
  api,
  post,
  events,
  say,
  inGroup,
  privately,
  groupHears,
  pendingDeadline,
  deadlineById,
} = world;
let applicantToken: string;
let districtToken: string;
let group: mock.RoomMock;
/** The resident of each room, in `ROOMS` order. */
let residents: mock.ContactMock[];
/** 张主任 of the 居委会, 刘先生 the applicant representative, 陈科长 of the 街道, 王科长 of the 区住建部门. */
let committee: mock.ContactMock;
let applicant: mock.ContactMock;
let subdistrict: mock.ContactMock;
let district: mock.ContactMock;

const asApplicant = (tail: string, body: unknown = {}) =>
  post(`/units/${unitId}${tail}`, body, applicantToken);
const asDistrict = (tail: string, body: unknown = {}) => post(`/units/${unitId}${tail}`, body, districtToken);

/** A refusal in plain Chinese that stored nothing. */
async function refusedUnchanged(send: () => Promise<Reply>, status: number, code: string, message?: RegExp) {
  const before = await events();
  expectError(await send(), status, code, message);
  expect(await events()).toBe(before);
}

/** Says `进度` in the group and returns the bot's three lines there. */
async function progress(who: mock.ContactMock): Promise<string> {
  const before = inGroup().length;
  await say(who, '进度');
  await waitFor(() =>
    inGroup()
      .slice(before)
      .some((text) => text.startsWith('现在：')),
  );
  return inGroup()
    .slice(before)
    .find((text) => text.startsWith('现在：'))!;
}

/**
 * The case's pending clock of `kind` (the one stored under `id`, when the case has several of the
 * kind), run on time (see `runOnTime`). Returns it as the sweeper left it (`done`).
 */
async function fireOnTime(kind: string, id?: string): Promise<DeadlineDoc> {
  const pending = id === undefined ? await pendingDeadline(kind) : await deadlineById(id);
  expect(pending).not.toBeNull();
  expect(pending).toMatchObject({ kind, status: 'pending' });
  return world.runOnTime(pending!);
}

/** The one alert the case raised of `kind`, as the API shows it. */
async function alertOf(kind: string): Promise<Json> {
  const alerts = (await api('GET', `/units/${unitId}/alerts`)).body.items as Json[];
  const found = alerts.filter((alert) => alert.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

beforeAll(async () => {
  // Monday 2025-03-03, 10:00 in Hangzhou.
  setNow('2025-03-03T02:00:00.000Z');
  await world.start();
  residents = ROOMS.map((room) => world.contact(`${room}的住户`));
  committee = world.contact('张主任');
  applicant = world.contact('刘先生');
  subdistrict = world.contact('陈科长');
  district = world.contact('王科长');
  group = world.createGroup(`${UNIT}加梯群`, [...residents, committee, applicant]);
}, 60_000);

afterAll(() => world.stop());

describe('a unit’s case from the ballot to an elevator in service', () => {
  it('binds the group and the flats, passes the ballot by chat votes, signs, and the clock ends publicity', async () => {
    const districtId = await place('district', '甲区');
    const communityId = await place('community', '甲社区', await place('subdistrict', '甲街道', districtId));
    const registered = await post('/units', { name: UNIT, communityId, flats: flats(8) });
    expect(registered.status).toBe(201);
    unitId = registered.body.id as string;
    const token = async (role: string, scope: { kind: string; id: string }) => {
      const reply = await post('/tokens', { name: `${role}的人`, role, scope, expiresInDays: 366 });
      expect(reply.status).toBe(201);
      return reply.body.token as string;
    };
    applicantToken = await token('applicant', { kind: 'unit', id: unitId });
    districtToken = await token('district', { kind: 'district', id: districtId });

    // The committee binds the group with the unit's code.
    const groupCode = (await post(`/units/${unitId}/group-code`)).body.code as string;
    await say(committee, `绑定单元 ${groupCode}`);
    await groupHears(unitBoundNotice(UNIT));
    for (const [contact, role] of [
      [committee, 'committee'],
      [applicant, 'applicant'],
      [subdistrict, 'subdistrict'],
      [district, 'district'],
    ] as const) {
      expect((await post(`/units/${unitId}/contacts`, { contactId: contact.id, role })).status).toBe(201);
    }

    // ¥400,000 less a ¥100,000 subsidy, shared by the floors above the first.
    const plan = await post(`/units/${unitId}/plans`, {
      planVersion: 1,
      title: '方案一',
      cost: {
        totalCostFen: 40_000_000,
        subsidyFen: 10_000_000,
        scheme: {
          kind: 'explicit',
          fenByRoom: {
            '201': 3_000_000,
            '202': 3_000_000,
            '301': 5_000_000,
            '302': 5_000_000,
            '401': 7_000_000,
            '402': 7_000_000,
          },
        },
      },
    });
    expect(plan.status).toBe(201);

    // Each household binds its flat with its slip, privately; the group hears only the room.
    const codes = (await post(`/units/${unitId}/binding-codes`)).body.codes as {
      room: string;
      code: string;
    }[];
    for (const [i, room] of ROOMS.entries()) {
      await say(residents[i]!, `绑定 ${codes.find((c) => c.room === room)!.code}`, 'bot');
      await groupHears(householdBoundNotice(room));
    }

    // A major ballot for a week; everyone votes in the group, 402 against.
    const opened = await post(`/units/${unitId}/ballots`, {
      title: '加装电梯',
      matter: 'major',
      closesAt: '2025-03-10T02:00:00.000Z',
    });
    expect(opened.status).toBe(201);
    for (const [i, room] of ROOMS.entries()) {
      await say(residents[i]!, room === '402' ? '反对' : '同意');
      await waitFor(() => inGroup().some((text) => text.startsWith(`${room} 已表决`)));
    }
    const close = await fireOnTime('ballot.close');
    expect(close.dueAt.toISOString()).toBe('2025-03-10T02:00:00.000Z');
    await waitFor(() =>
      inGroup().some((text) => text.startsWith('表决已在 3月10日 10:00 结束，结果：通过。')),
    );
    expect((await api('GET', `/units/${unitId}`)).body.stage).toBe('agreement');

    // Signed Monday 2025-03-10: publicity to Thursday 2025-03-20 at 24:00.
    setNow('2025-03-10T03:00:00.000Z');
    expect((await post(`/units/${unitId}/agreement`, {})).status).toBe(201);
    await groupHears(publicityStartedNotice({ days: 10, endsOn: '2025-03-20' }));
    await refusedUnchanged(
      () => asApplicant('/application', { materials: MATERIALS }),
      409,
      'publicity_not_over',
      /公示/,
    );
    const midpoint = await fireOnTime('publicity.midpoint');
    expect(midpoint.dueAt.toISOString()).toBe('2025-03-15T02:00:00.000Z');
    await groupHears(publicityMidpointNotice('2025-03-20'));
    const end = await fireOnTime('publicity.end');
    expect(end.dueAt.toISOString()).toBe('2025-03-20T16:00:00.000Z');
    await groupHears(publicityEndedNotice(0));
    expect((await api('GET', `/units/${unitId}`)).body.stage).toBe('application');
  });

  it('takes the application through the API: acceptance refused while materials are missing, 补交材料 reminded once a week after the notice', async () => {
    setNow('2025-03-21T02:00:00.000Z');
    const submitted = await asApplicant('/application', { materials: MATERIALS, reference: 'SQ-2025-07' });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      stage: 'application',
      application: { submittedOn: '2025-03-21' },
    });
    await groupHears(applicationSubmittedNotice({ materials: 5 }));
    const notified = await asDistrict('/application/incomplete', { missing: MISSING });
    expect(notified.status).toBe(201);
    expect(notified.body.application).toMatchObject({ outstanding: MISSING, awaitingSupplement: true });
    await groupHears(incompleteMaterialsNotice({ missing: MISSING }));
    await refusedUnchanged(
      () => asDistrict('/application/acceptance', { departments: DEPARTMENTS }),
      422,
      'materials_incomplete',
    );
    expect(await progress(residents[5]!)).toBe(
      [
        '现在：「报批申请」阶段，区里要求补 2 项材料，正在补。',
        '下一步：区里受理后组织联合审查。',
        '时间：受理时间看区里，还没定。',
      ].join('\n'),
    );

    // Seven days after the notice, at 10:00: the applicant and the committee, privately, once.
    const supplement = await fireOnTime('application.supplement');
    expect(supplement.dueAt.toISOString()).toBe('2025-03-28T02:00:00.000Z');
    const reminder = supplementDueNotice(UNIT, '2025-03-21', MISSING);
    for (const contact of [applicant, committee]) {
      await waitFor(() => privately(contact).includes(reminder));
    }
    expect(inGroup()).not.toContain(reminder);

    const supplied = await asApplicant('/application/supplement', { materials: MISSING });
    expect(supplied.status).toBe(201);
    await groupHears(materialsSupplementedNotice({ materials: 2, outstanding: 0 }));
    // Accepted Friday 2025-03-28: ten working days, 清明 (4–6 April) not among them → 2025-04-14.
    const accepted = await asDistrict('/application/acceptance', { departments: DEPARTMENTS });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      stage: 'joint_review',
      application: { acceptedOn: '2025-03-28', reviewDueOn: '2025-04-14' },
    });
    await groupHears(applicationAcceptedNotice({ departments: 3, reviewDueOn: '2025-04-14' }));
  });

  it('alerts the committee when a department’s opinion is late, climbs to the sub-district unacknowledged, then concludes', async () => {
    for (const department of ['区住建局', '区规划资源分局']) {
      expect((await asDistrict('/application/opinions', { department, opinion: 'approve' })).status).toBe(
        201,
      );
    }
    expect(await progress(residents[2]!)).toBe(
      [
        '现在：「联合审查」阶段，区里 3月28日 受理了申请，正在审查。',
        '下一步：审查通过后迁移管线、准备开工。',
        '时间：审查期限到 4月14日。',
      ].join('\n'),
    );

    // 10:00 of the third working day after acceptance (Wednesday 2 April), 区市场监管局 still silent:
    // the district and the committee, privately, naming it.
    const remind = await fireOnTime('review.remind', `review.remind:${unitId}:opinions:2025-03-28`);
    expect(remind.dueAt.toISOString()).toBe('2025-04-02T02:00:00.000Z');
    const reminder = reviewDueNotice(UNIT, '2025-04-02', ['区市场监管局']);
    for (const contact of [district, committee]) {
      await waitFor(() => privately(contact).includes(reminder));
    }
    expect(privately(applicant)).not.toContain(reminder);
    expect(privately(subdistrict)).toEqual([]);
    expect(inGroup()).not.toContain(reminder);

    // 24:00 of that day.
    const late = await fireOnTime('review.opinions');
    expect(late.dueAt.toISOString()).toBe('2025-04-02T16:00:00.000Z');
    const alert = await alertOf('review_opinions_late');
    expect(alert).toMatchObject({ level: 'committee', open: true, skipped: [], unreached: false });
    const raised = alertNotice({
      ref: alert.alertId as string,
      kind: 'review_opinions_late',
      level: 'committee',
      unitName: UNIT,
      departments: ['区市场监管局'],
      workingDays: 3,
    });
    await waitFor(() => privately(committee).includes(raised));
    expect(privately(subdistrict)).toEqual([]);

    // No one acknowledges: three working days on (清明 4 April not one of them), the sub-district.
    const climb = await fireOnTime('alert.escalate');
    expect(climb.dueAt.toISOString()).toBe('2025-04-09T16:00:00.000Z');
    const escalated = alertNotice({
      ref: alert.alertId as string,
      kind: 'review_opinions_late',
      level: 'subdistrict',
      unitName: UNIT,
      escalatedAfter: 3,
    });
    await waitFor(() => privately(subdistrict).includes(escalated));
    expect(await alertOf('review_opinions_late')).toMatchObject({ level: 'subdistrict', open: true });
    await say(subdistrict, `收到 ${alert.alertId}`, 'bot');
    await waitFor(() => privately(subdistrict).includes(acknowledged(alert.alertId as string)));
    expect(await alertOf('review_opinions_late')).toMatchObject({ level: 'subdistrict', open: false });

    setNow('2025-04-10T02:00:00.000Z');
    expect(
      (await asDistrict('/application/opinions', { department: '区市场监管局', opinion: 'approve' })).status,
    ).toBe(201);
    const concluded = await asDistrict('/application/conclusion', { decision: 'approved' });
    expect(concluded.status).toBe(201);
    expect(concluded.body).toMatchObject({ stage: 'approved', jointReview: { concludedOn: '2025-04-10' } });
    await groupHears(jointReviewConcludedNotice({ decision: 'approved', reasons: [], conditions: [] }));
    expect((await deadlineById(`review.overdue:${unitId}:2025-03-28`))?.status).toBe('cancelled');
    // Concluded before its day (Monday 14 April): the conclusion's reminder never runs.
    expect((await deadlineById(`review.remind:${unitId}:conclusion:2025-04-14`))?.status).toBe('cancelled');
  });

  it('runs the works to handover and use registration, each gate refused first, the 使用单位 alerted and registration reminded', async () => {
    setNow('2025-04-21T02:00:00.000Z');
    await refusedUnchanged(
      () => asApplicant('/works/installation-notice', { installer: '杭州某电梯安装公司' }),
      422,
      'pipeline_relocation_not_recorded',
    );
    expect((await asApplicant('/works/pipeline-relocation', { utilities: ['燃气', '自来水'] })).status).toBe(
      201,
    );
    await groupHears(pipelineRelocationNotice({ utilities: ['燃气', '自来水'] }));
    expect(
      (await asApplicant('/works/installation-notice', { installer: '杭州某电梯安装公司' })).status,
    ).toBe(201);
    await groupHears(installationNotifiedNotice({ installer: '杭州某电梯安装公司' }));
    expect((await asApplicant('/works/start')).body.stage).toBe('works');
    await groupHears(constructionStartedNotice({ startedOn: '2025-04-21' }));

    // Tuesday 3 June: completed, inspected twice, accepted.
    setNow('2025-06-03T02:00:00.000Z');
    expect((await asApplicant('/works/completion')).body.stage).toBe('inspection');
    await groupHears(constructionCompletedNotice({ completedOn: '2025-06-03' }));
    const failed = await asApplicant('/works/inspections', { passed: false, defects: ['层门间隙过大'] });
    expect(failed.body.stage).toBe('inspection');
    await groupHears(inspectionNotice({ passed: false, defects: 1 }));
    await refusedUnchanged(() => asApplicant('/works/acceptance'), 422, 'supervision_inspection_not_passed');
    const passed = await asApplicant('/works/inspections', { passed: true, reportRef: 'JY-2025-118' });
    expect(passed.body.stage).toBe('acceptance');
    await groupHears(inspectionNotice({ passed: true, defects: 0 }));
    expect((await asApplicant('/works/acceptance')).body.stage).toBe('handover');
    await groupHears(COMPLETION_ACCEPTED_NOTICE);
    await refusedUnchanged(() => asApplicant('/handover'), 422, 'no_user_unit', /使用单位/);

    // 302 paid part of its share; asked in the group, the bot answers privately.
    expect((await post(`/units/${unitId}/payments`, { room: '302', amountFen: 2_000_000 })).status).toBe(201);
    const asker = residents[ROOMS.indexOf('302')]!;
    const groupBefore = inGroup().length;
    await say(asker, '我的费用');
    const costs = [
      '302 室：按协议分摊 50,000 元（全楼已扣政府补贴 100,000 元）。已交 20,000 元，还要交 30,000 元。',
      '电梯已验收合格，可以提取公积金付这笔钱（本人及配偶、父母、子女的都可以）。',
      '交费请找居委会或申请人代表，交了会记在这里。',
      `提取公积金要带：${FUND_PAPERS}。`,
    ].join('\n');
    await waitFor(() => privately(asker).includes(costs));
    expect(inGroup().slice(groupBefore)).toEqual([]);

    // 24:00 of the fifth working day after acceptance, no 使用单位: the committee is alerted, and confirms.
    const userUnit = await fireOnTime('handover.user_unit');
    expect(userUnit.dueAt.toISOString()).toBe('2025-06-10T16:00:00.000Z');
    const missing = await alertOf('user_unit_missing');
    expect(missing).toMatchObject({ level: 'committee', open: true });
    await waitFor(() =>
      privately(committee).includes(
        alertNotice({
          ref: missing.alertId as string,
          kind: 'user_unit_missing',
          level: 'committee',
          unitName: UNIT,
          workingDays: 5,
        }),
      ),
    );
    await say(committee, `收到 ${missing.alertId}`, 'bot');
    await waitFor(() => privately(committee).includes(acknowledged(missing.alertId as string)));

    // Wednesday 11 June: the 使用单位 named, handed over; use registration due 30 days on.
    setNow('2025-06-11T02:00:00.000Z');
    const named = await asApplicant('/user-unit', { name: '某物业公司', kind: 'entrusted_manager' });
    expect(named.status).toBe(201);
    await groupHears(userUnitNotice({ kind: 'entrusted_manager', name: '某物业公司' }));
    const handed = await asApplicant('/handover', { documents: ['产品合格证', '监督检验报告'] });
    expect(handed.body).toMatchObject({
      stage: 'registration',
      service: { enteredUseOn: '2025-06-11', useRegistrationDueOn: '2025-07-11' },
    });
    await groupHears(handedOverNotice({ enteredUseOn: '2025-06-11', useRegistrationDueOn: '2025-07-11' }));
    expect(await progress(residents[7]!)).toBe(
      [
        '现在：「使用登记」阶段，电梯 6月11日 起投入使用，正在办使用登记。',
        '下一步：办好使用登记，之后按时维保。',
        '时间：使用登记要在 7月11日 前办好。',
      ].join('\n'),
    );

    // A week before it is due, at 10:00: the applicant and the committee, privately.
    const remind = await fireOnTime('registration.remind');
    expect(remind.dueAt.toISOString()).toBe('2025-07-04T02:00:00.000Z');
    const reminder = registrationDueNotice(UNIT, '2025-07-11');
    for (const contact of [applicant, committee]) {
      await waitFor(() => privately(contact).includes(reminder));
    }
    const registered = await asApplicant('/use-registration', { certificateNo: 'DT-330106-2025-0042' });
    expect(registered.body).toMatchObject({
      stage: 'in_service',
      service: { registeredOn: '2025-07-04', registeredLate: false },
    });
    await groupHears(USE_REGISTERED_NOTICE);
    expect((await deadlineById(`registration.overdue:${unitId}:2025-07-11`))?.status).toBe('cancelled');
  });

  it('told the group each step in one short line, in order, and 我的费用 never in the group', () => {
    const afterVote = [
      applicationSubmittedNotice({ materials: 5 }),
      incompleteMaterialsNotice({ missing: MISSING }),
      materialsSupplementedNotice({ materials: 2, outstanding: 0 }),
      applicationAcceptedNotice({ departments: 3, reviewDueOn: '2025-04-14' }),
      jointReviewConcludedNotice({ decision: 'approved', reasons: [], conditions: [] }),
      pipelineRelocationNotice({ utilities: ['燃气', '自来水'] }),
      installationNotifiedNotice({ installer: '杭州某电梯安装公司' }),
      constructionStartedNotice({ startedOn: '2025-04-21' }),
      constructionCompletedNotice({ completedOn: '2025-06-03' }),
      inspectionNotice({ passed: false, defects: 1 }),
      inspectionNotice({ passed: true, defects: 0 }),
      COMPLETION_ACCEPTED_NOTICE,
      userUnitNotice({ kind: 'entrusted_manager', name: '某物业公司' }),
      handedOverNotice({ enteredUseOn: '2025-06-11', useRegistrationDueOn: '2025-07-11' }),
      USE_REGISTERED_NOTICE,
    ];
    /** Each step as the group heard it: the whole message, or how it starts (the longer ones). */
    const steps: ((text: string) => boolean)[] = [
      unitBoundNotice(UNIT),
      (text: string) => text.startsWith('加装电梯方案第 1 版已发布：方案一\n'),
      ...ROOMS.map(householdBoundNotice),
      ...ROOMS.map((room) => (text: string) => text.startsWith(`${room} 已表决`)),
      (text: string) => text.startsWith('表决已在 3月10日 10:00 结束，结果：通过。\n'),
      publicityStartedNotice({ days: 10, endsOn: '2025-03-20' }),
      publicityMidpointNotice('2025-03-20'),
      publicityEndedNotice(0),
      ...afterVote,
    ].map((step) => (typeof step === 'string' ? (text: string) => text === step : step));
    const heardInGroup = inGroup();
    // Each once, in the order the steps happened.
    const at = steps.map((step, n) => {
      expect({ step: n, times: heardInGroup.filter(step).length }).toEqual({ step: n, times: 1 });
      return heardInGroup.findIndex(step);
    });
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // The steps after the vote in one short line each.
    for (const step of afterVote) expect(step).toMatch(/^[^\n]{1,80}$/);
    // Nothing private in the group: no alert, no reminder, no one's money.
    expect(heardInGroup.filter((text) => /【|公积金|已交 \d|还要交|室：/.test(text))).toEqual([]);
    // 进度 was answered in the group three times, at three stages.
    expect(heardInGroup.filter((text) => text.startsWith('现在：')).map((t) => t.split('。')[0])).toEqual([
      '现在：「报批申请」阶段，区里要求补 2 项材料，正在补',
      '现在：「联合审查」阶段，区里 3月28日 受理了申请，正在审查',
      '现在：「使用登记」阶段，电梯 6月11日 起投入使用，正在办使用登记',
    ]);
  });

  it('ran every clock once and never before its time', async () => {
    const kinds = [...fired.values()].map((f) => f.deadline.kind);
    expect(kinds).toEqual([
      'ballot.close',
      'publicity.midpoint',
      'publicity.end',
      'application.supplement',
      'review.remind',
      'review.opinions',
      'alert.escalate',
      'handover.user_unit',
      'registration.remind',
    ]);
    for (const { deadline, seenAt } of fired.values()) {
      expect({
        id: deadline._id,
        status: deadline.status,
        attempts: deadline.attempts,
        late: deadline.late,
      }).toEqual({
        id: deadline._id,
        status: 'done',
        attempts: 1,
        late: false,
      });
      expect(deadline.doneAt!.getTime()).toBeGreaterThanOrEqual(deadline.dueAt.getTime());
      expect(seenAt.getTime()).toBeGreaterThanOrEqual(deadline.dueAt.getTime());
    }
    // Each private alert and reminder said once, to whom it was due, never before its clock.
    const due = (kind: string) => [...fired.values()].find((f) => f.deadline.kind === kind)!.deadline.dueAt;
    const alerts = (await api('GET', `/units/${unitId}/alerts`)).body.items as Json[];
    expect(alerts.map((a) => [a.kind, a.level, a.open])).toEqual([
      ['review_opinions_late', 'subdistrict', false],
      ['user_unit_missing', 'committee', false],
    ]);
    const [late, userUnit] = alerts;
    const expected: [mock.ContactMock, string, Date][] = [
      [applicant, supplementDueNotice(UNIT, '2025-03-21', MISSING), due('application.supplement')],
      [committee, supplementDueNotice(UNIT, '2025-03-21', MISSING), due('application.supplement')],
      [district, reviewDueNotice(UNIT, '2025-04-02', ['区市场监管局']), due('review.remind')],
      [committee, reviewDueNotice(UNIT, '2025-04-02', ['区市场监管局']), due('review.remind')],
      [
        committee,
        alertNotice({
          ref: late.alertId,
          kind: 'review_opinions_late',
          level: 'committee',
          unitName: UNIT,
          departments: ['区市场监管局'],
          workingDays: 3,
        }),
        due('review.opinions'),
      ],
      [
        subdistrict,
        alertNotice({
          ref: late.alertId,
          kind: 'review_opinions_late',
          level: 'subdistrict',
          unitName: UNIT,
          escalatedAfter: 3,
        }),
        due('alert.escalate'),
      ],
      [
        committee,
        alertNotice({
          ref: userUnit.alertId,
          kind: 'user_unit_missing',
          level: 'committee',
          unitName: UNIT,
          workingDays: 5,
        }),
        due('handover.user_unit'),
      ],
      [applicant, registrationDueNotice(UNIT, '2025-07-11'), due('registration.remind')],
      [committee, registrationDueNotice(UNIT, '2025-07-11'), due('registration.remind')],
    ];
    for (const [contact, text, dueAt] of expected) {
      const times = said.filter((s) => s.listenerId === contact.id && s.text === text);
      expect(times).toHaveLength(1);
      expect(times[0]!.at.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    }
    // And nothing else of the kind: every 【…】 message said is one of those.
    const bracketed = said.filter((s) => s.text.startsWith('【')).map((s) => [s.listenerId, s.text]);
    expect(bracketed).toHaveLength(expected.length);
    // The group's clock notices, once each, never before their clocks.
    for (const [kind, text] of [
      ['publicity.midpoint', publicityMidpointNotice('2025-03-20')],
      ['publicity.end', publicityEndedNotice(0)],
    ] as const) {
      const times = said.filter((s) => s.roomId === group.id && s.text === text);
      expect(times).toHaveLength(1);
      expect(times[0]!.at.getTime()).toBeGreaterThanOrEqual(due(kind).getTime());
    }
    expect(logLines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
