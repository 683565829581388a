/**
 * `queueReminders` and `remindUnvoted` (`提醒`) on the real database: one private reminder per person
 * bound to a flat whose vote does not count yet — one for all the flats a person holds, none to
 * voters, none to a proxy still waiting (that flat counts as nobody's), a mini-program resident only
 * by a subscription message they allowed, a development sign-in never — each expiring at the close,
 * once per person per Shanghai day; and `提醒` allowed to the unit's committee and applicant alone,
 * answered `no_open_ballot` when nothing is open, writing only the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { loadCase } from '../../commands/kernel/read.js';
import { allowReminders } from '../../commands/reminders.js';
import { queueReminders, remindUnvoted } from '../../commands/remind.js';
import { castVote } from '../../commands/cast-vote.js';
import { openElevatorBallot as openElevator } from '../../domain/case/index.js';
import {
  bindRoom,
  bindUnitGroup,
  givenRole,
  givenSlippedUnit,
  openElevatorBallot,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import {
  adminAt,
  contextFor,
  DAY,
  givenUnit,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
/** A deployment that offers the ballot reminder in the mini-program. */
let ctx: CommandContext;
let unit: SlippedUnit;
let ballotId: string;
const now = (ms = 0) => ({ now: new Date(Date.parse(T0) + ms) });
const closesAt = new Date(Date.parse(T0) + 7 * DAY);
const outboxCount = () => world.models.outbox.countDocuments({}).exec();
const remindId = (contactId: string, day: string) => `remind:${ballotId}:${contactId}:${day}`;
/** What the case says now, and its open elevator ballot. */
async function openNow() {
  const { state } = await loadCase(ctx, unit.unitId);
  return { state, ballot: openElevator(state)! };
}

beforeAll(async () => {
  world = await openCommandWorld('remind');
  ctx = contextFor(world.models, { settings: { reminderTemplates: { ballot: 'tpl-ballot' } } });
  unit = await givenSlippedUnit(ctx, 8);
  await bindUnitGroup(ctx, unit.unitId, 'room-m');
  await givenRole(ctx, unit.unitId, 'wx-m-cmte');
  await givenRole(ctx, unit.unitId, 'wx-m-app', 'applicant');
  await bindRoom(ctx, unit, '101', 'wx-m-101');
  await bindRoom(ctx, unit, '102', 'wx-m-two');
  await bindRoom(ctx, unit, '201', 'wx-m-two');
  await bindRoom(ctx, unit, '202', 'wx-m-proxy', { asProxy: true });
  await bindRoom(ctx, unit, '301', 'mp:m301', { channel: 'miniprogram' });
  await bindRoom(ctx, unit, '302', 'dev:m302', { channel: 'miniprogram' });
  await bindRoom(ctx, unit, '401', 'mp:m401', { channel: 'miniprogram' });
  await allowReminders(ctx, 'mp:m301', { 'tpl-ballot': 'accept' }, new Date(T0));
  // Someone of the committee of another unit.
  await givenRole(ctx, await givenUnit(ctx, 2), 'wx-m-elsewhere');
});
afterAll(() => world.close());

describe('remindUnvoted', () => {
  it('answers the committee no_open_ballot while nothing is open', async () => {
    expect(await remindUnvoted(ctx, { contactId: 'wx-m-cmte', groupUnitId: null }, now())).toEqual({
      kind: 'no_open_ballot',
    });
  });

  it.each([
    ['a resident of the unit', () => ({ contactId: 'wx-m-two', groupUnitId: unit.unitId })],
    ['the committee of another unit', () => ({ contactId: 'wx-m-elsewhere', groupUnitId: unit.unitId })],
    ['a stranger asking privately', () => ({ contactId: 'wx-nobody', groupUnitId: null })],
  ])('refuses %s (forbidden), queueing nothing', async (_who, asker) => {
    const before = await outboxCount();
    await expect(remindUnvoted(ctx, asker(), now())).rejects.toMatchObject({
      code: 'forbidden',
      details: { action: 'remind' },
    });
    expect(await outboxCount()).toBe(before);
  });
});

describe('while the elevator ballot is open', () => {
  beforeAll(async () => {
    ballotId = await openElevatorBallot(ctx, unit.unitId, 7);
    await castVote(
      ctx,
      { ballotId, room: '101', choice: 'agree', channel: 'paper', reference: 'P-101' },
      adminAt(),
    );
  });

  it('reminds each person once for all their unvoted flats, where they can be reached, until the close', async () => {
    const events = (await ctx.streams.load(unit.unitId)).length;
    const result = await remindUnvoted(ctx, { contactId: 'wx-m-app', groupUnitId: unit.unitId }, now());
    expect(result).toEqual({ kind: 'reminded', rooms: 5, queued: 2, unboundRooms: ['202', '402'] });
    expect(await ctx.streams.load(unit.unitId)).toHaveLength(events);
    const chat = await world.models.outbox.findById(remindId('wx-m-two', '2025-03-03')).lean().exec();
    expect(chat).toMatchObject({
      to: { kind: 'contact', id: 'wx-m-two' },
      groupKey: 'room-m',
      priority: 'notice',
      expiresAt: closesAt,
    });
    expect(chat!.text).toContain('102、201');
    expect(await world.models.outbox.findById(remindId('mp:m301', '2025-03-03')).lean().exec()).toMatchObject(
      {
        to: { kind: 'subscriber', id: 'm301' },
        subscribe: { templateId: 'tpl-ballot', page: `pages/vote/index?ballotId=${ballotId}` },
        expiresAt: closesAt,
      },
    );
    for (const nobody of ['wx-m-101', 'wx-m-proxy', 'dev:m302', 'mp:m401']) {
      expect(await world.models.outbox.findById(remindId(nobody, '2025-03-03')).lean().exec()).toBeNull();
    }
  });

  it('queues nothing more the same Shanghai day, and one more to each reachable person the next', async () => {
    const { state, ballot } = await openNow();
    const lateSameDay = await queueReminders(ctx, state, ballot, now(14 * 3_600_000 - 1));
    expect(lateSameDay).toEqual({ rooms: 5, queued: 0, unboundRooms: ['202', '402'] });
    // 00:00 in Shanghai: a new day. The mini-program resident allowed one reminder, already spent.
    const nextDay = await queueReminders(ctx, state, ballot, now(14 * 3_600_000));
    expect(nextDay.queued).toBe(1);
    expect(
      await world.models.outbox.findById(remindId('wx-m-two', '2025-03-04')).lean().exec(),
    ).toMatchObject({
      to: { kind: 'contact', id: 'wx-m-two' },
    });
    expect(await world.models.outbox.findById(remindId('mp:m301', '2025-03-04')).lean().exec()).toBeNull();
  });

  it('leaves out a flat once its vote counts', async () => {
    await castVote(
      ctx,
      { ballotId, room: '102', choice: 'oppose', channel: 'paper', reference: 'P-102' },
      adminAt(),
    );
    const { state, ballot } = await openNow();
    const result = await queueReminders(ctx, state, ballot, now(2 * DAY));
    expect(result).toEqual({ rooms: 4, queued: 1, unboundRooms: ['202', '402'] });
    const text = (await world.models.outbox.findById(remindId('wx-m-two', '2025-03-05')).lean().exec())!.text;
    expect(text).toContain(' 201 ');
    expect(text).not.toContain('102');
  });
});
