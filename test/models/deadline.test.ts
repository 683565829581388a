/**
 * The deadlines collection (`models/deadline.ts`): the case's recorded deadline keys, what is due by
 * the due index (or, in a burst, by one query), the per-attempt claim keys that let one sweeper run
 * an attempt, the release of a dead sweeper's claim, and the purge of finished deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  claimDeadlines,
  claimsOf,
  deadlineClaimKey,
  deadlineIndexOf,
  deadlineReader,
  dueDeadlines,
  purgeFinished,
  readCaseClockKeys,
  releaseStaleClaims,
  writeCaseClockKeys,
  type DeadlineDoc,
} from '../../models/deadline.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2025-03-03T02:30:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('deadline');
});
afterAll(() => db.close());

function deadline(id: string, dueMinutes: number, extra: Partial<DeadlineDoc> = {}): DeadlineDoc {
  return {
    _id: id,
    kind: 'test.effect',
    caseId: 'u1',
    dueAt: at(dueMinutes),
    notBefore: at(dueMinutes),
    data: {},
    status: 'pending',
    attempts: 0,
    createdAt: at(-120),
    ...extra,
  };
}

describe('case clock keys', () => {
  it('reads none before the first write, then the keys sorted, replaced as a whole', async () => {
    const { deadlines } = db.models;
    expect(await readCaseClockKeys(deadlines, 'c1')).toEqual([]);
    await writeCaseClockKeys(deadlines, 'c1', ['b', 'a', 'c'], at(0));
    expect(await readCaseClockKeys(deadlines, 'c1')).toEqual(['a', 'b', 'c']);
    await writeCaseClockKeys(deadlines, 'c1', ['z'], at(1));
    expect(await readCaseClockKeys(deadlines, 'c1')).toEqual(['z']);
    expect(await readCaseClockKeys(deadlines, 'c2')).toEqual([]);
  });
});

describe('dueDeadlines', () => {
  it('reads the indexed candidates by _id, settling a finished one; a burst reads due pending ones by query', async () => {
    const { deadlines } = db.models;
    const reader = deadlineReader(deadlines);
    // The first read (an empty collection) backfills nothing and sets the cursor two hours back.
    expect(await reader.due(at(-120))).toEqual([]);
    await deadlines.insertMany([
      deadline('due.a', -10),
      deadline('due.done', -5, { status: 'done', doneAt: at(-5) }),
      deadline('due.later', 60),
      deadline('due.unindexed', -20),
    ]);
    await deadlineIndexOf(deadlines).add(
      [
        { id: 'due.a', at: at(-10) },
        { id: 'due.done', at: at(-5) },
        { id: 'due.later', at: at(60) },
      ],
      at(-120),
    );
    // Two candidates due and a limit of 2: the burst path, one query for pending deadlines due by now
    // (which finds one the index never named, and neither the finished nor the later one).
    const burst = await dueDeadlines(deadlines, reader, at(0), 2);
    expect(burst.map((doc) => doc._id).sort()).toEqual(['due.a', 'due.unindexed']);
    // Under the limit: each candidate read by _id; the finished one is settled in the reader.
    const read = await dueDeadlines(deadlines, reader, at(0), 10);
    expect(read.map((doc) => doc._id)).toEqual(['due.a']);
    expect(await reader.due(at(0))).toEqual(['due.a']);
    // Never early: the later one becomes due at its time.
    expect((await dueDeadlines(deadlines, reader, at(60), 10)).map((doc) => doc._id)).toEqual([
      'due.a',
      'due.later',
    ]);
  });
});

describe('claimDeadlines', () => {
  it('gives each attempt to one sweeper: the key <_id>#<attempts> goes in once', async () => {
    const { deadlines } = db.models;
    const a = deadline('claim.a', -1);
    const b = deadline('claim.b', -1);
    expect(await claimDeadlines(deadlines, [], 's1', at(0))).toEqual({ won: [], taken: [] });
    const first = await claimDeadlines(deadlines, [a], 's1', at(0));
    expect(first).toEqual({ won: [a], taken: [] });
    const second = await claimDeadlines(deadlines, [a, b], 's2', at(0));
    expect(second.won.map((doc) => doc._id)).toEqual(['claim.b']);
    expect(second.taken.map((doc) => doc._id)).toEqual(['claim.a']);
    expect(await claimsOf(deadlines).findOne({ _id: deadlineClaimKey('claim.a', 0) })).toMatchObject({
      deadlineId: 'claim.a',
      seq: 0,
      by: 's1',
    });
    // The next attempt is another key, free again.
    expect((await claimDeadlines(deadlines, [{ ...a, attempts: 1 }], 's2', at(1))).won).toHaveLength(1);
  });

  it('lets exactly one of three sweepers racing for the same attempt win it', async () => {
    const doc = deadline('claim.race', -1);
    const outcomes = await Promise.all(
      ['x', 'y', 'z'].map((by) => claimDeadlines(db.models.deadlines, [doc], by, at(0))),
    );
    expect(outcomes.map((outcome) => outcome.won.length).sort()).toEqual([0, 0, 1]);
  });
});

describe('releaseStaleClaims', () => {
  it('moves a deadline whose claim is older than the lease to its next attempt, once', async () => {
    const { deadlines } = db.models;
    const doc = deadline('stale.a', -1);
    await deadlines.create(doc);
    await claimDeadlines(deadlines, [doc], 'dead-sweeper', at(0));
    expect(deadlineClaimKey('stale.a', 0)).toBe('stale.a#0');
    // A claim taken at the instant itself is not older than it.
    expect(await releaseStaleClaims(deadlines, [doc], at(0))).toBe(0);
    expect(await releaseStaleClaims(deadlines, [doc], at(5))).toBe(1);
    expect(await deadlines.findById('stale.a').lean()).toMatchObject({
      attempts: 1,
      lastError: 'lease_expired',
      status: 'pending',
    });
    // A second sweeper holding the same old read releases nothing more.
    expect(await releaseStaleClaims(deadlines, [doc], at(5))).toBe(0);
    expect((await deadlines.findById('stale.a').lean())?.attempts).toBe(1);
  });

  it('leaves a finished deadline alone, and one with no claim key', async () => {
    const { deadlines } = db.models;
    const done = deadline('stale.done', -1);
    await deadlines.create({ ...done, status: 'done', doneAt: at(0) });
    await claimDeadlines(deadlines, [done], 'dead-sweeper', at(0));
    const unclaimed = deadline('stale.unclaimed', -1);
    await deadlines.create(unclaimed);
    expect(await releaseStaleClaims(deadlines, [done, unclaimed], at(60))).toBe(0);
    expect(await deadlines.findById('stale.done').lean()).toMatchObject({ status: 'done', attempts: 0 });
    expect(await deadlines.findById('stale.unclaimed').lean()).toMatchObject({ attempts: 0 });
  });
});

describe('purgeFinished', () => {
  it('deletes deadlines finished before the instant, with their claim keys, and keeps the rest', async () => {
    const { deadlines } = db.models;
    const old = deadline('purge.old', -300, { status: 'skipped', doneAt: at(-200) });
    const failed = deadline('purge.failed', -300, { status: 'failed', doneAt: at(-150), attempts: 2 });
    const recent = deadline('purge.recent', -10, { status: 'done', doneAt: at(-1) });
    const pending = deadline('purge.pending', -300);
    await deadlines.insertMany([old, failed, recent, pending]);
    await claimDeadlines(deadlines, [old, { ...old, attempts: 1 }, failed, recent], 's', at(-300));
    expect(await purgeFinished(deadlines, at(-100))).toBe(2);
    expect(await deadlines.countDocuments({ _id: { $in: ['purge.old', 'purge.failed'] } })).toBe(0);
    expect(
      (await deadlines.find({ _id: { $regex: /^purge\./ } }, { _id: 1 }).lean()).map((d) => d._id).sort(),
    ).toEqual(['purge.pending', 'purge.recent']);
    expect(
      await claimsOf(deadlines).countDocuments({ deadlineId: { $in: ['purge.old', 'purge.failed'] } }),
    ).toBe(0);
    expect(await claimsOf(deadlines).countDocuments({ deadlineId: 'purge.recent' })).toBe(1);
    expect(await purgeFinished(deadlines, at(-100))).toBe(0);
  });
});
