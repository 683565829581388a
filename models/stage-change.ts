import { Schema, type Connection, type Model } from 'mongoose';
import type { Stage } from '../domain/case/index.js';
import type { StageChange } from '../domain/dashboard/index.js';
import { defineModel, insertUnique } from './define.js';

/**
 * When each case changed stage (`stage_changes`, `_id = <caseId>:<seq>`, the event that moved it): a
 * projection of the streams, rebuildable from them, that dates a case's way through the process
 * without reading its stream — the funnel of a sub-district reads these instead of every event of a
 * thousand units. Written only by events that change the stage (a dozen or two in a case's life,
 * never a vote), by unique insert: a fact written twice is stored once, and no write ever updates.
 */
export interface StageChangeDoc {
  _id: string;
  caseId: string;
  seq: number;
  from: Stage;
  to: Stage;
  /** When the event was appended (UTC). */
  at: Date;
}

const stageChangeSchema = new Schema<StageChangeDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'stage_changes', versionKey: false },
);
// The dashboards read the changes of many cases at once (on MongoDB an index range; FerretDB on
// SQLite reads the small collection whole).
stageChangeSchema.index({ caseId: 1, seq: 1 });

export type StageChangeModel = Model<StageChangeDoc>;

/** Binds the `stage_changes` model to a connection. */
export function stageChangeModel(connection: Connection): StageChangeModel {
  return defineModel(connection, 'StageChange', stageChangeSchema);
}

/** Stores a case's stage changes; those already stored are left as they are. Returns how many were new. */
export async function recordStageChanges(
  model: StageChangeModel,
  caseId: string,
  changes: readonly StageChange[],
): Promise<number> {
  let added = 0;
  for (const change of changes) {
    const doc: StageChangeDoc = { _id: `${caseId}:${change.seq}`, caseId, ...change };
    if (await insertUnique(model.collection, doc)) added++;
  }
  return added;
}

/** Case ids per query: a bounded `$in`. */
const READ_CHUNK = 500;

/**
 * The stage changes of each of `caseIds`, in stream order (a case with none is absent from the
 * map): one query per {@link READ_CHUNK} cases, however many changes each has.
 */
export async function readStageChanges(
  model: StageChangeModel,
  caseIds: readonly string[],
): Promise<Map<string, StageChange[]>> {
  const byCase = new Map<string, StageChange[]>();
  for (let i = 0; i < caseIds.length; i += READ_CHUNK) {
    const docs = await model.collection.find({ caseId: { $in: caseIds.slice(i, i + READ_CHUNK) } }).toArray();
    for (const doc of docs as unknown as StageChangeDoc[]) {
      const list = byCase.get(doc.caseId) ?? [];
      list.push({ seq: doc.seq, from: doc.from, to: doc.to, at: new Date(doc.at) });
      byCase.set(doc.caseId, list);
    }
  }
  for (const list of byCase.values()) list.sort((a, b) => a.seq - b.seq);
  return byCase;
}
