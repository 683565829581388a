/**
 * Who is bound where, and voiding one flat's slip, on the real database: `listBindings` lists every
 * flat in roster order with its contacts, roles and pending requests (and no names); `revokeBindingCode`
 * voids the live slip of one flat only — binding with it is then refused — and refuses an unknown
 * unit, a room the unit lacks, or a flat with no live slip.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { listBindings, revokeBindingCode } from '../../commands/bindings.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { adminAt, givenUnit, openCommandWorld, slipsOf, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('bindings');
});
afterAll(() => world.close());

const at = (ms: number) => ({ now: new Date(Date.parse(T0) + ms) });
const codeDoc = (code: string) => world.models.bindingCodes.findById(code).lean().exec();

describe('listBindings', () => {
  it('lists every flat in roster order with its contacts, roles and pending requests', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const slip = await slipsOf(world.ctx, unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-owner', code: slip('201') }, at(1));
    await bindHousehold(world.ctx, { contactId: 'wx-family', code: slip('201') }, at(2));
    await bindHousehold(world.ctx, { contactId: 'wx-proxy', code: slip('102'), asProxy: true }, at(3));
    expect(await listBindings(world.ctx, { unitId })).toEqual({
      unitId,
      flats: [
        { room: '101', bound: false, contacts: [] },
        { room: '102', bound: true, contacts: [{ contactId: 'wx-proxy', role: 'proxy', pending: true }] },
        {
          room: '201',
          bound: true,
          contacts: [
            { contactId: 'wx-owner', role: 'owner' },
            { contactId: 'wx-family', role: 'co_owner', pending: true },
          ],
        },
        { room: '202', bound: false, contacts: [] },
      ],
    });
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('refuses %s as unit_not_registered', async (unitId) => {
    await expect(listBindings(world.ctx, { unitId })).rejects.toMatchObject({ code: 'unit_not_registered' });
  });
});

describe('revokeBindingCode', () => {
  it("voids one flat's live slip, which then binds nobody; the other slips still bind", async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const slip = await slipsOf(world.ctx, unitId);
    expect(await revokeBindingCode(world.ctx, { unitId, room: '101' }, at(10))).toEqual({
      room: '101',
      revoked: 1,
    });
    expect(await codeDoc(slip('101'))).toMatchObject({ revokedAt: at(10).now });
    expect((await codeDoc(slip('102')))?.revokedAt).toBeUndefined();
    expect(await bindHousehold(world.ctx, { contactId: 'wx-a', code: slip('101') }, at(11))).toEqual({
      kind: 'revoked',
    });
    expect(await bindHousehold(world.ctx, { contactId: 'wx-b', code: slip('102') }, at(11))).toMatchObject({
      kind: 'bound',
      room: '102',
    });
    // Nothing live is left for that flat.
    await expect(revokeBindingCode(world.ctx, { unitId, room: '101' }, at(12))).rejects.toMatchObject({
      code: 'not_found',
      details: { room: '101' },
    });
    // A revocation appends no event: the case still shows the issue and the one binding.
    expect((await world.ctx.streams.load(unitId)).map((e) => e.type)).toEqual([
      'UnitRegistered',
      'BindingCodesIssued',
      'HouseholdBound',
    ]);
  });

  // No new slip was issued: `revoked`, not the default `reissued`.
  it('records a slip voided by hand as revoked, not reissued', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const slip = await slipsOf(world.ctx, unitId);
    await revokeBindingCode(world.ctx, { unitId, room: '102' }, at(1));
    expect(await codeDoc(slip('102'))).toMatchObject({ revokedAt: at(1).now, revokedReason: 'revoked' });
  });

  it('refuses a flat that was never issued a slip (not_found) and a room the unit lacks (unknown_room)', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    await expect(revokeBindingCode(world.ctx, { unitId, room: '101' }, at(1))).rejects.toMatchObject({
      code: 'not_found',
    });
    const { codes } = await issueBindingCodes(world.ctx, { unitId }, adminAt(2));
    await expect(revokeBindingCode(world.ctx, { unitId, room: '909' }, at(3))).rejects.toMatchObject({
      code: 'unknown_room',
      details: { room: '909' },
    });
    for (const { code } of codes) expect((await codeDoc(code))?.revokedAt).toBeUndefined();
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('refuses %s as unit_not_registered', async (unitId) => {
    await expect(revokeBindingCode(world.ctx, { unitId, room: '101' }, at(0))).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
  });
});
