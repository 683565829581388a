/**
 * `placeUnit` on the real database: a unit registered in no community is placed in one with
 * `UnitPlaced` (its listing follows), the same community again appends nothing, a move names the
 * community it left; an unknown unit, a missing place or a place that is not a community is refused
 * before anything is appended.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCase } from '../../commands/kernel/read.js';
import { placeUnit } from '../../commands/place-unit.js';
import { registerUnit } from '../../commands/register-unit.js';
import { readUnitListing } from '../../models/unit-list.js';
import { adminAt, givenUnit, openCommandWorld, type CommandWorld } from '../support/commands.js';
import { givenCity, type City } from '../support/unit-fixtures.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
let city: City;
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('place-unit');
  city = await givenCity(world.ctx);
  unitId = await givenUnit(world.ctx, 4);
});
afterAll(() => world.close());

const eventsOf = (id: string) => world.ctx.streams.load(id);

describe('placeUnit', () => {
  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('refuses %s as unit_not_registered', async (id) => {
    await expect(
      placeUnit(world.ctx, { unitId: id, communityId: city.community }, adminAt()),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    expect(await eventsOf(id)).toEqual([]);
  });

  it('refuses a missing place and a place that is not a community, appending nothing', async () => {
    await expect(
      placeUnit(world.ctx, { unitId, communityId: 'pl_aaaaaaaaaaaaaaaa' }, adminAt(1)),
    ).rejects.toMatchObject({ code: 'place_not_found', details: { field: 'communityId' } });
    await expect(
      placeUnit(world.ctx, { unitId, communityId: city.subdistrict }, adminAt(1)),
    ).rejects.toMatchObject({
      code: 'wrong_place_kind',
      details: { kind: 'subdistrict', expected: 'community' },
    });
    expect((await eventsOf(unitId)).map((e) => e.type)).toEqual(['UnitRegistered']);
    expect((await loadCase(world.ctx, unitId)).state.communityId).toBeUndefined();
  });

  it('places an unplaced unit in a community once; the same community again appends nothing', async () => {
    const placed = await placeUnit(world.ctx, { unitId, communityId: city.community }, adminAt(2));
    expect(placed).toMatchObject({ unitId, placed: true, head: { seq: 2 } });
    expect(placed.state.communityId).toBe(city.community);
    const [, event] = await eventsOf(unitId);
    expect(event).toMatchObject({
      type: 'UnitPlaced',
      data: { communityId: city.community },
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
    });
    expect(event!.data).not.toHaveProperty('previousCommunityId');
    expect(await readUnitListing(world.models.unitListings, unitId)).toMatchObject({
      communityId: city.community,
      seq: 2,
    });

    const again = await placeUnit(world.ctx, { unitId, communityId: city.community }, adminAt(3));
    expect(again).toMatchObject({ placed: false, head: { seq: 2 } });
    expect(await eventsOf(unitId)).toHaveLength(2);
  });

  it('moves a unit registered in a community to another, naming the one it left', async () => {
    const { unitId: placedId } = await registerUnit(
      world.ctx,
      { name: '已归属单元', flats: flats(2), communityId: city.community },
      adminAt(4),
    );
    const moved = await placeUnit(
      world.ctx,
      { unitId: placedId, communityId: city.farCommunity },
      adminAt(5),
    );
    expect(moved).toMatchObject({ placed: true, head: { seq: 2 } });
    expect((await eventsOf(placedId))[1]).toMatchObject({
      type: 'UnitPlaced',
      data: { communityId: city.farCommunity, previousCommunityId: city.community },
    });
    expect((await loadCase(world.ctx, placedId)).state.communityId).toBe(city.farCommunity);
    expect((await readUnitListing(world.models.unitListings, placedId))?.communityId).toBe(city.farCommunity);
  });
});
