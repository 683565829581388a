/**
 * Publicity and objections over real HTTP: signing the agreement, entering
 * objections from paper, listing them, recording mediation steps, and withdrawing an objection or a
 * mediation step (a new event that supersedes; nothing is lost). Each `describe` goes
 * unauthenticated → invalid fields → unknown ids → wrong stage → success, and checks the stored stream
 * (event, actor, channel) and the outbox. Personal data never reaches the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/log.js';
import {
  endPublicity,
  expectError,
  openBallot,
  publishPlan,
  registerUnit,
  vote,
} from '../support/api-helpers.js';
import { heardFrom } from '../support/contacts.js';
import { bindTestGroup } from '../support/groups.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { rooms } from '../support/units.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const lines: string[] = [];

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    log: createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
  });
});
afterAll(async () => {
  await api.close();
});

const load = (unitId: string) => api.system.commands.streams.load(unitId);
const lastEvent = async (unitId: string) => (await load(unitId)).at(-1)!;

/** A unit whose elevator ballot passed on day 7 (every flat agreed on paper): stage `agreement`. */
async function passedUnit(): Promise<string> {
  api.clock.set(T0);
  const unitId = await registerUnit(api);
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, rooms(6), 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
  return unitId;
}

describe('POST /api/v1/units/:unitId/agreement', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await passedUnit();
  });
  const sign = (body: unknown = {}, id = unitId) => api.post(`/api/v1/units/${id}/agreement`, body);

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/units/${unitId}/agreement`, {}, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['signedOn', { signedOn: '10 March' }],
    ['publicityDays', { publicityDays: 0 }],
    ['publicityDays', { publicityDays: 2.5 }],
    ['agreementRef', { agreementRef: '' }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, body) => {
    const reply = await sign(body);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field.replaceAll('.', '\\.')}」`));
    expect(reply.body.details).toMatchObject({ field, where: 'body' });
  });

  it('refuses a signing day after today (400 validation_error on signedOn)', async () => {
    const reply = await sign({ signedOn: '2025-03-11' });
    expectError(reply, 400, 'validation_error');
    expect(reply.body.details).toEqual({ field: 'signedOn' });
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('answers 404 unit_not_registered for %s', async (id) => {
    expectError(await sign({}, id), 404, 'unit_not_registered');
  });

  it('refuses before the elevator ballot passed (422 vote_not_passed)', async () => {
    api.clock.set(T0);
    const voting = await registerUnit(api);
    await publishPlan(api, voting);
    await openBallot(api, voting, { matter: 'major', closesAt: day(7) });
    expectError(await sign({}, voting), 422, 'vote_not_passed');
    expect((await lastEvent(voting)).type).toBe('BallotOpened');
    api.clock.set(day(7));
  });

  it('signs and starts publicity for 10 days by default, ending at 24:00 of a working day (201)', async () => {
    const reply = await sign({ agreementRef: 'XY-2025-01' });
    expect(reply.status).toBe(201);
    // Signed Monday 2025-03-10: 10 days not counting the start day → Thursday 2025-03-20.
    expect(reply.body).toEqual({
      unitId,
      stage: 'publicity',
      signedOn: '2025-03-10',
      publicity: {
        startedAt: day(7),
        endsOn: '2025-03-20',
        endsAt: '2025-03-20T16:00:00.000Z',
        days: 10,
        provisional: false,
      },
      announcement: 'no_group',
      seq: expect.any(Number),
    });
    const event = await lastEvent(unitId);
    expect(event).toMatchObject({
      type: 'AgreementSigned',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { signedOn: '2025-03-10', publicityEndsOn: '2025-03-20', agreementRef: 'XY-2025-01' },
    });
  });

  it('refuses a second signing (409 wrong_stage)', async () => {
    expectError(await sign(), 409, 'wrong_stage', /「公示」/);
  });

  it('moves an end that falls on a rest day to the next working day, and announces it in the bound group once', async () => {
    const other = await passedUnit();
    await bindTestGroup(api.system.commands, 'room-objections', other, new Date(day(7)));
    // 5 days from Monday 2025-03-10 is Saturday 2025-03-15 → Monday 2025-03-17.
    const reply = await sign({ publicityDays: 5 }, other);
    expect(reply.status).toBe(201);
    expect(reply.body.publicity).toMatchObject({ endsOn: '2025-03-17', days: 5 });
    expect(reply.body.announcement).toBe('queued');
    const announce = await api.system.models.outbox
      .findById(`announce:${other}:${reply.body.seq}`)
      .lean()
      .exec();
    expect(announce).toMatchObject({ to: { kind: 'room', id: 'room-objections' }, priority: 'notice' });
    expect(announce!.text).toContain('公示开始');
    expect(announce!.text).toContain('至 3月17日 24:00 结束');
    expect(announce!.text).toContain('「异议」');
  });
});

describe('POST /api/v1/units/:unitId/objections', () => {
  let unitId: string;
  const objection = {
    ground: 'daylight',
    filedAt: day(8),
    objector: { name: '赵铁柱', room: '101', phone: '13700001234' },
    summary: '电梯井挡住客厅的阳光',
  };
  const file = (body: unknown = objection, id = unitId) => api.post(`/api/v1/units/${id}/objections`, body);

  beforeAll(async () => {
    unitId = await passedUnit();
    await heardFrom(api.system.models, 'wx-committee');
    const role = await api.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-committee',
      role: 'committee',
    });
    expect(role.status).toBe(201);
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/units/${unitId}/objections`, objection, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['ground', { ...objection, ground: 'noise' }],
    ['filedAt', { ...objection, filedAt: 'yesterday' }],
    ['summary', { ...objection, summary: '' }],
    ['channel', { ...objection, channel: 'wechat' }],
    ['objector.phone', { ...objection, objector: { name: '赵铁柱', phone: 'call me' } }],
    ['objector.room', { ...objection, objector: { name: '赵铁柱', room: '1 0 1' } }],
    ['objector.name', { ...objection, named: true, objector: { room: '101' } }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, body) => {
    const reply = await file(body);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field.replaceAll('.', '\\.')}」`));
    expect(reply.body.details).toMatchObject({ field, where: 'body' });
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('answers 404 unit_not_registered for %s', async (id) => {
    expectError(await file(objection, id), 404, 'unit_not_registered');
  });

  it('before publicity: records the objection as not effective (outside the window), never refuses it', async () => {
    api.clock.set(day(7));
    const reply = await file({ ...objection, filedAt: day(7) });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      effective: false,
      ineffectiveReasons: ['outside_window'],
      status: 'ineffective',
    });
    expect(reply.body.reference).toMatch(/^YY-\d+$/);
  });

  it('refuses a filing time in the future (400 validation_error on filedAt)', async () => {
    const reply = await file({ ...objection, filedAt: day(30) });
    expectError(reply, 400, 'validation_error');
    expect(reply.body.details).toEqual({ field: 'filedAt' });
  });

  it('records a named written objection on daylight during publicity as effective (201), and alerts the committee', async () => {
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    api.clock.set(day(9));
    const reply = await file();
    expect(reply.status).toBe(201);
    const reference: string = reply.body.reference;
    expect(reply.body).toEqual({
      unitId,
      reference,
      channel: 'paper',
      named: true,
      written: true,
      ground: 'daylight',
      filedAt: day(8),
      effective: true,
      ineffectiveReasons: [],
      status: 'open',
      // The phone stays on file for the committee; the API shows only that there is one.
      objector: { name: '赵铁柱', room: '101', hasPhone: true },
      summary: objection.summary,
      acknowledgements: [],
      mediations: [],
      alerted: 1,
    });
    const event = await lastEvent(unitId);
    expect(event).toMatchObject({
      type: 'ObjectionFiled',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'paper',
      data: { objectionId: reference, effective: true, channel: 'paper', recordedAt: day(9) },
    });
    const alert = await api.system.models.outbox
      .findById(`objection-alert:${reference}:wx-committee`)
      .lean()
      .exec();
    expect(alert).toMatchObject({ to: { kind: 'contact', id: 'wx-committee' }, priority: 'notice' });
    expect(alert!.text).toContain(`新异议 ${reference}`);
    expect(alert!.text).toContain(`请回复 收到 ${reference} 确认。`);
    expect(alert!.text).not.toContain('赵铁柱');
  });

  it('records an anonymous objection on another ground with both reasons, and an in-person one as oral', async () => {
    const anonymous = await file({ ground: 'other', filedAt: day(9), summary: '担心噪音' });
    expect(anonymous.status).toBe(201);
    expect(anonymous.body).toMatchObject({
      named: false,
      effective: false,
      ineffectiveReasons: ['anonymous', 'ground_not_covered'],
      status: 'ineffective',
    });
    expect(anonymous.body.objector).toBeUndefined();
    const oral = await file({ ...objection, channel: 'in_person' });
    expect(oral.body).toMatchObject({ channel: 'in_person', written: false, ineffectiveReasons: ['oral'] });
    expect((await lastEvent(unitId)).channel).toBe('in_person');
  });

  it('gives every objection its own reference, unique across units', async () => {
    const listed = (await api.get(`/api/v1/units/${unitId}/objections?limit=200`)).body.items as Json[];
    const references = listed.map((o) => o.reference as string);
    expect(new Set(references).size).toBe(references.length);
    expect(await api.system.models.objectionRefs.countDocuments().exec()).toBeGreaterThanOrEqual(
      references.length,
    );
  });
});

describe('GET /api/v1/units/:unitId/objections and POST …/objections/:objectionId/mediations', () => {
  let unitId: string;
  let effective: string;
  let ineffective: string;
  const step = {
    level: 'negotiation',
    heldOn: '2025-03-12',
    participants: ['赵铁柱', '申请人代表'],
    outcome: 'failed',
  };
  const mediate = (body: unknown = step, ref = effective, id = unitId) =>
    api.post(`/api/v1/units/${id}/objections/${ref}/mediations`, body);

  beforeAll(async () => {
    unitId = await passedUnit();
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    const body = {
      ground: 'passage',
      filedAt: day(7),
      objector: { name: '钱多多', room: '102' },
      summary: '挡住通道',
    };
    effective = (await api.post(`/api/v1/units/${unitId}/objections`, body)).body.reference;
    ineffective = (await api.post(`/api/v1/units/${unitId}/objections`, { ...body, ground: 'other' })).body
      .reference;
  });

  it('refuses both without a valid bearer token (401 unauthorized)', async () => {
    expectError(await api.get(`/api/v1/units/${unitId}/objections`, { token: null }), 401, 'unauthorized');
    expectError(
      await api.post(`/api/v1/units/${unitId}/objections/${effective}/mediations`, step, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['level', { ...step, level: 'court' }],
    ['heldOn', { ...step, heldOn: 'today' }],
    ['participants', { ...step, participants: [] }],
    ['outcome', { ...step, outcome: 'maybe' }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, body) => {
    expectError(
      await mediate(body),
      400,
      'validation_error',
      new RegExp(`「${field.replaceAll('.', '\\.')}」`),
    );
  });

  it('answers 404 for an unknown unit or objection', async () => {
    expectError(await api.get('/api/v1/units/u_aaaaaaaaaaaaaaaa/objections'), 404, 'unit_not_registered');
    expectError(await mediate(step, effective, 'u_aaaaaaaaaaaaaaaa'), 404, 'unit_not_registered');
    expectError(await mediate(step, 'YY-999999'), 404, 'objection_not_found');
  });

  it('refuses mediation of an ineffective objection, and steps out of order (422)', async () => {
    expectError(await mediate(step, ineffective), 422, 'objection_not_effective');
    const skipped = await mediate({ ...step, level: 'subdistrict' });
    expectError(skipped, 422, 'mediation_out_of_order');
    expect(skipped.body.details).toEqual({ level: 'subdistrict', allowed: ['negotiation', 'committee'] });
    expectError(await mediate({ ...step, level: 'hearing' }), 422, 'mediation_out_of_order');
  });

  it('lists the objections with the objector for the admin, and the application blocked while one is open', async () => {
    const reply = await api.get(`/api/v1/units/${unitId}/objections`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      unitId,
      stage: 'publicity',
      publicity: { endsOn: '2025-03-20', endsAt: '2025-03-20T16:00:00.000Z' },
      applicationBlocked: true,
      openObjectionIds: [effective],
    });
    expect(reply.body.nextCursor).toBeNull();
    expect(reply.body.items).toHaveLength(2);
    expect(reply.body.items[0]).toMatchObject({
      reference: effective,
      effective: true,
      status: 'open',
      objector: { name: '钱多多', room: '102' },
    });
    expect(reply.body.items[1]).toMatchObject({
      reference: ineffective,
      ineffectiveReasons: ['ground_not_covered'],
    });
  });

  it('records the ladder: negotiation fails, the committee mediates and it is resolved (201 each)', async () => {
    // Sessions are recorded once held: the committee enters them on the day of the last one.
    api.clock.set(day(11));
    const failed = await mediate();
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({
      objection: {
        reference: effective,
        status: 'open',
        mediations: [{ level: 'negotiation', outcome: 'failed' }],
      },
      applicationBlocked: true,
    });
    expect(await lastEvent(unitId)).toMatchObject({
      type: 'MediationRecorded',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { objectionId: effective, level: 'negotiation', objectionStatus: 'open', heldOn: '2025-03-12' },
    });
    const hearing = await mediate({ ...step, level: 'subdistrict', outcome: 'refused' });
    expectError(hearing, 422, 'mediation_out_of_order');
    const resolved = await mediate({
      ...step,
      level: 'committee',
      outcome: 'resolved',
      heldOn: '2025-03-14',
    });
    expect(resolved.status).toBe(201);
    expect(resolved.body).toMatchObject({
      objection: { status: 'resolved' },
      applicationBlocked: false,
      openObjectionIds: [],
    });
    expectError(await mediate({ ...step, level: 'committee' }), 409, 'objection_closed');
  });

  it('keeps names and phones of objectors out of the logs', () => {
    const text = lines.join('');
    expect(text).toContain('case event appended');
    for (const secret of ['赵铁柱', '钱多多', '13700001234', '电梯井挡住客厅的阳光'])
      expect(text).not.toContain(secret);
  });
});

/** An objection on passage, named and on paper, filed on day 8 in the unit's publicity (from day 7). */
async function objectedUnit(): Promise<{ unitId: string; ref: string }> {
  const unitId = await passedUnit();
  expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
  api.clock.set(day(8));
  const filed = await api.post(`/api/v1/units/${unitId}/objections`, {
    ground: 'passage',
    filedAt: day(8),
    objector: { name: '孙小梅', room: '201' },
    summary: '楼道变窄',
  });
  expect(filed.status).toBe(201);
  return { unitId, ref: filed.body.reference as string };
}

describe('POST …/objections/:objectionId/withdrawal', () => {
  let unitId: string;
  let ref: string;
  const withdraw = (body: unknown, id = ref, unit = unitId) =>
    api.post(`/api/v1/units/${unit}/objections/${id}/withdrawal`, body);

  beforeAll(async () => {
    ({ unitId, ref } = await objectedUnit());
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(
        `/api/v1/units/${unitId}/objections/${ref}/withdrawal`,
        { reason: '录错' },
        { token: null },
      ),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['reason', {}],
    ['reason', { reason: ' ' }],
    ['by', { by: 'neighbour', reason: '录错' }],
    ['reference', { by: 'objector', reason: '本人书面撤回' }],
  ])(
    'refuses a missing or invalid %s (400 validation_error naming it) and stores nothing',
    async (field, body) => {
      const before = await storedRecords(api.system.models);
      const reply = await withdraw(body);
      expectError(reply, 400, 'validation_error', new RegExp(`「${field}」`));
      expect(reply.body.details).toMatchObject({ field, where: 'body' });
      expect(await storedRecords(api.system.models)).toEqual(before);
    },
  );

  it('answers 404 for an unknown unit or objection', async () => {
    expectError(await withdraw({ reason: '录错' }, ref, 'u_aaaaaaaaaaaaaaaa'), 404, 'unit_not_registered');
    expectError(await withdraw({ reason: '录错' }, 'YY-999999'), 404, 'objection_not_found');
  });

  it('supersedes the objection with a new event; it stays listed, marked withdrawn with who, when and why (201)', async () => {
    api.clock.set(day(9));
    const reply = await withdraw({ reason: '录入时选错了单元' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      unitId,
      stage: 'publicity',
      applicationBlocked: false,
      openObjectionIds: [],
      objection: {
        reference: ref,
        effective: true,
        status: 'withdrawn',
        withdrawal: { by: 'committee', reason: '录入时选错了单元', withdrawnAt: day(9) },
      },
    });
    expect(await lastEvent(unitId)).toMatchObject({
      type: 'ObjectionWithdrawn',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { objectionId: ref, by: 'committee', reason: '录入时选错了单元', withdrawnAt: day(9) },
    });
    // Nothing is lost: the filing is still in the stream and the objection still in the list.
    expect((await load(unitId)).filter((e) => e.type === 'ObjectionFiled')).toHaveLength(1);
    const listed = (await api.get(`/api/v1/units/${unitId}/objections`)).body;
    expect(listed.items).toEqual([
      expect.objectContaining({
        reference: ref,
        summary: '楼道变窄',
        status: 'withdrawn',
        withdrawal: { by: 'committee', reason: '录入时选错了单元', withdrawnAt: day(9) },
      }),
    ]);
  });

  it('refuses to withdraw it again (409 objection_already_withdrawn) and stores nothing', async () => {
    const before = await storedRecords(api.system.models);
    expectError(await withdraw({ reason: '再撤一次' }), 409, 'objection_already_withdrawn', /已经撤回了/);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it("withdrawn on the objector's written word, an effective objection no longer holds the case at objections", async () => {
    const other = await objectedUnit();
    await endPublicity(api.system.commands, other.unitId, new Date('2025-03-20T16:00:00Z'));
    api.clock.set(day(18));
    expect((await api.get(`/api/v1/units/${other.unitId}/objections`)).body).toMatchObject({
      stage: 'objections',
      applicationBlocked: true,
    });
    const reply = await withdraw(
      { by: 'objector', reason: '已和申请人谈妥', reference: '撤回书 2025-07' },
      other.ref,
      other.unitId,
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      stage: 'application',
      applicationBlocked: false,
      objection: {
        status: 'withdrawn',
        withdrawal: { by: 'objector', reference: '撤回书 2025-07', withdrawnAt: day(18) },
      },
    });
  });
});

describe('POST …/objections/:objectionId/mediations: dates, and …/mediations/:step/withdrawal', () => {
  let unitId: string;
  let ref: string;
  const mediate = (body: Record<string, unknown>) =>
    api.post(`/api/v1/units/${unitId}/objections/${ref}/mediations`, {
      participants: ['孙小梅', '申请人代表'],
      ...body,
    });
  const withdrawStep = (step: string | number, body: unknown = { reason: '结果记错了' }, id = ref) =>
    api.post(`/api/v1/units/${unitId}/objections/${id}/mediations/${step}/withdrawal`, body);

  beforeAll(async () => {
    ({ unitId, ref } = await objectedUnit());
    api.clock.set(day(11));
    expect((await mediate({ level: 'negotiation', heldOn: '2025-03-12', outcome: 'failed' })).status).toBe(
      201,
    );
  });

  it('refuses a step held in the future (400 validation_error on heldOn)', async () => {
    const reply = await mediate({ level: 'committee', heldOn: '2025-03-15', outcome: 'failed' });
    expectError(reply, 400, 'validation_error', /「heldOn」/);
    expect(reply.body.details).toEqual({ field: 'heldOn' });
  });

  it('refuses a step dated before the one it follows (422 mediation_before_previous) and stores nothing', async () => {
    const before = await storedRecords(api.system.models);
    const reply = await mediate({ level: 'committee', heldOn: '2025-03-11', outcome: 'resolved' });
    expectError(reply, 422, 'mediation_before_previous', /3月12日/);
    expect(reply.body.details).toEqual({
      objectionId: ref,
      heldOn: '2025-03-11',
      previousHeldOn: '2025-03-12',
    });
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('takes a step the same day as the one before (201)', async () => {
    const reply = await mediate({ level: 'committee', heldOn: '2025-03-12', outcome: 'resolved' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ objection: { status: 'resolved' }, applicationBlocked: false });
  });

  it('refuses a withdrawal without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(
        `/api/v1/units/${unitId}/objections/${ref}/mediations/2/withdrawal`,
        { reason: '记错了' },
        { token: null },
      ),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['step', 'two', { reason: '记错了' }, 'params'],
    ['step', '0', { reason: '记错了' }, 'params'],
    ['reason', '2', {}, 'body'],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, step, body, where) => {
    const reply = await withdrawStep(step, body);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field}」`));
    expect(reply.body.details).toMatchObject({ field, where });
  });

  it('answers 404 for an unknown objection or step', async () => {
    expectError(await withdrawStep(2, { reason: '记错了' }, 'YY-999999'), 404, 'objection_not_found');
    const missing = await withdrawStep(3);
    expectError(missing, 404, 'mediation_step_not_found', /第 3 步/);
    expect(missing.body.details).toEqual({ objectionId: ref, step: 3 });
  });

  it('withdraws only the latest standing step (409 mediation_not_latest)', async () => {
    const reply = await withdrawStep(1);
    expectError(reply, 409, 'mediation_not_latest', /第 2 步/);
    expect(reply.body.details).toEqual({ objectionId: ref, step: 1, latest: 2 });
  });

  it('withdraws a step recorded by mistake: it stays listed, marked withdrawn, and the objection is open again (201)', async () => {
    api.clock.set(day(12));
    const reply = await withdrawStep(2, { reason: '其实没有谈妥，结果记错了' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      stage: 'publicity',
      applicationBlocked: true,
      openObjectionIds: [ref],
      objection: { reference: ref, status: 'open' },
    });
    expect(reply.body.objection.mediations).toEqual([
      expect.objectContaining({ step: 1, level: 'negotiation', outcome: 'failed', withdrawn: false }),
      expect.objectContaining({
        step: 2,
        level: 'committee',
        outcome: 'resolved',
        withdrawn: true,
        withdrawal: { reason: '其实没有谈妥，结果记错了', withdrawnAt: day(12) },
      }),
    ]);
    expect(await lastEvent(unitId)).toMatchObject({
      type: 'MediationWithdrawn',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { objectionId: ref, step: 2, objectionStatus: 'open' },
    });
    expect((await load(unitId)).filter((e) => e.type === 'MediationRecorded')).toHaveLength(2);
    // The ladder goes on from the standing steps, dated from the last of them.
    const next = await mediate({ level: 'committee', heldOn: '2025-03-13', outcome: 'failed' });
    expect(next.status).toBe(201);
    expect(next.body.objection.mediations.map((m: Json) => [m.step, m.withdrawn])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });
});
