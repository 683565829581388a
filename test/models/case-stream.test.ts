import { fastCheckSeed } from '../support/fast-check.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { StreamRunner, type Decider } from '../../commands/stream-runner.js';
import type { Actor } from '../../models/case-event.js';
import {
  CaseStreams,
  EMPTY_HEAD,
  caseRegistryOf,
  StreamConflictError,
  hashEvent,
  verifyChain,
  walkChain,
  type StoredEvent,
} from '../../models/case-stream.js';
import { DomainError } from '../../domain/errors.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const seed = fastCheckSeed('case-stream.test.ts');

const actor: Actor = { kind: 'committee', id: 'member-1' };
const at = new Date('2026-03-02T02:00:00.000Z');
const event = (n: number) => ({
  type: 'Noted',
  data: { n, note: `第${n}条` },
  actor,
  channel: 'api' as const,
  at,
});

let db: TestDatabase;
let streams: CaseStreams;
beforeAll(async () => {
  db = await openTestDatabase('stream');
  streams = new CaseStreams(db.models.caseEvents);
});
afterAll(async () => {
  await db.close();
});

describe('CaseStreams', () => {
  it('appends events as <caseId>:<seq> documents chained by hash, and loads them in order', async () => {
    const first = await streams.append('c-order', EMPTY_HEAD, event(1));
    const second = await streams.append('c-order', first, event(2));
    expect(first).toMatchObject({ seq: 1, prevHash: EMPTY_HEAD.hash });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(second.hash).toBe(hashEvent({ ...second, hash: undefined } as unknown as StoredEvent));
    const stored = await db.models.caseEvents.findById('c-order:2').lean();
    expect(stored).toMatchObject({ caseId: 'c-order', seq: 2, type: 'Noted', channel: 'api', actor });
    expect(stored!.at.toISOString()).toBe(at.toISOString());
    expect((await streams.load('c-order')).map((e) => e.seq)).toEqual([1, 2]);
    expect((await streams.load('c-order', 1)).map((e) => e.seq)).toEqual([2]);
    expect(await streams.load('c-order', 2)).toEqual([]);
    expect(await streams.load('c-none')).toEqual([]);
  });

  it('loads a long tail by _id in a few windows, up to the first missing seq', async () => {
    const { stored } = await streams.appendAll(
      'c-long',
      EMPTY_HEAD,
      Array.from({ length: 70 }, (_, i) => event(i + 1)),
    );
    const lookups: string[] = [];
    const findOne = db.models.caseEvents.collection.findOne.bind(db.models.caseEvents.collection);
    const spy = Object.assign(Object.create(db.models.caseEvents), {
      collection: {
        findOne: (filter: { _id: string }, options?: object) => {
          lookups.push(filter._id);
          return findOne(filter as never, options as never);
        },
      },
    });
    expect((await new CaseStreams(spy).load('c-long', 3)).map((e) => e.seq)).toEqual(
      Array.from({ length: 67 }, (_, i) => i + 4),
    );
    // Windows of 1, 4, 16, 32, 32 lookups: only ever `_id` equalities, at most one window of misses.
    expect(lookups).toHaveLength(1 + 4 + 16 + 32 + 32);
    expect(lookups.every((id) => /^c-long:\d+$/.test(id))).toBe(true);
    expect((await streams.load('c-long')).at(-1)!.hash).toBe(stored.at(-1)!.hash);
  });

  it('refuses a second writer of the same seq with a conflict and keeps the first event', async () => {
    const head = await streams.append('c-conflict', EMPTY_HEAD, event(1));
    await streams.append('c-conflict', head, event(2));
    await expect(streams.append('c-conflict', head, event(99))).rejects.toBeInstanceOf(StreamConflictError);
    const events = await streams.load('c-conflict');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('appends a batch in one ordered insert, chained, and on a taken seq keeps only the prefix before it', async () => {
    const batch = await streams.appendAll('c-batch', EMPTY_HEAD, [event(1), event(2), event(3)]);
    expect(batch.conflict).toBeUndefined();
    expect(batch.stored.map((e) => [e.seq, e.prevHash])).toEqual([
      [1, EMPTY_HEAD.hash],
      [2, batch.stored[0]!.hash],
      [3, batch.stored[1]!.hash],
    ]);
    // Another writer takes seq 5 while this one still believes the head is 3.
    await streams.append('c-batch', { seq: 4, hash: 'f'.repeat(64) }, event(50));
    const partial = await streams.appendAll('c-batch', batch.stored[2]!, [event(4), event(5), event(6)]);
    expect(partial.stored.map((e) => e.seq)).toEqual([4]);
    expect(partial.conflict).toBeInstanceOf(StreamConflictError);
    expect(partial.conflict!.seq).toBe(5);
    const kept = await streams.load('c-batch');
    expect(kept.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4, 50]);
    expect(kept[3]!.hash).toBe(partial.stored[0]!.hash);
    expect(await streams.appendAll('c-batch', EMPTY_HEAD, [])).toEqual({ stored: [] });
  });

  it('lists the case ids that have streams', async () => {
    await streams.append('c-list-b', EMPTY_HEAD, event(1));
    await streams.append('c-list-a', EMPTY_HEAD, event(1));
    const ids = await streams.caseIds();
    expect(ids).toEqual(expect.arrayContaining(['c-list-a', 'c-list-b']));
    expect(ids).toEqual([...ids].sort());
  });

  it('registers a case in the next numbered slot with its first event, and lists them page by page', async () => {
    const own = await openTestDatabase('registry');
    try {
      const mine = new CaseStreams(own.models.caseEvents);
      for (const caseId of ['r-c', 'r-a', 'r-b']) {
        const first = await mine.append(caseId, EMPTY_HEAD, event(1));
        await mine.append(caseId, first, event(2)); // later events register nothing
      }
      const registry = caseRegistryOf(own.models.caseEvents);
      expect(await registry.find({ _id: { $in: ['1', '2', '3', '4'] } }).toArray()).toEqual([
        expect.objectContaining({ _id: '1', caseId: 'r-c' }),
        expect.objectContaining({ _id: '2', caseId: 'r-a' }),
        expect.objectContaining({ _id: '3', caseId: 'r-b' }),
      ]);
      expect(await mine.casePage(1, 2)).toEqual({ caseIds: ['r-c', 'r-a'], next: 3, last: false });
      expect(await mine.casePage(3, 2)).toEqual({ caseIds: ['r-b'], next: 4, last: true });
      // A case two processes began at once holds two slots; it is listed once.
      await registry.insertOne({ _id: '4', caseId: 'r-a', registeredAt: at });
      expect(await mine.caseIds()).toEqual(['r-a', 'r-b', 'r-c']);
      // A slot taken behind this process's back moves the next registration on to the first free one.
      await new CaseStreams(own.models.caseEvents).append('r-d', EMPTY_HEAD, event(1));
      expect((await registry.findOne({ _id: '5' }))?.caseId).toBe('r-d');
    } finally {
      await own.close();
    }
  });

  it('registers, once, the streams a database held before the registry existed', async () => {
    const own = await openTestDatabase('backfill');
    try {
      // Streams stored by an earlier version: events only, no registry.
      await own.models.caseEvents.collection.insertMany(
        ['old-b', 'old-a'].map((caseId) => {
          const unhashed = { caseId, seq: 1, ...event(1), prevHash: EMPTY_HEAD.hash };
          return { _id: `${caseId}:1`, ...unhashed, hash: hashEvent(unhashed as StoredEvent) };
        }) as never[],
      );
      const after = new CaseStreams(own.models.caseEvents);
      await after.append('new-1', EMPTY_HEAD, event(1));
      expect(await after.caseIds()).toEqual(['new-1', 'old-a', 'old-b']);
      expect(await new CaseStreams(own.models.caseEvents).caseIds()).toEqual(['new-1', 'old-a', 'old-b']);
      expect(await caseRegistryOf(own.models.caseEvents).countDocuments({ _id: { $ne: 'backfilled' } })).toBe(
        3,
      );
    } finally {
      await own.close();
    }
  });
});

/** A counter decider: each command adds its amount; the state is the list of (writer, amount). */
type Entry = { writer: string; amount: number };
const counter: Decider<Entry[], Entry, { type: 'Added'; data: Entry }> = {
  initialState: [],
  evolve: (state, e) => [...state, e.data],
  decide: (command) => [{ type: 'Added', data: command }],
};

describe('concurrent appenders', () => {
  it('never fork a stream: every command lands once, seqs are contiguous, the chain verifies', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        async (writers, perWriter) => {
          const caseId = `c-race-${round++}`;
          // Separate runners share no lock or cache: like separate processes, they race on the database.
          const runners = Array.from(
            { length: writers },
            () => new StreamRunner(new CaseStreams(db.models.caseEvents), counter, { maxRetries: 100 }),
          );
          await Promise.all(
            runners.map(async (runner, w) => {
              for (let i = 0; i < perWriter; i++) {
                await runner.execute(
                  caseId,
                  { writer: `w${w}`, amount: i },
                  { actor, channel: 'api', now: at },
                );
              }
            }),
          );
          const events = await streams.load(caseId);
          expect(events.map((e) => e.seq)).toEqual(
            Array.from({ length: writers * perWriter }, (_, i) => i + 1),
          );
          for (let w = 0; w < writers; w++) {
            const mine = events.map((e) => e.data as Entry).filter((d) => d.writer === `w${w}`);
            expect(mine.map((d) => d.amount)).toEqual(Array.from({ length: perWriter }, (_, i) => i));
          }
          expect((await verifyChain(db.models.caseEvents, caseId)).ok).toBe(true);
        },
      ),
      { seed, numRuns: 8 },
    );
  });

  it('group-commits a burst on one case: in arrival order, each caller answered with its own event', async () => {
    const batches: number[] = [];
    let onFirstAppend = (): void => undefined;
    const counting = new CaseStreams(db.models.caseEvents);
    const appendAll = counting.appendAll.bind(counting);
    counting.appendAll = (caseId, head, events) => {
      batches.push(events.length);
      const appended = appendAll(caseId, head, events);
      if (batches.length === 1) onFirstAppend();
      return appended;
    };
    const runner = new StreamRunner(counting, counter, { maxRetries: 0 });
    const run = (i: number) =>
      runner.execute('c-group', { writer: 'one', amount: i }, { actor, channel: 'api', now: at });
    // Commands that arrive in one turn of the event loop are stored together.
    const together = await Promise.all(Array.from({ length: 30 }, (_, i) => run(i)));
    expect(batches).toEqual([30]);
    // Commands that arrive while an append is in flight wait for it, then go together.
    batches.length = 0;
    let later: Promise<unknown>[] = [];
    onFirstAppend = () => (later = Array.from({ length: 10 }, (_, i) => run(31 + i)));
    const alone = await run(30);
    const afterwards = (await Promise.all(later)) as typeof together;
    expect(batches).toEqual([1, 10]);
    [...together, alone, ...afterwards].forEach((result, i) => {
      expect(result.before).toHaveLength(i);
      expect(result.state).toHaveLength(i + 1);
      expect(result.head.seq).toBe(i + 1);
      expect(result.events.map((e) => [e.seq, (e.data as Entry).amount])).toEqual([[i + 1, i]]);
    });
    expect((await verifyChain(db.models.caseEvents, 'c-group')).ok).toBe(true);
  });

  it('answers a refused command on its own and stores the rest of its group', async () => {
    const picky: typeof counter = {
      ...counter,
      decide: (command, state, context) => {
        if (command.amount % 5 === 3) throw new DomainError('ballot_closed', 'refused');
        return counter.decide(command, state, context);
      },
    };
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), picky, { maxRetries: 0 });
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        runner.execute('c-refused', { writer: 'one', amount: i }, { actor, channel: 'api', now: at }),
      ),
    );
    expect(settled.map((s) => s.status === 'fulfilled')).toEqual(
      Array.from({ length: 12 }, (_, i) => i % 5 !== 3),
    );
    const events = await streams.load('c-refused');
    expect(events.map((e) => (e.data as Entry).amount)).toEqual([0, 1, 2, 4, 5, 6, 7, 9, 10, 11]);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('refuses before it appends: a state the accept check rejects is never stored', async () => {
    // The check sees the state before and after each command: here, a total past 20 is refused.
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), counter, {
      maxRetries: 0,
      accept: (_before, after) => {
        const total = after.reduce((sum, entry) => sum + entry.amount, 0);
        if (total > 20) throw new DomainError('validation_error', 'too much', { field: 'amount' });
      },
    });
    const settled = await Promise.allSettled(
      [5, 10, 9, 4, 1].map((amount) =>
        runner.execute('c-accept', { writer: 'one', amount }, { actor, channel: 'api', now: at }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const events = await streams.load('c-accept');
    expect(events.map((e) => (e.data as Entry).amount)).toEqual([5, 10, 4, 1]);
    // The same check without storing anything: what `execute` would answer.
    const { state } = await runner.load('c-accept');
    expect(() =>
      runner.tryDecide(state, { writer: 'one', amount: 1 }, { actor, channel: 'api', now: at }),
    ).toThrow('too much');
    expect(await streams.load('c-accept')).toHaveLength(4);
  });

  it('fails a command of several events that another writer cut into, and keeps the stream valid', async () => {
    const triple: Decider<Entry[], Entry, { type: 'Added'; data: Entry }> = {
      ...counter,
      decide: (command) =>
        [0, 1, 2].map((k) => ({ type: 'Added' as const, data: { ...command, amount: k } })),
    };
    const runner = new StreamRunner(new CaseStreams(db.models.caseEvents), triple, { maxRetries: 5 });
    await runner.execute('c-cut', { writer: 'a', amount: 0 }, { actor, channel: 'api', now: at });
    // Another writer has taken seq 5 (seq 4 is still free): of the next command's events 4, 5 and 6,
    // event 4 is stored and 5 collides. Decided again, the command would repeat event 4: it fails.
    await streams.append('c-cut', { seq: 4, hash: 'e'.repeat(64) }, event(60));
    await expect(
      runner.execute('c-cut', { writer: 'a', amount: 1 }, { actor, channel: 'api', now: at }),
    ).rejects.toBeInstanceOf(StreamConflictError);
    const stored = await streams.load('c-cut');
    expect(stored.map((e) => [e.seq, e.data])).toEqual([
      [1, { writer: 'a', amount: 0 }],
      [2, { writer: 'a', amount: 1 }],
      [3, { writer: 'a', amount: 2 }],
      [4, { writer: 'a', amount: 0 }],
      [5, { n: 60, note: '第60条' }],
    ]);
    expect((await runner.load('c-cut')).head.seq).toBe(5);
  });

  it('never forks a stream when each writer sends bursts: every command lands once, in its order', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        async (writers, burst) => {
          const caseId = `c-bursts-${round++}`;
          const runners = Array.from(
            { length: writers },
            () => new StreamRunner(new CaseStreams(db.models.caseEvents), counter, { maxRetries: 100 }),
          );
          await Promise.all(
            runners.flatMap((runner, w) =>
              Array.from({ length: burst }, (_, i) =>
                runner.execute(caseId, { writer: `w${w}`, amount: i }, { actor, channel: 'api', now: at }),
              ),
            ),
          );
          const events = await streams.load(caseId);
          expect(events.map((e) => e.seq)).toEqual(Array.from({ length: writers * burst }, (_, i) => i + 1));
          for (let w = 0; w < writers; w++) {
            const mine = events.map((e) => e.data as Entry).filter((d) => d.writer === `w${w}`);
            expect(mine.map((d) => d.amount)).toEqual(Array.from({ length: burst }, (_, i) => i));
          }
          expect((await verifyChain(db.models.caseEvents, caseId)).ok).toBe(true);
        },
      ),
      { seed, numRuns: 8 },
    );
  });

  it('serialises commands on one case within a process, without conflicts or retries', async () => {
    const runner = new StreamRunner(streams, counter, { maxRetries: 0 });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runner.execute('c-serial', { writer: 'one', amount: i }, { actor, channel: 'api', now: at }),
      ),
    );
    const events = await streams.load('c-serial');
    expect(events).toHaveLength(20);
    expect((await runner.load('c-serial')).state).toHaveLength(20);
  });
});

describe('verifyChain', () => {
  const build = async (caseId: string, n: number) => {
    let head = EMPTY_HEAD;
    for (let i = 1; i <= n; i++) head = await streams.append(caseId, head, event(i));
  };

  it('accepts an untouched stream', async () => {
    await build('c-intact', 3);
    expect(await verifyChain(db.models.caseEvents, 'c-intact')).toEqual({
      caseId: 'c-intact',
      events: 3,
      ok: true,
    });
  });

  it('names the first missing event', async () => {
    await build('c-gap', 4);
    await db.models.caseEvents.deleteOne({ _id: 'c-gap:3' });
    expect((await verifyChain(db.models.caseEvents, 'c-gap')).firstBreak).toEqual({
      seq: 3,
      reason: 'missing_event',
    });
  });

  it('names a lost last event when the case view says the stream was longer', async () => {
    await build('c-lost-tail', 3);
    await db.models.caseEvents.deleteOne({ _id: 'c-lost-tail:3' });
    expect(await verifyChain(db.models.caseEvents, 'c-lost-tail')).toMatchObject({ ok: true, events: 2 });
    expect((await verifyChain(db.models.caseEvents, 'c-lost-tail', { knownSeq: 3 })).firstBreak).toEqual({
      seq: 3,
      reason: 'missing_event',
    });
  });

  it('walks on from a checkpoint, and notices the checkpointed event changed or the chain rewritten', async () => {
    await build('c-checkpoint', 3);
    const first = await walkChain(db.models.caseEvents, 'c-checkpoint');
    expect(first.report).toEqual({ caseId: 'c-checkpoint', events: 3, ok: true });
    let head = first.head;
    for (let i = 4; i <= 5; i++) head = await streams.append('c-checkpoint', head, event(i));
    const next = await walkChain(db.models.caseEvents, 'c-checkpoint', { from: first.head });
    expect(next).toEqual({
      report: { caseId: 'c-checkpoint', events: 5, ok: true },
      head: { seq: 5, hash: head.hash },
    });
    // Events 1–3 rewritten and re-hashed so that they chain: the checkpointed hash no longer matches.
    let prev = EMPTY_HEAD;
    for (let seq = 1; seq <= 3; seq++) {
      const doc = (await db.models.caseEvents.findById(`c-checkpoint:${seq}`).lean())!;
      const forged = { ...doc, data: { n: seq * 10 }, prevHash: prev.hash };
      const hash = hashEvent({ ...forged, hash: undefined } as unknown as StoredEvent);
      await db.models.caseEvents.collection.replaceOne(
        { _id: doc._id } as never,
        { ...forged, hash } as never,
      );
      prev = { seq, hash };
    }
    expect((await walkChain(db.models.caseEvents, 'c-checkpoint', { from: first.head })).report).toEqual({
      caseId: 'c-checkpoint',
      events: 3,
      ok: false,
      firstBreak: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('detects any single changed byte of any stored field and names that event', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(
          'type',
          'data.note',
          'data.n',
          'actor.id',
          'actor.kind',
          'channel',
          'at',
          'prevHash',
          'hash',
        ),
        fc.nat(),
        async (target, field, position) => {
          const caseId = `c-tamper-${round++}`;
          await build(caseId, 4);
          const doc = (await db.models.caseEvents.findById(`${caseId}:${target}`).lean())!;
          const original = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc);
          let changed: unknown;
          if (original instanceof Date) changed = new Date(original.getTime() + 1 + (position % 1000));
          else if (typeof original === 'number') changed = original + 1 + (position % 7);
          else {
            const text = String(original);
            const i = position % text.length;
            const replacement = text[i] === 'a' ? 'b' : 'a';
            changed = text.slice(0, i) + replacement + text.slice(i + 1);
          }
          await db.models.caseEvents.collection.updateOne({ _id: `${caseId}:${target}` } as never, {
            $set: { [field]: changed },
          });
          const report = await verifyChain(db.models.caseEvents, caseId);
          expect(report.ok).toBe(false);
          expect(report.firstBreak!.seq).toBe(target);
        },
      ),
      { seed, numRuns: 25 },
    );
  });
});
