/**
 * `announcePlan` on the real database, called on the state a `PlanPublished` left: nothing without a
 * plan; the summary to the bound group (none without one) and each bound household's own share
 * privately — not to a proxy still waiting for the owner, not for a plan without shares; during the
 * elevator ballot, a household whose share changed after voting is asked to vote again, one that has
 * not voted to vote, one whose vote still counts nothing. Announcing again queues nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { announcePlan } from '../../commands/announce-plan.js';
import { bindHousehold } from '../../commands/bind-household.js';
import { castVote } from '../../commands/cast-vote.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { runCaseCommand } from '../../commands/kernel/run-case.js';
import { openBallot } from '../../commands/open-ballot.js';
import type { CostPlan } from '../../domain/cost/index.js';
import { planPublishedNotice, planShareMessage } from '../../messages/plan.js';
import {
  adminAt,
  DAY,
  givenUnit,
  openCommandWorld,
  slipsOf,
  type CommandWorld,
} from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('announce-plan');
  ctx = world.ctx;
});
afterAll(() => world.close());

/** Explicit shares in fen for 101, 102, 201, 202. */
function explicit(fen: [number, number, number, number]): CostPlan {
  const [a, b, c, d] = fen;
  return {
    totalCostFen: a + b + c + d,
    subsidyFen: 0,
    scheme: { kind: 'explicit', fenByRoom: { '101': a, '102': b, '201': c, '202': d } },
  };
}

/** Appends `PlanPublished` without announcing it, as `publishPlan` does before it announces. */
async function published(unitId: string, planVersion: number, cost?: CostPlan, ms = 0) {
  const meta = adminAt(ms);
  const { state } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'PublishPlan', data: { planVersion, title: `方案${planVersion}`, ...(cost ? { cost } : {}) } },
    meta,
  );
  return { state, meta };
}

/** A unit of 4 flats: owners bound to 101, 102 and 202; a proxy waiting for 201's owner. */
async function unitWithHouseholds(): Promise<string> {
  const unitId = await givenUnit(ctx, 4);
  const slip = await slipsOf(ctx, unitId);
  for (const room of ['101', '102', '202']) {
    await bindHousehold(ctx, { contactId: `wx-${room}`, code: slip(room) }, adminAt());
  }
  await bindHousehold(ctx, { contactId: 'wx-proxy', code: slip('201'), asProxy: true }, adminAt());
  return unitId;
}

const queuedFor = (unitId: string, version: number) =>
  world.models.outbox
    .find({ _id: { $regex: `^plan:${unitId}:${version}:` } })
    .sort({ _id: 1 })
    .lean();

describe('announcePlan', () => {
  it('queues nothing for a case without a plan', async () => {
    const unitId = await givenUnit(ctx, 4);
    const { state } = await loadCase(ctx, unitId);
    expect(await announcePlan(ctx, unitId, state, adminAt())).toEqual({ group: 'no_group', privately: 0 });
    expect(await world.models.outbox.countDocuments({ _id: { $regex: `^plan:${unitId}:` } })).toBe(0);
  });

  it('tells each bound owner their share privately, not a waiting proxy; with no group, no summary', async () => {
    const unitId = await unitWithHouseholds();
    const { state, meta } = await published(unitId, 1, explicit([0, 100_000, 150_000, 150_000]));
    expect(await announcePlan(ctx, unitId, state, meta)).toEqual({ group: 'no_group', privately: 3 });
    const shares = state.plan!.shares!;
    const docs = await queuedFor(unitId, 1);
    expect(docs.map((doc) => [doc._id, doc.to, doc.priority, doc.groupKey])).toEqual(
      ['101', '102', '202'].map((room) => [
        `plan:${unitId}:1:${room}:wx-${room}`,
        { kind: 'contact', id: `wx-${room}` },
        'notice',
        null,
      ]),
    );
    expect(docs[1]!.text).toBe(
      planShareMessage({
        room: '102',
        planVersion: 1,
        share: shares.find((share) => share.room === '102')!,
        ballot: 'none',
      }),
    );
    // Announced again (a retried request): nothing new.
    expect(await announcePlan(ctx, unitId, state, adminAt(1))).toEqual({ group: 'no_group', privately: 0 });
    expect(await queuedFor(unitId, 1)).toHaveLength(3);
  });

  it('sends a plan without a cost plan to the group only, once', async () => {
    const unitId = await unitWithHouseholds();
    await bindTestGroup(ctx, `room-${unitId}`, unitId, adminAt().now);
    const { state, meta } = await published(unitId, 1);
    expect(await announcePlan(ctx, unitId, state, meta)).toEqual({ group: 'queued', privately: 0 });
    expect(await announcePlan(ctx, unitId, state, meta)).toEqual({ group: 'duplicate', privately: 0 });
    const docs = await queuedFor(unitId, 1);
    expect(docs.map((doc) => [doc._id, doc.to, doc.groupKey, doc.text])).toEqual([
      [
        `plan:${unitId}:1:group`,
        { kind: 'room', id: `room-${unitId}` },
        `room-${unitId}`,
        planPublishedNotice({ plan: state.plan! }),
      ],
    ]);
  });

  it('during the ballot asks who voted and whose share changed to vote again, and who has not voted to vote', async () => {
    const unitId = await unitWithHouseholds();
    await bindTestGroup(ctx, `room-${unitId}`, unitId, adminAt().now);
    await published(unitId, 1, explicit([100_000, 100_000, 100_000, 100_000]));
    const { ballot } = await openBallot(
      ctx,
      { unitId, title: '表决', matter: 'major', closesAt: new Date(adminAt(7 * DAY).now) },
      adminAt(),
    );
    for (const room of ['101', '102']) {
      await castVote(
        ctx,
        { ballotId: ballot.ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
        adminAt(),
      );
    }
    // Version 2 changes 102 (voted) and 201 (not bound); 101 (voted) and 202 (not voted) keep theirs.
    const { state, meta } = await published(unitId, 2, explicit([100_000, 50_000, 150_000, 100_000]), DAY);
    expect(await announcePlan(ctx, unitId, state, meta)).toEqual({ group: 'queued', privately: 3 });

    const shareOf = (room: string) => state.plan!.shares!.find((share) => share.room === room)!;
    const texts = Object.fromEntries((await queuedFor(unitId, 2)).map((doc) => [doc._id, doc.text]));
    expect(texts).toEqual({
      [`plan:${unitId}:2:group`]: planPublishedNotice({
        plan: state.plan!,
        previous: state.plans[0]!,
        reconfirmRooms: ['102'],
      }),
      [`plan:${unitId}:2:101:wx-101`]: planShareMessage({
        room: '101',
        planVersion: 2,
        share: shareOf('101'),
        previousFen: 100_000,
        ballot: 'none',
      }),
      [`plan:${unitId}:2:102:wx-102`]: planShareMessage({
        room: '102',
        planVersion: 2,
        share: shareOf('102'),
        previousFen: 100_000,
        ballot: 'vote_again',
      }),
      [`plan:${unitId}:2:202:wx-202`]: planShareMessage({
        room: '202',
        planVersion: 2,
        share: shareOf('202'),
        previousFen: 100_000,
        ballot: 'vote',
      }),
    });
    expect(texts[`plan:${unitId}:2:102:wx-102`]).toContain('（上一版是 1,000 元）');
  });
});
