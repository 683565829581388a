/**
 * The outbox worker on the real embedded database (FerretDB v1 on SQLite): a recording `send`, a
 * {@link FixedClock} the test moves, and short real poll intervals.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startOutboxWorker,
  type OutboxSend,
  type OutboxWorker,
  type OutboxWorkerOptions,
} from '../../bot/outbox-worker.js';
import { OutboxSendError, errorCode, loggableOutboxId, sendThroughWechaty } from '../../bot/outbox-worker.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import {
  claimMessage,
  enqueueMessage,
  type NewOutboxMessage,
  type OutboxDoc,
  type OutboxRecipient,
} from '../../models/outbox.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

/** Monday 2025-03-03, 10:00 in Hangzhou. */
const T0 = '2025-03-03T02:00:00.000Z';
const ROOM: OutboxRecipient = { kind: 'room', id: 'room-1@chatroom' };
/** Every text sent in this file carries this marker, so the logs can be searched for it. */
const MARK = '张阿姨-私密';
const NO_LIMITS = { perGroupPerSecond: Infinity, perMinute: Infinity };

let db: TestDatabase;
const logLines: string[] = [];
const log = createLogger({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
const workers: OutboxWorker[] = [];

beforeAll(async () => {
  db = await openTestDatabase('outbox');
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await db.models.outbox.deleteMany({});
  await db.connection.collection('outbox_claims').deleteMany({});
});
afterAll(async () => {
  await db.close();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(10);
  }
}

/** A `send` that records what it was asked to say, and optionally fails or waits first. */
function recorder(behave: (n: number) => Promise<void> | void = () => undefined) {
  const sent: { to: OutboxRecipient; text: string }[] = [];
  let calls = 0;
  const send: OutboxSend = async (to, text) => {
    calls += 1;
    await behave(calls);
    sent.push({ to, text });
  };
  return { sent, send, calls: () => calls };
}

async function start(
  clock: FixedClock,
  send: OutboxSend,
  options: Partial<OutboxWorkerOptions> = {},
): Promise<OutboxWorker> {
  const worker = await startOutboxWorker({
    outbox: db.models.outbox,
    send,
    clock,
    log,
    pollMs: 20,
    limits: NO_LIMITS,
    ...options,
  });
  workers.push(worker);
  return worker;
}

const message = (clock: FixedClock, id: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  _id: id,
  to: ROOM,
  groupKey: ROOM.id,
  text: `${MARK} ${id}`,
  priority: 'reply',
  createdAt: clock.now(),
  ...extra,
});

const stored = async (id: string) => (await db.models.outbox.findById(id).lean<OutboxDoc>().exec())!;

describe('enqueueMessage', () => {
  it('stores a message once: the same _id again is a duplicate and changes nothing', async () => {
    const clock = new FixedClock(T0);
    expect(await enqueueMessage(db.models.outbox, message(clock, 'receipt:abc'))).toBe('queued');
    clock.advance(5000);
    const again = message(clock, 'receipt:abc', { text: 'something else', priority: 'notice' });
    expect(await enqueueMessage(db.models.outbox, again)).toBe('duplicate');
    expect(await db.models.outbox.countDocuments({}).exec()).toBe(1);
    expect(await stored('receipt:abc')).toEqual({
      _id: 'receipt:abc',
      to: ROOM,
      groupKey: ROOM.id,
      text: `${MARK} receipt:abc`,
      priority: 'reply',
      notBefore: new Date(T0),
      status: 'pending',
      attempts: 0,
      claimSeq: 0,
      createdAt: new Date(T0),
    });
  });
});

describe('the outbox worker', () => {
  it('sends a message enqueued twice exactly once and marks it sent', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'receipt:once'));
    await enqueueMessage(db.models.outbox, message(clock, 'receipt:once'));
    const { sent, send } = recorder();
    const worker = await start(clock, send);
    await waitFor(async () => (await stored('receipt:once')).status === 'sent');
    await sleep(150);
    expect(sent).toEqual([{ to: ROOM, text: `${MARK} receipt:once` }]);
    expect(await stored('receipt:once')).toMatchObject({
      status: 'sent',
      sentAt: new Date(T0),
      attempts: 0,
      claimedBy: worker.id,
      claimSeq: 1,
    });
  });

  it('retries a failing send after 2 s, then 4 s, and marks it failed after maxAttempts', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'announce:c1:7'));
    const failing = recorder(() => {
      throw new OutboxSendError('room_not_found');
    });
    await start(clock, failing.send, { maxAttempts: 3 });

    await waitFor(() => failing.calls() === 1);
    await waitFor(async () => (await stored('announce:c1:7')).attempts === 1);
    expect(await stored('announce:c1:7')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'room_not_found',
      notBefore: new Date(Date.parse(T0) + 2000),
    });
    await sleep(150);
    expect(failing.calls()).toBe(1); // not before its time

    clock.advance(1999);
    await sleep(100);
    expect(failing.calls()).toBe(1);
    clock.advance(1);
    await waitFor(async () => (await stored('announce:c1:7')).attempts === 2);
    expect(await stored('announce:c1:7')).toMatchObject({
      status: 'pending',
      notBefore: new Date(Date.parse(T0) + 2000 + 4000),
    });

    clock.advance(4000);
    await waitFor(async () => (await stored('announce:c1:7')).status === 'failed');
    expect(await stored('announce:c1:7')).toMatchObject({ attempts: 3, lastError: 'room_not_found' });
    clock.advance(3_600_000);
    await sleep(150);
    expect(failing.calls()).toBe(3);

    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ outboxId: 'announce:c1:7', attempts: 3, error: 'room_not_found', level: 50 }),
    );
  });

  it('holds a notice enqueued at 22:00 Shanghai until 08:00, while a reply goes at once', async () => {
    const clock = new FixedClock('2025-03-03T14:00:00.000Z'); // 22:00 in Hangzhou
    await enqueueMessage(db.models.outbox, message(clock, 'remind:u1:302', { priority: 'notice' }));
    await enqueueMessage(db.models.outbox, message(clock, 'receipt:late'));
    const { sent, send } = recorder();
    await start(clock, send);

    await waitFor(async () => (await stored('receipt:late')).status === 'sent');
    await waitFor(async () => (await stored('remind:u1:302')).notBefore.getTime() !== clock.now().getTime());
    expect(await stored('remind:u1:302')).toMatchObject({
      status: 'pending',
      attempts: 0,
      notBefore: new Date('2025-03-04T00:00:00.000Z'), // 08:00 in Hangzhou
    });

    clock.set('2025-03-03T23:59:00.000Z'); // 07:59
    await sleep(150);
    expect(sent.map((s) => s.text)).toEqual([`${MARK} receipt:late`]);

    clock.set('2025-03-04T00:00:00.000Z'); // 08:00
    await waitFor(async () => (await stored('remind:u1:302')).status === 'sent');
    expect(sent[1]!.text).toBe(`${MARK} remind:u1:302`);
    expect(await stored('remind:u1:302')).toMatchObject({
      attempts: 0,
      sentAt: new Date('2025-03-04T00:00:00.000Z'),
    });
  });

  it('drops a notice held past its expiresAt, never sending it after the one that supersedes it', async () => {
    const clock = new FixedClock('2025-03-03T14:00:00.000Z'); // 22:00 in Hangzhou
    const midnight = new Date('2025-03-03T16:00:00.000Z');
    // "Object before 24:00", queued in quiet hours: held until 08:00, by when its moment has passed.
    await enqueueMessage(
      db.models.outbox,
      message(clock, 'clock:midpoint', { priority: 'notice', expiresAt: midnight }),
    );
    // The notice that supersedes it, and one that never expires.
    clock.set('2025-03-03T16:00:01.000Z');
    await enqueueMessage(db.models.outbox, message(clock, 'clock:end', { priority: 'notice' }));
    expect(await stored('clock:midpoint')).toMatchObject({ status: 'pending', expiresAt: midnight });
    expect(await stored('clock:end')).not.toHaveProperty('expiresAt');
    const { sent, send } = recorder();
    await start(clock, send);
    await waitFor(async () => (await stored('clock:end')).notBefore.getTime() !== clock.now().getTime());

    clock.set('2025-03-04T00:00:00.000Z'); // 08:00
    await waitFor(async () => (await stored('clock:end')).status === 'sent');
    await waitFor(async () => (await stored('clock:midpoint')).status === 'expired');
    await sleep(150);
    expect(sent.map((s) => s.text)).toEqual([`${MARK} clock:end`]);
    expect(await stored('clock:midpoint')).toMatchObject({ status: 'expired', attempts: 0 });
    const dropped = logLines
      .filter((line) => line.includes('outbox notice dropped: its moment passed'))
      .map((line) => JSON.parse(line) as { outboxId: string; expiresAt: string });
    expect(dropped).toEqual([
      expect.objectContaining({ outboxId: 'clock:midpoint', expiresAt: midnight.toISOString() }),
    ]);
  });

  it('keeps one message a second per group: the second to a group waits, another group does not', async () => {
    const clock = new FixedClock(T0);
    const other: OutboxRecipient = { kind: 'room', id: 'room-2@chatroom' };
    await enqueueMessage(db.models.outbox, message(clock, 'g1:a'));
    await enqueueMessage(db.models.outbox, message(clock, 'g1:b'));
    await enqueueMessage(db.models.outbox, message(clock, 'g2:a', { to: other, groupKey: other.id }));
    const { sent, send } = recorder();
    await start(clock, send, { limits: { perGroupPerSecond: 1, perMinute: 40 } });

    await waitFor(() => sent.length === 2);
    await sleep(150);
    expect(sent.map((s) => s.text)).toEqual([`${MARK} g1:a`, `${MARK} g2:a`]);
    expect((await stored('g1:b')).status).toBe('pending');

    clock.advance(1000);
    await waitFor(() => sent.length === 3);
    expect(sent[2]!.text).toBe(`${MARK} g1:b`);
  });

  it('never sends a message twice when two workers race on 50 messages', async () => {
    const clock = new FixedClock(T0);
    for (let i = 0; i < 50; i++) {
      await enqueueMessage(db.models.outbox, message(clock, `race:${i}`, { groupKey: `g${i % 7}` }));
    }
    const { sent, send } = recorder(() => sleep(Math.random() * 3));
    await Promise.all([start(clock, send, { batchSize: 50 }), start(clock, send, { batchSize: 50 })]);

    await waitFor(async () => (await db.models.outbox.countDocuments({ status: 'sent' }).exec()) === 50);
    await sleep(150);
    const texts = sent.map((s) => s.text).sort();
    expect(texts).toHaveLength(50);
    expect(new Set(texts).size).toBe(50);
    expect(await db.connection.collection('outbox_claims').countDocuments({})).toBe(0);
  });

  it('lets exactly one of three concurrent claims win, where a conditional update alone is not enough on FerretDB v1', async () => {
    const clock = new FixedClock(T0);
    for (let i = 0; i < 50; i++) await enqueueMessage(db.models.outbox, message(clock, `claim:${i}`));
    const docs = await db.models.outbox.find({}).lean<OutboxDoc[]>().exec();
    const winners = await Promise.all(
      docs.map(async (doc) => {
        const claims = await Promise.all(
          ['a', 'b', 'c'].map((by) => claimMessage(db.models.outbox, doc, by, clock.now())),
        );
        return claims.filter((claim) => claim !== null).length;
      }),
    );
    expect(winners).toEqual(Array(50).fill(1));
    expect(await db.models.outbox.countDocuments({ status: 'sending', claimSeq: 1 }).exec()).toBe(50);
  });

  it('waits for the send in flight when stopped, and a new worker sends what is still pending', async () => {
    const clock = new FixedClock(T0);
    for (const id of ['r:1', 'r:2', 'r:3']) {
      await enqueueMessage(db.models.outbox, message(clock, id, { groupKey: id }));
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = recorder((n) => (n === 2 ? gate : undefined));
    const worker = await start(clock, first.send);
    await waitFor(() => first.calls() === 2);

    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false); // the second send is still in flight
    release();
    await stopping;
    expect(first.sent.map((s) => s.text)).toEqual([`${MARK} r:1`, `${MARK} r:2`]);
    expect((await stored('r:2')).status).toBe('sent');
    expect((await stored('r:3')).status).toBe('pending');

    const second = recorder();
    await start(clock, second.send);
    await waitFor(() => second.sent.length === 1);
    await sleep(150);
    expect(second.sent.map((s) => s.text)).toEqual([`${MARK} r:3`]);
  });

  it('takes back a message left sending past its lease, at start and later, and leaves a fresh claim alone', async () => {
    const clock = new FixedClock(T0);
    const now = Date.parse(T0);
    const orphan = async (id: string, claimedAgoMs: number) => {
      await enqueueMessage(db.models.outbox, message(clock, id));
      await db.models.outbox.updateOne(
        { _id: id },
        {
          $set: {
            status: 'sending',
            claimSeq: 1,
            claimedBy: 'dead-worker',
            claimedAt: new Date(now - claimedAgoMs),
          },
        },
      );
    };
    await orphan('stale:old', 61_000);
    await orphan('stale:fresh', 10_000);
    const { sent, send } = recorder();
    const worker = await start(clock, send, { leaseMs: 60_000 });

    await waitFor(async () => (await stored('stale:old')).status === 'sent');
    expect(sent.map((s) => s.text)).toEqual([`${MARK} stale:old`]);
    expect(await stored('stale:old')).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastError: 'lease_expired',
      claimedBy: worker.id,
      claimSeq: 2,
    });
    await sleep(150);
    expect((await stored('stale:fresh')).status).toBe('sending');

    clock.advance(51_000); // the fresh claim is now 61 s old, and half a lease has passed
    await waitFor(() => sent.length === 2);
    expect(sent[1]!.text).toBe(`${MARK} stale:fresh`);
  });

  it('frees a claim whose worker died between claiming and marking the message', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'half:1'));
    await db.connection.collection('outbox_claims').insertOne({
      _id: 'half:1#0' as never,
      outboxId: 'half:1',
      seq: 0,
      by: 'dead-worker',
      at: new Date(Date.parse(T0) - 120_000),
    });
    const { sent, send } = recorder();
    await start(clock, send);
    await waitFor(async () => (await stored('half:1')).status === 'sent');
    expect(sent).toHaveLength(1);
    expect(await stored('half:1')).toMatchObject({ claimSeq: 2, attempts: 0 });
    expect(await db.connection.collection('outbox_claims').countDocuments({})).toBe(0);
  });

  it('gives up without sending on a message that already used up its attempts', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'spent:1'));
    await db.models.outbox.updateOne(
      { _id: 'spent:1' },
      { $set: { attempts: 3, lastError: 'lease_expired' } },
    );
    const { send, calls } = recorder();
    await start(clock, send, { maxAttempts: 3 });
    await waitFor(async () => (await stored('spent:1')).status === 'failed');
    expect(calls()).toBe(0);
    expect(await stored('spent:1')).toMatchObject({ attempts: 3, lastError: 'lease_expired' });
  });

  it('sends nothing and spends no attempt while the bot is offline, then sends when it is back', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'offline:1'));
    let online = false;
    const { sent, send } = recorder();
    const worker = await start(clock, send, { isReady: () => online });
    await sleep(150);
    expect(sent).toEqual([]);
    expect(await stored('offline:1')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(worker.status()).toMatchObject({ state: 'waiting', lastSentAt: null });
    online = true;
    await waitFor(() => sent.length === 1);
    await waitFor(() => worker.status().state === 'running');
    expect(worker.status()).toMatchObject({ lastPollAt: expect.any(Date), lastSentAt: expect.any(Date) });
    await worker.stop();
    expect(worker.status().state).toBe('stopped');
  });

  it('says it is stalled when no poll has read the outbox for stallMs', async () => {
    // A database of its own: what other tests left due here must not stand before its message.
    const own = await openTestDatabase('outbox_stall');
    try {
      const clock = new FixedClock(T0);
      let release: () => void = () => undefined;
      await enqueueMessage(own.models.outbox, message(clock, 'stall:1'));
      // A send that hangs holds the loop, as a hung puppet would.
      const { send } = recorder(() => new Promise<void>((resolve) => (release = resolve)));
      const worker = await start(clock, send, { stallMs: 200, outbox: own.models.outbox });
      await waitFor(() => worker.status().state === 'stalled', 2000);
      release();
      await waitFor(() => worker.status().state === 'running', 2000);
      await worker.stop();
    } finally {
      await own.close();
    }
  });

  it('looks at once when woken, instead of at the next poll', async () => {
    const clock = new FixedClock(T0);
    const { sent, send } = recorder();
    const worker = await start(clock, send, { pollMs: 60_000 });
    await sleep(50);
    await enqueueMessage(db.models.outbox, message(clock, 'woken:1'));
    worker.wake();
    await waitFor(() => sent.length === 1, 2000);
  });

  it('names failures by code, never by a message that could quote the text', () => {
    expect(errorCode(new OutboxSendError('contact_not_found'))).toBe('contact_not_found');
    expect(errorCode(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe('11000');
    expect(errorCode(new TypeError(`cannot say ${MARK}`))).toBe('TypeError');
    expect(errorCode({ code: `bad code with ${MARK}` })).toBe('error');
    expect(errorCode('a string')).toBe('error');
  });

  it('refuses to send through a logged-out Wechaty with bot_offline', async () => {
    const send = sendThroughWechaty({ isLoggedIn: false } as never);
    await expect(send(ROOM, MARK, {})).rejects.toMatchObject({ code: 'bot_offline' });
  });

  it('masks the room of a per-household id in its log lines, keeping the rest of the id', async () => {
    const clock = new FixedClock(T0);
    await enqueueMessage(db.models.outbox, message(clock, 'plan:u_abc:2:302:wx-li'));
    const { send } = recorder();
    await start(clock, send);
    await waitFor(async () => (await stored('plan:u_abc:2:302:wx-li')).status === 'sent');
    const logged = logLines.join('\n');
    expect(logged).toContain('"outboxId":"plan:u_abc:2:***:wx-li"');
    expect(logged).not.toContain(':302:');
  });

  it.each([
    ['plan:u_abc:2:302:wx-li', 'plan:u_abc:2:***:wx-li'],
    ['plan:u_abc:2:B-1201:wx-li', 'plan:u_abc:2:***:wx-li'],
    ['announce:u_abc:302', 'announce:u_abc:302'],
    ['reply:cmxckv2a0001tbq7dawrvgifv:1', 'reply:cmxckv2a0001tbq7dawrvgifv:1'],
    ['ballot.remind:u_abc:b_abc:2026-11-27', 'ballot.remind:u_abc:b_abc:2026-11-27'],
  ])('logs the outbox id %s as %s', (id, shown) => expect(loggableOutboxId(id)).toBe(shown));

  it('logged message ids and error codes throughout this file, never a text', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('\n')).not.toContain(MARK);
    expect(logLines.join('\n')).toContain('"outboxId":"announce:c1:7"');
  });
});
