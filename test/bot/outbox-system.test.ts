/**
 * The outbox in the real system: `startSystem` with the bot on the mock puppet starts the outbox
 * worker, which says what was enqueued through Wechaty into the mock WeChat world.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../lib/clock.js';
import { enqueueMessage, type OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { BotWorld } from '../support/bot.js';
import { T0 } from '../support/http.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'outbox_sys', { JIATI_OUTBOX_POLL_MS: '50' });
/** What the bot said, as Wechaty reports its own messages. */
const { logLines, said } = world;
let system: System;
let roomId: string;
let neighbourId: string;

beforeAll(async () => {
  system = await world.start();
  const mocker = system.mocker!;
  const neighbour = mocker.createContact({ name: '李大爷' });
  neighbourId = neighbour.id;
  roomId = mocker.createRoom({
    topic: '测试小区 3 幢 2 单元',
    memberIdList: [mocker.puppet.currentUserId, neighbour.id],
  }).id;
});

afterAll(world.stop);

const stored = async (id: string) => (await system.models.outbox.findById(id).lean<OutboxDoc>().exec())!;

async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the outbox in the running system', () => {
  it('says an enqueued message in the mock group, once', async () => {
    expect(system.outbox).not.toBeNull();
    const msg = {
      _id: 'announce:u1:1',
      to: { kind: 'room' as const, id: roomId },
      groupKey: roomId,
      text: '302 已表决。目前同意 7 户。',
      priority: 'notice' as const,
      createdAt: clock.now(),
    };
    expect(await enqueueMessage(system.models.outbox, msg)).toBe('queued');
    expect(await enqueueMessage(system.models.outbox, msg)).toBe('duplicate');
    system.outbox!.wake();

    await waitFor(async () => (await stored('announce:u1:1')).status === 'sent');
    expect(said).toEqual([{ roomId, listenerId: null, text: '302 已表决。目前同意 7 户。' }]);
    expect((await stored('announce:u1:1')).sentAt).toEqual(clock.now());
  });

  it('says a private message to a contact, a second after the last message counted against its group', async () => {
    await enqueueMessage(system.models.outbox, {
      _id: 'receipt:abc123',
      to: { kind: 'contact', id: neighbourId },
      groupKey: roomId,
      text: '您的表决已记录：同意。回执码 abc123',
      priority: 'reply',
      createdAt: clock.now(),
    });
    system.outbox!.wake();
    // It counts against the unit's group, which spoke less than a second ago on the fixed clock.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await stored('receipt:abc123')).status).toBe('pending');
    clock.advance(1000);
    await waitFor(async () => (await stored('receipt:abc123')).status === 'sent');
    expect(said.at(-1)).toEqual({
      roomId: null,
      listenerId: neighbourId,
      text: '您的表决已记录：同意。回执码 abc123',
    });
  });

  it('counts a room Wechaty does not know as a failed attempt named room_not_found', async () => {
    await enqueueMessage(system.models.outbox, {
      _id: 'announce:gone:1',
      to: { kind: 'room', id: 'no-such-room@chatroom' },
      groupKey: 'no-such-room@chatroom',
      text: '这条发不出去',
      priority: 'reply',
      createdAt: clock.now(),
    });
    system.outbox!.wake();
    await waitFor(async () => (await stored('announce:gone:1')).attempts === 1);
    expect(await stored('announce:gone:1')).toMatchObject({
      status: 'pending',
      lastError: 'room_not_found',
      notBefore: new Date(clock.now().getTime() + 2000),
    });
  });

  it('logs ids and codes, never what was said', () => {
    const all = logLines.join('\n');
    expect(all).toContain('"outboxId":"announce:u1:1"');
    for (const text of ['已表决', '回执码', '这条发不出去', '李大爷']) expect(all).not.toContain(text);
  });
});
