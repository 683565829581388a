import { Schema, type Connection, type Model } from 'mongoose';
import { initialState, type CaseState } from '../domain/case/index.js';
import type { StreamHead } from './case-stream.js';
import { defineModel, insertUnique } from './define.js';

/**
 * The read model of one case (conventions.md §8, "views are projections"): the folded state of its
 * stream as of event `seq`, keyed by the case id so every read is one `_id` lookup. It holds nothing
 * the stream lacks and can always be rebuilt from it; a view that lags behind its stream (a crash
 * between the append and the projection) is noticed by its reader and rebuilt.
 */
export interface CaseViewDoc {
  /** The case id (= the unit id). */
  _id: string;
  /** The seq of the last event folded in. */
  seq: number;
  /** The hash of that event: the view claims to reflect exactly this chain head. */
  hash: string;
  /**
   * When that event was appended (UTC): how long the case has been quiet, without reading its stream.
   * Absent from views stored before it was recorded (`npm run views:rebuild` adds it).
   */
  headAt?: Date;
  /** The stage, outside `state` so it can be listed without reading the whole state. */
  stage: string;
  /** The folded case state as plain JSON (no user-supplied keys: every list is an array). */
  state: CaseState;
  projectedAt: Date;
}

const caseViewSchema = new Schema<CaseViewDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    headAt: { type: Date },
    stage: { type: String, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    projectedAt: { type: Date, required: true },
  },
  { collection: 'case_views', versionKey: false, minimize: false },
);

/** The `case_views` collection model. */
export type CaseViewModel = Model<CaseViewDoc>;

/** Binds the `case_views` model to a connection. */
export function caseViewModel(connection: Connection): CaseViewModel {
  return defineModel(connection, 'CaseView', caseViewSchema);
}

/** The stream head a view reflects: its seq and hash, and when that event was appended if recorded. */
export function viewHead(view: Pick<CaseViewDoc, 'seq' | 'hash' | 'headAt'>): StreamHead {
  return {
    seq: view.seq,
    hash: view.hash,
    ...(view.headAt === undefined || view.headAt === null ? {} : { at: new Date(view.headAt) }),
  };
}

/** The view of a case, or null when none was projected yet. One `_id` lookup. */
export async function readCaseView(views: CaseViewModel, caseId: string): Promise<CaseViewDoc | null> {
  const doc = (await views.collection.findOne({ _id: caseId } as never)) as unknown as CaseViewDoc | null;
  // A view stored before a concern was added lacks its slice: the empty one is what its events fold to.
  return doc === null ? null : { ...doc, state: { ...initialState, ...doc.state } };
}

/** The seq and hash a case's view reflects, without its state, or null. One `_id` lookup. */
export async function readCaseViewHead(
  views: CaseViewModel,
  caseId: string,
): Promise<{ readonly seq: number; readonly hash: string } | null> {
  const doc = await views.collection.findOne({ _id: caseId } as never, { projection: { seq: 1, hash: 1 } });
  return doc === null ? null : (doc as unknown as { seq: number; hash: string });
}

/**
 * Writes the view of a case as of `seq`, unless a view as new or newer is already stored (two
 * writers may project out of order). Every step filters on `_id` alone — the only filter FerretDB on
 * SQLite answers from an index (README, "Database findings"): read the stored `seq`, then insert the
 * first view (a duplicate key means another writer just did) or replace an older one. Two writers
 * racing between the read and the write can leave the older view stored; it is only a lag, which
 * readers notice (the event after its `seq` exists) and fold forward. Returns whether this call wrote.
 */
export async function writeCaseView(views: CaseViewModel, doc: CaseViewDoc): Promise<boolean> {
  // Round-trip through JSON: the stored state is exactly what a reader gets back (no undefined, no
  // frozen class instances), as for the events themselves.
  const state = JSON.parse(JSON.stringify(doc.state)) as CaseState;
  const view = {
    _id: doc._id,
    seq: doc.seq,
    hash: doc.hash,
    ...(doc.headAt === undefined ? {} : { headAt: doc.headAt }),
    stage: doc.stage,
    state,
    projectedAt: doc.projectedAt,
  };
  const stored = await views.collection.findOne({ _id: doc._id } as never, { projection: { seq: 1 } });
  if (stored === null) return insertUnique(views.collection, view);
  if ((stored as unknown as { seq: number }).seq >= doc.seq) return false;
  await views.collection.replaceOne({ _id: doc._id } as never, view as never);
  return true;
}
