import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';
import { DueReader, dueIndexOf, type DueIndex } from './due-index.js';
import { findByIds } from './slots.js';

/**
 * `pending` until due and while a sweeper holds its claim (the claim key says who, see
 * {@link claimDeadlines}); then `done` (the handler did its effect), `skipped` (the case had moved on:
 * nothing to do), `cancelled` (the case moved on before it was due) or `failed` (the handler threw on
 * every attempt; `lastError` says why).
 */
export type DeadlineStatus = 'pending' | 'done' | 'cancelled' | 'skipped' | 'failed';

/**
 * One future effect of a case (a ballot closing, a reminder, a publicity period ending): the indexed
 * collection the one sweeper job walks, instead of one Agenda job per effect (issue 5 item 7), so the
 * Agenda collection stays at a few documents however many deadlines are pending.
 *
 * Its `_id` is the effect's dedupe key (`ballot.close:<caseId>:<ballotId>`): scheduling the same effect
 * twice stores it once. A sweeper runs it only once `dueAt` has passed (never early), and only after
 * winning the claim key `<_id>#<attempts>` in `deadline_claims` (see {@link claimDeadlines}).
 */
export interface DeadlineDoc {
  _id: string;
  /** Which handler runs it (`ballot.close`, …). */
  kind: string;
  caseId: string;
  /** The instant the effect is due; it never runs before. */
  dueAt: Date;
  /** Not to be picked up before: `dueAt`, or later after a failed attempt (back-off). */
  notBefore: Date;
  /** What the handler needs besides the case id (a ballot id); small and JSON-safe. */
  data: Record<string, unknown>;
  status: DeadlineStatus;
  /** Picked up more than the grace period after `dueAt` (the server was down, or the sweep behind). */
  late?: boolean;
  /** Claims taken so far: attempt `k` is claim key `<_id>#k`. Only ever grows. */
  attempts: number;
  /** The last failure's error code or name; never its message, which may quote personal data. */
  lastError?: string;
  createdAt: Date;
  /** When it reached `done`, `skipped`, `cancelled` or `failed`. */
  doneAt?: Date;
}

const deadlineSchema = new Schema<DeadlineDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    caseId: { type: String, required: true },
    dueAt: { type: Date, required: true },
    notBefore: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    status: {
      type: String,
      enum: ['pending', 'done', 'cancelled', 'skipped', 'failed'],
      required: true,
    },
    late: { type: Boolean },
    attempts: { type: Number, required: true, default: 0 },
    lastError: { type: String },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date },
  },
  { collection: 'deadlines', versionKey: false, minimize: false },
);
// The hourly purge of finished deadlines (the one query on more than `_id`; on MongoDB an index range).
deadlineSchema.index({ status: 1, dueAt: 1 });

/** The `deadlines` collection model. */
export type DeadlineModel = Model<DeadlineDoc>;

/** Binds the `deadlines` model to a connection. */
export function deadlineModel(connection: Connection): DeadlineModel {
  return defineModel(connection, 'Deadline', deadlineSchema);
}

/**
 * The deadline keys a case has scheduled (`case_clocks`, `_id = caseId`): every key its plan held at
 * some point since the last reconcile, so that the reconcile finds the pending deadlines the case no
 * longer plans by `_id`, without reading the `deadlines` of every other case. Written before the
 * deadlines themselves, so a crash in between leaves a key too many (harmless), never one too few.
 */
export interface CaseClocksDoc {
  _id: string;
  keys: string[];
  at: Date;
}

/** The `case_clocks` collection (created on the first write; `_id` is its only index). */
export function caseClocksOf(deadlines: DeadlineModel): Collection<CaseClocksDoc> {
  return deadlines.db.collection<CaseClocksDoc>('case_clocks');
}

/** The deadline keys recorded for the case (empty before its first). One `_id` lookup. */
export async function readCaseClockKeys(deadlines: DeadlineModel, caseId: string): Promise<string[]> {
  return (await caseClocksOf(deadlines).findOne({ _id: caseId }))?.keys ?? [];
}

/**
 * Records `keys` as the case's deadline keys (a replace by `_id`). Two writers of one case at once
 * may lose a key: a pending deadline the reconcile then does not cancel, whose handler skips anyway
 * because its case no longer plans it.
 */
export async function writeCaseClockKeys(
  deadlines: DeadlineModel,
  caseId: string,
  keys: readonly string[],
  at: Date,
): Promise<void> {
  await caseClocksOf(deadlines).replaceOne({ _id: caseId }, { keys: [...keys].sort(), at }, { upsert: true });
}

/** One claim key in `deadline_claims`: attempt `seq` of deadline `deadlineId`, taken by `by` at `at`. */
export interface DeadlineClaimDoc {
  _id: string;
  deadlineId: string;
  seq: number;
  by: string;
  at: Date;
}

/** The claims collection (created on the first insert; `_id` is its only, unique, index). */
export function claimsOf(deadlines: DeadlineModel): Collection<DeadlineClaimDoc> {
  return deadlines.db.collection<DeadlineClaimDoc>('deadline_claims');
}

/** The claim key of attempt `seq` of a deadline. */
export const deadlineClaimKey = (deadlineId: string, seq: number): string => `${deadlineId}#${seq}`;

/**
 * The due index of the deadlines (`deadlines_due`, see `due-index.ts`): every write that makes a
 * deadline pending at a time (scheduled, moved, revived, retried) adds an entry first, so the sweeper
 * finds what is due by `_id` without reading the pending deadlines that are not.
 */
export function deadlineIndexOf(deadlines: DeadlineModel): DueIndex {
  return dueIndexOf(deadlines.db.collection('deadlines_due'));
}

/**
 * A sweeper's reader of the deadline index. On a database from before the index, its first read
 * indexes every pending deadline once, with the scan the index replaces.
 */
export function deadlineReader(deadlines: DeadlineModel): DueReader {
  return new DueReader(deadlineIndexOf(deadlines), {
    backfill: async () =>
      (
        await deadlines
          .find({ status: 'pending' }, { _id: 1, notBefore: 1 })
          .lean<{ _id: string; notBefore: Date }[]>()
          .exec()
      ).map((doc) => ({ id: doc._id, at: doc.notBefore })),
  });
}

/** Deadlines read at once by `_id` while looking for due ones. */
const READ_WINDOW = 16;

/**
 * Due pending deadlines, at most `limit`: `notBefore <= now` (and so `dueAt <= now`: `notBefore` is
 * never before `dueAt`). The candidates come from `reader` (the due index), so with nothing due the
 * query costs one lookup per hour since the reader's cursor, whatever is pending.
 *
 * Fewer candidates than `limit`: each is read by `_id`, earliest first, and an entry whose deadline
 * is finished, gone or moved later is settled — the cost of the deadlines due. At least `limit` (a
 * burst: every reminder of the morning, a server back after a day down): one query for due pending
 * deadlines instead, stopping at `limit`. On SQLite it reads the table in order until it has them
 * (finished deadlines are rewritten at its end, see the sweeper), about 40 µs a row against about
 * 1 ms a lookup, so for a whole batch the scan is the cheaper read; it is not sorted (a sort reads
 * the whole collection), and every due deadline is taken within the sweep anyway.
 */
export async function dueDeadlines(
  deadlines: DeadlineModel,
  reader: DueReader,
  now: Date,
  limit: number,
): Promise<DeadlineDoc[]> {
  const candidates = await reader.due(now);
  if (candidates.length >= limit) {
    return deadlines
      .find({ status: 'pending', notBefore: { $lte: now } })
      .limit(limit)
      .lean<DeadlineDoc[]>()
      .exec();
  }
  const due: DeadlineDoc[] = [];
  for (let i = 0; i < candidates.length; i += READ_WINDOW) {
    const ids = candidates.slice(i, i + READ_WINDOW);
    const docs = await findByIds<DeadlineDoc>(deadlines.collection, ids);
    docs.forEach((doc, index) => {
      if (doc !== null && doc.status === 'pending' && doc.notBefore.getTime() <= now.getTime()) due.push(doc);
      else reader.settleRead(ids[index]!, now);
    });
  }
  return due;
}

/** A deadline read as pending, and whether this sweeper won its claim. */
export interface ClaimOutcome {
  readonly won: readonly DeadlineDoc[];
  /** Someone already holds attempt `attempts` of these: a live sweeper, or a dead one. */
  readonly taken: readonly DeadlineDoc[];
}

/**
 * Claims a batch of pending deadlines read as `docs` for sweeper `by`: one unordered insert of the keys
 * `<_id>#<attempts>`; each key that went in is this sweeper's, each duplicate someone else's.
 *
 * Why a unique insert, not `updateOne({ _id, status: 'pending' }, …)`: on FerretDB v1 a conditional
 * update is not atomic (README, "Database findings"), so two sweepers could both see
 * `modifiedCount: 1`. The keys are kept after the attempt (purged with the deadline, see
 * {@link purgeFinished}): a sweeper still holding an old read of a finished deadline then fails to
 * insert its key again, so a deadline runs at most once per attempt without a conditional write. A
 * batch, because on SQLite every query scans the collection: per-document round trips over 100,000
 * pending deadlines would not keep up (bench/deadlines.bench.ts).
 */
export async function claimDeadlines(
  deadlines: DeadlineModel,
  docs: readonly DeadlineDoc[],
  by: string,
  at: Date,
): Promise<ClaimOutcome> {
  if (docs.length === 0) return { won: [], taken: [] };
  const claims = claimsOf(deadlines);
  const failed = new Set<number>();
  try {
    await claims.insertMany(
      docs.map((doc) => ({
        _id: deadlineClaimKey(doc._id, doc.attempts),
        deadlineId: doc._id,
        seq: doc.attempts,
        by,
        at,
      })),
      { ordered: false },
    );
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0) throw error;
    for (const item of list as { index: number; code?: number; err?: { code?: number } }[]) {
      if ((item.code ?? item.err?.code) !== 11000) throw error;
      failed.add(item.index);
    }
  }
  return {
    won: docs.filter((_, index) => !failed.has(index)),
    taken: docs.filter((_, index) => failed.has(index)),
  };
}

/**
 * Of deadlines whose claim was taken, those whose claim is older than `claimedBefore` (its sweeper
 * died, or hung, mid-attempt) move on to their next attempt, counted as a failure `lease_expired`, so
 * that the next sweep claims the new key. Racing sweepers write the same values: harmless. Returns how
 * many were released.
 */
export async function releaseStaleClaims(
  deadlines: DeadlineModel,
  taken: readonly DeadlineDoc[],
  claimedBefore: Date,
): Promise<number> {
  const claims = await findByIds<DeadlineClaimDoc>(
    claimsOf(deadlines),
    taken.map((doc) => deadlineClaimKey(doc._id, doc.attempts)),
  );
  let released = 0;
  for (const claim of claims) {
    if (claim === null || claim.at.getTime() >= claimedBefore.getTime()) continue;
    // Read, then write by `_id` alone (a filter on more reads every deadline on FerretDB/SQLite).
    const doc = await deadlines.findById(claim.deadlineId).lean<DeadlineDoc>().exec();
    if (doc === null || doc.status !== 'pending' || doc.attempts !== claim.seq) continue;
    await deadlines.updateOne(
      { _id: claim.deadlineId },
      { $set: { attempts: claim.seq + 1, lastError: 'lease_expired' } },
    );
    released++;
  }
  return released;
}

/**
 * Deletes finished deadlines (and their claim keys) that finished before `before`. Kept until then so
 * that the API and an operator can see what ran, when, and whether late; and so that a sweeper's
 * stale read can never outlive its claim key.
 */
export async function purgeFinished(deadlines: DeadlineModel, before: Date): Promise<number> {
  const statuses: DeadlineStatus[] = ['done', 'cancelled', 'skipped', 'failed'];
  const finished = { status: { $in: statuses }, doneAt: { $lt: before } };
  const old = await deadlines.find(finished, { _id: 1 }).lean<{ _id: string }[]>().exec();
  if (old.length === 0) return 0;
  const ids = old.map((doc) => doc._id);
  await claimsOf(deadlines).deleteMany({ deadlineId: { $in: ids } });
  const removed = await deadlines.deleteMany({ _id: { $in: ids } });
  return removed.deletedCount;
}
