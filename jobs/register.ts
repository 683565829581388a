import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import type { Clock } from '../lib/clock.js';
import { isDatabaseUnavailableError } from '../lib/db.js';
import type { Log } from '../lib/log.js';
import type { JobDefinition } from './job.js';

/** The scheduler as the rest of the system sees it. */
export interface Scheduler {
  readonly agenda: Agenda;
  /**
   * `running` while Agenda's poll for due jobs has succeeded within the last `stallMs` (default:
   * three polls, at least 30 s); `stalled` when it has not (the database is out, or the loop hangs);
   * `stopped` after {@link Scheduler.stop}.
   */
  status(): 'running' | 'stalled' | 'stopped';
  /** When Agenda last read its job queue successfully (wall time); null before the first poll. */
  lastPollAt(): Date | null;
  /** Stops polling and waits up to `graceMs` for running jobs to finish, then unlocks the rest. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the one Agenda worker of this process on the `agendaJobs` collection, defines every job
 * (each run parses its data with the job's schema, then performs it with the shared deps), and
 * ensures the recurring ones exist once. One-off jobs are removed once they complete.
 */
export async function startScheduler<D>(options: {
  db: Db;
  jobs: readonly JobDefinition<never, D>[] | readonly JobDefinition[];
  deps: D;
  log: Log;
  clock: Clock;
  processEveryMs: number;
  /** How long a job may run before another worker may take it over (Agenda's lock lifetime). */
  lockLifetimeMs?: number;
  name?: string;
  /** How long without a successful poll before {@link Scheduler.status} says `stalled`. */
  stallMs?: number;
}): Promise<Scheduler> {
  const backend = new MongoBackend({ mongo: options.db, collection: 'agendaJobs', ensureIndex: true });
  // Agenda has no event for a poll, so its one read per job name and poll is timed here: a poll
  // that succeeded recently is what tells a working scheduler from one that only was started.
  let lastPollMs: number | null = null;
  const repository = backend.repository;
  const getNextJobToRun = repository.getNextJobToRun.bind(repository);
  repository.getNextJobToRun = async (...args) => {
    const job = await getNextJobToRun(...args);
    lastPollMs = Date.now();
    return job;
  };
  const stallMs = options.stallMs ?? Math.max(30_000, 3 * options.processEveryMs);
  const agenda = new Agenda({
    backend,
    name: options.name ?? `jiati-${process.pid}`,
    processEvery: options.processEveryMs,
    maxConcurrency: 10,
    defaultConcurrency: 2,
    removeOnComplete: true,
    // Our jobs are short. Agenda also polls each running job's lock every lifetime/2 on a timer it
    // leaves running after stop(), so a long lifetime would hold a stopping process open.
    defaultLockLifetime: options.lockLifetimeMs ?? 60_000,
  });
  const log = options.log.child({ part: 'scheduler' });
  // While the database is out every poll fails; the database watch says so once, so these stay quiet.
  agenda.on('error', (error) => {
    if (isDatabaseUnavailableError(error))
      log.debug({ err: error }, 'agenda poll failed: database unavailable');
    else log.error({ err: error }, 'agenda error');
  });
  agenda.on('fail', (error, job) => {
    const level = isDatabaseUnavailableError(error) ? 'warn' : 'error';
    log[level]({ err: error, job: job.attrs.name }, 'job failed');
  });

  for (const job of options.jobs as readonly JobDefinition[]) {
    agenda.define(job.name, async (run) => {
      const data = job.schema.parse(run.attrs.data ?? {});
      await job.perform(data, { ...(options.deps as object), log, now: options.clock.now() } as never);
    });
  }
  await agenda.start();
  for (const job of options.jobs as readonly JobDefinition[]) {
    if (job.every) {
      await agenda.every(
        job.every.interval,
        job.name,
        {},
        { timezone: job.every.timezone, skipImmediate: true },
      );
    }
  }
  await removeDuplicateRecurringJobs(options.db, options.jobs as readonly JobDefinition[]);
  let running = true;
  return {
    agenda,
    status: () => {
      if (!running) return 'stopped';
      return lastPollMs !== null && Date.now() - lastPollMs <= stallMs ? 'running' : 'stalled';
    },
    lastPollAt: () => (lastPollMs === null ? null : new Date(lastPollMs)),
    async stop(graceMs = 10_000) {
      if (!running) return;
      running = false;
      const drained = await agenda.drain({ timeout: graceMs, closeConnection: false });
      if (drained.timedOut) await agenda.stop(false);
    },
  };
}

/**
 * Keeps one document per recurring job. `every()` upserts its job with `findOneAndUpdate({ name,
 * type: 'single' }, …, { upsert: true })`, which is not atomic on FerretDB v1 (README, "Database
 * findings"): two processes starting at once both insert, and each of their jobs would then run
 * twice per interval. Every process keeps the same one (the smallest `_id`), so they agree.
 */
async function removeDuplicateRecurringJobs(db: Db, jobs: readonly JobDefinition[]): Promise<void> {
  const collection = db.collection('agendaJobs');
  for (const job of jobs) {
    if (!job.every) continue;
    const copies = await collection
      .find({ name: job.name, type: 'single' }, { projection: { _id: 1 } })
      .toArray();
    if (copies.length < 2) continue;
    copies.sort((a, b) => String(a._id).localeCompare(String(b._id)));
    await collection.deleteMany({ _id: { $in: copies.slice(1).map((copy) => copy._id) } });
  }
}
