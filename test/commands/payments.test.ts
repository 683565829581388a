/**
 * The money commands on the real database: a payment recorded after the agreement shows in the flat's
 * account and the unit's ledger, a day after today is refused, a cancellation gives the account back;
 * `我的费用` reads only the flats the contact is really bound to (a binding waiting for the owner shows
 * nothing), and before the agreement the plan's proposal.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import {
  cancelPayment,
  costsOfFlats,
  myCostsInChat,
  recordPayment,
  unitAccounts,
} from '../../commands/payments.js';
import { adminAt, DAY, openCommandWorld, slipsOf, type CommandWorld } from '../support/commands.js';
import { givenPassedUnit, givenUnitInPublicity, SIGNED_MS } from '../support/publicity-fixtures.js';

/** ¥50,000 with no subsidy: 201 and 202 pay ¥25,000 each, the first floor nothing. */
const COST = {
  totalCostFen: 5_000_000,
  subsidyFen: 0,
  scheme: { kind: 'explicit' as const, fenByRoom: { '201': 2_500_000, '202': 2_500_000 } },
};
const later = adminAt(SIGNED_MS + DAY);

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('payments');
});
afterAll(() => world.close());

describe('recording and cancelling', () => {
  it('keeps the flat’s account and the unit’s ledger, and gives the account back on cancelling', async () => {
    const unitId = await givenUnitInPublicity(world.ctx, 4, COST);
    const paid = await recordPayment(world.ctx, { unitId, room: '202', amountFen: 500_000 }, later);
    expect(paid.account).toMatchObject({ oweFen: 2_500_000, paidFen: 500_000, dueFen: 2_000_000 });
    expect(paid.paymentId).toMatch(/^pay_[0-9a-f]{12}$/);
    expect(paid.account.payments[0]).toMatchObject({ paidOn: '2025-03-11' });
    const ledger = await unitAccounts(world.ctx, unitId);
    expect([ledger.paidFen, ledger.dueFen, ledger.subsidyFen]).toEqual([500_000, 4_500_000, 0]);
    const cancelled = await cancelPayment(
      world.ctx,
      { unitId, paymentId: paid.paymentId, reason: '重复' },
      later,
    );
    expect(cancelled.account).toMatchObject({ room: '202', paidFen: 0, dueFen: 2_500_000 });
  });

  it('refuses a payment day after today, and a ledger before the agreement', async () => {
    const unitId = await givenUnitInPublicity(world.ctx, 4, COST);
    await expect(
      recordPayment(world.ctx, { unitId, room: '201', amountFen: 1, paidOn: '2025-03-12' }, later),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'paidOn' } });
    const { unitId: unsigned } = await givenPassedUnit(world.ctx, 4, 0, COST);
    await expect(unitAccounts(world.ctx, unsigned)).rejects.toMatchObject({ code: 'agreement_not_signed' });
  });
});

describe('我的费用', () => {
  it('reads the flats the contact is bound to, not a binding the owner has yet to confirm', async () => {
    const unitId = await givenUnitInPublicity(world.ctx, 4, COST);
    const slip = await slipsOf(world.ctx, unitId);
    expect(await myCostsInChat(world.ctx, 'wx-owner')).toEqual({ kind: 'not_bound' });
    await bindHousehold(world.ctx, { contactId: 'wx-owner', code: slip('201') }, later);
    await bindHousehold(world.ctx, { contactId: 'wx-family', code: slip('201') }, later);
    const mine = await myCostsInChat(world.ctx, 'wx-owner');
    expect(mine).toMatchObject({
      kind: 'costs',
      flats: [{ kind: 'agreed', account: { room: '201', dueFen: 2_500_000 } }],
    });
    expect(await myCostsInChat(world.ctx, 'wx-family')).toEqual({ kind: 'not_bound' });
  });

  it('shows the plan’s proposal before the agreement, and nothing proposed without a cost plan', async () => {
    const { unitId } = await givenPassedUnit(world.ctx, 4, 0, COST);
    const { unitId: plain } = await givenPassedUnit(world.ctx, 4);
    expect(
      await costsOfFlats(world.ctx, [
        { unitId, room: '202' },
        { unitId: plain, room: '202' },
      ]),
    ).toEqual([
      { kind: 'not_agreed', unitId, unitName: '公示测试单元', room: '202', proposedFen: 2_500_000 },
      { kind: 'not_agreed', unitId: plain, unitName: '公示测试单元', room: '202' },
    ]);
  });
});
