/**
 * `listUnits` on the real database: each caller gets the units their scope reaches — every unit (the
 * unplaced too) for the administrator, a community's, a sub-district's or a district's for staff, one
 * unit for an applicant representative, the units of their flats for a resident, none for staff
 * without a place — in the order registered, page by page after a key; and a unit registered in this
 * process shows at once even when its views are written behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeCommandContext } from '../../commands/compose.js';
import { listUnits } from '../../commands/list-units.js';
import { registerUnit } from '../../commands/register-unit.js';
import { PLATFORM_ADMIN, type Actor } from '../../domain/case/index.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { readUnitListing } from '../../models/unit-list.js';
import { adminAt, holidayTable, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { givenCity, residentOf, staffIn, type City } from '../support/unit-fixtures.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
let city: City;
/** Registered one ms apart: unplaced, in community, in neighbour, in otherCommunity, in farCommunity. */
let units: string[];
beforeAll(async () => {
  world = await openCommandWorld('list-units');
  city = await givenCity(world.ctx);
  const homes = [undefined, city.community, city.neighbour, city.otherCommunity, city.farCommunity];
  units = [];
  for (const [index, communityId] of homes.entries()) {
    const { unitId } = await registerUnit(
      world.ctx,
      { name: `单元${index}`, flats: flats(2), ...(communityId === undefined ? {} : { communityId }) },
      adminAt(index),
    );
    units.push(unitId);
  }
});
afterAll(() => world.close());

async function listed(actor: Pick<Actor, 'kind' | 'scope'>): Promise<string[]> {
  return (await listUnits(world.ctx, actor, undefined, 100)).map((listing) => listing._id);
}

describe('listUnits', () => {
  it('lists every unit for the administrator, the unplaced too, in the order registered', async () => {
    const all = await listUnits(world.ctx, PLATFORM_ADMIN, undefined, 100);
    expect(all.map((l) => l._id).filter((id) => units.includes(id))).toEqual(units);
    expect(all.find((l) => l._id === units[1])).toMatchObject({
      unit: { name: '单元1' },
      communityId: city.community,
      stage: 'canvassing',
      registeredAt: new Date(Date.parse(T0) + 1),
    });
    expect(all.find((l) => l._id === units[0])?.communityId).toBeUndefined();
  });

  it.each([
    ['a committee member: their community', () => staffIn('community', city.community), [1]],
    ['a sub-district officer: its communities', () => staffIn('subdistrict', city.subdistrict), [1, 2]],
    ['a district officer: its communities', () => staffIn('district', city.district), [1, 2, 3]],
    ['another district officer', () => staffIn('district', city.farDistrict), [4]],
    ['an applicant representative: their unit', () => staffIn('unit', units[2]!), [2]],
    [
      'a resident: the units of their flats, each once',
      () =>
        residentOf([
          { unitId: units[3]!, room: '101' },
          { unitId: units[3]!, room: '102' },
          { unitId: units[1]!, room: '101' },
        ]),
      [1, 3],
    ],
    ['a resident bound to no flat: none', () => residentOf([]), []],
    [
      'staff without a place: none',
      () => ({ kind: 'committee' as const, scope: { kind: 'platform' as const } }),
      [],
    ],
    ['a sub-district with no community: none', () => staffIn('subdistrict', 'pl_aaaaaaaaaaaaaaaa'), []],
  ])('lists for %s', async (_who, actor, expected) => {
    expect(await listed(actor())).toEqual(expected.map((index) => units[index]));
  });

  it("pages a district officer's units after a key", async () => {
    const actor = staffIn('district', city.district);
    const first = await listUnits(world.ctx, actor, undefined, 2);
    expect(first.map((l) => l._id)).toEqual([units[1], units[2]]);
    const last = first[1]!;
    const rest = await listUnits(world.ctx, actor, { registeredAt: last.registeredAt, unitId: last._id }, 2);
    expect(rest.map((l) => l._id)).toEqual([units[3]]);
  });

  it('shows a unit registered in this process at once, though its views are written behind', async () => {
    const ctx = composeCommandContext({
      models: world.models,
      clock: new FixedClock(T0),
      holidays: holidayTable(),
      log: createLogger({ level: 'silent' }),
      viewDelayMs: 600_000,
    });
    const { unitId } = await registerUnit(
      ctx,
      { name: '新单元', flats: flats(2), communityId: city.neighbour },
      adminAt(10),
    );
    expect(await readUnitListing(world.models.unitListings, unitId)).toBeNull();
    expect(
      (await listUnits(ctx, staffIn('community', city.neighbour), undefined, 10)).map((l) => l._id),
    ).toEqual([units[2], unitId]);
  });
});
