/**
 * `simulateCost` on the real database: a candidate cost plan split over the flats as registered now,
 * compared with the plan in force only when that plan has shares (every room "changed" otherwise), and
 * nothing stored — neither when it splits nor when the split is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { simulateCost } from '../../commands/simulate-cost.js';
import type { CostPlan } from '../../domain/cost/index.js';
import { adminAt, givenUnit, openCommandWorld, type CommandWorld } from '../support/commands.js';
import { storedRecords } from '../support/stored.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('simulate-cost');
  ctx = world.ctx;
});
afterAll(() => world.close());

/** ¥1,000.01 by area over four flats of 50 m²: one fen of remainder to place. */
const BY_AREA: CostPlan = { totalCostFen: 100_001, subsidyFen: 0, scheme: { kind: 'area' } };

describe('simulateCost', () => {
  it('splits to the fen and calls every room changed while no plan in force has shares', async () => {
    const unitId = await givenUnit(ctx, 4);
    const before = await storedRecords(world.models);
    const simulation = await simulateCost(ctx, { unitId, cost: BY_AREA });
    expect(simulation.unitId).toBe(unitId);
    expect(simulation).not.toHaveProperty('current');
    expect(simulation.changedRooms).toEqual(['101', '102', '201', '202']);
    const pays = simulation.split.shares.map((share) => share.payFen);
    expect(pays.reduce((sum, fen) => sum + fen, 0)).toBe(100_001);
    expect([...pays].sort()).toEqual([25_000, 25_000, 25_000, 25_001]);
    expect(await storedRecords(world.models)).toEqual(before);
    // A published plan without a cost plan is no comparison either.
    await publishPlan(ctx, { unitId, planVersion: 1, title: '只有图纸' }, adminAt());
    const after = await simulateCost(ctx, { unitId, cost: BY_AREA });
    expect(after).not.toHaveProperty('current');
    expect(after.changedRooms).toHaveLength(4);
  });

  it('compares with the plan in force, naming only the rooms whose share would change', async () => {
    const unitId = await givenUnit(ctx, 4);
    await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一', cost: BY_AREA }, adminAt());
    const before = await storedRecords(world.models);
    const same = await simulateCost(ctx, { unitId, cost: BY_AREA });
    expect(same.current).toMatchObject({ version: 1, title: '方案一' });
    expect(same.changedRooms).toEqual([]);
    const exempt = await simulateCost(ctx, { unitId, cost: { ...BY_AREA, exemptRooms: ['101'] } });
    expect(exempt.changedRooms).toEqual(['101', '102', '201', '202']);
    // The largest remainder fell to 101. Shares compare by amount, whatever the scheme says.
    expect(same.split.shares.map((share) => share.payFen)).toEqual([25_001, 25_000, 25_000, 25_000]);
    const explicit = (fenByRoom: Record<string, number>) =>
      simulateCost(ctx, {
        unitId,
        cost: { totalCostFen: 100_001, subsidyFen: 0, scheme: { kind: 'explicit', fenByRoom } },
      });
    const agreed = await explicit({ '101': 25_001, '102': 25_000, '201': 25_000, '202': 25_000 });
    expect(agreed.changedRooms).toEqual([]);
    const moved = await explicit({ '101': 25_000, '102': 25_000, '201': 25_000, '202': 25_001 });
    expect(moved.changedRooms).toEqual(['101', '202']);
    expect(await storedRecords(world.models)).toEqual(before);
  });

  it.each([
    ['a subsidy larger than the cost', { ...BY_AREA, subsidyFen: 100_002 }, 'subsidy_exceeds_cost'],
    ['an exemption of a room not in the unit', { ...BY_AREA, exemptRooms: ['901'] }, 'unknown_room'],
    ['everyone exempt', { ...BY_AREA, exemptRooms: ['101', '102', '201', '202'] }, 'no_contributors'],
  ])('refuses %s, storing nothing', async (_label, cost, code) => {
    const unitId = await givenUnit(ctx, 4);
    const before = await storedRecords(world.models);
    await expect(simulateCost(ctx, { unitId, cost })).rejects.toMatchObject({ code });
    expect(await storedRecords(world.models)).toEqual(before);
  });

  it('refuses a unit that is malformed or not registered', async () => {
    for (const unitId of ['nonsense', 'u_aaaaaaaaaaaaaaaa']) {
      await expect(simulateCost(ctx, { unitId, cost: BY_AREA })).rejects.toMatchObject({
        code: 'unit_not_registered',
      });
    }
  });
});
