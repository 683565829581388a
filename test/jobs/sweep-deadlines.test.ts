/**
 * The deadline engine on real Agenda and the embedded database, with short real intervals: never
 * early, once per deadline even with two schedulers sweeping at once, retries then `failed`,
 * cancellation, re-scheduling, and the release of a claim whose sweeper died.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { composeCommandContext } from '../../commands/compose.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import {
  cancelDeadlines,
  scheduleDeadline,
  type DeadlineHandler,
  type DeadlineHandlers,
} from '../../commands/kernel/deadlines.js';
import { startScheduler, type Scheduler } from '../../jobs/register.js';
import { sweepDeadlinesJob } from '../../jobs/sweep-deadlines.js';
import { systemClock } from '../../lib/clock.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import { claimsOf, deadlineClaimKey, type DeadlineDoc } from '../../models/deadline.js';
import { waitFor } from '../support/bot.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const log = createLogger({ level: 'silent' });
let db: TestDatabase;
let ctx: CommandContext;
const schedulers: Scheduler[] = [];

/** Every call of a test handler: which deadline, when, and whether late. */
const runs: { key: string; at: Date; dueAt: Date; late: boolean }[] = [];
const failing = new Map<string, number>();
const record: DeadlineHandler = async (_ctx, deadline, run) => {
  runs.push({ key: deadline._id, at: run.now, dueAt: deadline.dueAt, late: run.late });
  const left = failing.get(deadline._id) ?? 0;
  if (left > 0) {
    failing.set(deadline._id, left - 1);
    throw Object.assign(new Error('flaky'), { code: 'flaky' });
  }
  return deadline.data.skip === true ? 'skipped' : 'done';
};
const handlers: DeadlineHandlers = { 'test.effect': record };

async function scheduler(name: string): Promise<Scheduler> {
  const started = await startScheduler({
    db: db.connection.getClient().db(db.name),
    jobs: [
      sweepDeadlinesJob({
        intervalMs: 200,
        graceMs: 1500,
        leaseMs: 1500,
        backoffMs: 100,
        maxAttempts: 3,
        batchSize: 20,
        name,
      }),
    ],
    deps: { commands: ctx, deadlineHandlers: handlers },
    log,
    clock: systemClock,
    processEveryMs: 200,
    name,
  });
  schedulers.push(started);
  return started;
}

const read = (key: string) => db.models.deadlines.findById(key).lean<DeadlineDoc>().exec();
const schedule = (key: string, dueAt: Date, data: Record<string, unknown> = {}) =>
  scheduleDeadline(ctx, { key, kind: 'test.effect', caseId: key.split(':')[1]!, dueAt, data });
const inMs = (ms: number) => new Date(Date.now() + ms);
const runsOf = (key: string) => runs.filter((run) => run.key === key);

beforeAll(async () => {
  db = await openTestDatabase('sweep');
  ctx = composeCommandContext({ models: db.models, clock: systemClock, holidays: loadHolidayTable(), log });
});
afterEach(async () => {
  while (schedulers.length > 0) await schedulers.pop()!.stop(2000);
});
afterAll(async () => {
  await db.close();
});

describe('the deadline sweeper', () => {
  it('runs a deadline once, never before dueAt, as one recurring Agenda job', async () => {
    await scheduler('a');
    const dueAt = inMs(1200);
    expect(await schedule('test.effect:c1:x', dueAt)).toBe('scheduled');
    expect(await schedule('test.effect:c1:x', dueAt)).toBe('unchanged');
    await waitFor(async () => (await read('test.effect:c1:x'))?.status === 'done', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const [run, ...again] = runsOf('test.effect:c1:x');
    expect(again).toEqual([]);
    expect(run!.at.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(run!.late).toBe(false);
    expect(await read('test.effect:c1:x')).toMatchObject({ status: 'done', late: false, attempts: 1 });
    // A done key is left alone: scheduling it again runs nothing.
    expect(await schedule('test.effect:c1:x', inMs(100))).toBe('finished');
    const agendaJobs = await db.connection.db!.collection('agendaJobs').countDocuments();
    expect(agendaJobs).toBe(1);
  });

  it('moves a pending deadline when re-scheduled, and never runs a cancelled one', async () => {
    await scheduler('a');
    await schedule('test.effect:c2:moved', inMs(60_000));
    expect(await schedule('test.effect:c2:moved', inMs(700))).toBe('moved');
    await schedule('test.effect:c2:cancelled', inMs(700));
    await schedule('test.effect:c2:other-kind', inMs(700));
    expect(await cancelDeadlines(ctx, { caseId: 'c2', keys: ['test.effect:c2:cancelled'] })).toBe(1);
    await waitFor(async () => (await read('test.effect:c2:moved'))?.status === 'done', 10_000);
    await waitFor(async () => (await read('test.effect:c2:other-kind'))?.status === 'done', 10_000);
    expect(runsOf('test.effect:c2:cancelled')).toEqual([]);
    expect(await read('test.effect:c2:cancelled')).toMatchObject({ status: 'cancelled', attempts: 0 });
  });

  it('records a handler that says the case moved on as skipped', async () => {
    await scheduler('a');
    await schedule('test.effect:c3:x', inMs(300), { skip: true });
    await waitFor(async () => (await read('test.effect:c3:x'))?.status === 'skipped', 10_000);
  });

  it('retries a throwing handler with back-off, then records it failed', async () => {
    await scheduler('a');
    failing.set('test.effect:c4:recovers', 1);
    failing.set('test.effect:c4:fails', 99);
    await schedule('test.effect:c4:recovers', inMs(300));
    await schedule('test.effect:c4:fails', inMs(300));
    await waitFor(async () => (await read('test.effect:c4:fails'))?.status === 'failed', 15_000);
    await waitFor(async () => (await read('test.effect:c4:recovers'))?.status === 'done', 15_000);
    expect(await read('test.effect:c4:fails')).toMatchObject({ attempts: 3, lastError: 'flaky' });
    expect(await read('test.effect:c4:recovers')).toMatchObject({ attempts: 2, lastError: 'flaky' });
    expect(runsOf('test.effect:c4:fails')).toHaveLength(3);
    expect(runsOf('test.effect:c4:recovers')).toHaveLength(2);
  });

  it('runs each deadline once with two schedulers sweeping the same database', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `test.effect:c5:${i}`);
    const dueAt = inMs(1500);
    for (const key of keys) await schedule(key, dueAt);
    await Promise.all([scheduler('one'), scheduler('two')]);
    await waitFor(
      async () => (await db.models.deadlines.countDocuments({ caseId: 'c5', status: 'done' })) === 60,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const key of keys) expect(runsOf(key)).toHaveLength(1);
    expect(runs.filter((run) => run.key.startsWith('test.effect:c5:') && run.at < dueAt)).toEqual([]);
  });

  it("releases a dead sweeper's claim after its lease, and runs the deadline once, late", async () => {
    const key = 'test.effect:c6:x';
    await schedule(key, inMs(-2000));
    // A sweeper claimed attempt 0 and died before writing anything.
    await claimsOf(db.models.deadlines).insertOne({
      _id: deadlineClaimKey(key, 0),
      deadlineId: key,
      seq: 0,
      by: 'dead',
      at: new Date(),
    });
    await scheduler('a');
    await waitFor(async () => (await read(key))?.status === 'done', 15_000);
    expect(runsOf(key)).toHaveLength(1);
    expect(runsOf(key)[0]!.late).toBe(true);
    expect(await read(key)).toMatchObject({
      status: 'done',
      late: true,
      attempts: 2,
      lastError: 'lease_expired',
    });
  });
});
