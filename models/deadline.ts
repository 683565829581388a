import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

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
// The sweep's query and the cancellation by case. On SQLite every query scans anyway (README,
// "Database findings"); on MongoDB these make both an index range.
deadlineSchema.index({ status: 1, dueAt: 1 });
deadlineSchema.index({ caseId: 1 });

/** The `deadlines` collection model. */
export type DeadlineModel = Model<DeadlineDoc>;

/** Binds the `deadlines` model to a connection. */
export function deadlineModel(connection: Connection): DeadlineModel {
  return defineModel(connection, 'Deadline', deadlineSchema);
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
 * Due pending deadlines, at most `limit`: `notBefore <= now` (and so `dueAt <= now`: `notBefore` is
 * never before `dueAt`). Not sorted: on SQLite a sort reads the whole collection (1.2 s at 20,000
 * deadlines), while a filtered `limit` stops once it has enough (0.2 s at 100,000); every due
 * deadline is taken within the sweep anyway.
 */
export async function dueDeadlines(
  deadlines: DeadlineModel,
  now: Date,
  limit: number,
): Promise<DeadlineDoc[]> {
  return deadlines
    .find({ status: 'pending', notBefore: { $lte: now } })
    .limit(limit)
    .lean<DeadlineDoc[]>()
    .exec();
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
  if (taken.length === 0) return 0;
  const keys = taken.map((doc) => deadlineClaimKey(doc._id, doc.attempts));
  const stale = await claimsOf(deadlines)
    .find({ _id: { $in: keys }, at: { $lt: claimedBefore } })
    .toArray();
  for (const claim of stale) {
    await deadlines.updateOne(
      { _id: claim.deadlineId, attempts: claim.seq, status: 'pending' },
      { $set: { attempts: claim.seq + 1, lastError: 'lease_expired' } },
    );
  }
  return stale.length;
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
