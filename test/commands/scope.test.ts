/**
 * The one scope rule of unit-scoped requests, on the real database: where a unit sits
 * (`placementOf`); who reaches which unit (`requireUnitInScope`) and ballot
 * (`requireBallotInScope`), a unit out of scope refused exactly as one that does not exist; and which
 * community a new unit goes into as each caller may choose it (`communityForNewUnit`,
 * `registerUnitAs`), a refusal registering nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newBallotId, newUnitId } from '../../commands/kernel/ids.js';
import { loadCase } from '../../commands/kernel/read.js';
import {
  communityForNewUnit,
  placementOf,
  registerUnitAs,
  requireBallotInScope,
  requireUnitInScope,
} from '../../commands/scope.js';
import { PLATFORM_ADMIN, type Actor } from '../../domain/case/index.js';
import { DomainError } from '../../domain/errors.js';
import { adminAt, openCommandWorld, type CommandWorld } from '../support/commands.js';
import { givenCity, resident, staff, type City } from '../support/staff-fixtures.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
let city: City;
beforeAll(async () => {
  world = await openCommandWorld('scope');
  city = await givenCity(world.ctx);
});
afterAll(() => world.close());

/** The code `requireUnitInScope` refuses with, or 'reached'. */
async function reach(actor: Actor, unitId: string): Promise<string> {
  try {
    await requireUnitInScope(world.ctx, actor, unitId);
    return 'reached';
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('placementOf', () => {
  it('names the community and the places above it, and only the unit for one placed nowhere', async () => {
    const { state } = await loadCase(world.ctx, city.units.bing);
    expect(await placementOf(world.ctx, city.units.bing, state)).toEqual({
      unitId: city.units.bing,
      communityId: city.bing,
      subdistrictId: city.west,
      districtId: city.district,
    });
    expect(await placementOf(world.ctx, city.units.loose, {})).toEqual({ unitId: city.units.loose });
  });
});

describe('requireUnitInScope', () => {
  it('lets each staff member reach the units under their place, and no other', async () => {
    const { units } = city;
    const all = [units.jia, units.yi, units.bing, units.loose];
    const reached = async (actor: Actor) => {
      const out: string[] = [];
      for (const unitId of all) out.push(await reach(actor, unitId));
      return out;
    };
    const R = 'reached';
    const N = 'unit_not_registered';
    expect(await reached(staff('committee', city.jia))).toEqual([R, N, N, N]);
    expect(await reached(staff('subdistrict', city.east))).toEqual([R, R, N, N]);
    expect(await reached(staff('district', city.district))).toEqual([R, R, R, N]);
    expect(await reached(staff('applicant', units.yi))).toEqual([N, R, N, N]);
    expect(await reached(resident('wx-r', [{ unitId: units.bing, room: '101' }]))).toEqual([N, N, R, N]);
    expect(await reached(PLATFORM_ADMIN)).toEqual([R, R, R, R]);
  });

  it('answers a unit that does not exist, or a malformed id, as one out of scope', async () => {
    const officer = staff('district', city.district);
    expect(await reach(officer, newUnitId())).toBe('unit_not_registered');
    expect(await reach(officer, 'not-a-unit')).toBe('unit_not_registered');
    // The administrator is let through without a read: the route answers for what does not exist.
    expect(await reach(PLATFORM_ADMIN, newUnitId())).toBe('reached');
    // The refusal is the caller's own when they named the unit through something else.
    const notFound = () => new DomainError('ballot_not_found', 'no such ballot', {});
    await expect(requireUnitInScope(world.ctx, officer, newUnitId(), notFound)).rejects.toMatchObject({
      code: 'ballot_not_found',
    });
    await expect(
      requireUnitInScope(world.ctx, staff('committee', city.jia), city.units.yi, notFound),
    ).rejects.toMatchObject({ code: 'ballot_not_found' });
  });
});

describe('requireBallotInScope', () => {
  it('checks the unit a ballot id names, refusing out of scope as ballot_not_found', async () => {
    const committee = staff('committee', city.jia);
    // Only the unit is checked: a ballot id of the committee's unit passes, found or not.
    await expect(
      requireBallotInScope(world.ctx, committee, newBallotId(city.units.jia)),
    ).resolves.toBeUndefined();
    const outside = newBallotId(city.units.yi);
    await expect(requireBallotInScope(world.ctx, committee, outside)).rejects.toMatchObject({
      code: 'ballot_not_found',
      details: { ballotId: outside },
    });
    await expect(requireBallotInScope(world.ctx, committee, city.units.jia)).rejects.toMatchObject({
      code: 'ballot_not_found',
    });
    // An id that is no ballot's passes for the administrator: the route answers it as it always has.
    await expect(requireBallotInScope(world.ctx, PLATFORM_ADMIN, 'whatever')).resolves.toBeUndefined();
  });
});

describe('communityForNewUnit', () => {
  it('lets the administrator name any community or none, and a committee member only their own', async () => {
    expect(await communityForNewUnit(world.ctx, PLATFORM_ADMIN, undefined)).toBeUndefined();
    expect(await communityForNewUnit(world.ctx, PLATFORM_ADMIN, city.bing)).toBe(city.bing);
    const committee = staff('committee', city.jia);
    expect(await communityForNewUnit(world.ctx, committee, undefined)).toBe(city.jia);
    expect(await communityForNewUnit(world.ctx, committee, city.jia)).toBe(city.jia);
    await expect(communityForNewUnit(world.ctx, committee, city.yi)).rejects.toMatchObject({
      code: 'place_not_found',
      details: { placeId: city.yi, field: 'communityId' },
    });
  });

  it('makes an officer name a community of theirs: none is a validation error, a sub-district the wrong kind', async () => {
    const officer = staff('subdistrict', city.east);
    await expect(communityForNewUnit(world.ctx, officer, undefined)).rejects.toMatchObject({
      code: 'validation_error',
      details: { field: 'communityId' },
    });
    await expect(communityForNewUnit(world.ctx, officer, city.east)).rejects.toMatchObject({
      code: 'wrong_place_kind',
      details: { placeId: city.east, expected: 'community' },
    });
    await expect(communityForNewUnit(world.ctx, officer, city.bing)).rejects.toMatchObject({
      code: 'place_not_found',
    });
    expect(await communityForNewUnit(world.ctx, officer, city.yi)).toBe(city.yi);
    // An applicant representative has no community to register into.
    await expect(
      communityForNewUnit(world.ctx, staff('applicant', city.units.jia), undefined),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });
});

describe('registerUnitAs', () => {
  it("registers a committee member's unit into their community, and a refused one not at all", async () => {
    const committee = staff('committee', city.jia);
    const registered = await registerUnitAs(
      world.ctx,
      committee,
      { name: '甲社区 9幢', flats: flats(2) },
      adminAt(),
    );
    expect(registered.state.communityId).toBe(city.jia);
    expect((await world.ctx.streams.load(registered.unitId)).map((e) => e.type)).toEqual(['UnitRegistered']);
    const before = await world.ctx.streams.caseIds();
    await expect(
      registerUnitAs(
        world.ctx,
        committee,
        { name: '越界', flats: flats(2), communityId: city.bing },
        adminAt(),
      ),
    ).rejects.toMatchObject({ code: 'place_not_found' });
    expect(await world.ctx.streams.caseIds()).toEqual(before);
    // The administrator may register a unit into no community at all.
    const loose = await registerUnitAs(
      world.ctx,
      PLATFORM_ADMIN,
      { name: '未归属', flats: flats(2) },
      adminAt(),
    );
    expect(loose.state.communityId).toBeUndefined();
  });
});
