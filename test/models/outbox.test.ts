/**
 * The outbox (`models/outbox.ts`) used directly, without the worker: what a message must carry to be
 * queued, which messages a poll finds due (a stale send taken over, a fresh one left alone), the claim
 * that only a current read wins, the writes only the holder of the claim makes, and expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  claimMessage,
  dueMessages,
  enqueueMessage,
  markExpired,
  markFailed,
  markSent,
  messageExpired,
  outboxReader,
  releaseMessage,
  type NewOutboxMessage,
} from '../../models/outbox.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2025-03-03T02:30:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('outbox_model');
});
afterAll(() => db.close());

const message = (id: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  _id: id,
  to: { kind: 'room', id: 'room@chatroom' },
  groupKey: 'room@chatroom',
  text: `text of ${id}`,
  priority: 'notice',
  createdAt: at(-120),
  ...extra,
});

const stored = (id: string) => db.models.outbox.findById(id).lean();
const claimKeys = () => db.connection.collection('outbox_claims');

describe('dueMessages', () => {
  it('finds pending messages due, oldest first, and a sending one only once its claim is stale', async () => {
    const { outbox } = db.models;
    const reader = outboxReader(outbox);
    expect(await reader.due(at(-120))).toEqual([]);
    for (const [id, minutes] of [
      ['d.b', -10],
      ['d.a', -10],
      ['d.c', -30],
      ['d.later', 60],
      ['d.sent', -5],
      ['d.fresh', -5],
      ['d.stale', -5],
    ] as const) {
      expect(await enqueueMessage(outbox, message(id, { notBefore: at(minutes) }))).toBe('queued');
    }
    await outbox.updateOne({ _id: 'd.sent' }, { $set: { status: 'sent', sentAt: at(-4) } });
    await outbox.updateOne(
      { _id: 'd.fresh' },
      { $set: { status: 'sending', claimSeq: 1, claimedAt: at(-1) } },
    );
    await outbox.updateOne(
      { _id: 'd.stale' },
      { $set: { status: 'sending', claimSeq: 1, claimedAt: at(-60) } },
    );

    const ids = async (limit: number, takeOverBefore?: Date) =>
      (await dueMessages(outbox, reader, at(0), limit, takeOverBefore)).map((doc) => doc._id);
    expect(await ids(10, at(-30))).toEqual(['d.c', 'd.a', 'd.b', 'd.stale']);
    expect(await ids(10)).toEqual(['d.c', 'd.a', 'd.b']);
    expect(await ids(2)).toEqual(['d.c', 'd.a']);
    // The sent message's entry was settled; the one a worker is sending now is kept for later polls.
    const open = await reader.due(at(0));
    expect(open).not.toContain('d.sent');
    expect(open).toContain('d.fresh');
  });
});

describe('enqueueMessage', () => {
  it('refuses a message without a text or recipient, and a template anywhere but to a subscriber', async () => {
    const { outbox } = db.models;
    await expect(enqueueMessage(outbox, message('e.empty', { text: '' }))).rejects.toThrow(/lacks/);
    await expect(
      enqueueMessage(outbox, message('e.noid', { to: { kind: 'contact', id: '' } })),
    ).rejects.toThrow(/lacks/);
    await expect(
      enqueueMessage(outbox, message('e.sub', { to: { kind: 'subscriber', id: 'openid' } })),
    ).rejects.toThrow(/template/);
    const subscribe = { templateId: 'tpl', page: 'pages/vote', data: { thing1: '投票' } };
    await expect(enqueueMessage(outbox, message('e.room', { subscribe }))).rejects.toThrow(/template/);
    expect(await outbox.countDocuments({ _id: { $in: ['e.empty', 'e.noid', 'e.sub', 'e.room'] } })).toBe(0);
    expect(
      await enqueueMessage(outbox, message('e.ok', { to: { kind: 'subscriber', id: 'openid' }, subscribe })),
    ).toBe('queued');
    expect((await stored('e.ok'))?.subscribe).toEqual(subscribe);
  });

  it('stores a message pending, due at once by default, and a second one under its _id changes nothing', async () => {
    const { outbox } = db.models;
    expect(await enqueueMessage(outbox, message('e.once'))).toBe('queued');
    expect(await enqueueMessage(outbox, message('e.once', { text: 'other', expiresAt: at(5) }))).toBe(
      'duplicate',
    );
    const doc = await stored('e.once');
    expect(doc).toMatchObject({
      text: 'text of e.once',
      status: 'pending',
      notBefore: at(-120),
      attempts: 0,
      claimSeq: 0,
    });
    expect(doc).not.toHaveProperty('expiresAt');
  });
});

describe('claimMessage and the writes of its holder', () => {
  it('claims a pending message once: a worker holding the same read afterwards gets null', async () => {
    const { outbox } = db.models;
    await enqueueMessage(outbox, message('c.one'));
    const read = (await stored('c.one'))!;
    const claim = await claimMessage(outbox, read, 'w1', at(0));
    expect(claim).toEqual({ outboxId: 'c.one', claimSeq: 1 });
    expect(await stored('c.one')).toMatchObject({
      status: 'sending',
      claimSeq: 1,
      claimedBy: 'w1',
      claimedAt: at(0),
    });
    expect(await claimMessage(outbox, read, 'w2', at(0))).toBeNull();
    expect((await stored('c.one'))?.claimedBy).toBe('w1');
    expect(await claimKeys().countDocuments({ outboxId: 'c.one' })).toBe(0);

    expect(await markSent(outbox, claim!, at(1))).toBe(true);
    expect(await stored('c.one')).toMatchObject({ status: 'sent', sentAt: at(1) });
  });

  it('takes over a send left past its lease, counting it as an attempt; the old holder can write nothing', async () => {
    const { outbox } = db.models;
    await enqueueMessage(outbox, message('c.lease'));
    const old = (await claimMessage(outbox, (await stored('c.lease'))!, 'dead', at(0)))!;
    const read = (await stored('c.lease'))!;
    expect(await claimMessage(outbox, read, 'w2', at(10))).toBeNull();
    expect(await claimMessage(outbox, read, 'w2', at(10), { takeOverBefore: at(0) })).toBeNull();
    const claim = await claimMessage(outbox, read, 'w2', at(10), { takeOverBefore: at(5) });
    expect(claim).toEqual({ outboxId: 'c.lease', claimSeq: 2 });
    expect(await stored('c.lease')).toMatchObject({
      status: 'sending',
      claimedBy: 'w2',
      attempts: 1,
      lastError: 'lease_expired',
    });
    expect(await markSent(outbox, old, at(11))).toBe(false);
    expect(await markFailed(outbox, old, { attempts: 9 })).toBe(false);
    expect((await stored('c.lease'))?.status).toBe('sending');
    expect(await markFailed(outbox, claim!, { attempts: 3, lastError: 'bot_offline' })).toBe(true);
    expect(await stored('c.lease')).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'bot_offline',
    });
  });

  it('frees a claim key whose worker died before moving the message, once it is older than the lease', async () => {
    const { outbox } = db.models;
    await enqueueMessage(outbox, message('c.key'));
    await claimKeys().insertOne({
      _id: 'c.key#0',
      outboxId: 'c.key',
      seq: 0,
      by: 'dead',
      at: at(0),
    } as never);
    const read = (await stored('c.key'))!;
    expect(await claimMessage(outbox, read, 'w2', at(1), { takeOverBefore: at(0) })).toBeNull();
    expect((await stored('c.key'))?.claimSeq).toBe(0);
    expect(await claimMessage(outbox, read, 'w2', at(10), { takeOverBefore: at(5) })).toBeNull();
    expect(await stored('c.key')).toMatchObject({ status: 'pending', claimSeq: 1 });
    expect(await claimKeys().countDocuments({ _id: 'c.key#0' } as never)).toBe(0);
    expect(await claimMessage(outbox, (await stored('c.key'))!, 'w2', at(11))).toEqual({
      outboxId: 'c.key',
      claimSeq: 2,
    });
  });

  it('puts a claimed message back for later with a new due entry, and marks one expired', async () => {
    const { outbox } = db.models;
    await enqueueMessage(outbox, message('c.back'));
    const claim = (await claimMessage(outbox, (await stored('c.back'))!, 'w1', at(0)))!;
    expect(
      await releaseMessage(outbox, claim, { notBefore: at(30), attempts: 1, lastError: 'timeout' }, at(0)),
    ).toBe(true);
    expect(await stored('c.back')).toMatchObject({
      status: 'pending',
      notBefore: at(30),
      attempts: 1,
      lastError: 'timeout',
    });
    // The index gained an entry at the new time (the old one stays, a hint read and dropped later).
    const chunks = await db.connection.collection('outbox_due').find({}).toArray();
    const entries = chunks.flatMap((chunk) => (chunk.entries ?? []) as { id: string; at: Date }[]);
    expect(entries.filter((entry) => entry.id === 'c.back').map((entry) => entry.at)).toContainEqual(at(30));
    const reader = outboxReader(outbox);
    const dueIds = async (minutes: number) =>
      (await dueMessages(outbox, reader, at(minutes), 50)).map((doc) => doc._id);
    expect(await dueIds(29)).not.toContain('c.back');
    expect(await dueIds(30)).toContain('c.back');

    const again = (await claimMessage(outbox, (await stored('c.back'))!, 'w1', at(30)))!;
    expect(await markExpired(outbox, again)).toBe(true);
    expect((await stored('c.back'))?.status).toBe('expired');
  });
});

describe('messageExpired', () => {
  it('is true from the expiry instant on, and never without one', () => {
    expect(messageExpired({ expiresAt: at(5) }, at(4))).toBe(false);
    expect(messageExpired({ expiresAt: at(5) }, at(5))).toBe(true);
    expect(messageExpired({}, at(10_000))).toBe(false);
  });
});
