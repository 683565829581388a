import { Schema, type Connection, type Model } from 'mongoose';
import type { CaseState } from '../domain/case/index.js';
import { defineModel } from './define.js';

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

/** The view of a case, or null when none was projected yet. One `_id` lookup. */
export async function readCaseView(views: CaseViewModel, caseId: string): Promise<CaseViewDoc | null> {
  const doc = await views.collection.findOne({ _id: caseId } as never);
  return doc === null ? null : (doc as unknown as CaseViewDoc);
}

/**
 * Writes the view of a case as of `seq`, unless a view as new or newer is already stored (two
 * writers may project out of order). Portable: an `_id`-keyed upsert guarded by `seq`; when the guard
 * does not match, the upsert's insert hits the existing `_id` and fails with 11000, which means "a
 * newer view is there" and is ignored. Returns whether this call wrote.
 */
export async function writeCaseView(views: CaseViewModel, doc: CaseViewDoc): Promise<boolean> {
  // Round-trip through JSON: the stored state is exactly what a reader gets back (no undefined, no
  // frozen class instances), as for the events themselves.
  const state = JSON.parse(JSON.stringify(doc.state)) as CaseState;
  try {
    await views.collection.updateOne(
      { _id: doc._id, seq: { $lt: doc.seq } } as never,
      { $set: { seq: doc.seq, hash: doc.hash, stage: doc.stage, state, projectedAt: doc.projectedAt } },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return false;
    throw error;
  }
}
