/**
 * The deadline engine at 100,000 pending deadlines (3,000 in the quick run): real Agenda runs the
 * one `deadlines.sweep` job every `BENCH_SWEEP_MS` (the production default, 10 s) over deadlines due
 * spread across `BENCH_WINDOW_S` seconds (90; 5 quick), with a handler that only records when it was
 * called. Measures pick-up lateness (called − dueAt; none may be negative), how many documents
 * Agenda's collection held during the run, and beside them, in the same run, the bare query each
 * sweep batch starts with (`dueDeadlines`: the due index read, then one batch of due deadlines by
 * `_id`, through a reader of its own) — the floor a sweep cannot go under. Target (README): p99
 * lateness ≤ 60 s, none early.
 */
import { performance } from 'node:perf_hooks';
import { composeCommandContext } from '../commands/compose.js';
import type { DeadlineHandler } from '../commands/kernel/deadlines.js';
import { startScheduler } from '../jobs/register.js';
import { sweepDeadlinesJob } from '../jobs/sweep-deadlines.js';
import { systemClock } from '../lib/clock.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { createLogger } from '../lib/log.js';
import { deadlineIndexOf, deadlineReader, dueDeadlines } from '../models/deadline.js';
import { count, openBenchDatabase, quantile, report, size, verdict } from './support.js';

const N = size('BENCH_N', 100_000, 3000);
const WINDOW_MS = size('BENCH_WINDOW_S', 90, 5) * 1000;
const SWEEP_MS = Number(process.env.BENCH_SWEEP_MS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
const LEAD_MS = 5000;
const TARGET_P99_MS = 60_000;

const db = await openBenchDatabase('deadlines');
const log = createLogger({ level: 'warn' });
try {
  const ctx = composeCommandContext({
    models: db.models,
    clock: systemClock,
    holidays: loadHolidayTable(),
    log,
  });
  const lateness: number[] = [];
  let early = 0;
  const record: DeadlineHandler = async (_ctx, deadline, run) => {
    const late = run.now.getTime() - deadline.dueAt.getTime();
    if (late < 0) early++;
    lateness.push(late);
    return 'done';
  };

  // The due index starts empty, as on a system whose sweeper ran before the deadlines came.
  const bareReader = deadlineReader(db.models.deadlines);
  await bareReader.due(new Date());
  // 100,000 pending deadlines, inserted in bulk with their due-index entries (scheduleDeadline writes
  // the same: one entry, then one insert, each).
  const insertStart = performance.now();
  const start = Date.now() + LEAD_MS + N / 20; // room for the inserts (~20/ms)
  const raw = db.models.deadlines.collection;
  for (let offset = 0; offset < N; offset += 5000) {
    const docs = [];
    for (let i = offset; i < Math.min(N, offset + 5000); i++) {
      const dueAt = new Date(start + Math.floor((i * WINDOW_MS) / N));
      docs.push({
        _id: `bench.noop:case${i % 5000}:${i}`,
        kind: 'bench.noop',
        caseId: `case${i % 5000}`,
        dueAt,
        notBefore: dueAt,
        data: { i },
        status: 'pending',
        attempts: 0,
        createdAt: new Date(),
      });
    }
    await deadlineIndexOf(db.models.deadlines).add(
      docs.map((doc) => ({ id: doc._id, at: doc.notBefore })),
      new Date(),
    );
    await raw.insertMany(docs as never[], { ordered: false });
  }
  const insertMs = performance.now() - insertStart;
  console.log(`inserted ${N} deadlines in ${(insertMs / 1000).toFixed(1)} s; due over ${WINDOW_MS / 1000} s`);
  while (Date.now() < start - 2000) await new Promise((resolve) => setTimeout(resolve, 200));

  const scheduler = await startScheduler({
    db: db.connection.getClient().db(db.dbName),
    jobs: [sweepDeadlinesJob({ intervalMs: SWEEP_MS, graceMs: 60_000, leaseMs: 300_000, batchSize: BATCH })],
    deps: { commands: ctx, deadlineHandlers: { 'bench.noop': record } },
    log,
    clock: systemClock,
    processEveryMs: Math.min(SWEEP_MS, 5000),
    lockLifetimeMs: 120_000,
  });

  // Meanwhile: Agenda's collection size, and the bare due query (one batch) every 2 s.
  const agendaJobs = db.connection.collection('agendaJobs');
  let maxAgendaJobs = 0;
  const bareSamples: number[] = [];
  const deadline = start + WINDOW_MS + 180_000;
  let lastSample = 0;
  while (lateness.length < N && Date.now() < deadline) {
    maxAgendaJobs = Math.max(maxAgendaJobs, await agendaJobs.countDocuments());
    if (Date.now() - lastSample >= 2000) {
      lastSample = Date.now();
      const t = performance.now();
      await dueDeadlines(db.models.deadlines, bareReader, new Date(), BATCH);
      bareSamples.push(performance.now() - t);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const finishedAt = Date.now();
  await scheduler.stop(5000);

  const pending = await db.models.deadlines.countDocuments({ status: 'pending' });
  console.log(
    `picked up ${lateness.length} of ${N} (${pending} still pending) by ${((finishedAt - start) / 1000).toFixed(0)} s after the first was due; early: ${early}`,
  );
  const at = `at ${count(N)} pending`;
  report(`deadline pick-up lateness ${at} p50`, quantile(lateness, 0.5), 'ms', {
    name: 'bare due query p50',
    value: quantile(bareSamples, 0.5),
  });
  report(`deadline pick-up lateness ${at} p99`, quantile(lateness, 0.99), 'ms', {
    name: 'bare due query p99',
    value: quantile(bareSamples, 0.99),
  });
  report(`deadline pick-up lateness ${at} max`, Math.max(...lateness), 'ms', {
    name: 'sweep interval',
    value: SWEEP_MS,
  });
  report(`early pick-ups ${at}`, early, 'deadlines', { name: 'deadlines', value: N });
  report(`agendaJobs documents during the run ${at} (max)`, maxAgendaJobs, 'docs', {
    name: 'pending deadlines',
    value: N,
  });
  verdict(
    lateness.length === N && quantile(lateness, 0.99) <= TARGET_P99_MS,
    `every deadline picked up, p99 lateness ≤ ${TARGET_P99_MS / 1000} s`,
  );
  verdict(early === 0, 'no deadline picked up early');
} finally {
  await db.close();
}
// Agenda polls each job's lock on a timer it leaves running after stop() (every lockLifetime / 2,
// here 60 s; see jobs/register.ts): the process would linger that long with nothing left to do.
process.exit();
