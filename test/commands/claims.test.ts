/**
 * The money claimed after the works (`commands/claims.ts`) called directly on the real database, on a
 * unit whose agreed plan costs ¥600,000 with ¥200,000 of subsidy taken off (201 and 202 share the rest,
 * ¥200,000 each; the first floor pays nothing): each step of the project's subsidy claim is recorded
 * and told to the unit's group in one line, the amount in yuan, under `announce:<unitId>:<seq>`; a
 * household's provident-fund (公积金) withdrawal, open only after completion acceptance, is recorded
 * and told to no one. `unitClaims` shows both against the agreed plan. Every refusal — before the
 * agreement, without a cost plan, before completion acceptance, a step out of order, an amount over
 * the cost or the share, a refusal without reasons, a day after today — stores no event and queues
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordFundClaim, unitClaims } from '../../commands/claims.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { DEFAULT_CHECKLISTS } from '../../domain/case/index.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { adminAt, DAY, openCommandWorld, refusalsOn, type CommandWorld } from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';
import { AFTER_PUBLICITY_MS, givenUnitAtHandover, groupOf } from '../support/lifecycle-fixtures.js';
import {
  givenPassedUnit,
  givenUnitInPublicity,
  IN_PUBLICITY_MS,
  SIGNED_MS,
} from '../support/publicity-fixtures.js';

/** ¥600,000 less ¥200,000 of subsidy: 201 and 202 pay ¥200,000 each, the first floor nothing. */
const COST = {
  totalCostFen: 60_000_000,
  subsidyFen: 20_000_000,
  scheme: { kind: 'explicit' as const, fenByRoom: { '201': 20_000_000, '202': 20_000_000 } },
};

let world: CommandWorld;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('claims');
  ctx = world.ctx;
});
afterAll(() => world.close());

const expectRefused = refusalsOn(() => world.models);
/** The day after signing (Tuesday 2025-03-11), inside publicity. */
const inPublicity = adminAt(IN_PUBLICITY_MS);
/** The morning after publicity ended (Friday 2025-03-21), when the fixtures do every later step. */
const after = adminAt(AFTER_PUBLICITY_MS);

/** A unit under {@link COST}, agreement signed on day 7, its group bound: stage `publicity`. */
async function givenCostedUnit(): Promise<string> {
  const unitId = await givenUnitInPublicity(ctx, 4, COST);
  await bindTestGroup(ctx, groupOf(unitId), unitId, adminAt(SIGNED_MS).now);
  return unitId;
}

/**
 * A unit under {@link COST}, its group bound, taken through publicity, the application, the review and
 * the works to completion acceptance on 2025-03-21 by `givenUnitAtHandover`: stage `handover`.
 */
function givenCostedUnitAccepted(): Promise<string> {
  return givenUnitAtHandover(ctx, {
    group: true,
    inPublicity: (context) => givenUnitInPublicity(context, 4, COST),
  });
}

/** What the outbox holds for the unit's group under `announce:<unitId>:`, by seq. */
async function groupLines(unitId: string): Promise<OutboxDoc[]> {
  const docs = await world.models.outbox
    .find({ 'to.id': groupOf(unitId) })
    .lean<OutboxDoc[]>()
    .exec();
  return docs
    .filter((doc) => doc._id.startsWith(`announce:${unitId}:`))
    .sort((a, b) => Number(a._id.split(':').at(-1)) - Number(b._id.split(':').at(-1)));
}

describe('the subsidy claim', () => {
  it('records each step and tells the group one line each, the amount in yuan', async () => {
    const unitId = await givenCostedUnit();
    const before = await world.models.outbox.countDocuments({});

    const applied = await recordFundClaim(
      ctx,
      { unitId, fund: 'subsidy', status: 'applied', amountFen: 20_000_000, reference: '补-2025-017' },
      inPublicity,
    );
    expect(applied.announcement).toBe('queued');
    expect(applied.subsidy).toEqual({
      plannedFen: 20_000_000,
      claim: {
        fund: 'subsidy',
        status: 'applied',
        amountFen: 20_000_000,
        steps: [
          {
            status: 'applied',
            on: '2025-03-11',
            amountFen: 20_000_000,
            reference: '补-2025-017',
            reasons: [],
          },
        ],
      },
    });
    expect(await world.models.outbox.countDocuments({})).toBe(before + 1);
    const event = await world.models.caseEvents.findById(`${unitId}:${applied.seq}`).lean().exec();
    expect(event).toMatchObject({
      type: 'FundClaimRecorded',
      data: {
        fund: 'subsidy',
        status: 'applied',
        on: '2025-03-11',
        amountFen: 20_000_000,
        reference: '补-2025-017',
        reasons: [],
      },
    });

    const approved = await recordFundClaim(
      ctx,
      { unitId, fund: 'subsidy', status: 'approved', amountFen: 18_000_050, on: '2025-03-11' },
      adminAt(IN_PUBLICITY_MS + DAY),
    );
    const paid = await recordFundClaim(
      ctx,
      { unitId, fund: 'subsidy', status: 'paid', amountFen: 18_000_050 },
      adminAt(IN_PUBLICITY_MS + 2 * DAY),
    );
    expect(paid.subsidy.claim).toMatchObject({ status: 'paid', amountFen: 18_000_050 });
    expect(paid.subsidy.claim!.steps.map((step) => [step.status, step.on])).toEqual([
      ['applied', '2025-03-11'],
      ['approved', '2025-03-11'],
      ['paid', '2025-03-13'],
    ]);

    const lines = await groupLines(unitId);
    expect(lines.map((doc) => [doc._id, doc.text])).toEqual([
      [`announce:${unitId}:${applied.seq}`, '加装电梯的政府补助已经递交申请 200,000 元，有结果会告诉大家。'],
      [`announce:${unitId}:${approved.seq}`, '政府补助批下来了 180,000.50 元，到账后会告诉大家。'],
      [`announce:${unitId}:${paid.seq}`, '政府补助已经到账 180,000.50 元。'],
    ]);
    for (const doc of lines) {
      expect(doc).toMatchObject({ to: { kind: 'room', id: groupOf(unitId) }, priority: 'notice' });
    }
  });

  it('tells the group a refusal without its reasons, keeps them in the record, and tells the new application after it', async () => {
    const unitId = await givenCostedUnit();
    await recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied' }, inPublicity);
    const refused = await recordFundClaim(
      ctx,
      { unitId, fund: 'subsidy', status: 'refused', reasons: ['缺竣工验收报告', '发票抬头不对'] },
      inPublicity,
    );
    expect(refused.subsidy.claim).toMatchObject({ status: 'refused' });
    expect(refused.subsidy.claim).not.toHaveProperty('amountFen');
    expect(refused.subsidy.claim!.steps.at(-1)).toMatchObject({
      reasons: ['缺竣工验收报告', '发票抬头不对'],
    });
    const again = await recordFundClaim(
      ctx,
      { unitId, fund: 'subsidy', status: 'applied', amountFen: 20_000_000 },
      inPublicity,
    );
    expect(again.subsidy.claim!.steps.map((step) => step.status)).toEqual(['applied', 'refused', 'applied']);
    expect((await groupLines(unitId)).map((doc) => doc.text)).toEqual([
      '加装电梯的政府补助已经递交申请，有结果会告诉大家。',
      // The reasons may name a household, so the group hears only that it was refused.
      '政府补助这次没有通过，申请人会补齐材料后再申请；详情可以问居委会。',
      '加装电梯的政府补助已经递交申请 200,000 元，有结果会告诉大家。',
    ]);
  });

  it('is recorded without a group, telling no one', async () => {
    const unitId = await givenUnitInPublicity(ctx, 4, COST);
    const before = await world.models.outbox.countDocuments({});
    const applied = await recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied' }, inPublicity);
    expect(applied.announcement).toBe('no_group');
    expect(await world.models.outbox.countDocuments({})).toBe(before);
  });
});

describe('a household’s provident-fund withdrawal', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await givenCostedUnitAccepted();
  });

  it('is recorded after completion acceptance and told to no one', async () => {
    const before = await world.models.outbox.countDocuments({});
    const groupBefore = (await groupLines(unitId)).length;
    const applied = await recordFundClaim(
      ctx,
      { unitId, fund: 'provident_fund', room: '201', status: 'applied', amountFen: 15_000_000 },
      after,
    );
    const approved = await recordFundClaim(
      ctx,
      { unitId, fund: 'provident_fund', room: '201', status: 'approved', amountFen: 15_000_000 },
      after,
    );
    expect([applied.announcement, approved.announcement]).toEqual(['none', 'none']);
    expect(await world.models.outbox.countDocuments({})).toBe(before);
    expect(await groupLines(unitId)).toHaveLength(groupBefore);
    expect(approved.providentFundOpen).toBe(true);
    expect(approved.providentFund).toEqual([
      {
        room: '201',
        shareFen: 20_000_000,
        claim: {
          fund: 'provident_fund',
          room: '201',
          status: 'approved',
          amountFen: 15_000_000,
          steps: [
            { status: 'applied', on: '2025-03-21', amountFen: 15_000_000, reasons: [] },
            { status: 'approved', on: '2025-03-21', amountFen: 15_000_000, reasons: [] },
          ],
        },
      },
      { room: '202', shareFen: 20_000_000 },
    ]);
  });

  it('refuses a room without a share, a missing room, and more than the household’s share, storing nothing', async () => {
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'provident_fund', room: '301', status: 'applied' }, after),
      'unknown_room',
      { room: '301' },
    );
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'provident_fund', status: 'applied' }, after),
      'validation_error',
      { field: 'room' },
    );
    await expectRefused(
      unitId,
      () =>
        recordFundClaim(
          ctx,
          { unitId, fund: 'provident_fund', room: '202', status: 'applied', amountFen: 20_000_001 },
          after,
        ),
      'claim_exceeds_share',
      { limitFen: 20_000_000, room: '202' },
    );
  });
});

describe('unitClaims', () => {
  it('shows the planned subsidy and every paying household, the fund closed before completion acceptance', async () => {
    const unitId = await givenCostedUnit();
    expect(await unitClaims(ctx, unitId)).toEqual({
      unitId,
      subsidy: { plannedFen: 20_000_000 },
      providentFundOpen: false,
      providentFund: [
        { room: '201', shareFen: 20_000_000 },
        { room: '202', shareFen: 20_000_000 },
      ],
      checklists: { subsidy: DEFAULT_CHECKLISTS.subsidy, providentFund: DEFAULT_CHECKLISTS.provident_fund },
    });
  });

  it('shows nothing planned before the agreement, and refuses a unit not registered', async () => {
    const { unitId } = await givenPassedUnit(ctx, 4, 0, COST);
    expect(await unitClaims(ctx, unitId)).toMatchObject({
      subsidy: { plannedFen: 0 },
      providentFundOpen: false,
      providentFund: [],
    });
    await expect(unitClaims(ctx, 'u_aaaaaaaaaaaaaaaa')).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
  });
});

describe('refusals', () => {
  it('refuse a claim before the agreement, without a cost plan, or for a unit not registered', async () => {
    const { unitId: unsigned } = await givenPassedUnit(ctx, 4, 0, COST);
    await expectRefused(
      unsigned,
      () =>
        recordFundClaim(ctx, { unitId: unsigned, fund: 'subsidy', status: 'applied' }, adminAt(SIGNED_MS)),
      'agreement_not_signed',
    );
    const costless = await givenUnitInPublicity(ctx);
    await expectRefused(
      costless,
      () => recordFundClaim(ctx, { unitId: costless, fund: 'subsidy', status: 'applied' }, inPublicity),
      'no_agreed_cost',
      { planVersion: 1 },
    );
    const nowhere = 'u_aaaaaaaaaaaaaaaa';
    await expectRefused(
      nowhere,
      () => recordFundClaim(ctx, { unitId: nowhere, fund: 'subsidy', status: 'applied' }, inPublicity),
      'unit_not_registered',
    );
  });

  it('refuse a provident-fund withdrawal before completion acceptance, and a subsidy for one flat', async () => {
    const unitId = await givenCostedUnit();
    await expectRefused(
      unitId,
      () =>
        recordFundClaim(ctx, { unitId, fund: 'provident_fund', room: '201', status: 'applied' }, inPublicity),
      'completion_not_accepted',
      { stage: 'publicity' },
    );
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', room: '201', status: 'applied' }, inPublicity),
      'validation_error',
      { field: 'room' },
    );
  });

  it('refuse a step out of order, an approval without its amount, a refusal without reasons, and any step after payment', async () => {
    const unitId = await givenCostedUnit();
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'approved', amountFen: 1 }, inPublicity),
      'claim_status_invalid',
      { status: 'none', allowed: ['applied'] },
    );
    await recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied' }, inPublicity);
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied' }, inPublicity),
      'claim_status_invalid',
      { status: 'applied', allowed: ['approved', 'refused'] },
    );
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'approved' }, inPublicity),
      'validation_error',
      { field: 'amountFen' },
    );
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'refused' }, inPublicity),
      'reasons_required',
    );
    await recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'approved', amountFen: 100 }, inPublicity);
    await recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'paid', amountFen: 100 }, inPublicity);
    await expectRefused(
      unitId,
      () =>
        recordFundClaim(
          ctx,
          { unitId, fund: 'subsidy', status: 'refused', reasons: ['弄错了'] },
          inPublicity,
        ),
      'claim_status_invalid',
      { status: 'paid', allowed: [] },
    );
  });

  it('refuse an amount over the project’s cost, an amount of nothing, and a day after today', async () => {
    const unitId = await givenCostedUnit();
    await expectRefused(
      unitId,
      () =>
        recordFundClaim(
          ctx,
          { unitId, fund: 'subsidy', status: 'applied', amountFen: 60_000_001 },
          inPublicity,
        ),
      'claim_exceeds_share',
      { limitFen: 60_000_000 },
    );
    await expectRefused(
      unitId,
      () => recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied', amountFen: 0 }, inPublicity),
      'validation_error',
      { field: 'amountFen' },
    );
    await expectRefused(
      unitId,
      () =>
        recordFundClaim(ctx, { unitId, fund: 'subsidy', status: 'applied', on: '2025-03-12' }, inPublicity),
      'validation_error',
      { field: 'on' },
    );
    expect((await unitClaims(ctx, unitId)).subsidy).toEqual({ plannedFen: 20_000_000 });
  });
});
