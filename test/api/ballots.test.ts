/**
 * Ballots over real HTTP: opening one on a unit, reading it, entering votes and closing it. Each
 * `describe` goes unauthenticated → invalid fields → unknown ids → wrong stage / closed → success, and
 * checks the stored stream (events, actor, channel, hash chain).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { hashEvent, verifyChain } from '../../models/case-stream.js';
import { expectError, openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterEach(() => {
  api.clock.set(T0);
});
afterAll(async () => {
  await api.close();
});

const load = (unitId: string) => api.system.commands.streams.load(unitId);

/** Registers a unit, publishes its plan and opens the elevator ballot (a major matter) closing on day 7. */
async function openElevatorBallot(): Promise<{ unitId: string; ballotId: string }> {
  const unitId = await registerUnit(api);
  await publishPlan(api, unitId);
  const ballotId = (await openBallot(api, unitId, { matter: 'major', closesAt: day(7) })).id;
  return { unitId, ballotId };
}

describe('POST /api/v1/units/:unitId/ballots', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await registerUnit(api);
  });
  const body = { title: '加装电梯表决', matter: 'major', closesAt: day(7) };
  const open = (b: unknown, id = unitId) => api.post(`/api/v1/units/${id}/ballots`, b);

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/units/${unitId}/ballots`, body, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['title', { ...body, title: '' }],
    ['matter', { ...body, matter: 'big' }],
    ['closesAt', { ...body, closesAt: 'next week' }],
    ['closesAt', { ...body, closesAt: '2025-03-10T10:00:00' }],
    ['purpose', { ...body, purpose: 'party' }],
    ['planVersion', { ...body, planVersion: 0 }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, b) => {
    const reply = await open(b);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field.replaceAll('.', '\\.')}」`));
    expect(reply.body.details).toMatchObject({ field, where: 'body' });
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('answers 404 unit_not_registered for %s', async (id) => {
    expectError(await open(body, id), 404, 'unit_not_registered');
    expect(await load(id)).toEqual([]);
  });

  it('refuses the elevator ballot before a plan is published (409 wrong_stage)', async () => {
    const reply = await open(body);
    expectError(reply, 409, 'wrong_stage', /「征求意见」/);
    expect(reply.body.details).toEqual({ stage: 'canvassing', expected: ['planning', 'voting'] });
    expect(await load(unitId)).toHaveLength(1);
  });

  it('refuses an ordinary elevator ballot (422 elevator_ballot_must_be_major)', async () => {
    const reply = await open({ ...body, matter: 'ordinary', purpose: 'elevator' });
    expectError(reply, 422, 'elevator_ballot_must_be_major', /重大事项/);
  });

  it('refuses a ballot shorter than the minimum open period of 5 days (422 ballot_too_short)', async () => {
    const reply = await open({ ...body, purpose: 'repair_funds', closesAt: day(4.9) });
    expectError(reply, 422, 'ballot_too_short', /至少要开放 5 天/);
    expect(reply.body.details).toEqual({ closesAt: day(4.9), earliestCloseAt: day(5), minimumOpenDays: 5 });
  });

  it('opens the elevator ballot on the published plan (201), freezing roster, rules and denominators', async () => {
    await publishPlan(api, unitId);
    expectError(await open({ ...body, planVersion: 2 }), 422, 'plan_version_mismatch');

    const reply = await open(body);
    expect(reply.status).toBe(201);
    const id: string = reply.body.id;
    expect(id).toMatch(new RegExp(`^b_${unitId.slice(2)}_[a-z2-7]{8}$`));
    expect(reply.headers.get('location')).toBe(`/api/v1/ballots/${id}`);
    expect(reply.body).toMatchObject({
      id,
      unitId,
      title: '加装电梯表决',
      matter: 'major',
      purpose: 'elevator',
      planVersion: 1,
      status: 'open',
      acceptingVotes: true,
      opensAt: T0,
      closesAt: day(7),
      minimumOpenDays: 5,
      earliestCloseAt: day(5),
      closableAt: day(7),
      denominators: { owners: 6, area: '300.00' },
      flats: 6,
      votesRecorded: 0,
      rules: {
        matter: 'major',
        abstentionParticipates: true,
        thresholds: {
          participation: { fraction: '2/3', comparison: 'at_least', of: 'total' },
          approval: { fraction: '3/4', comparison: 'at_least', of: 'participating' },
        },
      },
    });

    const events = await load(unitId);
    expect(events.map((e) => e.type)).toEqual(['UnitRegistered', 'PlanPublished', 'BallotOpened']);
    const opened = events[2]!;
    expect(opened).toMatchObject({ actor: { kind: 'admin', id: 'admin' }, channel: 'api', at: new Date(T0) });
    expect(opened.data).toMatchObject({
      ballotId: id,
      minimumOpenDays: 5,
      denominators: { owners: 6, areaCenti: 30000 },
    });
    // The frozen roster counts; it carries no owners' names or phones.
    expect(JSON.stringify((opened.data as Json).roster)).not.toMatch(/owners|业主|1380000/);
    expect(await verifyChain(api.system.models.caseEvents, unitId)).toMatchObject({ ok: true, events: 3 });

    // One elevator ballot at a time; an ordinary ballot defaults to purpose "other" and may run beside it.
    expectError(await open(body), 409, 'elevator_ballot_open');
    const ordinary = await open({ title: '维保单位', matter: 'ordinary' });
    expect(ordinary.status).toBe(201);
    expect(ordinary.body).toMatchObject({ purpose: 'other', closableAt: day(5) });
    expect(ordinary.body.closesAt).toBeUndefined();
  });
});

describe('GET /api/v1/ballots/:id', () => {
  let unitId: string;
  let ballotId: string;
  beforeAll(async () => {
    unitId = await registerUnit(api);
    ballotId = (await openBallot(api, unitId, { matter: 'ordinary', closesAt: day(6) })).id;
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await api.get(`/api/v1/ballots/${ballotId}`, { token: null }), 401, 'unauthorized');
  });

  it.each([
    ['an id of the wrong shape', 'nonsense'],
    ['a ballot id of an unknown unit', 'b_aaaaaaaaaaaaaaaa_aaaaaaaa'],
    ['an unknown ballot of a known unit', () => `b_${unitId.slice(2)}_aaaaaaaa`],
  ])('answers 404 ballot_not_found for %s', async (_label, id) => {
    const ballot = typeof id === 'function' ? id() : id;
    expectError(await api.get(`/api/v1/ballots/${ballot}`), 404, 'ballot_not_found', new RegExp(ballot));
  });

  it('shows an open ballot, and that it stops taking votes at closesAt', async () => {
    const reply = await api.get(`/api/v1/ballots/${ballotId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: ballotId,
      status: 'open',
      acceptingVotes: true,
      closesAt: day(6),
    });
    expect(reply.body.closedAt).toBeUndefined();
    expect(reply.body.result).toBeUndefined();
    api.clock.set(day(6));
    expect((await api.get(`/api/v1/ballots/${ballotId}`)).body).toMatchObject({
      status: 'open',
      acceptingVotes: false,
    });
  });
});

describe('POST /api/v1/ballots/:id/votes', () => {
  let unitId: string;
  let ballotId: string;
  beforeAll(async () => {
    ({ unitId, ballotId } = await openElevatorBallot());
  });
  const paper = { room: '101', choice: 'agree', channel: 'paper', reference: 'P-0001' };
  const cast = (b: unknown, id = ballotId) => api.post(`/api/v1/ballots/${id}/votes`, b);

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/ballots/${ballotId}/votes`, paper, { token: null }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['room', { ...paper, room: '1.01' }],
    ['room', { ...paper, room: undefined }],
    ['choice', { ...paper, choice: 'yes' }],
    ['channel', { ...paper, channel: 'wechat' }],
    ['reference', { ...paper, reference: undefined }],
    ['reference', { ...paper, reference: '  ' }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, b) => {
    const reply = await cast(b);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field.replaceAll('.', '\\.')}」`));
    expect(reply.body.details.field).toBe(field);
  });

  it('answers 404 ballot_not_found for an unknown ballot', async () => {
    expectError(await cast(paper, 'b_aaaaaaaaaaaaaaaa_aaaaaaaa'), 404, 'ballot_not_found');
    expectError(await cast(paper, `b_${unitId.slice(2)}_aaaaaaaa`), 404, 'ballot_not_found');
  });

  it('refuses a room that is not in the frozen roster (422 unknown_room)', async () => {
    const reply = await cast({ ...paper, room: '901' });
    expectError(reply, 422, 'unknown_room', /901/);
    expect(reply.body.details).toEqual({ ballotId, room: '901' });
  });

  it('records a paper vote (201) with a receipt: the event seq, hash and time', async () => {
    const before = await load(unitId);
    const reply = await cast(paper);
    expect(reply.status).toBe(201);
    const events = await load(unitId);
    const stored = events.at(-1)!;
    expect(events).toHaveLength(before.length + 1);
    expect(reply.body).toEqual({
      id: `${unitId}:${stored.seq}`,
      ballotId,
      room: '101',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-0001',
      receipt: { seq: stored.seq, hash: stored.hash, prevHash: before.at(-1)!.hash, at: T0 },
    });
    expect(stored).toMatchObject({
      type: 'VoteCast',
      channel: 'paper',
      actor: { kind: 'admin', id: 'admin' },
    });
    expect(stored.data).toEqual({
      ballotId,
      room: '101',
      choice: 'agree',
      channel: 'paper',
      castAt: T0,
      reference: 'P-0001',
    });
    expect(stored.hash).toBe(hashEvent(stored));
  });

  it('records proxy and in-person votes under their own channels', async () => {
    const proxy = await cast({ room: '102', choice: 'abstain', channel: 'proxy', reference: 'AUTH-7' });
    const inPerson = await cast({ room: '201', choice: 'oppose', channel: 'in_person', reference: 'desk-1' });
    expect([proxy.status, inPerson.status]).toEqual([201, 201]);
    const events = await load(unitId);
    expect(events.slice(-2).map((e) => [e.channel, (e.data as Json).proxyFor])).toEqual([
      ['proxy', '102'],
      ['in_person', undefined],
    ]);
  });

  it('replaces an earlier vote of the same person in the tally while both events stay in the stream', async () => {
    await vote(api, ballotId, ['202'], 'agree');
    const before = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body;
    await vote(api, ballotId, ['202'], 'oppose');
    const after = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body;
    expect(after.agree.owners).toBe(before.agree.owners - 1);
    expect(after.oppose.owners).toBe(before.oppose.owners + 1);
    expect(after.participating).toEqual(before.participating);
    const votes202 = (await load(unitId)).filter(
      (e) => e.type === 'VoteCast' && (e.data as Json).room === '202',
    );
    expect(votes202.map((e) => (e.data as Json).choice)).toEqual(['agree', 'oppose']);
    expect(await verifyChain(api.system.models.caseEvents, unitId)).toMatchObject({ ok: true });
  });

  it('refuses a vote once closesAt has passed (409 ballot_closed), storing nothing', async () => {
    const before = await load(unitId);
    api.clock.set(day(7));
    const reply = await cast(paper);
    expectError(reply, 409, 'ballot_closed', /已经结束了.*不再接受表决/);
    expect(reply.body.details).toEqual({ ballotId, status: 'open', closesAt: day(7) });
    expect(await load(unitId)).toHaveLength(before.length);
  });
});

describe('POST /api/v1/ballots/:id/close', () => {
  let unitId: string;
  let ballotId: string;
  beforeAll(async () => {
    ({ unitId, ballotId } = await openElevatorBallot());
    await vote(api, ballotId, ['101', '102', '201', '202', '301'], 'agree');
  });
  const close = (id = ballotId) => api.post(`/api/v1/ballots/${id}/close`);

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(
      await api.post(`/api/v1/ballots/${ballotId}/close`, {}, { token: null }),
      401,
      'unauthorized',
    );
  });

  it('answers 404 ballot_not_found for an unknown ballot', async () => {
    expectError(await close('b_aaaaaaaaaaaaaaaa_aaaaaaaa'), 404, 'ballot_not_found');
  });

  it('refuses to close before closesAt (409 ballot_not_yet_closable)', async () => {
    api.clock.set(day(6.9));
    const reply = await close();
    expectError(reply, 409, 'ballot_not_yet_closable', /以后才能结束/);
    expect(reply.body.details).toEqual({ ballotId, closableAt: day(7) });
  });

  it('closes at closesAt with the frozen result; the passed elevator ballot moves the case to agreement', async () => {
    api.clock.set(day(7));
    const reply = await close();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: ballotId,
      status: 'closed',
      acceptingVotes: false,
      closedAt: day(7),
      late: false,
      result: {
        passed: true,
        participating: { owners: 5, area: '250.00' },
        agree: { owners: 5, area: '250.00' },
        checks: {
          participationOwners: true,
          participationArea: true,
          approvalOwners: true,
          approvalArea: true,
        },
      },
    });
    const closed = (await load(unitId)).at(-1)!;
    expect(closed).toMatchObject({
      type: 'BallotClosed',
      channel: 'api',
      actor: { kind: 'admin' },
      at: new Date(day(7)),
    });
    expect((closed.data as Json).result.passed).toBe(true);
    expect((await api.get(`/api/v1/units/${unitId}`)).body).toMatchObject({
      stage: 'agreement',
      ballots: [{ id: ballotId, status: 'closed', passed: true, votesRecorded: 5 }],
    });
    expect((await api.get(`/api/v1/ballots/${ballotId}`)).body).toMatchObject({
      status: 'closed',
      closedAt: day(7),
    });
  });

  it('refuses a second close and any vote after it (409 ballot_closed)', async () => {
    api.clock.set(day(8));
    expectError(await close(), 409, 'ballot_closed', /已经结束了/);
    const reply = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '302',
      choice: 'agree',
      channel: 'paper',
      reference: 'late',
    });
    expectError(reply, 409, 'ballot_closed');
    expect(reply.body.details).toMatchObject({ status: 'closed' });
  });
});
