/**
 * The places of the city on the real database: `createPlace` appends `PlaceCreated` to the platform's
 * stream and writes the `places` projection, each place knowing the places above it, and refuses a
 * bad parent, a bad kind, a blank name or a second place of one name before appending anything;
 * `findPlace` remembers a place it read but never an absence; `requireCommunity` answers a place
 * outside the caller's scope as one that does not exist; `listPlacesPage` shows each caller their
 * scope's place, what lies within it and what lies above it, never a sibling, page by page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPlace, findPlace, listPlacesPage, requireCommunity } from '../../commands/places.js';
import { PLATFORM_ADMIN } from '../../domain/case/index.js';
import { PLATFORM_STREAM_ID } from '../../models/case-stream.js';
import { adminAt, contextFor, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { givenCity, residentOf, staffIn, type City } from '../support/unit-fixtures.js';

let world: CommandWorld;
let city: City;
beforeAll(async () => {
  world = await openCommandWorld('places');
  city = await givenCity(world.ctx, '', 1000);
});
afterAll(() => world.close());

const platformEvents = () => world.ctx.streams.load(PLATFORM_STREAM_ID);

describe('createPlace', () => {
  it('creates a district, a sub-district and a community, each knowing the places above it', async () => {
    const { ctx, models } = world;
    const before = (await platformEvents()).length;
    const district = await createPlace(ctx, { kind: 'district', name: '  滨江区 ' }, adminAt(1));
    expect(district).toEqual({
      placeId: district.placeId,
      kind: 'district',
      name: '滨江区',
      createdAt: new Date(Date.parse(T0) + 1).toISOString(),
    });
    expect(district.placeId).toMatch(/^pl_[a-z2-7]{16}$/);
    const sub = await createPlace(
      ctx,
      { kind: 'subdistrict', name: '西兴街道', parentId: district.placeId },
      adminAt(2),
    );
    expect(sub).toMatchObject({ parentId: district.placeId, districtId: district.placeId });
    expect(sub.subdistrictId).toBeUndefined();
    const community = await createPlace(
      ctx,
      { kind: 'community', name: '江汉社区', parentId: sub.placeId },
      adminAt(3),
    );
    expect(community).toMatchObject({
      parentId: sub.placeId,
      subdistrictId: sub.placeId,
      districtId: district.placeId,
    });
    expect(await models.places.findById(community.placeId).lean().exec()).toEqual({
      _id: community.placeId,
      kind: 'community',
      name: '江汉社区',
      parentId: sub.placeId,
      subdistrictId: sub.placeId,
      districtId: district.placeId,
      createdAt: new Date(Date.parse(T0) + 3),
    });
    const events = (await platformEvents()).slice(before);
    expect(events.map((e) => [e.type, (e.data as { placeId: string }).placeId, e.actor.kind])).toEqual([
      ['PlaceCreated', district.placeId, 'admin'],
      ['PlaceCreated', sub.placeId, 'admin'],
      ['PlaceCreated', community.placeId, 'admin'],
    ]);
  });

  it('takes a name already used under another parent', async () => {
    const again = await createPlace(
      world.ctx,
      { kind: 'subdistrict', name: '北山街道', parentId: city.farDistrict },
      adminAt(4),
    );
    expect(again).toMatchObject({ name: '北山街道', districtId: city.farDistrict });
  });

  it.each([
    [
      'a community in a district',
      () => ({ kind: 'community' as const, name: '新社区', parentId: city.district }),
      () => ({
        code: 'wrong_place_kind',
        details: { kind: 'district', expected: 'subdistrict', field: 'parentId' },
      }),
    ],
    [
      'a parent that does not exist',
      () => ({ kind: 'community' as const, name: '新社区', parentId: 'pl_aaaaaaaaaaaaaaaa' }),
      () => ({ code: 'place_not_found', details: { placeId: 'pl_aaaaaaaaaaaaaaaa', field: 'parentId' } }),
    ],
    [
      'a district inside another place',
      () => ({ kind: 'district' as const, name: '新区', parentId: city.district }),
      () => ({ code: 'validation_error', details: { field: 'parentId' } }),
    ],
    [
      'a sub-district that names no district',
      () => ({ kind: 'subdistrict' as const, name: '新街道' }),
      () => ({ code: 'validation_error', details: { field: 'parentId' } }),
    ],
    [
      'a blank name',
      () => ({ kind: 'district' as const, name: '   ' }),
      () => ({ code: 'validation_error', details: { field: 'name' } }),
    ],
    [
      'the name of a community already under the same sub-district',
      () => ({ kind: 'community' as const, name: ' 宝石社区', parentId: city.subdistrict }),
      () => ({ code: 'place_already_exists', details: { placeId: city.community } }),
    ],
  ])('refuses %s, appending nothing', async (_case, input, refusal) => {
    const before = (await platformEvents()).length;
    await expect(createPlace(world.ctx, input(), adminAt(5))).rejects.toMatchObject(refusal());
    expect(await platformEvents()).toHaveLength(before);
  });

  it('refuses a well-known id the second time (place_already_exists)', async () => {
    const placeId = 'pl_wellknownplace01';
    await createPlace(world.ctx, { kind: 'district', name: '演示区' }, adminAt(6), { placeId });
    await expect(
      createPlace(world.ctx, { kind: 'district', name: '另一个区' }, adminAt(7), { placeId }),
    ).rejects.toMatchObject({ code: 'place_already_exists', details: { placeId } });
    expect(await world.models.places.findById(placeId).lean().exec()).toMatchObject({ name: '演示区' });
  });
});

describe('findPlace', () => {
  it('remembers a place it read for its context; a fresh context reads the projection again', async () => {
    const { ctx, models } = world;
    const place = await createPlace(ctx, { kind: 'district', name: '临时区' }, adminAt(8));
    expect(await findPlace(ctx, place.placeId)).toEqual(place);
    await models.places.deleteOne({ _id: place.placeId }).exec();
    expect(await findPlace(ctx, place.placeId)).toEqual(place);
    expect(await findPlace(contextFor(models), place.placeId)).toBeNull();
  });

  it('does not remember that a place was missing', async () => {
    const placeId = 'pl_createdlater0001';
    expect(await findPlace(world.ctx, placeId)).toBeNull();
    await createPlace(world.ctx, { kind: 'district', name: '后建区' }, adminAt(9), { placeId });
    expect(await findPlace(world.ctx, placeId)).toMatchObject({ placeId, name: '后建区' });
  });
});

describe('requireCommunity', () => {
  it('gives the community to the administrator and to staff whose scope holds it', async () => {
    for (const actor of [
      PLATFORM_ADMIN,
      staffIn('community', city.community),
      staffIn('subdistrict', city.subdistrict),
      staffIn('district', city.district),
    ]) {
      expect(await requireCommunity(world.ctx, actor, city.community)).toMatchObject({
        placeId: city.community,
        kind: 'community',
      });
    }
  });

  it('answers a place outside the scope as one that does not exist, naming the field', async () => {
    const missing = 'pl_bbbbbbbbbbbbbbbb';
    await expect(requireCommunity(world.ctx, PLATFORM_ADMIN, missing)).rejects.toMatchObject({
      code: 'place_not_found',
      details: { placeId: missing, field: 'communityId' },
    });
    for (const actor of [
      staffIn('community', city.neighbour),
      staffIn('subdistrict', city.otherSubdistrict),
      staffIn('district', city.farDistrict),
      staffIn('unit', 'u_aaaaaaaaaaaaaaaa'),
    ]) {
      await expect(
        requireCommunity(world.ctx, actor, city.community, 'unit.community'),
      ).rejects.toMatchObject({
        code: 'place_not_found',
        details: { placeId: city.community, field: 'unit.community' },
      });
    }
  });

  it('refuses a place that is not a community (wrong_place_kind)', async () => {
    await expect(requireCommunity(world.ctx, PLATFORM_ADMIN, city.subdistrict)).rejects.toMatchObject({
      code: 'wrong_place_kind',
      details: {
        placeId: city.subdistrict,
        kind: 'subdistrict',
        expected: 'community',
        field: 'communityId',
      },
    });
  });
});

describe('listPlacesPage', () => {
  const idsOf = (places: readonly { placeId: string }[]) => places.map((p) => p.placeId);

  it('pages every place for the administrator, in the order created, none twice', async () => {
    const all = idsOf(await listPlacesPage(world.ctx, PLATFORM_ADMIN, undefined, undefined, 100));
    expect(all).toHaveLength(await world.models.places.countDocuments().exec());
    expect(all.filter((id) => city.order.includes(id))).toEqual(city.order);
    const paged: string[] = [];
    let after: { createdAt: Date; placeId: string } | undefined;
    for (;;) {
      const page = await listPlacesPage(world.ctx, PLATFORM_ADMIN, undefined, after, 4);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(4);
      paged.push(...idsOf(page));
      const last = page[page.length - 1]!;
      after = { createdAt: new Date(last.createdAt), placeId: last.placeId };
    }
    expect(paged).toEqual(all);
  });

  it.each([
    [
      'a committee member',
      () => staffIn('community', city.community),
      () => [city.district, city.subdistrict, city.community],
    ],
    [
      'a sub-district officer',
      () => staffIn('subdistrict', city.subdistrict),
      () => [city.district, city.subdistrict, city.community, city.neighbour],
    ],
    ['a district officer', () => staffIn('district', city.district), () => city.order.slice(0, 6)],
  ])('shows %s their place, what lies within it and above it, never a sibling', async (_who, actor, seen) => {
    expect(idsOf(await listPlacesPage(world.ctx, actor(), undefined, undefined, 100))).toEqual(seen());
  });

  it("shows an applicant representative their unit's community and the places above it, or nothing", async () => {
    const applicant = staffIn('unit', 'u_aaaaaaaaaaaaaaaa');
    expect(idsOf(await listPlacesPage(world.ctx, applicant, city.neighbour, undefined, 100))).toEqual([
      city.district,
      city.subdistrict,
      city.neighbour,
    ]);
    expect(await listPlacesPage(world.ctx, applicant, undefined, undefined, 100)).toEqual([]);
  });

  it('shows nothing to a resident, to staff without a place, or for a scope whose place is gone', async () => {
    const nobody = [
      residentOf([{ unitId: 'u_aaaaaaaaaaaaaaaa', room: '101' }]),
      { kind: 'committee' as const, scope: { kind: 'platform' as const } },
      staffIn('community', 'pl_cccccccccccccccc'),
    ];
    for (const actor of nobody) {
      expect(await listPlacesPage(world.ctx, actor, city.community, undefined, 100)).toEqual([]);
    }
  });

  it("pages a sub-district officer's places after a key", async () => {
    const actor = staffIn('subdistrict', city.subdistrict);
    const first = await listPlacesPage(world.ctx, actor, undefined, undefined, 2);
    expect(idsOf(first)).toEqual([city.district, city.subdistrict]);
    const last = first[1]!;
    const rest = await listPlacesPage(
      world.ctx,
      actor,
      undefined,
      { createdAt: new Date(last.createdAt), placeId: last.placeId },
      2,
    );
    expect(idsOf(rest)).toEqual([city.community, city.neighbour]);
  });
});
