/**
 * The deadline engine's command side (issue 5 item 7): what commands call to schedule and cancel a
 * future effect of a case, and the handler type each kind of effect implements. The one sweeper job
 * (`jobs/sweep-deadlines.ts`) runs due deadlines through their handlers.
 *
 * How to add a kind (a reminder, the end of a publicity period, an escalation):
 * 1. choose a dedupe key that names the effect, e.g. `remind.vote:<caseId>:<ballotId>:<day>`;
 * 2. the command that starts the clock calls {@link scheduleDeadline} with it (again is harmless; a new
 *    `dueAt` moves a pending deadline), and the command that makes it moot calls
 *    {@link cancelDeadlines} (or lets the handler find the case moved on and skip);
 * 3. write a {@link DeadlineHandler} and add it to `jobs/deadline-handlers.ts` under its kind.
 */
import { isDuplicateKey } from '../models/define.js';
import { deadlineIndexOf, type DeadlineDoc, type DeadlineStatus } from '../models/deadline.js';
import type { CommandContext } from './context.js';

/** What a command asks to happen at `dueAt`. */
export interface NewDeadline {
  /** The effect's dedupe key, also the document's `_id`: `<kind>:<caseId>:<what>`. */
  readonly key: string;
  readonly kind: string;
  readonly caseId: string;
  readonly dueAt: Date;
  readonly data?: Record<string, unknown>;
}

/**
 * What {@link scheduleDeadline} did: `scheduled` (new), `moved` (pending, new `dueAt` or data),
 * `unchanged` (pending, the same), `revived` (was cancelled, pending again) or `finished` (already
 * done, skipped or failed: left alone, so a job that runs twice never schedules an effect twice).
 */
export type ScheduleOutcome = 'scheduled' | 'moved' | 'unchanged' | 'revived' | 'finished';

/**
 * Schedules `input.key` at `input.dueAt`: an idempotent upsert by key. The insert goes first because
 * only an insert under a unique `_id` is atomic on FerretDB v1; a duplicate means the key exists, and
 * then a pending (or cancelled) deadline takes the new `dueAt` and data, written by `_id` alone after
 * reading it (a filter on more would read every deadline on FerretDB/SQLite, and would be no more
 * atomic there). Re-scheduling races the sweeper only if it was already due: the handler then runs on
 * the state of the case, which it checks. Before either write, the deadline's entry goes into the due
 * index (`deadlineIndexOf`), so the sweeper finds it by `_id`.
 */
export async function scheduleDeadline(ctx: CommandContext, input: NewDeadline): Promise<ScheduleOutcome> {
  const { deadlines } = ctx.models;
  const data = input.data ?? {};
  await deadlineIndexOf(deadlines).add([{ id: input.key, at: input.dueAt }], ctx.clock.now());
  try {
    await deadlines.create({
      _id: input.key,
      kind: input.kind,
      caseId: input.caseId,
      dueAt: input.dueAt,
      notBefore: input.dueAt,
      data,
      status: 'pending',
      attempts: 0,
      createdAt: ctx.clock.now(),
    });
    return 'scheduled';
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await deadlines.findById(input.key).lean<DeadlineDoc>().exec();
  // Purged meanwhile, or briefly absent while the sweeper rewrites it finished.
  if (existing === null) return scheduleDeadline(ctx, input);
  const finished: readonly DeadlineStatus[] = ['done', 'skipped', 'failed'];
  if (finished.includes(existing.status)) return 'finished';
  const same =
    existing.status === 'pending' &&
    existing.dueAt.getTime() === input.dueAt.getTime() &&
    JSON.stringify(existing.data) === JSON.stringify(data);
  if (same) return 'unchanged';
  await deadlines.updateOne(
    { _id: input.key },
    {
      $set: { status: 'pending', dueAt: input.dueAt, notBefore: input.dueAt, data },
      $unset: { doneAt: 1, lastError: 1 },
    },
  );
  return existing.status === 'cancelled' ? 'revived' : 'moved';
}

/**
 * Cancels pending deadlines of a case by key, because the case moved on (a ballot cancelled, a
 * publicity period restarted). Returns how many. Each is read and written by `_id` alone, the only
 * filter FerretDB on SQLite answers with an index (README, "Database compatibility"), so cancelling a
 * ballot's reminders does not read every pending deadline of every unit. Harmless to repeat; a
 * deadline already running is not stopped, and its handler finds the case moved on.
 */
export async function cancelDeadlines(
  ctx: CommandContext,
  input: {
    readonly caseId: string;
    readonly keys: readonly string[];
    /** Only those due after this instant: a due one may be running, and its handler checks the case. */
    readonly dueAfter?: Date;
  },
): Promise<number> {
  let cancelled = 0;
  for (const key of input.keys) {
    const doc = await ctx.models.deadlines.findById(key).lean<DeadlineDoc>().exec();
    if (doc === null || doc.caseId !== input.caseId || doc.status !== 'pending') continue;
    if (input.dueAfter !== undefined && doc.dueAt.getTime() <= input.dueAfter.getTime()) continue;
    await ctx.models.deadlines.updateOne(
      { _id: key },
      { $set: { status: 'cancelled', doneAt: ctx.clock.now() } },
    );
    cancelled++;
  }
  return cancelled;
}

/** How the sweeper runs a deadline: when it picked it up, and whether later than the grace period. */
export interface DeadlineRun {
  readonly now: Date;
  readonly late: boolean;
}

/**
 * Performs one kind of deadline. Contract:
 * - idempotent: every effect is keyed (a case command the domain refuses a second time, an outbox
 *   message under a deterministic `_id`), because a sweeper that dies mid-run leaves it to be run again;
 * - checks the case is still where it expected (the ballot still open, the period not restarted) and
 *   returns `'skipped'` otherwise, doing nothing;
 * - throws on a failure worth retrying (the sweeper backs off, then records it `failed`).
 */
export type DeadlineHandler = (
  ctx: CommandContext,
  deadline: DeadlineDoc,
  run: DeadlineRun,
) => Promise<'done' | 'skipped'>;

/** The handlers, keyed by deadline kind. */
export type DeadlineHandlers = Readonly<Record<string, DeadlineHandler>>;
