/**
 * Everything the system has stored, read back for "refused ⇒ nothing stored changes" (conventions.md
 * §9): every collection of record, each sorted by `_id`. Case views and unit listings are left out: they are projections,
 * written behind and rebuilt from the streams, so they may catch up with earlier accepted requests.
 */
import type { Connection } from 'mongoose';
import type { Models } from '../../models/index.js';

/** Collections that are projections, not records. */
const NOT_RECORDS = new Set(['caseViews', 'unitListings']);

/**
 * Every record the database holds, by model name, each list sorted by `_id` (read in parallel) — but
 * the models named in `except` (the chat fuzz leaves out the inbox, which records every message).
 */
export async function storedRecords(
  models: Models,
  except: readonly (keyof Models)[] = [],
): Promise<Record<string, unknown[]>> {
  const collections = Object.entries(models).filter(
    ([name]) => !NOT_RECORDS.has(name) && !except.includes(name as keyof Models),
  );
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

/** One write the app sent: `collection.method`, the `_id`s it names, and whether it changed anything. */
export interface Write {
  readonly write: string;
  /** The `_id`s of the documents inserted, or of the `{ _id }` filters of an update or delete. */
  readonly ids: readonly string[];
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

/** The `_id`s a write's arguments name: inserted documents, `{ _id }` filters, bulk operations. */
function idsIn(method: string, params: readonly unknown[]): string[] {
  const idOf = (value: unknown): string[] => {
    const id = (value as { _id?: unknown } | null)?._id;
    return typeof id === 'string' ? [id] : [];
  };
  const [first] = params;
  if (method === 'insertMany') return Array.isArray(first) ? first.flatMap(idOf) : [];
  if (method === 'bulkWrite' && Array.isArray(first)) {
    return first.flatMap((operation: Record<string, { document?: unknown; filter?: unknown }>) =>
      Object.values(operation).flatMap((step) => [...idOf(step.document), ...idOf(step.filter)]),
    );
  }
  return idOf(first);
}

/** What mongoose reports of an operation (`operation-start` and `operation-end`). */
interface Operation {
  readonly _id: unknown;
  readonly collectionName: string;
  readonly method: string;
  readonly params?: readonly unknown[];
  readonly result?: unknown;
  readonly error?: unknown;
}

/**
 * Records every write the app sends through `connection` — to any collection, the claim collections
 * that `storedRecords` leaves out included — from mongoose's `operation-start`/`operation-end` events,
 * with the `_id`s it names and whether the database says it changed anything: "refused ⇒ nothing
 * written", which writes a message caused, and no reading back after a request that wrote nothing.
 */
export function recordWrites(connection: Connection): WriteRecorder {
  const writes: Write[] = [];
  const started = new Map<unknown, string[]>();
  const onStart = (operation: Operation) => {
    if (WRITE_METHODS.has(operation.method)) {
      started.set(String(operation._id), idsIn(operation.method, operation.params ?? []));
    }
  };
  const onEnd = (operation: Operation) => {
    if (!WRITE_METHODS.has(operation.method)) return;
    const key = String(operation._id);
    const ids = started.get(key) ?? [];
    started.delete(key);
    const changed =
      operation.error !== undefined
        ? (changedBy(operation.error) ?? 0) > 0
        : operation.method.startsWith('findOneAnd')
          ? operation.result !== null
          : (changedBy(operation.result) ?? 1) > 0;
    writes.push({ write: `${operation.collectionName}.${operation.method}`, ids, changed });
  };
  connection.on('operation-start', onStart);
  connection.on('operation-end', onEnd);
  return {
    writes,
    stop: () => {
      connection.off('operation-start', onStart);
      connection.off('operation-end', onEnd);
    },
  };
}
