/**
 * Binding a unit's WeChat group on the real database: `issueGroupCode` keeps one live code per unit
 * outside the stream; `bindGroup` binds one group per unit and one unit per group with a code used
 * once, records `GroupBound` as said by the resident in chat, refuses cheaply (an already bound
 * group, a wrong or void code, a unit with another group) without spending the code, and leaves
 * exactly one winner — and no stray claim — when two groups race for one unit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup, issueGroupCode, type BindGroupInput } from '../../commands/bind-group.js';
import { loadCase } from '../../commands/kernel/read.js';
import { registerUnit } from '../../commands/register-unit.js';
import { adminAt, givenUnit, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('bind-group');
});
afterAll(() => world.close());

const eventsOf = (id: string) => world.ctx.streams.load(id);
const at = (ms: number) => ({ now: new Date(Date.parse(T0) + ms) });
const said = (roomId: string, code: string, groupUnitId: string | null = null): BindGroupInput => ({
  roomId,
  code,
  contactId: `wx-${roomId}`,
  groupUnitId,
});
const codeUse = (code: string) => world.models.groupCodeUses.findById(code).lean().exec();
const groupOf = (roomId: string) => world.models.groups.findById(roomId).lean().exec();

describe('issueGroupCode', () => {
  it('keeps one live code per unit, outside the stream', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const first = await issueGroupCode(world.ctx, { unitId }, adminAt(1));
    expect(first.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(await world.models.groupCodes.findById(first.code).lean().exec()).toEqual({
      _id: first.code,
      unitId,
      issuedAt: at(1).now,
    });
    const second = await issueGroupCode(world.ctx, { unitId }, adminAt(2));
    expect(second.code).not.toBe(first.code);
    expect(await world.models.groupCodes.findById(first.code).lean().exec()).toMatchObject({
      revokedAt: at(2).now,
    });
    expect((await world.models.groupCodes.findById(second.code).lean().exec())?.revokedAt).toBeUndefined();
    const events = await eventsOf(unitId);
    expect(events.map((e) => e.type)).toEqual(['UnitRegistered']);
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('refuses %s as unit_not_registered', async (unitId) => {
    await expect(issueGroupCode(world.ctx, { unitId }, adminAt())).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
    expect(await world.models.groupCodes.countDocuments({ unitId }).exec()).toBe(0);
  });
});

describe('bindGroup', () => {
  it('binds the group with the code, once, as said by the resident in chat', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const { code } = await issueGroupCode(world.ctx, { unitId }, adminAt());
    expect(await bindGroup(world.ctx, said('room-a', code), at(5))).toEqual({
      kind: 'bound',
      unitId,
      unitName: '测试单元',
    });
    expect(await groupOf('room-a')).toEqual({ _id: 'room-a', unitId, boundAt: at(5).now });
    expect(await codeUse(code)).toEqual({ _id: code, roomId: 'room-a', usedAt: at(5).now });
    const events = await eventsOf(unitId);
    expect(events[1]).toMatchObject({
      type: 'GroupBound',
      data: { roomId: 'room-a', boundAt: at(5).now.toISOString() },
      actor: { kind: 'resident', id: 'wx-room-a' },
      channel: 'wechat',
    });
    expect(JSON.stringify(events)).not.toContain(code);
    expect((await loadCase(world.ctx, unitId)).state.groupRoomId).toBe('room-a');
    // Used: the same code binds no other group.
    expect(await bindGroup(world.ctx, said('room-b', code), at(6))).toEqual({ kind: 'revoked' });
    expect(await groupOf('room-b')).toBeNull();
  });

  it('names a unit registered without a name 本单元', async () => {
    const { unitId } = await registerUnit(
      world.ctx,
      {
        name: undefined as unknown as string,
        address: { community: '朝晖七区', building: '9幢', unit: '1单元' },
        flats: flats(2),
      },
      adminAt(),
    );
    const { code } = await issueGroupCode(world.ctx, { unitId }, adminAt());
    expect(await bindGroup(world.ctx, said('room-nameless', code), at(1))).toEqual({
      kind: 'bound',
      unitId,
      unitName: '本单元',
    });
  });

  it('refuses a group already bound, a wrong code and a void code without spending anything', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const old = await issueGroupCode(world.ctx, { unitId }, adminAt(1));
    const live = await issueGroupCode(world.ctx, { unitId }, adminAt(2));
    expect(await bindGroup(world.ctx, said('room-c', live.code, 'u_bbbbbbbbbbbbbbbb'), at(3))).toEqual({
      kind: 'group_already_bound',
    });
    expect(await bindGroup(world.ctx, said('room-c', 'ZZZZZZZZ'), at(3))).toEqual({ kind: 'wrong_code' });
    expect(await bindGroup(world.ctx, said('room-c', old.code), at(3))).toEqual({ kind: 'revoked' });
    expect(await codeUse(live.code)).toBeNull();
    expect(await codeUse(old.code)).toBeNull();
    expect(await groupOf('room-c')).toBeNull();
    expect(await eventsOf(unitId)).toHaveLength(1);
    // The live code still binds.
    expect(await bindGroup(world.ctx, said('room-c', live.code), at(4))).toMatchObject({ kind: 'bound' });
  });

  it('refuses a second group for a bound unit without spending its code', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const first = await issueGroupCode(world.ctx, { unitId }, adminAt(1));
    await bindGroup(world.ctx, said('room-d', first.code), at(2));
    const { code } = await issueGroupCode(world.ctx, { unitId }, adminAt(3));
    expect(await bindGroup(world.ctx, said('room-e', code), at(4))).toEqual({ kind: 'unit_has_other_group' });
    expect(await codeUse(code)).toBeNull();
    expect(await groupOf('room-e')).toBeNull();
    expect((await eventsOf(unitId)).filter((e) => e.type === 'GroupBound')).toHaveLength(1);
  });

  it('refuses a group the caller thought unbound that another unit already holds', async () => {
    const unitA = await givenUnit(world.ctx, 2);
    const unitB = await givenUnit(world.ctx, 2);
    await bindGroup(
      world.ctx,
      said('room-f', (await issueGroupCode(world.ctx, { unitId: unitA }, adminAt())).code),
      at(1),
    );
    const { code } = await issueGroupCode(world.ctx, { unitId: unitB }, adminAt(2));
    expect(await bindGroup(world.ctx, said('room-f', code), at(3))).toEqual({ kind: 'group_already_bound' });
    expect(await groupOf('room-f')).toMatchObject({ unitId: unitA });
    expect((await eventsOf(unitB)).map((e) => e.type)).toEqual(['UnitRegistered']);
  });

  it('lets exactly one of two groups racing with one code bind it', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const { code } = await issueGroupCode(world.ctx, { unitId }, adminAt());
    const results = await Promise.all(
      ['room-g1', 'room-g2'].map((roomId) => bindGroup(world.ctx, said(roomId, code), at(1))),
    );
    expect(results.map((r) => r.kind).sort()).toEqual(['bound', 'revoked']);
    const winner = results[0]!.kind === 'bound' ? 'room-g1' : 'room-g2';
    expect(await codeUse(code)).toMatchObject({ roomId: winner });
    expect((await loadCase(world.ctx, unitId)).state.groupRoomId).toBe(winner);
  });

  it('leaves one group bound, and no stray claim, when two groups race for one unit with two codes', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const { code } = await issueGroupCode(world.ctx, { unitId }, adminAt());
    // A second live code, as two processes issuing at the same moment can leave.
    const other = 'RACE2222';
    await world.models.groupCodes.create({ _id: other, unitId, issuedAt: at(0).now });
    const results = await Promise.all([
      bindGroup(world.ctx, said('room-h1', code), at(1)),
      bindGroup(world.ctx, said('room-h2', other), at(1)),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['bound', 'unit_has_other_group']);
    const [winner, loser] = results[0]!.kind === 'bound' ? ['room-h1', 'room-h2'] : ['room-h2', 'room-h1'];
    expect(await groupOf(winner)).toMatchObject({ unitId });
    expect(await groupOf(loser)).toBeNull();
    const { state } = await loadCase(world.ctx, unitId);
    expect(state.groupRoomId).toBe(winner);
    expect((await eventsOf(unitId)).filter((e) => e.type === 'GroupBound')).toHaveLength(1);
  });
});
