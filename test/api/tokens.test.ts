/**
 * Everyone signs in as themselves, over real HTTP on the real database: the platform administrator
 * builds the places (a district, a sub-district, communities A and B) and issues per-person tokens;
 * a committee member of A runs a unit of A with their own token and cannot see anything of B; the
 * roles' table refuses what a role may not do (403, only on a unit the caller may see); revoked and
 * expired tokens sign no one in; the secrets are shown once and stored only as hashes; and every
 * place, issue and revocation is an event of the platform's hash-chained stream, as every change of
 * a unit names the person who made it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { rebuildPlatformViews } from '../../commands/kernel/run-platform.js';
import { PLATFORM_STREAM_ID, verifyChain } from '../../models/case-stream.js';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { createPlace, issueToken } from '../support/people.js';
import { flats } from '../support/units.js';

const DAY = 86_400_000;
let api: TestApi;
/** Place ids. */
let district: string;
let subdistrict: string;
let communityA: string;
let communityB: string;
/** Secrets and ids of the tokens issued in `beforeAll`. */
let committeeA: { secret: string; id: string };
let officer: { secret: string; id: string };
/** Unit B, its ballot, registered by the administrator in community B. */
let unitB: string;
let ballotB: string;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const place = (kind: string, name: string, parentId?: string) => createPlace(api, kind, name, parentId);
const issue = (body: Record<string, unknown>, token?: string) => issueToken(api, body, token);

const as = (token: string) => ({ token });
const platformEvents = async () =>
  (await api.system.models.caseEvents
    .find({ caseId: PLATFORM_STREAM_ID })
    .sort({ seq: 1 })
    .lean()
    .exec()) as unknown as Json[];

beforeAll(async () => {
  api = await startTestApi();
  district = await place('district', '演示区');
  subdistrict = await place('subdistrict', '演示街道', district);
  communityA = await place('community', '甲社区', subdistrict);
  communityB = await place('community', '乙社区', subdistrict);
  committeeA = await issue({
    name: '沈丽萍',
    role: 'committee',
    scope: { kind: 'community', id: communityA },
  });
  officer = await issue({
    name: '街道老周',
    role: 'subdistrict',
    scope: { kind: 'subdistrict', id: subdistrict },
  });

  const registered = await api.post('/api/v1/units', {
    name: '乙社区 9幢1单元',
    communityId: communityB,
    flats: flats(4),
  });
  expect(registered.status).toBe(201);
  unitB = registered.body.id as string;
  expect((await api.post(`/api/v1/units/${unitB}/plans`, { planVersion: 1, title: '乙方案' })).status).toBe(
    201,
  );
  const opened = await api.post(`/api/v1/units/${unitB}/ballots`, {
    title: '乙单元加装电梯表决',
    matter: 'major',
    closesAt: new Date(Date.parse(T0) + 10 * DAY).toISOString(),
  });
  expect(opened.status).toBe(201);
  ballotB = opened.body.id as string;
});
afterAll(async () => {
  await api.close();
});

describe('a committee member of community A, with their own token', () => {
  let unitA: string;
  let ballotA: string;

  it('registers a unit into their community, publishes a plan, opens a ballot, enters a paper vote and reads the tally', async () => {
    const registered = await api.post(
      '/api/v1/units',
      { name: '甲社区 3幢2单元', flats: flats(4) },
      as(committeeA.secret),
    );
    expect(registered.status).toBe(201);
    unitA = registered.body.id as string;
    expect(registered.body.communityId).toBe(communityA);

    const plan = await api.post(
      `/api/v1/units/${unitA}/plans`,
      { planVersion: 1, title: '甲方案' },
      as(committeeA.secret),
    );
    expect(plan.status).toBe(201);
    const opened = await api.post(
      `/api/v1/units/${unitA}/ballots`,
      {
        title: '甲单元加装电梯表决',
        matter: 'major',
        closesAt: new Date(Date.parse(T0) + 10 * DAY).toISOString(),
      },
      as(committeeA.secret),
    );
    expect(opened.status).toBe(201);
    ballotA = opened.body.id as string;
    const voted = await api.post(
      `/api/v1/ballots/${ballotA}/votes`,
      { room: '101', choice: 'agree', channel: 'paper', reference: 'P-101' },
      as(committeeA.secret),
    );
    expect(voted.status).toBe(201);
    const tally = await api.get(`/api/v1/ballots/${ballotA}/tally`, as(committeeA.secret));
    expect(tally.status).toBe(200);
    expect(tally.body.agree.owners).toBe(1);

    // The case stream says which person did each: the committee member, by their token's id.
    const events = (await api.system.models.caseEvents
      .find({ caseId: unitA })
      .sort({ seq: 1 })
      .lean()
      .exec()) as Json[];
    expect(events.map((event) => event.type)).toEqual([
      'UnitRegistered',
      'PlanPublished',
      'BallotOpened',
      'VoteCast',
    ]);
    for (const event of events) expect(event.actor).toEqual({ kind: 'committee', id: committeeA.id });
    expect(events[0].data.communityId).toBe(communityA);
  });

  it('gets 404 for a unit of community B and for its ballot, exactly as for what does not exist, and sees none of B', async () => {
    const missingUnit = 'u_aaaaaaaaaaaaaaaa';
    const missingBallot = `b_${'a'.repeat(16)}_aaaaaaaa`;
    const replies = [
      await api.get(`/api/v1/units/${unitB}`, as(committeeA.secret)),
      await api.get(`/api/v1/units/${unitB}/plans`, as(committeeA.secret)),
      await api.get(`/api/v1/units/${unitB}/bindings`, as(committeeA.secret)),
      await api.post(`/api/v1/units/${unitB}/plans`, { planVersion: 2, title: 'x' }, as(committeeA.secret)),
      await api.get(`/api/v1/ballots/${ballotB}`, as(committeeA.secret)),
      await api.get(`/api/v1/ballots/${ballotB}/tally`, as(committeeA.secret)),
      await api.post(
        `/api/v1/ballots/${ballotB}/votes`,
        { room: '101', choice: 'oppose', channel: 'paper', reference: 'P-1' },
        as(committeeA.secret),
      ),
    ];
    for (const reply of replies.slice(0, 4)) expectError(reply, 404, 'unit_not_registered');
    for (const reply of replies.slice(4)) expectError(reply, 404, 'ballot_not_found');
    for (const reply of replies) {
      const text = JSON.stringify(reply.body);
      expect(text).not.toMatch(/乙|业主|communityId|pl_/);
    }
    // The same answer as for a unit and a ballot that do not exist, but for the id asked about.
    const none = await api.get(`/api/v1/units/${missingUnit}`, as(committeeA.secret));
    expect(JSON.stringify(replies[0]!.body).replaceAll(unitB, 'X')).toBe(
      JSON.stringify(none.body).replaceAll(missingUnit, 'X'),
    );
    const noBallot = await api.get(`/api/v1/ballots/${missingBallot}`, as(committeeA.secret));
    expect(JSON.stringify(replies[4]!.body).replaceAll(ballotB, 'X')).toBe(
      JSON.stringify(noBallot.body).replaceAll(missingBallot, 'X'),
    );
    // Nothing was cast on B's ballot.
    const tally = await api.get(`/api/v1/ballots/${ballotB}/tally`);
    expect(tally.body.participating.owners).toBe(0);
  });

  it('sees only their own community in the places, and only its tokens', async () => {
    const places = await api.get('/api/v1/places', as(committeeA.secret));
    expect(places.status).toBe(200);
    // Its community and the places above it, each naming the place it sits in; never a sibling.
    expect(places.body.nextCursor).toBeNull();
    const seen = new Map<string, Json>(places.body.items.map((place: Json) => [place.id, place]));
    expect([...seen.keys()].sort()).toEqual([district, subdistrict, communityA].sort());
    expect(seen.get(district)).toMatchObject({ kind: 'district', name: '演示区' });
    expect(seen.get(subdistrict)).toMatchObject({ kind: 'subdistrict', parentId: district });
    expect(seen.get(communityA)).toMatchObject({ kind: 'community', name: '甲社区', parentId: subdistrict });
    expect(JSON.stringify(places.body)).not.toContain(communityB);
    const all = await api.get('/api/v1/places');
    expect(all.body.items.map((place: Json) => place.id).sort()).toEqual(
      [district, subdistrict, communityA, communityB].sort(),
    );

    const tokens = await api.get('/api/v1/tokens', as(committeeA.secret));
    expect(tokens.status).toBe(200);
    expect(tokens.body.items.map((token: Json) => token.id)).toEqual([committeeA.id]);
  });

  it('issues an applicant representative token for a unit of their community, and none outside it', async () => {
    const applicant = await issue(
      { name: '张建国', role: 'applicant', scope: { kind: 'unit', id: unitA } },
      committeeA.secret,
    );
    expect(applicant.body).toMatchObject({
      role: 'applicant',
      issuedBy: { kind: 'committee', id: committeeA.id },
    });
    // The representative publishes a plan for their unit, but registers no unit and sees no other.
    expect(
      (
        await api.post(
          `/api/v1/units/${unitA}/plans`,
          { planVersion: 2, title: '甲方案二' },
          as(applicant.secret),
        )
      ).status,
    ).toBe(201);
    expectError(
      await api.post('/api/v1/units', { name: '另一个单元', flats: flats(2) }, as(applicant.secret)),
      403,
      'forbidden',
    );
    expectError(
      await api.post(`/api/v1/units/${unitA}/ballots`, { title: 't', matter: 'major' }, as(applicant.secret)),
      403,
      'forbidden',
    );
    expectError(await api.get(`/api/v1/units/${unitB}`, as(applicant.secret)), 404, 'unit_not_registered');

    const before = (await platformEvents()).length;
    expectError(
      await api.post(
        '/api/v1/tokens',
        { name: '某人', role: 'applicant', scope: { kind: 'unit', id: unitB }, expiresInDays: 30 },
        as(committeeA.secret),
      ),
      404,
      'unit_not_registered',
    );
    expectError(
      await api.post(
        '/api/v1/tokens',
        { name: '某人', role: 'committee', scope: { kind: 'community', id: communityB }, expiresInDays: 30 },
        as(committeeA.secret),
      ),
      422,
      'place_not_found',
    );
    expectError(
      await api.post(
        '/api/v1/tokens',
        {
          name: '某人',
          role: 'subdistrict',
          scope: { kind: 'subdistrict', id: subdistrict },
          expiresInDays: 30,
        },
        as(committeeA.secret),
      ),
      403,
      'forbidden',
    );
    expect((await platformEvents()).length).toBe(before);
  });
});

describe('the roles table', () => {
  it('lets a sub-district officer read every unit of their sub-district but not enter votes (403)', async () => {
    expect((await api.get(`/api/v1/units/${unitB}`, as(officer.secret))).status).toBe(200);
    expect((await api.get(`/api/v1/ballots/${ballotB}/tally`, as(officer.secret))).status).toBe(200);
    const before = await api.system.models.caseEvents.countDocuments({ caseId: unitB });
    expectError(
      await api.post(
        `/api/v1/ballots/${ballotB}/votes`,
        { room: '101', choice: 'agree', channel: 'paper', reference: 'P-1' },
        as(officer.secret),
      ),
      403,
      'forbidden',
    );
    expectError(
      await api.post('/api/v1/places', { kind: 'district', name: '新区' }, as(officer.secret)),
      403,
      'forbidden',
    );
    expect(await api.system.models.caseEvents.countDocuments({ caseId: unitB })).toBe(before);
  });

  it('keeps a unit placed in no community to the platform administrator', async () => {
    const unplaced = await api.post('/api/v1/units', { name: '未归属单元', flats: flats(2) });
    expect(unplaced.status).toBe(201);
    expect(unplaced.body.communityId).toBeUndefined();
    const id = unplaced.body.id as string;
    expectError(await api.get(`/api/v1/units/${id}`, as(officer.secret)), 404, 'unit_not_registered');
    // Placed by the administrator (a UnitPlaced event), it is the sub-district's to read.
    const placed = await api.request('PUT', `/api/v1/units/${id}/community`, { communityId: communityB });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ communityId: communityB, placed: true });
    expect((await api.get(`/api/v1/units/${id}`, as(officer.secret))).status).toBe(200);
    expectError(
      await api.request(
        'PUT',
        `/api/v1/units/${id}/community`,
        { communityId: communityA },
        as(officer.secret),
      ),
      403,
      'forbidden',
    );
    expectError(
      await api.request('PUT', `/api/v1/units/${id}/community`, { communityId: subdistrict }),
      422,
      'wrong_place_kind',
    );
  });
});

describe('tokens', () => {
  it('are shown once: the list never shows a secret, and only the hash is stored', async () => {
    const issued = await issue({
      name: '王小明',
      role: 'committee',
      scope: { kind: 'community', id: communityB },
    });
    expect(issued.secret).toMatch(/^jt_[A-Za-z0-9_-]{43}$/);
    for (const token of [undefined, committeeA.secret]) {
      const list = await api.get('/api/v1/tokens', token === undefined ? {} : as(token));
      const text = JSON.stringify(list.body);
      expect(text).not.toMatch(/jt_/);
      for (const secret of [issued.secret, committeeA.secret, officer.secret]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(sha256(secret));
      }
    }
    const stored = await api.system.models.staffTokens.collection.find({}).toArray();
    const doc = stored.find((token) => token.tokenId === issued.id)!;
    expect(doc._id).toBe(sha256(issued.secret));
    expect(JSON.stringify(stored)).not.toContain(issued.secret);
    expect(JSON.stringify(await platformEvents())).not.toContain(issued.secret);
  });

  it('revoked, sign no one in (401), and the revocation is an event naming who revoked', async () => {
    const issued = await issue({
      name: '李四',
      role: 'committee',
      scope: { kind: 'community', id: communityA },
    });
    expect((await api.get('/api/v1/places', as(issued.secret))).status).toBe(200);
    const revoked = await api.request(
      'DELETE',
      `/api/v1/tokens/${issued.id}`,
      undefined,
      as(committeeA.secret),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: issued.id, status: 'revoked', revoked: true });
    expectError(await api.get('/api/v1/places', as(issued.secret)), 401, 'unauthorized');
    const again = await api.request('DELETE', `/api/v1/tokens/${issued.id}`);
    expect(again.body).toMatchObject({ revoked: false });
    // A committee member of A cannot reach B's tokens.
    const tokenB = (await api.get('/api/v1/tokens')).body.items.find(
      (token: Json) => token.scope.id === communityB,
    );
    expectError(
      await api.request('DELETE', `/api/v1/tokens/${tokenB.id}`, undefined, as(committeeA.secret)),
      404,
      'token_not_found',
    );

    const events = await platformEvents();
    const revocations = events.filter((event) => event.type === 'TokenRevoked');
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({
      actor: { kind: 'committee', id: committeeA.id },
      data: { tokenId: issued.id, tokenHash: sha256(issued.secret) },
    });
  });

  it('expired, sign no one in (401)', async () => {
    const issued = await issue({
      name: '赵六',
      role: 'subdistrict',
      scope: { kind: 'subdistrict', id: subdistrict },
      expiresInDays: 1,
    });
    expect((await api.get(`/api/v1/units/${unitB}`, as(issued.secret))).status).toBe(200);
    const now = api.clock.now();
    try {
      api.clock.set(new Date(now.getTime() + DAY));
      expectError(await api.get(`/api/v1/units/${unitB}`, as(issued.secret)), 401, 'unauthorized');
      const listed = (await api.get('/api/v1/tokens')).body.items.find(
        (token: Json) => token.id === issued.id,
      );
      expect(listed.status).toBe('expired');
    } finally {
      api.clock.set(now);
    }
    expectError(await api.get('/api/v1/places', { token: 'jt_' + 'A'.repeat(43) }), 401, 'unauthorized');
  });

  it('each place, issue and revocation is an event of the platform stream, hash-chained, naming who acted', async () => {
    const events = await platformEvents();
    expect(events.slice(0, 6).map((event) => event.type)).toEqual([
      'PlaceCreated',
      'PlaceCreated',
      'PlaceCreated',
      'PlaceCreated',
      'TokenIssued',
      'TokenIssued',
    ]);
    expect(events[4]).toMatchObject({
      actor: { kind: 'admin', id: 'admin' },
      data: { tokenId: committeeA.id, role: 'committee', scope: { kind: 'community', id: communityA } },
    });
    expect(events.filter((event) => event.type === 'TokenIssued').length).toBeGreaterThanOrEqual(5);
    expect(await verifyChain(api.system.models.caseEvents, PLATFORM_STREAM_ID)).toMatchObject({
      ok: true,
      events: events.length,
    });
    // The platform's stream is not a case: the registry lists units only.
    expect(await api.system.commands.streams.caseIds()).not.toContain(PLATFORM_STREAM_ID);
  });

  it('rebuild from the stream alone: places and tokens, revocations included', async () => {
    const { places, staffTokens } = api.system.models;
    const read = async () => ({
      places: await places.collection.find({}).sort({ _id: 1 }).toArray(),
      tokens: await staffTokens.collection.find({}).sort({ _id: 1 }).toArray(),
    });
    const before = await read();
    await places.deleteMany({});
    await staffTokens.deleteMany({});
    expectError(await api.get('/api/v1/places', as(committeeA.secret)), 401, 'unauthorized');
    expect(await rebuildPlatformViews(api.system.commands)).toBe((await platformEvents()).length);
    expect(await read()).toEqual(before);
    expect(before.tokens.some((token) => token.revokedAt instanceof Date)).toBe(true);
    expect((await api.get('/api/v1/places', as(committeeA.secret))).status).toBe(200);
  });
});

describe('the whole consensus phase, by the people whose work it is', () => {
  it('runs a unit’s whole consensus phase with their own token, a sub-district officer mediating', async () => {
    const committee = as(committeeA.secret);
    const registered = await api.post(
      '/api/v1/units',
      { name: '甲社区 5幢1单元', flats: flats(4) },
      committee,
    );
    expect(registered.status).toBe(201);
    const unitA = registered.body.id as string;
    const plan = { planVersion: 1, title: '五幢方案' };
    expect((await api.post(`/api/v1/units/${unitA}/plans`, plan, committee)).status).toBe(201);
    const opened = await api.post(
      `/api/v1/units/${unitA}/ballots`,
      {
        title: '五幢加装电梯表决',
        matter: 'major',
        closesAt: new Date(Date.parse(T0) + 10 * DAY).toISOString(),
      },
      committee,
    );
    expect(opened.status).toBe(201);
    const ballotA = opened.body.id as string;
    for (const room of ['101', '102', '201', '202']) {
      const voted = await api.post(
        `/api/v1/ballots/${ballotA}/votes`,
        { room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
        committee,
      );
      expect(voted.status).toBe(201);
    }
    const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
    api.clock.set(at(10));
    try {
      const closed = await api.post(`/api/v1/ballots/${ballotA}/close`, {}, committee);
      expect(closed.status).toBe(200);
      expect(closed.body.result.passed).toBe(true);
      const record = await api.get(`/api/v1/ballots/${ballotA}/record`, committee);
      expect(record.body.named).toBe(true);
      expect(record.body.flats[0]).toMatchObject({ room: '101', owners: ['业主101'] });
      expect((await api.post(`/api/v1/units/${unitA}/agreement`, {}, committee)).status).toBe(201);
      api.clock.set(at(11));
      const filed = await api.post(
        `/api/v1/units/${unitA}/objections`,
        { ground: 'daylight', filedAt: at(11), objector: { name: '业主201', room: '201' }, summary: '挡光' },
        committee,
      );
      expect(filed.status).toBe(201);
      const objection = `/api/v1/units/${unitA}/objections/${filed.body.reference}`;
      const step = (level: string, outcome: string, token: { token: string }) =>
        api.post(
          `${objection}/mediations`,
          { level, heldOn: at(11).slice(0, 10), participants: ['业主201', '申请人代表'], outcome },
          token,
        );
      expect((await step('committee', 'failed', committee)).status).toBe(201);
      const resolved = await step('subdistrict', 'resolved', as(officer.secret));
      expect(resolved.status).toBe(201);
      expect(resolved.body.applicationBlocked).toBe(false);

      const events = (await api.system.models.caseEvents
        .find({ caseId: unitA })
        .sort({ seq: 1 })
        .lean()
        .exec()) as Json[];
      const byType = events.map((event) => `${event.type} ${event.actor.kind}`);
      expect(new Set(events.map((event) => event.actor.kind))).toEqual(new Set(['committee', 'subdistrict']));
      expect(byType).toEqual(
        expect.arrayContaining([
          'BallotClosed committee',
          'AgreementSigned committee',
          'ObjectionFiled committee',
          'MediationRecorded subdistrict',
        ]),
      );
    } finally {
      api.clock.set(T0);
    }
  });
});
