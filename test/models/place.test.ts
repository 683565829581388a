/**
 * The places projection (`models/place.ts`): a place written twice is stored once and read back as
 * the domain names it; the communities within a sub-district or district; and pages of places in the
 * order they were created, resumed after a key even between places created at the same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Place } from '../../domain/platform/index.js';
import {
  readCommunityIdsWithin,
  readPlace,
  readPlacesPage,
  toPlace,
  writePlace,
  type PlaceDoc,
} from '../../models/place.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2025-03-03T02:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

let db: TestDatabase;

const places: Place[] = [
  { placeId: 'd1', kind: 'district', name: '上城区', createdAt: iso(0) },
  { placeId: 'd2', kind: 'district', name: '拱墅区', createdAt: iso(0) },
  {
    placeId: 's1',
    kind: 'subdistrict',
    name: '湖滨街道',
    parentId: 'd1',
    districtId: 'd1',
    createdAt: iso(1),
  },
  {
    placeId: 's2',
    kind: 'subdistrict',
    name: '米市巷街道',
    parentId: 'd2',
    districtId: 'd2',
    createdAt: iso(1),
  },
  ...(['c2', 'c1'] as const).map((placeId): Place => ({
    placeId,
    kind: 'community',
    name: `社区${placeId}`,
    parentId: 's1',
    subdistrictId: 's1',
    districtId: 'd1',
    createdAt: iso(2),
  })),
  {
    placeId: 'c3',
    kind: 'community',
    name: '社区c3',
    parentId: 's2',
    subdistrictId: 's2',
    districtId: 'd2',
    createdAt: iso(3),
  },
];

beforeAll(async () => {
  db = await openTestDatabase('place');
  for (const place of places) await writePlace(db.models.places, place);
});
afterAll(() => db.close());

describe('writePlace / readPlace / toPlace', () => {
  it('reads a place back as written, and writing it again stores it once', async () => {
    await writePlace(db.models.places, places[2]!);
    expect(await readPlace(db.models.places, 's1')).toEqual(places[2]);
    expect(await readPlace(db.models.places, 'd1')).toEqual(places[0]);
    expect(await db.models.places.countDocuments({ _id: 's1' })).toBe(1);
    expect(await readPlace(db.models.places, 'nowhere')).toBeNull();
  });

  it('omits the places above a place stored as null, and gives its creation time as ISO text', () => {
    const doc = {
      _id: 'x',
      kind: 'district',
      name: 'x',
      parentId: null,
      subdistrictId: null,
      districtId: null,
      createdAt: new Date(T0),
    } as unknown as PlaceDoc;
    expect(toPlace(doc)).toEqual({ placeId: 'x', kind: 'district', name: 'x', createdAt: iso(0) });
  });
});

describe('readCommunityIdsWithin', () => {
  it('finds the communities of a sub-district or a district, and none within a community', async () => {
    expect((await readCommunityIdsWithin(db.models.places, 's1')).sort()).toEqual(['c1', 'c2']);
    expect((await readCommunityIdsWithin(db.models.places, 'd2')).sort()).toEqual(['c3']);
    expect(await readCommunityIdsWithin(db.models.places, 'c1')).toEqual([]);
  });
});

describe('readPlacesPage', () => {
  const ids = (page: Place[]) => page.map((place) => place.placeId);

  it('pages through all places by creation time, then id, resuming within a tie', async () => {
    const { places: model } = db.models;
    expect(ids(await readPlacesPage(model, { all: true }, undefined, 3))).toEqual(['d1', 'd2', 's1']);
    const after = (placeId: string, minutes: number) => ({
      placeId,
      createdAt: new Date(T0 + minutes * 60_000),
    });
    expect(ids(await readPlacesPage(model, { all: true }, after('s1', 1), 3))).toEqual(['s2', 'c1', 'c2']);
    expect(ids(await readPlacesPage(model, { all: true }, after('c1', 2), 3))).toEqual(['c2', 'c3']);
    expect(ids(await readPlacesPage(model, { all: true }, after('c3', 3), 3))).toEqual([]);
  });

  it('reads only the places named and those within one place', async () => {
    const { places: model } = db.models;
    expect(ids(await readPlacesPage(model, { ids: ['d1', 's1'], within: 's1' }, undefined, 10))).toEqual([
      'd1',
      's1',
      'c1',
      'c2',
    ]);
    expect(ids(await readPlacesPage(model, { ids: ['d2'] }, undefined, 10))).toEqual(['d2']);
    expect(
      ids(
        await readPlacesPage(
          model,
          { ids: ['d1'], within: 'd1' },
          { placeId: 's1', createdAt: new Date(T0 + 60_000) },
          1,
        ),
      ),
    ).toEqual(['c1']);
  });
});
