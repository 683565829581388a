/**
 * `publishPlan` on the real database: a version newer than the last is recorded with each flat's
 * share computed once from the roster and kept in the event, moves the case to `planning` (or, during
 * the elevator ballot, moves the ballot to it, naming the voters to ask again), and is announced in
 * the group and to each bound household. A version not newer, a stage past the ballot, a malformed or
 * unknown unit are refused, and a refused plan is neither stored nor announced.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { castVote } from '../../commands/cast-vote.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { publishPlan } from '../../commands/publish-plan.js';
import type { CostPlan } from '../../domain/cost/index.js';
import {
  adminAt,
  DAY,
  givenUnit,
  openCommandWorld,
  slipsOf,
  type CommandWorld,
} from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';
import { givenPassedUnit } from '../support/publicity-fixtures.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('publish-plan');
  ctx = world.ctx;
});
afterAll(() => world.close());

/** ¥4,000 by area over four flats of 50 m²: ¥1,000 each. */
const BY_AREA: CostPlan = { totalCostFen: 400_000, subsidyFen: 0, scheme: { kind: 'area' } };

const outboxOf = (unitId: string) =>
  world.models.outbox
    .find({ _id: { $regex: `^plan:${unitId}:` } }, { _id: 1 })
    .sort({ _id: 1 })
    .lean();

describe('publishPlan', () => {
  it('records the version with its shares, moves the case to planning, and announces it', async () => {
    const unitId = await givenUnit(ctx, 4);
    await bindTestGroup(ctx, `room-${unitId}`, unitId, adminAt().now);
    const slip = await slipsOf(ctx, unitId);
    await bindHousehold(ctx, { contactId: 'wx-101', code: slip('101') }, adminAt());

    const { state, head } = await publishPlan(
      ctx,
      {
        unitId,
        planVersion: 1,
        title: '方案一',
        summary: '贴墙加装',
        documents: ['图纸.pdf'],
        cost: BY_AREA,
      },
      adminAt(DAY),
    );
    const events = await ctx.streams.load(unitId);
    expect(head.seq).toBe(events.length);
    expect(events.at(-1)).toMatchObject({
      type: 'PlanPublished',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { planVersion: 1, title: '方案一', summary: '贴墙加装', documents: ['图纸.pdf'], cost: BY_AREA },
    });
    expect(state.stage).toBe('planning');
    expect(state.plan!.shares!.map((share) => [share.room, share.payFen])).toEqual([
      ['101', 100_000],
      ['102', 100_000],
      ['201', 100_000],
      ['202', 100_000],
    ]);
    expect((await outboxOf(unitId)).map((doc) => doc._id)).toEqual([
      `plan:${unitId}:1:101:wx-101`,
      `plan:${unitId}:1:group`,
    ]);
  });

  it('refuses a version that is not newer, storing and announcing nothing', async () => {
    const unitId = await givenUnit(ctx, 4);
    await bindTestGroup(ctx, `room-${unitId}`, unitId, adminAt().now);
    await publishPlan(ctx, { unitId, planVersion: 2, title: '方案二' }, adminAt());
    const length = (await ctx.streams.load(unitId)).length;
    for (const planVersion of [2, 1, 2.5]) {
      await expect(
        publishPlan(ctx, { unitId, planVersion, title: '再来' }, adminAt(1)),
      ).rejects.toMatchObject({
        code: 'plan_version_not_newer',
        details: { planVersion, current: 2 },
      });
    }
    expect(await ctx.streams.load(unitId)).toHaveLength(length);
    expect((await outboxOf(unitId)).map((doc) => doc._id)).toEqual([`plan:${unitId}:2:group`]);
  });

  it('during the elevator ballot moves the ballot to the new version, naming the voters whose share changed', async () => {
    const unitId = await givenUnit(ctx, 4);
    await publishPlan(ctx, { unitId, planVersion: 1, title: '方案一', cost: BY_AREA }, adminAt());
    const { ballot } = await openBallot(
      ctx,
      { unitId, title: '表决', matter: 'major', closesAt: adminAt(7 * DAY).now },
      adminAt(),
    );
    for (const room of ['101', '201']) {
      await castVote(
        ctx,
        { ballotId: ballot.ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
        adminAt(),
      );
    }
    // The ground floor is exempted: every share changes; only 101 and 201 had voted.
    const { state } = await publishPlan(
      ctx,
      { unitId, planVersion: 2, title: '方案二', cost: { ...BY_AREA, exemptRooms: ['101', '102'] } },
      adminAt(DAY),
    );
    expect(state.stage).toBe('voting');
    expect((await ctx.streams.load(unitId)).at(-1)!.data).toMatchObject({
      ballot: { ballotId: ballot.ballotId, reconfirmRooms: ['101', '102', '201', '202'] },
    });
    expect(state.ballots.find((b) => b.ballotId === ballot.ballotId)!.planVersion).toBe(2);
  });

  it('refuses once the elevator ballot passed, and for a unit that is malformed or not registered', async () => {
    const { unitId } = await givenPassedUnit(ctx);
    await expect(
      publishPlan(ctx, { unitId, planVersion: 2, title: '晚了' }, adminAt(8 * DAY)),
    ).rejects.toMatchObject({
      code: 'wrong_stage',
      details: { stage: 'agreement' },
    });
    await expect(
      publishPlan(ctx, { unitId: 'nonsense', planVersion: 1, title: 't' }, adminAt()),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    await expect(
      publishPlan(ctx, { unitId: 'u_aaaaaaaaaaaaaaaa', planVersion: 1, title: 't' }, adminAt()),
    ).rejects.toMatchObject({ code: 'unit_not_registered' });
    expect(await ctx.streams.load('u_aaaaaaaaaaaaaaaa')).toEqual([]);
  });
});
