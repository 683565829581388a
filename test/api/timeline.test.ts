/**
 * A unit's case history over real HTTP on the real database: `GET /units/:unitId/timeline` pages the
 * events of its stream by seq — who, when (UTC), through which channel, the hash chain and a plain
 * line — showing names only to the administrator and the unit's own committee; and
 * `GET /units/:unitId/timeline/verify` hashes the whole chain again and names the first event that
 * breaks it, after a stored event is tampered with in the collection, without writing anything. A
 * committee of another community reaches neither (404, as a unit that does not exist).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashEvent } from '../../models/case-stream.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import { expectError, openBallot, publishPlan, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { recordWrites, storedRecords } from '../support/stored.js';
import { flats, rooms } from '../support/units.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GENESIS = '0'.repeat(64);

let api: TestApi;
let unitId: string;
/** Tokens (secrets). */
let committeeA: string;
let committeeB: string;
let officer: string;
let applicant: string;

const as = (token: string) => ({ token });

async function place(kind: string, name: string, parentId?: string): Promise<string> {
  const reply = await api.post('/api/v1/places', { kind, name, ...(parentId ? { parentId } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

async function issue(role: string, scope: { kind: string; id: string }): Promise<string> {
  const reply = await api.post('/api/v1/tokens', { name: `${role} 的令牌`, role, scope, expiresInDays: 30 });
  expect(reply.status).toBe(201);
  return reply.body.token as string;
}

/** Every event of the unit's timeline, page by page (`limit` each), as `token` sees it. */
async function timeline(limit: number, token?: string): Promise<{ pages: number; items: Json[] }> {
  const items: Json[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/units/${unitId}/timeline?limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
    const reply = await api.get(url, token === undefined ? {} : as(token));
    expect(reply.status).toBe(200);
    expect(reply.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...(reply.body.items as Json[]));
    cursor = reply.body.nextCursor as string | null;
    pages++;
  } while (cursor !== null && pages < 100);
  return { pages, items };
}

const lineOf = (items: Json[], type: string) => items.find((item) => item.type === type)?.line as string;

beforeAll(async () => {
  api = await startTestApi();
  const district = await place('district', '演示区');
  const subdistrict = await place('subdistrict', '演示街道', district);
  const communityA = await place('community', '甲社区', subdistrict);
  const communityB = await place('community', '乙社区', subdistrict);
  committeeA = await issue('committee', { kind: 'community', id: communityA });
  committeeB = await issue('committee', { kind: 'community', id: communityB });
  officer = await issue('subdistrict', { kind: 'subdistrict', id: subdistrict });

  const registered = await api.post('/api/v1/units', {
    name: '甲社区 3幢2单元',
    communityId: communityA,
    flats: flats(4),
  });
  expect(registered.status).toBe(201);
  unitId = registered.body.id as string;
  applicant = await issue('applicant', { kind: 'unit', id: unitId });
  // The roster changed for a reason someone typed, naming a person.
  const roster = flats(4);
  roster[1]!.owners = [{ name: '张小明' }];
  const updated = await api.request('PUT', `/api/v1/units/${unitId}/flats`, {
    flats: roster,
    reason: '张阿姨把 102 卖给了儿子',
  });
  expect(updated.status).toBe(200);
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, rooms(4), 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
  expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
  api.clock.set(day(8));
  const filed = await api.post(`/api/v1/units/${unitId}/objections`, {
    ground: 'daylight',
    filedAt: day(8),
    objector: { name: '赵铁柱', room: '101', phone: '13912345678' },
    summary: '电梯井挡住客厅的阳光',
  });
  expect(filed.status).toBe(201);
});

afterAll(async () => {
  await api.close();
});

describe('GET /api/v1/units/:unitId/timeline', () => {
  it('pages through every event of the stream by seq, none twice and none missed, chained', async () => {
    const { pages, items } = await timeline(3);
    const stored = (await api.system.models.caseEvents
      .find({ caseId: unitId })
      .sort({ seq: 1 })
      .lean()
      .exec()) as unknown as CaseEventDoc[];
    expect(stored.length).toBeGreaterThan(9);
    expect(pages).toBe(Math.ceil(stored.length / 3));
    expect(items.map((item) => item.seq)).toEqual(stored.map((event) => event.seq));
    items.forEach((item, index) => {
      expect(item.prevHash).toBe(index === 0 ? GENESIS : items[index - 1].hash);
      expect(item.hash).toBe(stored[index]!.hash);
      expect(item.at).toBe(new Date(stored[index]!.at).toISOString());
      expect(item.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(item.line).toMatch(/\p{Script=Han}/u);
    });
    expect(items[0]).toEqual({
      seq: 1,
      type: 'UnitRegistered',
      at: T0,
      channel: 'api',
      actor: { kind: 'admin', id: 'admin' },
      prevHash: GENESIS,
      hash: stored[0]!.hash,
      line: '登记单元「甲社区 3幢2单元」，共 4 户。',
    });
    expect(lineOf(items, 'VoteCast')).toBe('101 室用纸质表决票表决：同意。');
    expect(lineOf(items, 'BallotClosed')).toBe('表决结束：通过。');
    // The whole stream in one page at the default limit, and the same events.
    const whole = await api.get(`/api/v1/units/${unitId}/timeline`);
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.items).toEqual(items);
  });

  it("shows names and typed reasons to the administrator and the unit's committee, rooms only to others", async () => {
    for (const token of [undefined, committeeA]) {
      const { items } = await timeline(200, token);
      expect(lineOf(items, 'ObjectionFiled')).toMatch(
        /^赵铁柱（101 室）提出异议 YY-\d+（采光），是有效异议。$/,
      );
      expect(lineOf(items, 'RosterUpdated')).toContain('原因：张阿姨把 102 卖给了儿子');
    }
    for (const token of [officer, applicant]) {
      const { items } = await timeline(200, token);
      expect(lineOf(items, 'ObjectionFiled')).toMatch(/^101 室提出异议 YY-\d+（采光），是有效异议。$/);
      expect(lineOf(items, 'RosterUpdated')).toBe('更新房屋名单：新增 0 户，去掉 0 户，改动 1 户。');
      const text = JSON.stringify(items);
      expect(text).not.toMatch(/赵铁柱|张阿姨|张小明|业主\d/);
    }
    // Nobody sees a phone.
    expect(JSON.stringify((await timeline(200)).items)).not.toContain('13912345678');
  });

  it('is 404 to a committee of another community, and its unit is not in their list', async () => {
    expectError(
      await api.get(`/api/v1/units/${unitId}/timeline`, as(committeeB)),
      404,
      'unit_not_registered',
    );
    expectError(
      await api.get(`/api/v1/units/${unitId}/timeline/verify`, as(committeeB)),
      404,
      'unit_not_registered',
    );
    const listed = await api.get('/api/v1/units', as(committeeB));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((unit: Json) => unit.id)).not.toContain(unitId);
    expect((await api.get('/api/v1/units', as(committeeA))).body.items.map((unit: Json) => unit.id)).toEqual([
      unitId,
    ]);
  });

  it('refuses a cursor of another unit or list, and an unknown unit', async () => {
    const cursor = (await api.get(`/api/v1/units/${unitId}/timeline?limit=1`)).body.nextCursor as string;
    expectError(await api.get(`/api/v1/units/${unitId}/plans?cursor=${cursor}`), 400, 'invalid_cursor');
    expectError(await api.get('/api/v1/units/u_aaaaaaaaaaaaaaaa/timeline'), 404, 'unit_not_registered');
    expectError(
      await api.get('/api/v1/units/u_aaaaaaaaaaaaaaaa/timeline/verify'),
      404,
      'unit_not_registered',
    );
    expectError(await api.get(`/api/v1/units/${unitId}/timeline?limit=500`), 400, 'validation_error');
  });
});

describe('GET /api/v1/units/:unitId/milestones', () => {
  it('lists the steps the whole unit was told, oldest first, in plain words and the same to everyone', async () => {
    const committee = await api.get(`/api/v1/units/${unitId}/milestones`, as(committeeA));
    expect(committee.status).toBe(200);
    expect(committee.body.items.map((item: Json) => item.type)).toEqual([
      'UnitRegistered',
      'PlanPublished',
      'BallotOpened',
      'BallotClosed',
      'AgreementSigned',
    ]);
    expect(committee.body.items[0]).toMatchObject({ seq: 1, line: '登记单元「甲社区 3幢2单元」，共 4 户。' });
    expect(committee.body.items[3].line).toBe('表决结束：通过。');
    const seqs = committee.body.items.map((item: Json) => item.seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // Whoever reads it, it names no one and leaves out who voted how, the roster's changes and objections.
    expect((await api.get(`/api/v1/units/${unitId}/milestones`, as(applicant))).body).toEqual(committee.body);
    expect(JSON.stringify(committee.body)).not.toMatch(/张|赵|101 室|102 室|异议/);
  });

  it('is 404 to a committee of another community', async () => {
    expectError(
      await api.get(`/api/v1/units/${unitId}/milestones`, as(committeeB)),
      404,
      'unit_not_registered',
    );
  });
});

describe('GET /api/v1/units/:unitId/timeline/verify', () => {
  it('re-hashes the whole chain: ok, with its head', async () => {
    const { items } = await timeline(200);
    const reply = await api.get(`/api/v1/units/${unitId}/timeline/verify`, as(officer));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ok: true,
      events: items.length,
      head: { seq: items.length, hash: items.at(-1).hash },
    });
  });

  it('names the event tampered with in the collection, and writes nothing while verifying', async () => {
    const { items } = await timeline(200);
    const target = items.find((item) => item.type === 'PlanPublished')!;
    const events = api.system.models.caseEvents.collection;
    await events.updateOne({ _id: `${unitId}:${target.seq}` } as never, {
      $set: { 'data.title': '方案（改过）' },
    });
    const tampered = (await events.findOne({
      _id: `${unitId}:${target.seq}`,
    } as never)) as unknown as CaseEventDoc;
    await api.system.commands.cases.flushViews();
    const before = await storedRecords(api.system.models);
    const views = await api.system.models.caseViews.collection.find({}).sort({ _id: 1 }).toArray();
    const recorder = recordWrites(api.system.connection);
    try {
      const reply = await api.get(`/api/v1/units/${unitId}/timeline/verify`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        ok: false,
        events: target.seq - 1,
        head: { seq: target.seq - 1, hash: items[target.seq - 2].hash },
        brokenAt: {
          seq: target.seq,
          reason: 'hash_mismatch',
          expected: hashEvent({ ...tampered, at: new Date(tampered.at) }),
          found: target.hash,
        },
      });
      expect(reply.body.brokenAt.expected).not.toBe(target.hash);
      // The committee of the unit sees the same break.
      expect(
        (await api.get(`/api/v1/units/${unitId}/timeline/verify`, as(committeeA))).body.brokenAt.seq,
      ).toBe(target.seq);
    } finally {
      recorder.stop();
    }
    expect(recorder.writes).toEqual([]);
    expect(await storedRecords(api.system.models)).toEqual(before);
    expect(await api.system.models.caseViews.collection.find({}).sort({ _id: 1 }).toArray()).toEqual(views);
  });

  it('names a link to a forged previous hash (prev_hash_mismatch), and a deleted event (missing_event)', async () => {
    const other = await api.post('/api/v1/units', { name: '乙单元', flats: flats(2) });
    const otherId = other.body.id as string;
    await publishPlan(api, otherId);
    const events = api.system.models.caseEvents.collection;
    const first = (await events.findOne({ _id: `${otherId}:1` } as never)) as unknown as CaseEventDoc;
    await events.updateOne({ _id: `${otherId}:2` } as never, { $set: { prevHash: 'f'.repeat(64) } });
    expect((await api.get(`/api/v1/units/${otherId}/timeline/verify`)).body).toEqual({
      ok: false,
      events: 1,
      head: { seq: 1, hash: first.hash },
      brokenAt: { seq: 2, reason: 'prev_hash_mismatch', expected: first.hash, found: 'f'.repeat(64) },
    });
    await events.deleteOne({ _id: `${otherId}:1` } as never);
    expect((await api.get(`/api/v1/units/${otherId}/timeline/verify`)).body).toEqual({
      ok: false,
      events: 0,
      head: { seq: 0, hash: GENESIS },
      brokenAt: { seq: 1, reason: 'missing_event', expected: `${otherId}:1`, found: null },
    });
  });
});
