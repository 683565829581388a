/**
 * The application and its joint review over real HTTP on the real database (domain.md §4; HZ-2021
 * item 7), as the people who do it: the applicant representative hands it in once publicity is over,
 * the district notifies every missing material at once, the applicant supplies them, the district
 * accepts (the review due ten working days on, on the State Council calendar) and records each
 * department's opinion and the conclusion. Every gate refuses in plain Chinese and stores nothing; each
 * step but a single opinion is told to the unit's group in one line; a committee member cannot do the
 * district's part.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { endPublicity, expectError, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Reply, type TestApi } from '../support/http.js';
import { createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-application@chatroom';

let api: TestApi;
let unitId: string;
let applicant: string;
let committee: string;
let district: string;

const path = (tail = '') => `/api/v1/units/${unitId}/application${tail}`;
const asApplicant = (tail: string, body: unknown) => api.post(path(tail), body, { token: applicant });
const asDistrict = (tail: string, body: unknown) => api.post(path(tail), body, { token: district });
const events = () => api.system.models.caseEvents.countDocuments({ caseId: unitId });
const groupSaid = async () =>
  (await api.system.models.outbox.find({ 'to.id': GROUP }).lean<OutboxDoc[]>().exec())
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id))
    .map((m) => m.text);

/** A refusal that stored nothing. */
async function refusedUnchanged(send: () => Promise<Reply>, status: number, code: string, message?: RegExp) {
  const before = await events();
  expectError(await send(), status, code, message);
  expect(await events()).toBe(before);
}

beforeAll(async () => {
  api = await startTestApi();
  const districtId = await createPlace(api, 'district', '甲区');
  const subdistrictId = await createPlace(api, 'subdistrict', '甲街道', districtId);
  const communityId = await createPlace(api, 'community', '甲社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '甲1幢2单元', taggedFlats(6, '甲', '1391111'));
  const token = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id }, expiresInDays: 366 })).secret;
  applicant = await token('applicant', 'unit', unitId);
  committee = await token('committee', 'community', communityId);
  district = await token('district', 'district', districtId);
  const groupCode = (await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string;
  await bindGroup(
    api.system.commands,
    { roomId: GROUP, code: groupCode, contactId: 'wx-committee', groupUnitId: null },
    { now: api.clock.now() },
  );
  expect((await api.post(`/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status).toBe(
    201,
  );
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202', '301', '302'], 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
  // Signed Monday 2025-03-10: publicity ends Thursday 2025-03-20 at 24:00.
  expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

describe('handing the application in', () => {
  it('is refused while publicity runs, in plain Chinese, storing nothing', async () => {
    await refusedUnchanged(
      () => asApplicant('', { materials: ['申请书'] }),
      409,
      'publicity_not_over',
      /公示/,
    );
  });

  it('goes in once publicity has ended, and the group is told what comes next', async () => {
    // What the `publicity.end` clock does at 24:00 of the last day.
    api.clock.set('2025-03-20T16:00:00.000Z');
    await endPublicity(api.system.commands, unitId, api.clock.now());
    api.clock.set('2025-03-21T02:00:00.000Z');
    const submitted = await asApplicant('', {
      materials: ['申请书', '业主表决结果', '项目协议书', '设计图纸'],
      reference: 'SQ-2025-07',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      stage: 'application',
      type: 'ApplicationSubmitted',
      announcement: 'queued',
      application: { submittedOn: '2025-03-21', outstanding: [], awaitingSupplement: false },
    });
    expect((await groupSaid()).at(-1)).toBe(
      '报批申请已交到区住建部门（4 份材料）。接下来：等受理，缺什么材料会一次性告知。',
    );
    await refusedUnchanged(
      () => asApplicant('', { materials: ['申请书'] }),
      409,
      'application_already_submitted',
    );
  });

  it('refuses a day after today, an empty list and a committee member doing the district’s part', async () => {
    await refusedUnchanged(
      () => asDistrict('/incomplete', { notifiedOn: '2025-03-22', missing: ['结构安全评估报告'] }),
      400,
      'validation_error',
    );
    await refusedUnchanged(() => asDistrict('/incomplete', { missing: [] }), 400, 'validation_error');
    await refusedUnchanged(
      () => api.post(path('/incomplete'), { missing: ['结构安全评估报告'] }, { token: committee }),
      403,
      'forbidden',
    );
  });
});

describe('missing materials and acceptance', () => {
  it('lists everything missing once; acceptance waits until it is all supplied', async () => {
    const notified = await asDistrict('/incomplete', { missing: ['结构安全评估报告', '管线迁移方案'] });
    expect(notified.status).toBe(201);
    expect(notified.body.application).toMatchObject({
      outstanding: ['结构安全评估报告', '管线迁移方案'],
      awaitingSupplement: true,
      notices: 1,
    });
    expect((await groupSaid()).at(-1)).toBe(
      '区住建部门一次性告知：还缺 2 项材料（结构安全评估报告、管线迁移方案）。申请人补齐后再交。',
    );
    await refusedUnchanged(
      () => asDistrict('/incomplete', { missing: ['别的材料'] }),
      409,
      'already_notified',
      /一次性/,
    );
    await refusedUnchanged(
      () => asDistrict('/acceptance', { departments: ['区住建局'] }),
      422,
      'materials_incomplete',
    );
    const supplied = await asApplicant('/supplement', { materials: ['结构安全评估报告', '管线迁移方案'] });
    expect(supplied.status).toBe(201);
    expect(supplied.body.application.outstanding).toEqual([]);
    expect((await groupSaid()).at(-1)).toBe('申请人补交了 2 项材料，材料已经齐了。接下来：等受理。');
  });

  it('accepts and convenes the review, due ten working days on by the legal calendar', async () => {
    // Accepted Friday 2025-03-28: ten working days, 清明 (4–6 April) not among them → 2025-04-14.
    api.clock.set('2025-03-28T02:00:00.000Z');
    const accepted = await asDistrict('/acceptance', {
      departments: ['区住建局', '区规划资源分局', '区市场监管局'],
      reference: 'SL-2025-031',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      stage: 'joint_review',
      application: { acceptedOn: '2025-03-28', reviewDueOn: '2025-04-14' },
    });
    expect((await groupSaid()).at(-1)).toBe('报批申请已受理，3 个部门联合审查，4月14日前给出结论。');
  });
});

describe('the joint review', () => {
  it('records each convened department’s opinion once, and refuses one never convened', async () => {
    const before = (await groupSaid()).length;
    expect((await asDistrict('/opinions', { department: '区住建局', opinion: 'approve' })).status).toBe(201);
    await refusedUnchanged(
      () => asDistrict('/opinions', { department: '区住建局', opinion: 'approve' }),
      409,
      'opinion_already_recorded',
    );
    await refusedUnchanged(
      () => asDistrict('/opinions', { department: '区教育局', opinion: 'approve' }),
      422,
      'department_not_convened',
    );
    await refusedUnchanged(
      () => asDistrict('/opinions', { department: '区规划资源分局', opinion: 'reject' }),
      422,
      'reasons_required',
    );
    await refusedUnchanged(
      () => asDistrict('/conclusion', { decision: 'approved' }),
      422,
      'review_opinions_missing',
    );
    for (const department of ['区规划资源分局', '区市场监管局']) {
      const given = await asDistrict('/opinions', {
        department,
        opinion: 'approve_with_conditions',
        conditions: ['施工期间保障消防通道'],
      });
      expect(given.status).toBe(201);
    }
    // A single department's opinion is recorded, not announced.
    expect((await groupSaid()).length).toBe(before);
    const read = await api.get(path(), { token: applicant });
    expect(read.body.application.opinions.map((o: { department: string }) => o.department)).toEqual([
      '区住建局',
      '区规划资源分局',
      '区市场监管局',
    ]);
  });

  it('concludes: approved with its conditions, and the group is told the next step', async () => {
    const concluded = await asDistrict('/conclusion', {
      decision: 'approved',
      conditions: ['施工期间保障消防通道'],
    });
    expect(concluded.status).toBe(201);
    expect(concluded.body).toMatchObject({
      stage: 'approved',
      jointReview: { decision: 'approved', concludedOn: '2025-03-28', conditions: ['施工期间保障消防通道'] },
    });
    expect((await groupSaid()).at(-1)).toBe(
      '联合审查通过（要求：施工期间保障消防通道）。接下来：迁移管线、书面告知市场监管部门后开工。',
    );
    const milestones = await api.get(`/api/v1/units/${unitId}/milestones`, { token: applicant });
    expect(milestones.body.items.map((m: { type: string }) => m.type).slice(-5)).toEqual([
      'ApplicationSubmitted',
      'IncompleteMaterialsNotified',
      'MaterialsSupplemented',
      'ApplicationAccepted',
      'JointReviewConcluded',
    ]);
  });
});

describe('the works, to handover and use registration', () => {
  const works = (tail: string, body: unknown, token = applicant) =>
    api.post(`/api/v1/units/${unitId}${tail}`, body, { token });

  it('refuses the installation notice before the pipelines, and work before the notice', async () => {
    api.clock.set('2025-04-21T02:00:00.000Z');
    await refusedUnchanged(
      () => works('/works/installation-notice', { installer: '杭州某电梯安装公司' }),
      422,
      'pipeline_relocation_not_recorded',
    );
    await refusedUnchanged(() => works('/works/start', {}), 422, 'installation_not_notified');
    const relocated = await works('/works/pipeline-relocation', { utilities: ['燃气', '自来水'] });
    expect(relocated.status).toBe(201);
    expect((await groupSaid()).at(-1)).toBe(
      '管线迁移完成（燃气、自来水）。接下来：书面告知市场监管部门后开工。',
    );
    expect((await works('/works/installation-notice', { installer: '杭州某电梯安装公司' })).status).toBe(201);
    const started = await works('/works/start', {});
    expect(started.body).toMatchObject({ stage: 'works', works: { constructionStartedOn: '2025-04-21' } });
    expect((await groupSaid()).at(-1)).toBe(
      '电梯工程 4月21日开工。施工期间请注意安全，楼道有变化会在群里说。',
    );
    // A district officer does not record the works.
    await refusedUnchanged(() => works('/works/completion', {}, district), 403, 'forbidden');
  });

  it('needs a passed supervision inspection before acceptance, and a 使用单位 before handover', async () => {
    api.clock.set('2025-06-02T02:00:00.000Z');
    expect((await works('/works/completion', {})).body.stage).toBe('inspection');
    const failed = await works('/works/inspections', {
      passed: false,
      defects: ['层门间隙过大', '缺少警示标识'],
    });
    expect(failed.body).toMatchObject({ stage: 'inspection', works: { inspections: [{ passed: false }] } });
    expect((await groupSaid()).at(-1)).toBe('监督检验没有通过（2 处问题），整改后再检验。');
    await refusedUnchanged(() => works('/works/acceptance', {}), 422, 'supervision_inspection_not_passed');
    expect((await works('/works/inspections', { passed: true, reportRef: 'JY-2025-118' })).body.stage).toBe(
      'acceptance',
    );
    expect((await works('/works/acceptance', {})).body.stage).toBe('handover');
    await refusedUnchanged(() => works('/handover', {}), 422, 'no_user_unit', /使用单位/);
    const named = await works('/user-unit', { name: '王建国', kind: 'named_person', contact: '13900000000' });
    expect(named.status).toBe(201);
    expect(named.body.userUnit).toEqual({ kind: 'named_person', namedOn: '2025-06-02' });
    expect((await groupSaid()).at(-1)).toBe('业主已指定电梯使用单位的负责人，负责日常管理和维保。');
    // The person's name to whoever sees names, never the contact; to others, not at all.
    expect((await api.get(`/api/v1/units/${unitId}/works`, { token: committee })).body.userUnit).toEqual({
      name: '王建国',
      kind: 'named_person',
      namedOn: '2025-06-02',
    });
    const toDistrict = await api.get(`/api/v1/units/${unitId}/works`, { token: district });
    expect(JSON.stringify(toDistrict.body)).not.toMatch(/王建国|13900000000/);
  });

  it('hands over with use registration due 30 days on, then registers: the elevator is in service', async () => {
    const handed = await works('/handover', { documents: ['产品合格证', '监督检验报告'] });
    expect(handed.body).toMatchObject({
      stage: 'registration',
      service: { enteredUseOn: '2025-06-02', useRegistrationDueOn: '2025-07-02' },
    });
    expect((await groupSaid()).at(-1)).toBe(
      '电梯 6月2日起投入使用，钥匙和资料已移交。使用单位要在 7月2日前办好使用登记。',
    );
    api.clock.set('2025-06-20T02:00:00.000Z');
    const registered = await works('/use-registration', { certificateNo: 'DT-330106-2025-0042' });
    expect(registered.body).toMatchObject({
      stage: 'in_service',
      service: { registeredOn: '2025-06-20', certificateNo: 'DT-330106-2025-0042', registeredLate: false },
    });
    expect((await groupSaid()).at(-1)).toBe('电梯已办好使用登记，可以放心使用。');
    const milestones = await api.get(`/api/v1/units/${unitId}/milestones`, { token: applicant });
    expect(milestones.body.items.at(-1)).toMatchObject({ type: 'UseRegistered', line: '办好使用登记。' });
    expect(JSON.stringify(milestones.body)).not.toContain('王建国');
  });
});
