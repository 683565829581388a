/**
 * `confirmProxiesInChat` and `recordProxy` on the real database: an owner's `确认代办` confirms every
 * proxy and family request waiting on each of their flats, across units, as that resident through
 * WeChat, and a confirmed co-owner may confirm the next; someone who owns nothing confirms nothing;
 * the committee's entry of a signed power of attorney confirms a proxy that asked, or binds a new one
 * at once (and the `contacts` projection learns it); entering it again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { confirmProxiesInChat, recordProxy } from '../../commands/confirm-proxy.js';
import { loadCase } from '../../commands/kernel/read.js';
import { findHousehold } from '../../domain/case/index.js';
import { bindRoom, givenSlippedUnit, type SlippedUnit } from '../support/ballot-fixtures.js';
import { adminAt, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let a: SlippedUnit;
let b: SlippedUnit;
const now = { now: new Date(T0) };
const heads = async () =>
  [(await world.ctx.streams.load(a.unitId)).length, (await world.ctx.streams.load(b.unitId)).length] as const;
const bindingOf = async (unitId: string, room: string, contactId: string) =>
  findHousehold((await loadCase(world.ctx, unitId)).state, room, contactId);

beforeAll(async () => {
  world = await openCommandWorld('confirm-proxy');
  a = await givenSlippedUnit(world.ctx, 4);
  b = await givenSlippedUnit(world.ctx, 4);
  await bindRoom(world.ctx, a, '101', 'wx-o-101');
  await bindRoom(world.ctx, a, '101', 'wx-o-proxy', { asProxy: true });
  await bindRoom(world.ctx, a, '101', 'wx-o-family');
  await bindRoom(world.ctx, b, '102', 'wx-o-101');
  await bindRoom(world.ctx, b, '102', 'wx-o-b-proxy', { asProxy: true });
});
afterAll(() => world.close());

describe('confirmProxiesInChat', () => {
  it('confirms nothing for a stranger or a contact who is only a proxy (not_owner)', async () => {
    const before = await heads();
    expect(await confirmProxiesInChat(world.ctx, { contactId: 'wx-stranger' }, now)).toEqual({
      kind: 'not_owner',
    });
    expect(await confirmProxiesInChat(world.ctx, { contactId: 'wx-o-proxy' }, now)).toEqual({
      kind: 'not_owner',
    });
    expect(await heads()).toEqual(before);
  });

  it('confirms every proxy and family request on each of the owner’s flats, across units, as that resident', async () => {
    const result = await confirmProxiesInChat(world.ctx, { contactId: 'wx-o-101' }, now);
    if (result.kind !== 'confirmed') throw new Error(`not confirmed: ${result.kind}`);
    expect([...result.proxies].sort((x, y) => x.contactId.localeCompare(y.contactId))).toEqual([
      { unitId: b.unitId, room: '102', contactId: 'wx-o-b-proxy', role: 'proxy' },
      { unitId: a.unitId, room: '101', contactId: 'wx-o-family', role: 'co_owner' },
      { unitId: a.unitId, room: '101', contactId: 'wx-o-proxy', role: 'proxy' },
    ]);
    const confirmedInA = (await world.ctx.streams.load(a.unitId)).filter((e) => e.type === 'ProxyConfirmed');
    expect(
      confirmedInA.map((e) => [e.actor, e.channel, (e.data as { contactId: string }).contactId]),
    ).toEqual([
      [{ kind: 'resident', id: 'wx-o-101' }, 'wechat', 'wx-o-proxy'],
      [{ kind: 'resident', id: 'wx-o-101' }, 'wechat', 'wx-o-family'],
    ]);
    expect((await bindingOf(b.unitId, '102', 'wx-o-b-proxy'))?.pending).toBeUndefined();
  });

  it('finds nothing waiting the second time (none_pending), appending nothing', async () => {
    const before = await heads();
    expect(await confirmProxiesInChat(world.ctx, { contactId: 'wx-o-101' }, now)).toEqual({
      kind: 'none_pending',
    });
    expect(await heads()).toEqual(before);
  });

  it('lets a confirmed co-owner confirm the next family member', async () => {
    await bindRoom(world.ctx, a, '101', 'wx-o-late');
    expect(await confirmProxiesInChat(world.ctx, { contactId: 'wx-o-family' }, now)).toEqual({
      kind: 'confirmed',
      proxies: [{ unitId: a.unitId, room: '101', contactId: 'wx-o-late', role: 'co_owner' }],
    });
  });
});

describe('recordProxy', () => {
  it('confirms a proxy who asked in chat, as whoever entered the power of attorney', async () => {
    await bindRoom(world.ctx, a, '201', 'wx-o-asker', { asProxy: true });
    expect((await bindingOf(a.unitId, '201', 'wx-o-asker'))?.pending).toBe(true);
    expect(
      await recordProxy(world.ctx, { unitId: a.unitId, room: '201', contactId: 'wx-o-asker' }, adminAt()),
    ).toEqual({
      recorded: true,
    });
    expect((await world.ctx.streams.load(a.unitId)).at(-1)).toMatchObject({
      type: 'ProxyConfirmed',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: { room: '201', contactId: 'wx-o-asker' },
    });
    expect(await bindingOf(a.unitId, '201', 'wx-o-asker')).toMatchObject({ role: 'proxy' });
    expect((await bindingOf(a.unitId, '201', 'wx-o-asker'))?.pending).toBeUndefined();
  });

  it('binds a new contact as the flat’s confirmed proxy at once, which the contacts projection learns; again, nothing', async () => {
    const input = { unitId: a.unitId, room: '202', contactId: 'wx-o-poa' };
    expect(await recordProxy(world.ctx, input, adminAt())).toEqual({ recorded: true });
    const binding = await bindingOf(a.unitId, '202', 'wx-o-poa');
    expect(binding).toMatchObject({ role: 'proxy' });
    expect(binding?.pending).toBeUndefined();
    expect(await world.models.contacts.findById('wx-o-poa').lean().exec()).toEqual({
      _id: 'wx-o-poa',
      flats: [{ unitId: a.unitId, room: '202', role: 'proxy' }],
    });
    const before = await heads();
    expect(await recordProxy(world.ctx, input, adminAt())).toEqual({ recorded: false });
    // An owner of the flat is not turned into a proxy either.
    expect(await recordProxy(world.ctx, { ...input, room: '101', contactId: 'wx-o-101' }, adminAt())).toEqual(
      {
        recorded: false,
      },
    );
    expect(await heads()).toEqual(before);
    expect(await bindingOf(a.unitId, '101', 'wx-o-101')).toMatchObject({ role: 'owner' });
  });

  it.each([
    ['an id that cannot name a unit', () => ({ unitId: 'u_bad', room: '101' }), 'unit_not_registered'],
    ['a room the unit does not have', () => ({ unitId: a.unitId, room: '909' }), 'unknown_room'],
  ])('refuses %s, appending nothing', async (_what, where, code) => {
    const before = await heads();
    await expect(
      recordProxy(world.ctx, { ...where(), contactId: 'wx-o-x' }, adminAt()),
    ).rejects.toMatchObject({ code });
    expect(await heads()).toEqual(before);
  });
});
