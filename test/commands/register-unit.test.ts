/**
 * `registerUnit` on the real database, and the two helpers the roster update shares with it: `toFlat`
 * parses each typed area exactly and keeps only the fields given; `relabel` names a roster refusal by
 * the input's path (`flats.2.room`) and keeps its row. A unit is registered under a fresh id (or a
 * well-known one, once) with one `UnitRegistered`, in a community only if that community exists; every
 * refusal — a bad area, a duplicate room, an empty roster, a nameless unit — appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUnit, relabel, toFlat, type FlatInput } from '../../commands/register-unit.js';
import { DomainError } from '../../domain/errors.js';
import { readUnitListing } from '../../models/unit-list.js';
import { adminAt, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { givenCity, type City } from '../support/unit-fixtures.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
let city: City;
beforeAll(async () => {
  world = await openCommandWorld('register-unit');
  city = await givenCity(world.ctx);
});
afterAll(() => world.close());

const eventsOf = (id: string) => world.ctx.streams.load(id);

/** A fresh well-known unit id, so a refused registration's (empty) stream can be read back. */
let serial = 0;
const knownId = () => `u_registerunit${String.fromCharCode(97 + serial++)}aaa`;

describe('toFlat', () => {
  const base: FlatInput = {
    room: '101',
    floor: 1,
    area: '72.5',
    areaSource: 'survey',
    owners: [{ name: '甲' }, { name: '乙', phone: '13800000001' }],
  };

  it('parses the area exactly into 0.01 m² and keeps only the fields given', () => {
    expect(toFlat(base, 0)).toEqual({
      room: '101',
      floor: 1,
      areaCenti: 7250,
      areaSource: 'survey',
      owners: [{ name: '甲' }, { name: '乙', phone: '13800000001' }],
    });
    expect(
      toFlat(
        { ...base, area: '0.01', ownerKey: 'k1', developerStock: false, elderly: true, disabled: false },
        0,
      ),
    ).toEqual(
      expect.objectContaining({
        areaCenti: 1,
        ownerKey: 'k1',
        developerStock: false,
        elderly: true,
        disabled: false,
      }),
    );
  });

  it.each([['0'], ['72.505'], ['-1'], ['abc'], ['100000.01']])(
    'refuses the area %p, naming the input path and the row',
    (area) => {
      let refused: unknown;
      try {
        toFlat({ ...base, area }, 2);
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({ code: 'validation_error', details: { field: 'flats.2.area', row: 3 } });
    },
  );
});

describe('relabel', () => {
  it('names the field by its input path, the area as typed, and keeps the row and the rest', () => {
    const labelled = relabel(
      new DomainError('duplicate_room', 'Roster row 3: again.', { row: 3, field: 'room', firstRow: 1 }),
    );
    expect(labelled).toMatchObject({
      code: 'duplicate_room',
      message: 'flats.2.room: Roster row 3: again.',
      details: { row: 3, field: 'flats.2.room', firstRow: 1 },
    });
    expect(relabel(new DomainError('validation_error', 'm', { row: 1, field: 'areaCenti' })).details).toEqual(
      {
        row: 1,
        field: 'flats.0.area',
      },
    );
  });

  it('leaves an error that names no row as it is', () => {
    const error = new DomainError('empty_roster', 'none', { field: 'flats' });
    expect(relabel(error)).toBe(error);
  });
});

describe('registerUnit', () => {
  it('opens a case under a fresh id with one UnitRegistered holding the parsed flats and their owners', async () => {
    const list = flats(4);
    list[1] = { ...list[1]!, area: '88.8', elderly: true };
    const registered = await registerUnit(
      world.ctx,
      { name: '七幢二单元', address: { community: '朝晖七区', building: '7幢', unit: '2单元' }, flats: list },
      adminAt(),
    );
    expect(registered.unitId).toMatch(/^u_[a-z2-7]{16}$/);
    expect(registered.head.seq).toBe(1);
    expect(registered.state).toMatchObject({
      stage: 'canvassing',
      unit: { name: '七幢二单元', community: '朝晖七区', building: '7幢', unit: '2单元' },
      registeredAt: T0,
      needsExtraMediationCare: true,
    });
    expect(registered.state.communityId).toBeUndefined();
    const events = await eventsOf(registered.unitId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'UnitRegistered', actor: { kind: 'admin' }, channel: 'api' });
    const data = events[0]!.data as { flats: { room: string; areaCenti: number; owners: unknown[] }[] };
    expect(data.flats.map((f) => [f.room, f.areaCenti])).toEqual([
      ['101', 5000],
      ['102', 8880],
      ['201', 5000],
      ['202', 5000],
    ]);
    expect(data.flats[0]!.owners).toEqual([{ name: '业主101', phone: '13800000101' }]);
  });

  it('registers a unit named by its community, building and unit alone', async () => {
    const { state } = await registerUnit(
      world.ctx,
      {
        name: undefined as unknown as string,
        address: { community: '朝晖七区', building: '8幢', unit: '1单元' },
        flats: flats(2),
      },
      adminAt(),
    );
    expect(state.unit).toEqual({ community: '朝晖七区', building: '8幢', unit: '1单元' });
  });

  it('places the unit in the community it names; its listing says so', async () => {
    const { unitId, state } = await registerUnit(
      world.ctx,
      { name: '社区单元', flats: flats(2), communityId: city.community },
      adminAt(),
    );
    expect(state.communityId).toBe(city.community);
    expect((await eventsOf(unitId))[0]!.data).toMatchObject({ communityId: city.community });
    expect(await readUnitListing(world.models.unitListings, unitId)).toMatchObject({
      communityId: city.community,
      stage: 'canvassing',
    });
  });

  it.each([
    ['a community that does not exist', () => 'pl_aaaaaaaaaaaaaaaa', 'place_not_found'],
    ['a sub-district', () => city.subdistrict, 'wrong_place_kind'],
  ])('refuses %s as its community, appending nothing', async (_case, communityId, code) => {
    const unitId = knownId();
    await expect(
      registerUnit(world.ctx, { name: '单元', flats: flats(2), communityId: communityId() }, adminAt(), {
        unitId,
      }),
    ).rejects.toMatchObject({ code, details: { field: 'communityId' } });
    expect(await eventsOf(unitId)).toEqual([]);
  });

  it('registers a well-known id once; the second time is refused and the first stands', async () => {
    const unitId = knownId();
    await registerUnit(world.ctx, { name: '演示单元', flats: flats(2) }, adminAt(), { unitId });
    await expect(
      registerUnit(world.ctx, { name: '另一个', flats: flats(4) }, adminAt(1), { unitId }),
    ).rejects.toMatchObject({ code: 'unit_already_registered' });
    const events = await eventsOf(unitId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ unit: { name: '演示单元' } });
  });

  it('refuses a well-known id that is not a unit id before anything else', async () => {
    await expect(
      registerUnit(world.ctx, { name: '单元', flats: flats(2) }, adminAt(), { unitId: 'unit-1' }),
    ).rejects.toMatchObject({ code: 'unit_not_registered', details: { unitId: 'unit-1' } });
    expect(await eventsOf('unit-1')).toEqual([]);
  });

  it.each([
    [
      'a room twice',
      () => [...flats(2), flats(1)[0]!],
      { code: 'duplicate_room', details: { field: 'flats.2.room', row: 3, firstRow: 1 } },
    ],
    [
      'a floor below 1',
      () => flats(2).map((f, i) => (i === 1 ? { ...f, floor: 0 } : f)),
      { code: 'validation_error', details: { field: 'flats.1.floor', row: 2 } },
    ],
    [
      'an owner key that looks generated',
      () => flats(2).map((f) => ({ ...f, ownerKey: 'room:101' })),
      { code: 'validation_error', details: { field: 'flats.0.ownerKey', row: 1 } },
    ],
    [
      'a bad area on the second row',
      () => flats(2).map((f, i) => (i === 1 ? { ...f, area: '12.345' } : f)),
      { code: 'validation_error', details: { field: 'flats.1.area', row: 2 } },
    ],
    ['no flats', () => [], { code: 'empty_roster' }],
  ])('refuses %s, appending nothing', async (_case, list, refusal) => {
    const unitId = knownId();
    await expect(
      registerUnit(world.ctx, { name: '单元', flats: list() }, adminAt(), { unitId }),
    ).rejects.toMatchObject(refusal);
    expect(await eventsOf(unitId)).toEqual([]);
  });

  it('refuses a unit with neither a name nor its community, building and unit', async () => {
    const unitId = knownId();
    await expect(
      registerUnit(
        world.ctx,
        {
          name: undefined as unknown as string,
          address: { community: '朝晖七区', building: '8幢' },
          flats: flats(2),
        },
        adminAt(),
        { unitId },
      ),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'unit.name' } });
    await expect(
      registerUnit(world.ctx, { name: '  ', flats: flats(2) }, adminAt(), { unitId }),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'unit.name' } });
    expect(await eventsOf(unitId)).toEqual([]);
  });
});
