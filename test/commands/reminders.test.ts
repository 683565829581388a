/**
 * Reminders in the mini-program (`commands/reminders.ts`) on the real database: which contacts have an
 * openid; what a resident sees of each reminder kind (the template only where this deployment offers
 * it); each 允许 allowing one more — only for a template in use, only for a mini-program resident, and
 * no more than the cap; and a reminder queued as a subscription message that spends one allowance,
 * once per outbox id, and none when nothing is left to spend.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { allowReminders, openidOf, queueSubscriberReminder, remindersOf } from '../../commands/reminders.js';
import { MAX_ALLOWED_REMINDERS } from '../../domain/platform/index.js';
import { PLATFORM_STREAM_ID } from '../../models/case-stream.js';
import { recordAllowance } from '../../models/reminder-allowance.js';
import { contextFor, DAY, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
/** A deployment that offers the ballot reminder (and not the publicity one). */
let ctx: CommandContext;
const at = new Date(T0);
const platformEvents = async () => world.ctx.streams.load(PLATFORM_STREAM_ID);
const remaining = async (contactId: string) =>
  (await remindersOf(ctx, contactId)).find((standing) => standing.kind === 'ballot')!.remaining;
const reminder = (contactId: string, outboxId: string) => ({
  contactId,
  kind: 'ballot' as const,
  outboxId,
  groupKey: 'room-r',
  text: '101 还没有表决',
  page: 'pages/vote/index?ballotId=b',
  data: { thing1: '测试单元', time2: '2025年3月10日 10:00' },
  expiresAt: new Date(Date.parse(T0) + 7 * DAY),
});

beforeAll(async () => {
  world = await openCommandWorld('reminders');
  ctx = contextFor(world.models, { settings: { reminderTemplates: { ballot: 'tpl-ballot' } } });
});
afterAll(() => world.close());

describe('openidOf', () => {
  it('gives the openid of a mini-program resident and none for anyone else', () => {
    expect(openidOf('mp:o-abc')).toBe('o-abc');
    expect(openidOf('mp:')).toBeNull();
    expect(openidOf('wx-abc')).toBeNull();
    expect(openidOf('dev:mp:abc')).toBeNull();
  });
});

describe('remindersOf', () => {
  it('offers a template only for the kinds this deployment uses, none allowed yet', async () => {
    expect(await remindersOf(world.ctx, 'mp:alice')).toEqual([
      { kind: 'ballot', remaining: 0 },
      { kind: 'publicity', remaining: 0 },
    ]);
    expect(await remindersOf(ctx, 'mp:alice')).toEqual([
      { kind: 'ballot', templateId: 'tpl-ballot', remaining: 0 },
      { kind: 'publicity', remaining: 0 },
    ]);
  });
});

describe('allowReminders', () => {
  it('allows one more per 允许 on a template in use, as the resident in the mini-program', async () => {
    const standings = await allowReminders(
      ctx,
      'mp:alice',
      { 'tpl-ballot': 'accept', 'tpl-unused': 'accept' },
      at,
    );
    expect(standings).toEqual([
      { kind: 'ballot', templateId: 'tpl-ballot', remaining: 1 },
      { kind: 'publicity', remaining: 0 },
    ]);
    expect((await platformEvents()).at(-1)).toMatchObject({
      type: 'RemindersAllowed',
      actor: { kind: 'resident', id: 'mp:alice' },
      channel: 'miniprogram',
      data: { contactId: 'mp:alice', kinds: ['ballot'] },
    });
  });

  it.each([
    ['a refusal', 'mp:alice', { 'tpl-ballot': 'reject' }, 1],
    ['a template this deployment does not use', 'mp:alice', { 'tpl-unused': 'accept' }, 1],
    ['a contact outside the mini-program', 'wx-bob', { 'tpl-ballot': 'accept' }, 0],
  ])('records nothing for %s', async (_what, contactId, results, left) => {
    const before = (await platformEvents()).length;
    await allowReminders(ctx, contactId, results, at);
    expect(await platformEvents()).toHaveLength(before);
    expect(await remaining(contactId)).toBe(left);
  });

  it(`keeps at most ${MAX_ALLOWED_REMINDERS} unspent`, async () => {
    for (let seq = 1; seq <= MAX_ALLOWED_REMINDERS; seq++) {
      await recordAllowance(world.models.reminderAllowances, {
        contactId: 'mp:full',
        kind: 'ballot',
        seq,
        at,
      });
    }
    const before = (await platformEvents()).length;
    await allowReminders(ctx, 'mp:full', { 'tpl-ballot': 'accept' }, at);
    expect(await platformEvents()).toHaveLength(before);
    expect(await remaining('mp:full')).toBe(MAX_ALLOWED_REMINDERS);
  });
});

describe('queueSubscriberReminder', () => {
  it('queues nothing for a chat contact, where the reminder is off, or for one who allowed none', async () => {
    expect(await queueSubscriberReminder(ctx, reminder('wx-bob', 'r-bob'), at)).toBe('not_allowed');
    expect(await queueSubscriberReminder(world.ctx, reminder('mp:alice', 'r-off'), at)).toBe('not_allowed');
    expect(await queueSubscriberReminder(ctx, reminder('mp:carol', 'r-carol'), at)).toBe('not_allowed');
    const ids = ['r-bob', 'r-off', 'r-carol'];
    expect(await world.models.outbox.countDocuments({ _id: { $in: ids } }).exec()).toBe(0);
    expect(await remaining('mp:alice')).toBe(1);
  });

  it('queues the subscription message to the openid, spending one allowance on it', async () => {
    expect(await queueSubscriberReminder(ctx, reminder('mp:alice', 'r-1'), at)).toBe('queued');
    expect(await world.models.outbox.findById('r-1').lean().exec()).toMatchObject({
      to: { kind: 'subscriber', id: 'alice' },
      groupKey: 'room-r',
      text: '101 还没有表决',
      subscribe: {
        templateId: 'tpl-ballot',
        page: 'pages/vote/index?ballotId=b',
        data: { thing1: '测试单元', time2: '2025年3月10日 10:00' },
      },
      priority: 'notice',
      status: 'pending',
      expiresAt: new Date(Date.parse(T0) + 7 * DAY),
    });
    const uses = await world.models.reminderUses.find({}).lean().exec();
    expect(uses.map((use) => [use._id.startsWith('mp:alice|ballot|'), use.outboxId])).toEqual([
      [true, 'r-1'],
    ]);
    expect(await remaining('mp:alice')).toBe(0);
  });

  it('spends nothing on a reminder already queued under the same id, and queues none with nothing left', async () => {
    await allowReminders(ctx, 'mp:alice', { 'tpl-ballot': 'accept' }, at);
    expect(await queueSubscriberReminder(ctx, reminder('mp:alice', 'r-1'), at)).toBe('duplicate');
    expect(await remaining('mp:alice')).toBe(1);
    expect(await queueSubscriberReminder(ctx, reminder('mp:alice', 'r-2'), at)).toBe('queued');
    expect(await queueSubscriberReminder(ctx, reminder('mp:alice', 'r-3'), at)).toBe('not_allowed');
    expect(await world.models.outbox.findById('r-3').lean().exec()).toBeNull();
  });
});
