/**
 * `readDashboard` on the real database, without HTTP: which communities each caller's dashboard
 * covers (their own, those below their place, in pinyin order; none for an applicant representative
 * or a resident; never a unit placed in no community), who sees the funnel, the narrowing to a
 * community or sub-district refused as `no_such_place` outside the caller's scope, the views this
 * process writes behind written before reading, and the stage changes refolded only for a funnel.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeCommandContext } from '../../commands/compose.js';
import { readDashboard, type Dashboard, type DashboardQuery } from '../../commands/dashboard.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { registerUnit } from '../../commands/register-unit.js';
import { PLATFORM_ADMIN, type Actor, type Stage } from '../../domain/case/index.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { adminAt, DAY, holidayTable, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { givenCity, resident, staff, type City } from '../support/staff-fixtures.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
let city: City;
beforeAll(async () => {
  world = await openCommandWorld('dashboard');
  city = await givenCity(world.ctx);
  await publishPlan(world.ctx, { unitId: city.units.jia, planVersion: 1, title: '方案一' }, adminAt(2 * DAY));
});
afterAll(() => world.close());

const names = (dashboard: Dashboard) => dashboard.communities.map((block) => block.community.name);
const count = (dashboard: Dashboard, name: string, stage: Stage) =>
  dashboard.communities
    .find((block) => block.community.name === name)!
    .board.byStage.find((row) => row.stage === stage)!.count;
const reached = (dashboard: Dashboard, stage: Stage) =>
  dashboard.funnel?.stages.find((row) => row.stage === stage)?.reached;

describe('readDashboard', () => {
  it('shows a committee member their own community alone, under its sub-district, without the funnel', async () => {
    const dashboard = await readDashboard(world.ctx, staff('committee', city.jia));
    expect(dashboard.now).toEqual(new Date(T0));
    expect(names(dashboard)).toEqual(['甲社区']);
    const [block] = dashboard.communities;
    expect(block!.subdistrict).toMatchObject({ placeId: city.east, name: '东街道' });
    expect(block!.board.units).toBe(1);
    expect(count(dashboard, '甲社区', 'planning')).toBe(1);
    expect(dashboard.funnel).toBeUndefined();
  });

  it('shows an officer their communities in pinyin order, with the funnel of their cases', async () => {
    const officer = await readDashboard(world.ctx, staff('subdistrict', city.east));
    // 乙社区 was created first and sorts first by code point; 甲 (jiǎ) comes before 乙 (yǐ).
    expect(names(officer)).toEqual(['甲社区', '乙社区']);
    expect(officer.funnel?.cases).toBe(2);
    expect(reached(officer, 'canvassing')).toBe(2);
    expect(officer.funnel?.stages.find((row) => row.stage === 'canvassing')).toMatchObject({
      reached: 2,
      current: 1,
      left: 1,
      medianDays: 2,
    });

    const district = await readDashboard(world.ctx, staff('district', city.district));
    expect(names(district)).toEqual(['丙社区', '甲社区', '乙社区']);
    // The unit placed in no community is on no board and in no funnel, even the administrator's.
    const admin = await readDashboard(world.ctx, PLATFORM_ADMIN);
    expect(names(admin)).toEqual(['丙社区', '甲社区', '乙社区']);
    expect(admin.funnel?.cases).toBe(3);
    expect(admin.communities.reduce((sum, block) => sum + block.board.units, 0)).toBe(3);
  });

  it('covers nothing for an applicant representative, a resident or a place that does not exist', async () => {
    const callers: Actor[] = [
      staff('applicant', city.units.jia),
      resident('mp:r', [{ unitId: city.units.jia, room: '101' }]),
      staff('committee', 'pl_aaaaaaaaaaaaaaaa'),
    ];
    for (const caller of callers) {
      expect(await readDashboard(world.ctx, caller)).toEqual({ now: new Date(T0), communities: [] });
    }
  });

  it('narrows to a community or sub-district within the scope, and answers any other as no_such_place', async () => {
    const officer = staff('subdistrict', city.east);
    expect(names(await readDashboard(world.ctx, officer, { communityId: city.yi }))).toEqual(['乙社区']);
    const west = await readDashboard(world.ctx, PLATFORM_ADMIN, { subdistrictId: city.west });
    expect(names(west)).toEqual(['丙社区']);
    expect(west.funnel?.cases).toBe(1);

    const refusals: [Actor, DashboardQuery, string][] = [
      [officer, { communityId: city.bing }, 'communityId'],
      [officer, { communityId: city.east }, 'communityId'],
      [officer, { subdistrictId: city.west }, 'subdistrictId'],
      [staff('committee', city.jia), { subdistrictId: city.east }, 'subdistrictId'],
      [staff('committee', city.jia), { communityId: city.yi }, 'communityId'],
      [PLATFORM_ADMIN, { subdistrictId: city.east, communityId: city.bing }, 'communityId'],
      [PLATFORM_ADMIN, { communityId: 'pl_aaaaaaaaaaaaaaaa' }, 'communityId'],
    ];
    for (const [caller, query, field] of refusals) {
      await expect(readDashboard(world.ctx, caller, query)).rejects.toMatchObject({
        code: 'no_such_place',
        details: { field },
      });
    }
  });

  it('writes the views this process holds back before reading, so what it just did shows', async () => {
    const behind = composeCommandContext({
      models: world.models,
      clock: new FixedClock(T0),
      holidays: holidayTable(),
      log: createLogger({ level: 'silent' }),
      viewDelayMs: 3_600_000,
    });
    const { unitId } = await registerUnit(
      behind,
      { name: '乙社区 2幢', communityId: city.yi, flats: flats(2) },
      adminAt(),
    );
    await publishPlan(behind, { unitId, planVersion: 1, title: '方案一' }, adminAt());
    expect(await world.models.unitListings.findById(unitId).lean().exec()).toBeNull();
    const dashboard = await readDashboard(behind, staff('committee', city.yi));
    expect(dashboard.communities[0]!.board.units).toBe(2);
    expect(count(dashboard, '乙社区', 'planning')).toBe(1);
  });

  it('refolds missing stage changes for a funnel only', async () => {
    const { stageChanges } = world.models;
    const officer = staff('subdistrict', city.east);
    const before = await readDashboard(world.ctx, officer);
    await stageChanges.collection.deleteOne({ _id: city.units.jia } as never);
    await readDashboard(world.ctx, staff('committee', city.jia));
    expect(await stageChanges.collection.findOne({ _id: city.units.jia } as never)).toBeNull();
    expect((await readDashboard(world.ctx, officer)).funnel).toEqual(before.funnel);
    const doc = await stageChanges.collection.findOne({ _id: city.units.jia } as never);
    expect((doc!.changes as { to: string }[]).map((c) => c.to)).toEqual(['canvassing', 'planning']);
  });
});
