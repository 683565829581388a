/**
 * `sweepDeadlines` and `createSweeper` called directly on the real database with a fixed clock (the
 * Agenda-driven runs are in `test/jobs/sweep-deadlines.test.ts`): what one sweep reports; lateness at
 * exactly the grace period; the doubling back-off, capped at an hour, and the error recorded by code or
 * name (`unknown_kind` for a kind with no handler); a deadline moved while its handler ran stays
 * pending; claims held by another sweeper; batches, the run's time budget and the handlers'
 * concurrency; and the hourly purge of finished deadlines.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../../commands/kernel/context.js';
import {
  scheduleDeadline,
  type DeadlineHandlers,
  type DeadlineRun,
} from '../../../commands/kernel/deadlines.js';
import {
  createSweeper,
  sweepDeadlines,
  type SweepOptions,
  type SweepStats,
} from '../../../commands/kernel/sweep-deadlines.js';
import type { FixedClock } from '../../../lib/clock.js';
import { createLogger } from '../../../lib/log.js';
import { claimsOf, deadlineClaimKey, deadlineReader, type DeadlineDoc } from '../../../models/deadline.js';
import { DAY, T0, contextFor, openCommandWorld, type CommandWorld } from '../../support/commands.js';
import { recordingLog } from '../../support/kernel-fixtures.js';

const HOUR = 3_600_000;
let world: CommandWorld;
let clock: FixedClock;
let ctx: CommandContext;
beforeAll(async () => {
  world = await openCommandWorld('kernel-sweep');
  ctx = contextFor(world.models);
  clock = ctx.clock as FixedClock;
});
afterAll(() => world.close());

/** What each handler call saw, and what a test wants a key's handler to do. */
const runs: { key: string; run: DeadlineRun }[] = [];
const behaviour = new Map<string, () => Promise<'done' | 'skipped'>>();
const handlers: DeadlineHandlers = {
  'test.effect': async (_ctx, deadline, run) => {
    runs.push({ key: deadline._id, run });
    return (await behaviour.get(deadline._id)?.()) ?? 'done';
  },
};
// What a test leaves pending (a retry put off, a claim still held) is not the next test's to run.
afterEach(async () => {
  behaviour.clear();
  await world.models.deadlines.updateMany({ status: 'pending' }, { $set: { status: 'cancelled' } });
});

const OPTIONS: SweepOptions & { name: string } = {
  intervalMs: 10_000,
  graceMs: 60_000,
  leaseMs: 300_000,
  backoffMs: 1000,
  maxAttempts: 3,
  name: 'sweeper-1',
};
/** One sweep now, with a reader of its own (as a fresh process would have). */
function sweep(options: Partial<SweepOptions> = {}): Promise<SweepStats> {
  return sweepDeadlines(
    { commands: ctx, deadlineHandlers: handlers },
    { ...OPTIONS, ...options, reader: deadlineReader(world.models.deadlines) },
    createLogger({ level: 'silent' }),
  );
}
const NONE: SweepStats = {
  picked: 0,
  done: 0,
  skipped: 0,
  retried: 0,
  failed: 0,
  late: 0,
  taken: 0,
  released: 0,
};

/** Each test works from its own day after T0, so the clock only ever moves forward. */
const dayOf = (n: number) => (ms: number) => new Date(Date.parse(T0) + n * DAY + ms);
const schedule = (key: string, dueAt: Date, kind = 'test.effect') =>
  scheduleDeadline(ctx, { key, kind, caseId: key.split(':')[1]!, dueAt });
const read = (key: string) => world.models.deadlines.findById(key).lean<DeadlineDoc>().exec();
const runsOf = (key: string) => runs.filter((entry) => entry.key === key);

describe('sweepDeadlines', () => {
  it('runs what is due, leaves what is not, and reports what it did', async () => {
    const at = dayOf(1);
    clock.set(at(0));
    await schedule('test.effect:u_1:done', at(HOUR));
    await schedule('test.effect:u_1:skip', at(HOUR));
    await schedule('test.effect:u_1:later', at(HOUR + 1));
    behaviour.set('test.effect:u_1:skip', async () => 'skipped');
    clock.set(at(HOUR));
    expect(await sweep()).toEqual({ ...NONE, picked: 2, done: 1, skipped: 1 });
    expect(runsOf('test.effect:u_1:done')).toEqual([
      { key: 'test.effect:u_1:done', run: { now: at(HOUR), late: false } },
    ]);
    expect(await read('test.effect:u_1:done')).toMatchObject({
      status: 'done',
      attempts: 1,
      late: false,
      doneAt: at(HOUR),
    });
    expect(await read('test.effect:u_1:skip')).toMatchObject({ status: 'skipped', attempts: 1 });
    expect(await read('test.effect:u_1:later')).toMatchObject({ status: 'pending', attempts: 0 });
    // Nothing runs twice.
    expect(await sweep()).toEqual(NONE);
    clock.set(at(HOUR + 1));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, done: 1 });
  });

  it('counts a deadline late only when picked up more than the grace period after it was due', async () => {
    const at = dayOf(2);
    clock.set(at(0));
    await schedule('test.effect:u_2:on-time', at(HOUR));
    await schedule('test.effect:u_2:late', at(HOUR - 1));
    clock.set(at(HOUR + OPTIONS.graceMs));
    expect(await sweep()).toEqual({ ...NONE, picked: 2, done: 2, late: 1 });
    expect(await read('test.effect:u_2:on-time')).toMatchObject({ status: 'done', late: false });
    expect(await read('test.effect:u_2:late')).toMatchObject({ status: 'done', late: true });
    expect(runsOf('test.effect:u_2:late')[0]!.run.late).toBe(true);
  });

  it('retries a throwing handler after a doubling back-off, then records it failed with its code', async () => {
    const at = dayOf(3);
    clock.set(at(0));
    await schedule('test.effect:u_3:flaky', at(HOUR));
    behaviour.set('test.effect:u_3:flaky', async () => {
      throw Object.assign(new Error('the group is gone'), { code: 'group_gone' });
    });
    clock.set(at(HOUR));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, retried: 1 });
    expect(await read('test.effect:u_3:flaky')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'group_gone',
      dueAt: at(HOUR),
      notBefore: at(HOUR + 1000),
    });
    clock.set(at(HOUR + 999));
    expect(await sweep()).toEqual(NONE);
    clock.set(at(HOUR + 1000));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, retried: 1 });
    expect(await read('test.effect:u_3:flaky')).toMatchObject({ attempts: 2, notBefore: at(HOUR + 3000) });
    clock.set(at(HOUR + 3000));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, failed: 1 });
    expect(await read('test.effect:u_3:flaky')).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'group_gone',
      late: false,
      doneAt: at(HOUR + 3000),
    });
    expect(runsOf('test.effect:u_3:flaky')).toHaveLength(3);
  });

  it('records an error without a code by its name, and a kind with no handler as unknown_kind', async () => {
    const at = dayOf(4);
    clock.set(at(0));
    await schedule('test.effect:u_4:type', at(HOUR));
    await schedule('test.other:u_4:nobody', at(HOUR), 'test.other');
    behaviour.set('test.effect:u_4:type', async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    clock.set(at(HOUR));
    expect(await sweep({ maxAttempts: 1 })).toEqual({ ...NONE, picked: 2, failed: 2 });
    expect(await read('test.effect:u_4:type')).toMatchObject({ status: 'failed', lastError: 'TypeError' });
    expect(await read('test.other:u_4:nobody')).toMatchObject({
      status: 'failed',
      lastError: 'unknown_kind',
    });
  });

  it('puts a retry off by at most an hour', async () => {
    const at = dayOf(5);
    clock.set(at(0));
    await schedule('test.effect:u_5:slow', at(HOUR));
    behaviour.set('test.effect:u_5:slow', async () => {
      throw Object.assign(new Error('x'), { code: 'flaky' });
    });
    const options = { backoffMs: 40 * 60_000, maxAttempts: 5 };
    clock.set(at(HOUR));
    await sweep(options);
    expect(await read('test.effect:u_5:slow')).toMatchObject({ notBefore: at(HOUR + 40 * 60_000) });
    clock.set(at(HOUR + 40 * 60_000));
    await sweep(options);
    // 80 minutes doubled, capped at 60.
    expect(await read('test.effect:u_5:slow')).toMatchObject({
      attempts: 2,
      notBefore: at(2 * HOUR + 40 * 60_000),
    });
  });

  it('leaves pending, at its new time, a deadline scheduled again while its handler ran', async () => {
    const at = dayOf(6);
    clock.set(at(0));
    await schedule('test.effect:u_6:moved', at(HOUR));
    behaviour.set('test.effect:u_6:moved', async () => {
      behaviour.delete('test.effect:u_6:moved');
      await schedule('test.effect:u_6:moved', at(2 * HOUR));
      return 'done';
    });
    clock.set(at(HOUR));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, done: 1 });
    expect(await read('test.effect:u_6:moved')).toMatchObject({
      status: 'pending',
      dueAt: at(2 * HOUR),
      notBefore: at(2 * HOUR),
    });
  });

  // Its finished run's claim key `<id>#0` stays in `deadline_claims`: had it kept `attempts` 0, every
  // sweep at its new time would count it `taken` until the lease ran out, then run it late.
  it('runs a deadline scheduled again while its handler ran at its new time', async () => {
    const at = dayOf(7);
    clock.set(at(0));
    await schedule('test.effect:u_7:moved', at(HOUR));
    behaviour.set('test.effect:u_7:moved', async () => {
      behaviour.delete('test.effect:u_7:moved');
      await schedule('test.effect:u_7:moved', at(HOUR + 60_000));
      return 'done';
    });
    clock.set(at(HOUR));
    await sweep();
    clock.set(at(HOUR + 60_000));
    expect(await sweep()).toEqual({ ...NONE, picked: 1, done: 1 });
    expect(runsOf('test.effect:u_7:moved')).toHaveLength(2);
    expect(await read('test.effect:u_7:moved')).toMatchObject({ status: 'done', late: false });
    expect(await read('test.effect:u_7:moved')).not.toHaveProperty('lastError');
  });

  it("counts another sweeper's claim as taken, and releases it once older than the lease", async () => {
    const at = dayOf(8);
    clock.set(at(0));
    await schedule('test.effect:u_8:live', at(HOUR));
    await schedule('test.effect:u_8:dead', at(HOUR));
    const claim = (key: string, claimedAt: Date) =>
      claimsOf(world.models.deadlines).insertOne({
        _id: deadlineClaimKey(key, 0),
        deadlineId: key,
        seq: 0,
        by: 'sweeper-2',
        at: claimedAt,
      });
    clock.set(at(2 * HOUR));
    await claim('test.effect:u_8:live', at(2 * HOUR - OPTIONS.leaseMs));
    await claim('test.effect:u_8:dead', at(2 * HOUR - OPTIONS.leaseMs - 1));
    expect(await sweep()).toEqual({ ...NONE, taken: 2, released: 1 });
    expect(runsOf('test.effect:u_8:live')).toEqual([]);
    expect(await read('test.effect:u_8:live')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await read('test.effect:u_8:dead')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'lease_expired',
    });
    // Its next attempt is this sweeper's, and late.
    expect(await sweep()).toEqual({ ...NONE, picked: 1, done: 1, late: 1, taken: 1 });
    expect(await read('test.effect:u_8:dead')).toMatchObject({ status: 'done', attempts: 2, late: true });
  });

  it('takes batch after batch in one run, stopping when its time is up', async () => {
    const at = dayOf(9);
    clock.set(at(0));
    const keys = Array.from({ length: 5 }, (_, i) => `test.effect:u_9:${i}`);
    for (const key of keys) await schedule(key, at(HOUR));
    clock.set(at(HOUR));
    expect(await sweep({ batchSize: 2 })).toEqual({ ...NONE, picked: 5, done: 5 });

    const slow = Array.from({ length: 3 }, (_, i) => `test.effect:u_9:slow-${i}`);
    for (const key of slow) {
      await schedule(key, at(2 * HOUR));
      // Each handler takes two seconds of the run's one.
      behaviour.set(key, async () => {
        clock.advance(2000);
        return 'done';
      });
    }
    clock.set(at(2 * HOUR));
    expect(await sweep({ batchSize: 1, maxRunMs: 1000 })).toEqual({ ...NONE, picked: 1, done: 1 });
    const statuses = await Promise.all(slow.map(async (key) => (await read(key))!.status));
    expect(statuses.filter((status) => status === 'pending')).toHaveLength(2);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const at = dayOf(10);
    clock.set(at(0));
    let running = 0;
    let most = 0;
    const keys = Array.from({ length: 6 }, (_, i) => `test.effect:u_10:${i}`);
    for (const key of keys) {
      await schedule(key, at(HOUR));
      behaviour.set(key, async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return 'done';
      });
    }
    clock.set(at(HOUR));
    expect(await sweep({ concurrency: 2 })).toEqual({ ...NONE, picked: 6, done: 6 });
    expect(most).toBe(2);
  });
});

describe('createSweeper', () => {
  it('sweeps and logs what it did, and purges finished deadlines past retention at most hourly', async () => {
    const at = dayOf(11);
    clock.set(at(0));
    const { log, lines } = recordingLog();
    const finishedAt = async (key: string, status: string, doneAt: Date) => {
      await schedule(key, new Date(doneAt.getTime() - HOUR));
      await world.models.deadlines.updateOne({ _id: key }, { $set: { status, doneAt } });
    };
    const retentionMs = 10 * DAY;
    await finishedAt('test.effect:u_11:old-done', 'done', at(-retentionMs - 1));
    await finishedAt('test.effect:u_11:old-cancelled', 'cancelled', at(-retentionMs - 1));
    await finishedAt('test.effect:u_11:recent', 'failed', at(-retentionMs));
    await schedule('test.effect:u_11:due', at(0));
    await claimsOf(world.models.deadlines).insertOne({
      _id: deadlineClaimKey('test.effect:u_11:old-done', 0),
      deadlineId: 'test.effect:u_11:old-done',
      seq: 0,
      by: 'sweeper-1',
      at: at(-retentionMs - HOUR),
    });
    const sweeper = createSweeper({ ...OPTIONS, retentionMs });
    const deps = { commands: ctx, deadlineHandlers: handlers, log };

    expect(await sweeper(deps)).toEqual({ ...NONE, picked: 1, done: 1 });
    expect(lines.map((line) => [line.msg, line.picked ?? line.purged])).toEqual([
      ['deadlines swept', 1],
      ['finished deadlines purged', 2],
    ]);
    expect(await read('test.effect:u_11:old-done')).toBeNull();
    expect(await read('test.effect:u_11:old-cancelled')).toBeNull();
    expect(await read('test.effect:u_11:recent')).toMatchObject({ status: 'failed' });
    expect(
      await claimsOf(world.models.deadlines).findOne({
        _id: deadlineClaimKey('test.effect:u_11:old-done', 0),
      }),
    ).toBeNull();

    // Within the hour: no purge, and a sweep with nothing to do says nothing.
    lines.length = 0;
    clock.set(at(HOUR - 1));
    expect(await sweeper(deps)).toEqual(NONE);
    expect(lines).toEqual([]);
    expect(await read('test.effect:u_11:recent')).not.toBeNull();
    clock.set(at(HOUR));
    await sweeper(deps);
    expect(lines.map((line) => [line.msg, line.purged])).toEqual([['finished deadlines purged', 1]]);
    expect(await read('test.effect:u_11:recent')).toBeNull();
  });
});
