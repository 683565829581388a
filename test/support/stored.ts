/**
 * Everything the system has stored, read back for "refused ⇒ nothing stored changes" (conventions.md
 * §9): every collection of record, each sorted by `_id`. Case views are left out: they are projections,
 * written behind and rebuilt from the streams, so they may catch up with earlier accepted requests.
 */
import type { Connection } from 'mongoose';
import type { Models } from '../../models/index.js';

/** Collections that are projections or transcripts of the demo, not records. */
const NOT_RECORDS = new Set(['caseViews', 'demoMessages', 'demoState']);

/** Every record the database holds, by model name, each list sorted by `_id` (read in parallel). */
export async function storedRecords(models: Models): Promise<Record<string, unknown[]>> {
  const collections = Object.entries(models).filter(([name]) => !NOT_RECORDS.has(name));
  const lists = await Promise.all(
    collections.map(([, model]) => model.collection.find({}).sort({ _id: 1 }).toArray()),
  );
  return Object.fromEntries(collections.map(([name], index) => [name, lists[index]!]));
}

/** Collection methods that write. */
const WRITE_METHODS = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'bulkWrite',
  'drop',
  'rename',
]);

/** One write the app sent: `collection.method`, and whether it changed anything. */
export interface Write {
  readonly write: string;
  /** False when the database reports it changed nothing (an update that matched no document). */
  readonly changed: boolean;
}

/** The writes a connection has sent, in the order they ended; `stop()` ends the recording. */
export interface WriteRecorder {
  readonly writes: readonly Write[];
  stop(): void;
}

/** How many documents a write's result (or a partly failed write's error) says it changed. */
function changedBy(outcome: unknown): number | undefined {
  if (typeof outcome !== 'object' || outcome === null) return undefined;
  const counts = ['insertedCount', 'modifiedCount', 'upsertedCount', 'deletedCount', 'nInserted', 'nModified']
    .map((key) => (outcome as Record<string, unknown>)[key])
    .filter((value): value is number => typeof value === 'number');
  if (counts.length > 0) return counts.reduce((sum, count) => sum + count, 0);
  if ('insertedId' in outcome) return 1;
  return changedBy((outcome as { result?: unknown }).result);
}

/**
 * Records every write the app sends through `connection` — to any collection, the claim collections
 * that `storedRecords` leaves out included — from mongoose's `operation-end` events, with whether the
 * database says it changed anything: "refused ⇒ nothing written", and no reading back after a request
 * that wrote nothing.
 */
export function recordWrites(connection: Connection): WriteRecorder {
  const writes: Write[] = [];
  const listener = (operation: {
    collectionName: string;
    method: string;
    result?: unknown;
    error?: unknown;
  }) => {
    if (!WRITE_METHODS.has(operation.method)) return;
    const changed =
      operation.error !== undefined
        ? (changedBy(operation.error) ?? 0) > 0
        : operation.method.startsWith('findOneAnd')
          ? operation.result !== null
          : (changedBy(operation.result) ?? 1) > 0;
    writes.push({ write: `${operation.collectionName}.${operation.method}`, changed });
  };
  connection.on('operation-end', listener);
  return { writes, stop: () => void connection.off('operation-end', listener) };
}
