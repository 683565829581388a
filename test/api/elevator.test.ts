/**
 * The elevator in service over real HTTP on the real database (domain.md §7), as the people who run
 * it: the committee records the elevator once it is handed over (never before) and gets its alarm
 * key once, in that first answer alone; the maintainer, with a token the committee issued for that
 * unit, logs visits there and nowhere else and cannot touch the record; the 使用单位 signs a visit off
 * once. The monitoring system's alarms come signed with the elevator's key (HMAC-SHA256 over
 * `<timestamp>.<raw body>`): an entrapment reaches the unit's group at once with the 96333 rescue code
 * and the maintainer's line, and privately the 使用单位 and the committee, news for an hour; the same
 * alarm again tells no one anything new, and a new alarm of a kind still open records nothing until
 * that one is acknowledged; anything unsigned, badly signed, stale, replayed or for an unknown
 * elevator is refused in plain Chinese with nothing stored; a signature is spent only once its alarm
 * is handled, so a refused body sent again is refused the same way, not as a replay; a replaced key
 * retires the old one. A record sent again keeps the certificate and the interval it leaves out.
 * Every refusal answers its status, code and a plain-Chinese message, and stores nothing.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { endPublicity, expectError, openBallot, vote } from '../support/api-helpers.js';
import { heardFrom } from '../support/contacts.js';
import { startTestApi, T0, type Json, type Reply, type TestApi } from '../support/http.js';
import { createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';
import { storedRecords } from '../support/stored.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-elevator@chatroom';
const USER_UNIT_CONTACT = 'wx-user-unit-safety';
const COMMITTEE_CONTACT = 'wx-committee-member';
/** 2025-06-20, 10:00 in Hangzhou: the elevator of unit A was registered for use this morning. */
const IN_SERVICE_AT = '2025-06-20T02:00:00.000Z';

const RECORD = {
  registrationCode: '3110-3301-0620-25',
  rescueCode: '33010600042',
  maker: '奥的斯',
  model: 'GeN2-MRL',
  maintainer: { name: '杭州安达电梯维保', serviceLine: '0571-88886666' },
  contractFrom: '2025-06-20',
  contractTo: '2026-06-19',
  maintenanceIntervalDays: 15,
  certificateExpiresOn: '2026-06-19',
};

let api: TestApi;
/** In service, in the group GROUP: the elevator the tests record and alarm. */
let unitA: string;
/** Accepted, its 使用单位 named, not yet handed over. */
let unitB: string;
/** Only registered, in the same community. */
let unitC: string;
let committee: string;
let maintainerA: string;
let maintainerC: string;
let userUnitA: string;

const elevatorPath = (unitId: string, tail = '') => `/api/v1/units/${unitId}/elevator${tail}`;
const events = (unitId = unitA) => api.system.models.caseEvents.countDocuments({ caseId: unitId });
const eventsOf = (type: string) =>
  api.system.models.caseEvents.find({ caseId: unitA, type }).sort({ seq: 1 }).lean<Json[]>().exec();
const outbox = () => api.system.models.outbox.find({}).sort({ _id: 1 }).lean<OutboxDoc[]>().exec();

/** A refusal that changed nothing stored. */
async function refusedUnchanged(
  send: () => Promise<Reply>,
  status: number,
  code: string,
  message?: RegExp,
): Promise<Reply> {
  const before = await storedRecords(api.system.models);
  const reply = await send();
  expectError(reply, status, code, message);
  expect(await storedRecords(api.system.models)).toEqual(before);
  return reply;
}

/** `<Unix seconds>` and `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under `key`. */
function sign(key: string, body: string, at = api.clock.now()): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-jiati-timestamp': timestamp, 'x-jiati-signature': `sha256=${signature}` };
}

/** POSTs `body` to the elevator's public alarm route with `headers`, no bearer token. */
async function sendAlarm(elevatorId: string, body: string, headers: Record<string, string>): Promise<Reply> {
  const response = await fetch(`${api.url}/api/v1/elevators/${elevatorId}/alarms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as Json,
    headers: response.headers,
  };
}

/** An alarm's JSON, dated 30 seconds before now. */
const alarmBody = (alarmId: string, kind = 'entrapment', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    alarmId,
    kind,
    occurredAt: new Date(api.clock.now().getTime() - 30_000).toISOString(),
    ...extra,
  });

/** Every unit given, step by step through the same API calls (as the administrator). */
async function each(units: readonly string[], tail: string, body: unknown = {}): Promise<void> {
  for (const unitId of units) {
    const reply = await api.post(`/api/v1/units/${unitId}${tail}`, body);
    expect({ unitId, tail, status: reply.status }).toEqual({ unitId, tail, status: 201 });
  }
}

beforeAll(async () => {
  api = await startTestApi();
  const districtId = await createPlace(api, 'district', '梯区');
  const subdistrictId = await createPlace(api, 'subdistrict', '梯街道', districtId);
  const communityId = await createPlace(api, 'community', '梯社区', subdistrictId);
  unitA = await registerUnitIn(api, communityId, '梯1幢1单元', taggedFlats(4, '甲', '1397777'));
  unitB = await registerUnitIn(api, communityId, '梯2幢1单元', taggedFlats(4, '乙', '1398888'));
  unitC = await registerUnitIn(api, communityId, '梯3幢1单元', taggedFlats(4, '丙', '1399999'));
  committee = (
    await issueToken(api, {
      name: '社区主任',
      role: 'committee',
      scope: { kind: 'community', id: communityId },
      expiresInDays: 366,
    })
  ).secret;
  // The committee issues the maintainer's and the 使用单位's tokens, each for one unit.
  const byCommittee = async (role: string, unitId: string) =>
    (
      await issueToken(
        api,
        { name: `${role}的人`, role, scope: { kind: 'unit', id: unitId }, expiresInDays: 366 },
        committee,
      )
    ).secret;
  maintainerA = await byCommittee('maintainer', unitA);
  maintainerC = await byCommittee('maintainer', unitC);
  userUnitA = await byCommittee('user_unit', unitA);

  const groupCode = (await api.post(`/api/v1/units/${unitA}/group-code`)).body.code as string;
  await bindGroup(
    api.system.commands,
    { roomId: GROUP, code: groupCode, contactId: 'wx-binder', groupUnitId: null },
    { now: api.clock.now() },
  );
  await heardFrom(api.system.models, USER_UNIT_CONTACT);
  await heardFrom(api.system.models, COMMITTEE_CONTACT);

  // Units A and B, through the vote, publicity, the application and the works to acceptance.
  const both = [unitA, unitB];
  await each(both, '/plans', { planVersion: 1, title: '方案一' });
  const ballots: string[] = [];
  for (const unitId of both) {
    const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
    await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
    ballots.push(ballot.id as string);
  }
  api.clock.set(day(7));
  for (const ballotId of ballots)
    expect((await api.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
  await each(both, '/agreement');
  api.clock.set('2025-03-20T16:00:00.000Z');
  for (const unitId of both) await endPublicity(api.system.commands, unitId, api.clock.now());
  api.clock.set('2025-03-21T02:00:00.000Z');
  await each(both, '/application', { materials: ['加装电梯申请书', '设计方案及施工图'] });
  await each(both, '/application/acceptance', { departments: ['区住建局'] });
  await each(both, '/application/opinions', { department: '区住建局', opinion: 'approve' });
  await each(both, '/application/conclusion', { decision: 'approved' });
  await each(both, '/works/pipeline-relocation', { utilities: ['燃气'] });
  await each(both, '/works/installation-notice', { installer: '杭州某电梯安装公司' });
  await each(both, '/works/start');
  api.clock.set('2025-06-02T02:00:00.000Z');
  await each(both, '/works/completion');
  await each(both, '/works/inspections', { passed: true, reportRef: 'JY-2025-300' });
  await each(both, '/works/acceptance');
  await each(both, '/user-unit', { name: '杭州某物业公司', kind: 'entrusted_manager' });
  // Unit A is handed over and registered for use.
  await each([unitA], '/handover', { documents: ['产品合格证'] });
  api.clock.set(IN_SERVICE_AT);
  await each([unitA], '/use-registration', { certificateNo: 'DT-330106-2025-0300' });
});

afterAll(async () => {
  await api?.close();
});

describe('before handover', () => {
  it('refuses to record the elevator (409 wrong_stage), storing nothing and making no key', async () => {
    const units = (await api.get(`/api/v1/units/${unitB}`)).body;
    expect(units.stage).toBe('handover');
    await refusedUnchanged(
      () => api.request('PUT', elevatorPath(unitB), RECORD, { token: committee }),
      409,
      'wrong_stage',
    );
    await refusedUnchanged(
      () => api.request('PUT', elevatorPath(unitC), RECORD, { token: committee }),
      409,
      'wrong_stage',
    );
    expect(await api.system.models.elevatorKeys.countDocuments({})).toBe(0);
    expectError(
      await api.get(elevatorPath(unitB), { token: committee }),
      409,
      'elevator_not_recorded',
      /电梯/,
    );
  });

  it('records it once handed over, before use registration: the elevator is already in use', async () => {
    await each([unitB], '/handover', { documents: ['产品合格证'] });
    const recorded = await api.request('PUT', elevatorPath(unitB), RECORD, { token: committee });
    expect(recorded.status).toBe(200);
    expect(recorded.body.alarmKey).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the elevator’s record', () => {
  let elevatorId: string;
  let alarmKey: string;

  it('is recorded by the committee; the first answer alone carries the alarm key', async () => {
    const before = await events();
    const reply = await api.request('PUT', elevatorPath(unitA), RECORD, { token: committee });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toEqual({
      unitId: unitA,
      alarmKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      elevator: {
        ...RECORD,
        elevatorId: expect.stringMatching(/^el_[0-9a-f]{12}$/),
        recordedOn: '2025-06-20',
        visits: [],
        inspections: [],
        alarms: [],
        maintenanceDueOn: '2025-07-05',
      },
    });
    elevatorId = reply.body.elevator.elevatorId as string;
    alarmKey = reply.body.alarmKey as string;
    expect(await events()).toBe(before + 1);
    // The key is kept apart from the case's stream, which never holds it.
    expect(await api.system.models.elevatorKeys.findById(elevatorId).lean().exec()).toMatchObject({
      unitId: unitA,
      secret: alarmKey,
    });
    const stream = await api.system.models.caseEvents.find({ caseId: unitA }).lean().exec();
    expect(JSON.stringify(stream)).not.toContain(alarmKey);
  });

  it('is replaced under the same id, and no later answer shows the key again', async () => {
    const replaced = await api.request(
      'PUT',
      elevatorPath(unitA),
      { ...RECORD, model: 'GeN2-Life', maintenanceIntervalDays: 14 },
      { token: committee },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.alarmKey).toBeUndefined();
    expect(replaced.body.elevator).toMatchObject({
      elevatorId,
      model: 'GeN2-Life',
      maintenanceIntervalDays: 14,
      recordedOn: '2025-06-20',
      maintenanceDueOn: '2025-07-04',
    });
    for (const token of [committee, maintainerA, userUnitA]) {
      const read = await api.get(elevatorPath(unitA), { token });
      expect(read.status).toBe(200);
      expect(read.body.alarmKey).toBeUndefined();
      expect(JSON.stringify(read.body)).not.toContain(alarmKey);
      expect(read.body.elevator.elevatorId).toBe(elevatorId);
    }
    expect((await api.system.models.elevatorKeys.findById(elevatorId).lean<Json>().exec()).secret).toBe(
      alarmKey,
    );
  });

  it('cannot be recorded by the maintainer (403 forbidden)', async () => {
    await refusedUnchanged(
      () => api.request('PUT', elevatorPath(unitA), RECORD, { token: maintainerA }),
      403,
      'forbidden',
    );
  });
});

describe('maintenance visits', () => {
  let visitId: string;

  it('are logged by the maintainer with the token the committee issued for the unit', async () => {
    const reply = await api.post(
      elevatorPath(unitA, '/visits'),
      { kind: 'half_monthly', visitedOn: '2025-06-19', notes: '清洁轿顶，检查门锁' },
      { token: maintainerA },
    );
    expect(reply.status).toBe(201);
    visitId = reply.body.visitId as string;
    expect(visitId).toMatch(/^mv_[0-9a-f]{12}$/);
    expect(reply.body.elevator.visits).toEqual([
      { visitId, visitedOn: '2025-06-19', kind: 'half_monthly', notes: '清洁轿顶，检查门锁' },
    ]);
    // The record began on 06-20, after the visit: maintenance is due 14 days after the record.
    expect(reply.body.elevator.maintenanceDueOn).toBe('2025-07-04');
    const [logged] = await eventsOf('MaintenanceVisitLogged');
    expect(logged).toMatchObject({ actor: { kind: 'maintainer' }, channel: 'api', data: { visitId } });
  });

  it('are not the business of another unit’s maintainer: this unit does not exist for them (404)', async () => {
    await refusedUnchanged(
      () => api.post(elevatorPath(unitA, '/visits'), { kind: 'half_monthly' }, { token: maintainerC }),
      404,
      'unit_not_registered',
    );
    await refusedUnchanged(
      () => api.get(elevatorPath(unitA), { token: maintainerC }),
      404,
      'unit_not_registered',
    );
  });

  it('are signed off by the 使用单位, once', async () => {
    const confirmed = await api.post(elevatorPath(unitA, '/visits/confirmation'), {}, { token: userUnitA });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.visitId).toBe(visitId);
    expect(confirmed.body.elevator.visits).toEqual([
      {
        visitId,
        visitedOn: '2025-06-19',
        kind: 'half_monthly',
        notes: '清洁轿顶，检查门锁',
        confirmedAt: IN_SERVICE_AT,
      },
    ]);
    const [event] = await eventsOf('MaintenanceVisitConfirmed');
    expect(event).toMatchObject({
      actor: { kind: 'user_unit' },
      data: { visitId, confirmedAt: IN_SERVICE_AT },
    });
    // None waits any more.
    await refusedUnchanged(
      () => api.post(elevatorPath(unitA, '/visits/confirmation'), {}, { token: userUnitA }),
      404,
      'visit_not_found',
      /维保/,
    );
    await refusedUnchanged(
      () => api.post(elevatorPath(unitA, '/visits/confirmation'), { visitId }, { token: userUnitA }),
      409,
      'visit_already_confirmed',
      /确认过/,
    );
  });

  it('are not signed off by the maintainer who logged them (403 forbidden)', async () => {
    await api.post(elevatorPath(unitA, '/visits'), { kind: 'quarterly' }, { token: maintainerA });
    await refusedUnchanged(
      () => api.post(elevatorPath(unitA, '/visits/confirmation'), {}, { token: maintainerA }),
      403,
      'forbidden',
    );
  });
});

describe('a periodic inspection', () => {
  it('renews the certificate’s expiry', async () => {
    const reply = await api.post(
      elevatorPath(unitA, '/inspections'),
      { passed: true, certificateExpiresOn: '2027-06-19', reportRef: 'DJ-2025-01' },
      { token: committee },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.elevator.certificateExpiresOn).toBe('2027-06-19');
    expect(reply.body.elevator.inspections).toEqual([
      {
        inspectedOn: '2025-06-20',
        passed: true,
        certificateExpiresOn: '2027-06-19',
        reportRef: 'DJ-2025-01',
      },
    ]);
  });
});

describe('alarms', () => {
  let elevatorId: string;
  let alarmKey: string;

  beforeAll(async () => {
    elevatorId = (await api.get(elevatorPath(unitA))).body.elevator.elevatorId as string;
    alarmKey = (await api.system.models.elevatorKeys.findById(elevatorId).lean<Json>().exec())
      .secret as string;
  });

  it('records the 使用单位’s and a committee member’s chat contacts, to be told of alarms', async () => {
    for (const [contactId, role] of [
      [COMMITTEE_CONTACT, 'committee'],
      [USER_UNIT_CONTACT, 'user_unit'],
    ] as const) {
      const reply = await api.post(`/api/v1/units/${unitA}/contacts`, { contactId, role });
      expect({ contactId, status: reply.status, body: reply.body }).toEqual({
        contactId,
        status: 201,
        body: { unitId: unitA, contactId, role, recorded: true },
      });
    }
  });

  it('takes a signed entrapment: recorded, told to the group at once and privately to the 使用单位 and the committee', async () => {
    const before = (await outbox()).map((doc) => doc._id);
    const body = alarmBody('ALM-1001', 'entrapment', { source: '96333', detail: '3 楼困 1 人' });
    const reply = await sendAlarm(elevatorId, body, sign(alarmKey, body));
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: 200,
      body: { alarmId: 'ALM-1001', recorded: true },
    });
    const recorded = await eventsOf('AlarmRecorded');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actor: { kind: 'system', id: `elevator:${elevatorId}` },
      channel: 'api',
      data: {
        alarmId: 'ALM-1001',
        kind: 'entrapment',
        occurredAt: '2025-06-20T01:59:30.000Z',
        source: '96333',
        detail: '3 楼困 1 人',
      },
    });
    const fresh = (await outbox()).filter((doc) => !before.includes(doc._id));
    const toGroup = fresh.filter((doc) => doc.to.kind === 'room');
    expect(toGroup).toHaveLength(1);
    expect(toGroup[0]).toMatchObject({
      to: { kind: 'room', id: GROUP },
      priority: 'alarm',
      status: 'pending',
    });
    // Never held by quiet hours: it may go out now.
    expect(toGroup[0]!.notBefore.getTime()).toBeLessThanOrEqual(api.clock.now().getTime());
    // An hour after the alarm it is no news: each notice is dropped if it has not gone out by then.
    for (const doc of fresh) expect(doc.expiresAt).toEqual(new Date('2025-06-20T02:59:30.000Z'));
    const text = toGroup[0]!.text;
    expect(text).toMatch(/^【电梯困人】梯1幢1单元的电梯 .+ 报警有人被困。/);
    expect(text).toContain('救援电话 96333（电梯救援码 33010600042）');
    expect(text).toContain('维保单位杭州安达电梯维保 0571-88886666');
    const privately = fresh.filter((doc) => doc.to.kind === 'contact');
    expect(privately.map((doc) => [doc.to.id, doc.priority, doc.text]).sort()).toEqual(
      [
        [COMMITTEE_CONTACT, 'alarm', text],
        [USER_UNIT_CONTACT, 'alarm', text],
      ].sort(),
    );
    expect(fresh).toHaveLength(3);
  });

  it('takes the same alarm again (a sender retrying) without recording or telling anything new', async () => {
    api.clock.set(new Date(Date.parse(IN_SERVICE_AT) + 60_000).toISOString());
    const before = { events: await events(), outbox: (await outbox()).length };
    const body = alarmBody('ALM-1001', 'entrapment', { source: '96333', detail: '3 楼困 1 人' });
    const reply = await sendAlarm(elevatorId, body, sign(alarmKey, body));
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: 200,
      body: { alarmId: 'ALM-1001', recorded: false },
    });
    expect({ events: await events(), outbox: (await outbox()).length }).toEqual(before);
  });

  it('tells a fault only privately, as a notice', async () => {
    const before = (await outbox()).map((doc) => doc._id);
    const body = alarmBody('ALM-1002', 'fault');
    const reply = await sendAlarm(elevatorId, body, sign(alarmKey, body));
    expect(reply.body).toEqual({ alarmId: 'ALM-1002', recorded: true });
    const fresh = (await outbox()).filter((doc) => !before.includes(doc._id));
    expect(fresh.map((doc) => [doc.to.kind, doc.to.id, doc.priority]).sort()).toEqual(
      [
        ['contact', COMMITTEE_CONTACT, 'notice'],
        ['contact', USER_UNIT_CONTACT, 'notice'],
      ].sort(),
    );
    expect(fresh[0]!.text).toMatch(/^【电梯故障】梯1幢1单元的电梯/);
  });

  describe('refuses, as 401 invalid_signature in plain Chinese, storing nothing', () => {
    const refusedAlarm = (send: () => Promise<Reply>) =>
      refusedUnchanged(send, 401, 'invalid_signature', /签名/);

    it('an unsigned alarm, and one with a timestamp but no signature', async () => {
      const body = alarmBody('ALM-2001');
      await refusedAlarm(() => sendAlarm(elevatorId, body, {}));
      const { 'x-jiati-timestamp': timestamp } = sign(alarmKey, body);
      await refusedAlarm(() => sendAlarm(elevatorId, body, { 'x-jiati-timestamp': timestamp! }));
      await refusedAlarm(() =>
        sendAlarm(elevatorId, body, { 'x-jiati-timestamp': timestamp!, 'x-jiati-signature': 'sha256=abc' }),
      );
    });

    it('an alarm signed with another key', async () => {
      const body = alarmBody('ALM-2002');
      await refusedAlarm(() => sendAlarm(elevatorId, body, sign('f'.repeat(64), body)));
    });

    it('a body changed after it was signed', async () => {
      const body = alarmBody('ALM-2003', 'fault');
      const headers = sign(alarmKey, body);
      await refusedAlarm(() => sendAlarm(elevatorId, body.replace('"fault"', '"entrapment"'), headers));
    });

    it('a timestamp six minutes old, or six minutes ahead', async () => {
      const body = alarmBody('ALM-2004');
      const now = api.clock.now().getTime();
      await refusedAlarm(() => sendAlarm(elevatorId, body, sign(alarmKey, body, new Date(now - 6 * 60_000))));
      await refusedAlarm(() => sendAlarm(elevatorId, body, sign(alarmKey, body, new Date(now + 6 * 60_000))));
    });

    it('the very same request sent again (a replay)', async () => {
      const body = alarmBody('ALM-2005', 'offline');
      const headers = sign(alarmKey, body);
      expect((await sendAlarm(elevatorId, body, headers)).body).toEqual({
        alarmId: 'ALM-2005',
        recorded: true,
      });
      await refusedAlarm(() => sendAlarm(elevatorId, body, headers));
    });

    it('an elevator no one recorded, even signed with a real key', async () => {
      const body = alarmBody('ALM-2006');
      const reply = await refusedAlarm(() => sendAlarm('el_000000000000', body, sign(alarmKey, body)));
      expect(reply.body.message).not.toMatch(/el_000000000000/);
    });

    it('an unknown elevator exactly as a known one: the answer tells no one which elevators exist', async () => {
      const body = alarmBody('ALM-2007');
      const wrongKey = sign('f'.repeat(64), body);
      const unknown = await refusedAlarm(() => sendAlarm('el_000000000000', body, wrongKey));
      const known = await refusedAlarm(() => sendAlarm(elevatorId, body, wrongKey));
      expect(unknown.body).toEqual(known.body);
      const unsignedToUnknown = await refusedAlarm(() => sendAlarm('el_000000000000', body, {}));
      const unsignedToKnown = await refusedAlarm(() => sendAlarm(elevatorId, body, {}));
      expect(unsignedToUnknown.body).toEqual(unsignedToKnown.body);
    });
  });

  it('spends no signature on a body it refuses (400): the same request again is refused the same way, not as a replay', async () => {
    const notJson = '{"alarmId":"ALM-2101",';
    const unknownKind = alarmBody('ALM-2102', 'fire');
    for (const [body, code] of [
      [notJson, 'invalid_json'],
      [unknownKind, 'validation_error'],
    ] as const) {
      const headers = sign(alarmKey, body);
      const signature = headers['x-jiati-signature']!.replace('sha256=', '');
      // Nothing stored at all (refusedUnchanged), so no row in alarm_signatures for this request.
      await refusedUnchanged(() => sendAlarm(elevatorId, body, headers), 400, code);
      expect(await api.system.models.alarmSignatures.countDocuments({ _id: signature })).toBe(0);
      // The sender's identical retry is heard, and refused for its body again (not 401 replayed).
      await refusedUnchanged(() => sendAlarm(elevatorId, body, headers), 400, code);
      expect(await api.system.models.alarmSignatures.countDocuments({ _id: signature })).toBe(0);
    }
  });

  it('retires the old key when a new one is made: the new one works, the old one is refused', async () => {
    const replaced = await api.post(elevatorPath(unitA, '/alarm-key'), {}, { token: committee });
    expect(replaced.status).toBe(201);
    expect(replaced.headers.get('cache-control')).toBe('no-store');
    const newKey = replaced.body.alarmKey as string;
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(alarmKey);
    expect(replaced.body.elevator.elevatorId).toBe(elevatorId);
    // The fault ALM-1002 is taken on first: while it is open, a new fault would record nothing.
    expect(
      (await api.post(elevatorPath(unitA, '/alarms/ALM-1002/acknowledgement'), {}, { token: userUnitA }))
        .status,
    ).toBe(201);
    const body = alarmBody('ALM-3001', 'fault');
    await refusedUnchanged(() => sendAlarm(elevatorId, body, sign(alarmKey, body)), 401, 'invalid_signature');
    expect((await sendAlarm(elevatorId, body, sign(newKey, body))).body).toEqual({
      alarmId: 'ALM-3001',
      recorded: true,
    });
    alarmKey = newKey;
  });

  it('is acknowledged by the 使用单位, once; an unknown alarm is 404; the rest goes on as before', async () => {
    const path = (alarmId: string) => elevatorPath(unitA, `/alarms/${alarmId}/acknowledgement`);
    const taken = await api.post(path('ALM-1001'), {}, { token: userUnitA });
    expect(taken.status).toBe(201);
    const alarm = (taken.body.elevator.alarms as Json[]).find((a) => a.alarmId === 'ALM-1001');
    expect(alarm.acknowledgedAt).toBe(api.clock.now().toISOString());
    expect(await eventsOf('AlarmAcknowledged')).toEqual([
      // ALM-1002, taken on before the key was replaced.
      expect.objectContaining({ data: expect.objectContaining({ alarmId: 'ALM-1002' }) }),
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'user_unit' }),
        data: { alarmId: 'ALM-1001', acknowledgedAt: api.clock.now().toISOString() },
      }),
    ]);
    const before = await events();
    expect((await api.post(path('ALM-1001'), {}, { token: userUnitA })).status).toBe(201);
    expect(await events()).toBe(before);
    await refusedUnchanged(
      () => api.post(path('ALM-9999'), {}, { token: userUnitA }),
      404,
      'alarm_not_found',
    );
    // Nothing else broke: the elevator reads, a new alarm is taken, a visit is logged.
    const read = await api.get(elevatorPath(unitA), { token: userUnitA });
    expect(read.status).toBe(200);
    expect(
      (read.body.elevator.alarms as Json[]).map((a) => [a.alarmId, a.acknowledgedAt !== undefined]),
    ).toEqual([
      ['ALM-1001', true],
      ['ALM-1002', true],
      ['ALM-2005', false],
      ['ALM-3001', false],
    ]);
    // An entrapment again: the one open before (ALM-1001) is acknowledged, so it is recorded.
    const body = alarmBody('ALM-4001', 'entrapment');
    expect((await sendAlarm(elevatorId, body, sign(alarmKey, body))).body).toEqual({
      alarmId: 'ALM-4001',
      recorded: true,
    });
    const logged = await api.post(elevatorPath(unitA, '/visits'), { kind: 'annual' }, { token: maintainerA });
    expect(logged.status).toBe(201);
  });

  it('records nothing for a new alarm of a kind still open (a flapping sensor), and records it once that one is acknowledged', async () => {
    // ALM-4001, an entrapment, is open.
    api.clock.set(new Date(Date.parse(IN_SERVICE_AT) + 2 * 60_000).toISOString());
    const before = { events: await events(), outbox: (await outbox()).length };
    const flap = alarmBody('ALM-4002', 'entrapment');
    const ignored = await sendAlarm(elevatorId, flap, sign(alarmKey, flap));
    expect({ status: ignored.status, body: ignored.body }).toEqual({
      status: 200,
      body: { alarmId: 'ALM-4002', recorded: false },
    });
    expect({ events: await events(), outbox: (await outbox()).length }).toEqual(before);

    const taken = await api.post(
      elevatorPath(unitA, '/alarms/ALM-4001/acknowledgement'),
      {},
      { token: userUnitA },
    );
    expect(taken.status).toBe(201);
    // A minute on, so the sender's new request carries a new timestamp (the first one's is spent).
    api.clock.set(new Date(Date.parse(IN_SERVICE_AT) + 3 * 60_000).toISOString());
    const again = alarmBody('ALM-4002', 'entrapment');
    const reply = await sendAlarm(elevatorId, again, sign(alarmKey, again));
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: 200,
      body: { alarmId: 'ALM-4002', recorded: true },
    });
    expect((await eventsOf('AlarmRecorded')).map((event) => event.data.alarmId)).toEqual([
      'ALM-1001',
      'ALM-1002',
      'ALM-2005',
      'ALM-3001',
      'ALM-4001',
      'ALM-4002',
    ]);
  });
});

describe('the record sent again after an inspection', () => {
  it('keeps the certificate the inspection renewed and the interval when it leaves them out', async () => {
    const { certificateExpiresOn: _certificate, maintenanceIntervalDays: _interval, ...rest } = RECORD;
    const reply = await api.request(
      'PUT',
      elevatorPath(unitA),
      { ...rest, maintainer: { name: '杭州新维电梯服务', serviceLine: '0571-87770000' } },
      { token: committee },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.elevator).toMatchObject({
      maintainer: { name: '杭州新维电梯服务', serviceLine: '0571-87770000' },
      // Renewed by the periodic inspection (RECORD said 2026-06-19), and 14 days as last recorded.
      certificateExpiresOn: '2027-06-19',
      maintenanceIntervalDays: 14,
    });
    const [latest] = (await eventsOf('ElevatorRecorded')).slice(-1);
    expect(latest.data).toMatchObject({ certificateExpiresOn: '2027-06-19', maintenanceIntervalDays: 14 });
  });
});
