import type { CommandContext } from './context.js';
import type { DeadlineHandlers } from './deadlines.js';
import type { Log } from '../../lib/log.js';
import type { DueReader } from '../../models/due-index.js';
import {
  claimDeadlines,
  deadlineIndexOf,
  deadlineReader,
  dueDeadlines,
  purgeFinished,
  releaseStaleClaims,
  type DeadlineDoc,
} from '../../models/deadline.js';

/** How the sweeper paces itself. Every figure has a default fit for production. */
export interface SweepOptions {
  /** How often the Agenda job runs (ms; `JIATI_DEADLINE_SWEEP_MS`, default 10 s). */
  readonly intervalMs: number;
  /** Picked up more than this after `dueAt` counts as late (ms; `JIATI_DEADLINE_GRACE_MS`, 60 s). */
  readonly graceMs: number;
  /** A claim older than this is taken to belong to a dead sweeper (ms; `JIATI_DEADLINE_LEASE_MS`). */
  readonly leaseMs: number;
  /** Deadlines read, claimed and written per round trip (default 500). */
  readonly batchSize?: number;
  /** One run stops taking new batches after this long, well inside Agenda's lock (default 30 s). */
  readonly maxRunMs?: number;
  /** Attempts before a throwing deadline is recorded `failed` (default 5). */
  readonly maxAttempts?: number;
  /** Back-off after the first failure, doubling after each, at most an hour (default 30 s). */
  readonly backoffMs?: number;
  /** Handlers run at once within a batch (default 4). */
  readonly concurrency?: number;
  /** Finished deadlines are kept this long, then purged (default 30 days), checked hourly. */
  readonly retentionMs?: number;
  /** This sweeper's name in its claims (default random per process and scheduler). */
  readonly name?: string;
}

/** What one sweep did. */
export interface SweepStats {
  picked: number;
  done: number;
  skipped: number;
  retried: number;
  failed: number;
  late: number;
  /** Due deadlines another sweeper held (still running, or released when their claim was stale). */
  taken: number;
  released: number;
}

/** What the sweep needs: the command context its handlers run with, and the handlers by kind. */
export interface SweepDeps {
  readonly commands: CommandContext;
  readonly deadlineHandlers: DeadlineHandlers;
}

const HOUR = 3_600_000;

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown_error';
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

interface Outcome {
  readonly doc: DeadlineDoc;
  readonly status: 'done' | 'skipped' | 'retry' | 'failed';
  readonly late: boolean;
  readonly error?: string;
}

/**
 * Writes a batch's outcomes and returns the ids written. Finished deadlines are replaced — deleted by
 * `_id` (indexed, see below), then inserted again finished in one `insertMany` — rather than updated
 * in place: two commands per batch (updates go at most 25 to a command, `updateByIdBatched`), and
 * they move to the end of the table, so the bulk due query (`dueDeadlines`, which reads the table in
 * order and stops at its limit) does not wade through them. A crash between the two writes loses the
 * record, not the effect (the handler ran; its claim key still bars a re-run). The rare retries are
 * updated one by one, each after its new due-index entry.
 */
async function writeOutcomes(
  ctx: CommandContext,
  outcomes: readonly Outcome[],
  options: Required<Pick<SweepOptions, 'backoffMs'>>,
): Promise<string[]> {
  const { deadlines } = ctx.models;
  const now = ctx.clock.now();
  const written: string[] = [];
  const finished: DeadlineDoc[] = [];
  for (const { doc, status, late, error } of outcomes) {
    const attempts = doc.attempts + 1;
    if (status === 'retry') {
      const notBefore = new Date(now.getTime() + Math.min(options.backoffMs * 2 ** (attempts - 1), HOUR));
      // This sweeper holds the attempt's claim: the write is by `_id` alone, after the index entry.
      await deadlineIndexOf(deadlines).add([{ id: doc._id, at: notBefore }], now);
      await deadlines.updateOne({ _id: doc._id }, { $set: { attempts, lastError: error, notBefore } });
      written.push(doc._id);
    } else {
      finished.push({
        ...doc,
        status,
        attempts,
        late,
        doneAt: now,
        ...(error === undefined ? {} : { lastError: error }),
      });
    }
  }
  if (finished.length === 0) return written;
  // Only a filter that is exactly `{ _id }` uses an index on FerretDB/SQLite (README, "Database
  // findings"): each finished deadline is read back and deleted by `_id` alone. One read again just
  // before the delete keeps a deadline moved meanwhile (scheduled again while it ran): it stays pending.
  const unchanged = (
    await Promise.all(
      finished.map(async (doc) => {
        const current = await deadlines.findById(doc._id).lean<DeadlineDoc>().exec();
        const ours =
          current !== null && current.status === 'pending' && current.attempts === doc.attempts - 1;
        if (ours && current.dueAt.getTime() !== doc.dueAt.getTime()) {
          // Moved meanwhile: it stays pending for its new time, past the attempt this sweeper claimed,
          // so that its next claim takes a fresh key (the claimed one stays taken until purged).
          await deadlines.updateOne({ _id: doc._id }, { $set: { attempts: doc.attempts } });
        }
        return ours && current.dueAt.getTime() === doc.dueAt.getTime() ? doc : null;
      }),
    )
  ).filter((doc): doc is DeadlineDoc => doc !== null);
  if (unchanged.length === 0) return written;
  await deadlines.collection.bulkWrite(
    unchanged.map((doc) => ({ deleteOne: { filter: { _id: doc._id } } })) as never[],
    { ordered: false },
  );
  finished.splice(0, finished.length, ...unchanged);
  await deadlines.collection.insertMany(finished as never[], { ordered: false }).catch((error: unknown) => {
    // A key scheduled again between the two writes keeps its new pending document.
    const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
    if (!Array.isArray(writeErrors) || writeErrors.some((item) => item.code !== 11000)) throw error;
  });
  return [...written, ...unchanged.map((doc) => doc._id)];
}

/**
 * One sweep: reads due pending deadlines earliest first in batches (`notBefore <= now`, never before
 * `dueAt`), claims each batch with unique keys (`models/deadline.ts`), runs each won deadline's
 * handler, and writes the outcomes. A deadline picked up more than `graceMs` after `dueAt` runs and is
 * recorded `late`. A handler that throws is retried with back-off, then recorded `failed`. Claims
 * other sweepers hold are released once older than `leaseMs` (their sweeper died mid-attempt).
 */
export async function sweepDeadlines(
  deps: SweepDeps,
  options: SweepOptions & { readonly name: string; readonly reader: DueReader },
  log: Log,
): Promise<SweepStats> {
  const ctx = deps.commands;
  const batchSize = options.batchSize ?? 500;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const stopAt = ctx.clock.now().getTime() + (options.maxRunMs ?? 30_000);
  const stats: SweepStats = {
    picked: 0,
    done: 0,
    skipped: 0,
    retried: 0,
    failed: 0,
    late: 0,
    taken: 0,
    released: 0,
  };

  while (ctx.clock.now().getTime() < stopAt) {
    const now = ctx.clock.now();
    const due = (await dueDeadlines(ctx.models.deadlines, options.reader, now, batchSize)).filter(
      (doc) => doc.dueAt.getTime() <= now.getTime(),
    );
    if (due.length === 0) break;
    const { won, taken } = await claimDeadlines(ctx.models.deadlines, due, options.name, now);
    stats.taken += taken.length;
    stats.released += await releaseStaleClaims(
      ctx.models.deadlines,
      taken,
      new Date(now.getTime() - options.leaseMs),
    );
    const outcomes: Outcome[] = [];
    await pool(won, concurrency, async (doc) => {
      const at = ctx.clock.now();
      const late = at.getTime() - doc.dueAt.getTime() > options.graceMs;
      const handler = deps.deadlineHandlers[doc.kind];
      try {
        if (handler === undefined) throw Object.assign(new Error(`no handler`), { code: 'unknown_kind' });
        const status = await handler(ctx, doc, { now: at, late });
        outcomes.push({ doc, status, late });
      } catch (error) {
        const code = errorCode(error);
        const final = doc.attempts + 1 >= maxAttempts;
        log.warn(
          { deadline: doc._id, kind: doc.kind, attempt: doc.attempts + 1, error: code, final },
          'deadline handler failed',
        );
        outcomes.push({ doc, status: final ? 'failed' : 'retry', late, error: code });
      }
    });
    // A deadline moved while it ran keeps its entries: the next read finds it pending again.
    for (const id of await writeOutcomes(ctx, outcomes, { backoffMs })) options.reader.settle(id, now);
    stats.picked += won.length;
    for (const outcome of outcomes) {
      if (outcome.status === 'retry') stats.retried++;
      else stats[outcome.status]++;
      if (outcome.late && outcome.status !== 'retry') stats.late++;
    }
    // Everything due is held by other sweepers, or this was the last batch.
    if (won.length === 0 || due.length < batchSize) break;
  }
  await options.reader.advance(ctx.clock.now());
  return stats;
}

/**
 * One process's sweeper, run by the `deadlines.sweep` job (`jobs/sweep-deadlines.ts`): each call sweeps
 * what is due and, hourly, purges deadlines finished more than `retentionMs` ago. Returns what the
 * sweep did.
 */
export function createSweeper(options: SweepOptions & { readonly name: string }) {
  let lastPurge = 0;
  let reader: DueReader | undefined;
  return async (deps: SweepDeps & { readonly log: Log }): Promise<SweepStats> => {
    reader ??= deadlineReader(deps.commands.models.deadlines);
    const stats = await sweepDeadlines(deps, { ...options, reader }, deps.log);
    if (stats.picked > 0 || stats.released > 0) deps.log.info({ ...stats }, 'deadlines swept');
    const now = deps.commands.clock.now().getTime();
    if (now - lastPurge >= HOUR) {
      lastPurge = now;
      const purged = await purgeFinished(
        deps.commands.models.deadlines,
        new Date(now - (options.retentionMs ?? 30 * 24 * HOUR)),
      );
      if (purged > 0) deps.log.info({ purged }, 'finished deadlines purged');
    }
    return stats;
  };
}
