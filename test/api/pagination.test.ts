/**
 * Every list of the API is paged the same way, over real HTTP on the real database: `?limit=` (1–200,
 * default 50) and `?cursor=`, answered as `{ items, nextCursor }`, `nextCursor` null on the last page.
 * Paging through a list shows each item once, in a stable order, with no gap — also when items are
 * added between two pages. A cursor that is not one the list gave out (tampered, cut, another list's
 * or another unit's) is a 400 `invalid_cursor` with a plain Chinese message; a limit out of bounds is
 * a 400 `validation_error` naming `limit`. And `GET /units` lists the units each caller may reach.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rebuildViews } from '../../commands/views.js';
import { migrate } from '../../models/index.js';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, type Json, type TestApi } from '../support/http.js';
import { flats } from '../support/units.js';

let api: TestApi;
/** Place ids. */
let subdistrict: string;
let communityA: string;
let communityB: string;
/** Units: three in A, one in B, one placed nowhere. */
const unitsA: string[] = [];
let unitB: string;
let unplaced: string;
/** Tokens (secrets). */
let committeeA: string;
let committeeB: string;
let officer: string;
let applicantA: string;

const as = (token: string) => ({ token });

async function place(kind: string, name: string, parentId?: string): Promise<string> {
  api.clock.advance(1000);
  const reply = await api.post('/api/v1/places', { kind, name, ...(parentId ? { parentId } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

async function issue(role: string, scope: { kind: string; id: string }): Promise<string> {
  api.clock.advance(1000);
  const reply = await api.post('/api/v1/tokens', { name: `${role} 的令牌`, role, scope, expiresInDays: 30 });
  expect(reply.status).toBe(201);
  return reply.body.token as string;
}

async function register(name: string, count: number, communityId?: string): Promise<string> {
  // Each unit a second after the one before: the list's order is the order of registration.
  api.clock.advance(1000);
  const reply = await api.post('/api/v1/units', {
    name,
    flats: flats(count),
    ...(communityId === undefined ? {} : { communityId }),
  });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

/** Every page of `path` (`?limit=`), in order; each page checked to hold at most `limit` items. */
async function pages(path: string, limit: number, token?: string): Promise<Json[][]> {
  const all: Json[][] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
    const reply = await api.get(url, token === undefined ? {} : as(token));
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    expect(reply.body.items.length).toBeLessThanOrEqual(limit);
    all.push(reply.body.items as Json[]);
    cursor = reply.body.nextCursor as string | null;
    expect(all.length).toBeLessThan(100);
  } while (cursor !== null);
  return all;
}

beforeAll(async () => {
  api = await startTestApi();
  const district = await place('district', '演示区');
  subdistrict = await place('subdistrict', '演示街道', district);
  communityA = await place('community', '甲社区', subdistrict);
  communityB = await place('community', '乙社区', subdistrict);
  for (const n of [1, 2, 3]) unitsA.push(await register(`甲社区 ${n}幢1单元`, 4, communityA));
  unitB = await register('乙社区 9幢1单元', 4, communityB);
  unplaced = await register('未归社区 1幢1单元', 2);
  committeeA = await issue('committee', { kind: 'community', id: communityA });
  committeeB = await issue('committee', { kind: 'community', id: communityB });
  officer = await issue('subdistrict', { kind: 'subdistrict', id: subdistrict });
  applicantA = await issue('applicant', { kind: 'unit', id: unitsA[1]! });
});

afterAll(async () => {
  await api.close();
});

describe('GET /api/v1/units', () => {
  it('pages through every unit for the administrator, in the order registered, none twice', async () => {
    const listed = await pages('/api/v1/units', 2);
    expect(listed.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(listed.flat().map((unit) => unit.id)).toEqual([...unitsA, unitB, unplaced]);
    expect(listed[0]![0]).toEqual({
      id: unitsA[0],
      name: '甲社区 1幢1单元',
      address: {},
      communityId: communityA,
      stage: 'canvassing',
    });
    expect(listed.flat().at(-1)).not.toHaveProperty('communityId');
  });

  it("lists a committee's community, a sub-district's communities and an applicant's own unit", async () => {
    const ids = async (token: string) => (await pages('/api/v1/units', 50, token)).flat().map((u) => u.id);
    expect(await ids(committeeA)).toEqual(unitsA);
    expect(await ids(committeeB)).toEqual([unitB]);
    expect(await ids(officer)).toEqual([...unitsA, unitB]);
    expect(await ids(applicantA)).toEqual([unitsA[1]]);
  });

  it('shows a unit registered between two pages after them, and a stage changed as it now is', async () => {
    const first = await api.get('/api/v1/units?limit=2', as(committeeA));
    expect(first.body.items.map((unit: Json) => unit.id)).toEqual(unitsA.slice(0, 2));
    const later = await register('甲社区 4幢1单元', 2, communityA);
    expect(
      (await api.post(`/api/v1/units/${unitsA[2]}/plans`, { planVersion: 1, title: '方案一' })).status,
    ).toBe(201);
    const rest = await api.get(`/api/v1/units?limit=2&cursor=${first.body.nextCursor}`, as(committeeA));
    expect(rest.body.items.map((unit: Json) => [unit.id, unit.stage])).toEqual([
      [unitsA[2], 'planning'],
      [later, 'canvassing'],
    ]);
    expect(rest.body.nextCursor).toBeNull();
    unitsA.push(later);
  });
});

describe('the unit listings behind GET /units', () => {
  const listedIds = async () => (await pages('/api/v1/units', 200)).flat().map((unit) => unit.id as string);

  it('are listed again, once per database, for units registered before the listings existed', async () => {
    const before = await listedIds();
    const { unitListings } = api.system.models;
    await unitListings.deleteMany({});
    await api.system.connection
      .collection('case_registry')
      .deleteOne({ _id: 'backfilled:unit_list' } as never);
    expect(await listedIds()).toEqual([]);
    await migrate(api.system.models);
    expect(await listedIds()).toEqual(before);
    // Once: the marker stays, and a second start reads nothing again.
    await unitListings.deleteOne({ _id: before[0] });
    await migrate(api.system.models);
    expect(await listedIds()).toEqual(before.slice(1));
  });

  it('are rebuilt from the streams by views:rebuild, the missing one only', async () => {
    const report = await rebuildViews(api.system.commands);
    expect(report.listingsRewritten).toBe(1);
    expect((await rebuildViews(api.system.commands)).listingsRewritten).toBe(0);
    expect((await listedIds())[0]).toBe(unitsA[0]);
  });
});

describe('the lists of a unit', () => {
  it('pages the bindings by room, 50 flats by default', async () => {
    const big = await register('大单元', 61, communityA);
    unitsA.push(big);
    const first = await api.get(`/api/v1/units/${big}/bindings`);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const listed = (await pages(`/api/v1/units/${big}/bindings`, 7)).flat();
    const rooms = flats(61).map((flat) => flat.room);
    expect(listed.map((flat) => flat.room)).toEqual(
      [...rooms].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    expect(new Set(listed.map((flat) => flat.room)).size).toBe(61);
    expect((await pages(`/api/v1/units/${big}/bindings`, 200)).map((page) => page.length)).toEqual([61]);
  });

  it('pages the plans by version', async () => {
    const unitId = unitsA[0]!;
    for (const version of [1, 2, 3]) {
      const reply = await api.post(`/api/v1/units/${unitId}/plans`, {
        planVersion: version,
        title: `方案${version}`,
      });
      expect(reply.status).toBe(201);
    }
    const listed = await pages(`/api/v1/units/${unitId}/plans`, 2);
    expect(listed.map((page) => page.map((plan) => plan.version))).toEqual([[1, 2], [3]]);
  });

  it('answers an empty list as one page with no items', async () => {
    expect((await api.get(`/api/v1/units/${unitB}/objections`)).body).toMatchObject({
      unitId: unitB,
      stage: 'canvassing',
      applicationBlocked: false,
      items: [],
      nextCursor: null,
    });
    expect((await api.get(`/api/v1/units/${unitB}/alerts`)).body).toEqual({ items: [], nextCursor: null });
  });
});

describe('the platform lists', () => {
  it('pages the places and the tokens, each once', async () => {
    const placesListed = (await pages('/api/v1/places', 1)).flat();
    expect(placesListed).toHaveLength(4);
    expect(new Set(placesListed.map((p) => p.id)).size).toBe(4);
    // In the order created: a place's parents before it.
    expect(placesListed.map((p) => p.kind)).toEqual(['district', 'subdistrict', 'community', 'community']);
    expect(placesListed.map((p) => p.id).slice(2)).toEqual([communityA, communityB]);
    const tokens = await pages('/api/v1/tokens', 3);
    expect(tokens.map((page) => page.length)).toEqual([3, 1]);
    expect(tokens.flat().map((token) => token.role)).toEqual([
      'committee',
      'committee',
      'subdistrict',
      'applicant',
    ]);
    // A committee member pages the tokens of their own community only.
    expect((await pages('/api/v1/tokens', 1, committeeA)).flat().map((t) => t.role)).toEqual([
      'committee',
      'applicant',
    ]);
  });
});

describe('a cursor or limit the list did not give', () => {
  let cursor: string;
  beforeAll(async () => {
    cursor = (await api.get('/api/v1/units?limit=1')).body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
  });

  const flip = (text: string, at: number) =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

  it.each([
    ['one character changed', () => flip(cursor, 5)],
    ['cut short', () => cursor.slice(0, -3)],
    ['not base64url', () => `${cursor}!`],
    ['padded', () => `${cursor}==`],
    ['some JSON of the wrong shape', () => Buffer.from('{"l":"units","s":"","k":[1]}').toString('base64url')],
    ['not JSON', () => Buffer.from('units:2025').toString('base64url')],
  ])('refuses a cursor %s (400 invalid_cursor)', async (_, make) => {
    expectError(
      await api.get(`/api/v1/units?cursor=${encodeURIComponent(make())}`),
      400,
      'invalid_cursor',
      /cursor/,
    );
  });

  it("refuses another list's cursor, and another unit's (400 invalid_cursor)", async () => {
    const unitCursor = (await api.get(`/api/v1/units/${unitsA[0]}/bindings?limit=1`)).body
      .nextCursor as string;
    expect(unitCursor).toEqual(expect.any(String));
    // Another list's.
    expectError(await api.get(`/api/v1/units?cursor=${unitCursor}`), 400, 'invalid_cursor');
    expectError(
      await api.get(`/api/v1/units/${unitsA[0]}/plans?cursor=${unitCursor}`),
      400,
      'invalid_cursor',
    );
    // The same list of another unit.
    const reply = await api.get(`/api/v1/units/${unitsA[1]}/bindings?cursor=${unitCursor}`);
    expectError(reply, 400, 'invalid_cursor', /nextCursor/);
    expect(reply.body.details).toEqual({ field: 'cursor', reason: 'other_list' });
  });

  it.each([['0'], ['201'], ['-1'], ['1.5'], ['abc'], ['']])(
    'refuses limit=%s (400 validation_error)',
    async (limit) => {
      const reply = await api.get(`/api/v1/units?limit=${limit}`);
      expectError(reply, 400, 'validation_error');
      expect(reply.body.details).toMatchObject({ field: 'limit' });
    },
  );

  it('takes limit=1 and limit=200', async () => {
    expect((await api.get('/api/v1/units?limit=1')).body.items).toHaveLength(1);
    expect((await api.get('/api/v1/units?limit=200')).body.nextCursor).toBeNull();
  });
});
