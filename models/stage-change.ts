import { Schema, type Connection, type Model } from 'mongoose';
import type { Stage } from '../domain/case/index.js';
import type { StageChange } from '../domain/dashboard/index.js';
import { defineModel } from './define.js';

/**
 * When a case changed stage (`stage_changes`, `_id = caseId`): every event that moved it, in stream
 * order — a projection of the stream, rebuildable from it, that dates a case's way through the process
 * without reading its stream. One small document per case, however long its history: FerretDB on
 * SQLite answers a filter by reading the whole collection, so the funnel of a thousand cases reads a
 * thousand of these. Written only by events that change the stage (a dozen or two in a case's life,
 * never a vote).
 */
export interface StageChangesDoc {
  _id: string;
  changes: { seq: number; from: Stage; to: Stage; at: Date }[];
}

const stageChangesSchema = new Schema<StageChangesDoc>(
  {
    _id: { type: String, required: true },
    changes: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'stage_changes', versionKey: false, minimize: false },
);

export type StageChangeModel = Model<StageChangesDoc>;

/** Binds the `stage_changes` model to a connection. */
export function stageChangeModel(connection: Connection): StageChangeModel {
  return defineModel(connection, 'StageChange', stageChangesSchema);
}

const revived = (changes: StageChangesDoc['changes']): StageChange[] =>
  changes.map((change) => ({ seq: change.seq, from: change.from, to: change.to, at: new Date(change.at) }));

/** Per model and case: the write in flight, so that this process's writes of one case never overlap. */
const writing = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Adds `changes` to a case's stored ones (a change of a seq already stored is left as it is) and
 * returns how many were new. A read and a replace by `_id`, one case at a time within this process, so
 * that two commands of one case finishing together both land. Two processes writing one case at the
 * same moment may lose one of them: a reader notices the gap (see `stageHistoryAgrees`) and refolds.
 */
export function recordStageChanges(
  model: StageChangeModel,
  caseId: string,
  changes: readonly StageChange[],
): Promise<number> {
  let inFlight = writing.get(model);
  if (inFlight === undefined) writing.set(model, (inFlight = new Map()));
  const queue = inFlight;
  const write = (queue.get(caseId) ?? Promise.resolve())
    .catch(() => undefined)
    .then(async () => {
      const doc = (await model.collection.findOne({ _id: caseId } as never)) as StageChangesDoc | null;
      const stored = revived(doc?.changes ?? []);
      const known = new Set(stored.map((change) => change.seq));
      const added = changes.filter((change) => !known.has(change.seq));
      if (added.length === 0) return 0;
      const merged = [...stored, ...added].sort((a, b) => a.seq - b.seq);
      await model.collection.replaceOne({ _id: caseId } as never, { changes: merged }, { upsert: true });
      return added.length;
    });
  queue.set(caseId, write);
  void write
    .catch(() => undefined)
    .then(() => {
      if (queue.get(caseId) === write) queue.delete(caseId);
    });
  return write;
}

/**
 * Case ids per query: a bounded `$in` (about 40 KB of ids), large enough that a district's funnel
 * is one query — on FerretDB/SQLite each query reads the whole collection.
 */
const READ_CHUNK = 2000;

/**
 * The stage changes of each of `caseIds`, in stream order (a case with none stored is absent from
 * the map): one query per {@link READ_CHUNK} cases.
 */
export async function readStageChanges(
  model: StageChangeModel,
  caseIds: readonly string[],
): Promise<Map<string, StageChange[]>> {
  const byCase = new Map<string, StageChange[]>();
  for (let i = 0; i < caseIds.length; i += READ_CHUNK) {
    const docs = await model.collection
      .find({ _id: { $in: caseIds.slice(i, i + READ_CHUNK) } } as never)
      .toArray();
    for (const doc of docs as unknown as StageChangesDoc[]) byCase.set(doc._id, revived(doc.changes));
  }
  return byCase;
}
