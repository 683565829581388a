import type { Connection, Model, Schema } from 'mongoose';

/**
 * Registers `schema` as model `name` on `connection` once and returns it. Models are bound to a
 * connection (never the mongoose global), so tests and tools can hold several databases at once.
 */
export function defineModel<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    (connection.model(name, schema) as unknown as Model<T>)
  );
}

/** Whether a write failed on a unique key (MongoDB and FerretDB both answer code 11000). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Inserts `doc` into `collection`; false when its unique key is already taken. The project's one
 * atomic "only if not yet" write: on FerretDB v1 a conditional update is not atomic, a unique insert is
 * (README, "Database findings"). Claims, references and redelivered messages all go through it.
 */
export async function insertUnique(
  collection: { insertOne(doc: never): Promise<unknown> },
  doc: object,
): Promise<boolean> {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

interface QueuedInsert {
  readonly doc: object;
  readonly resolve: (inserted: boolean) => void;
  readonly reject: (error: unknown) => void;
}

interface BulkCollection {
  insertMany(docs: never[], options: { ordered: false }): Promise<unknown>;
}

const batchers = new WeakMap<object, (doc: object) => Promise<boolean>>();

/** The per-document error of an unordered `insertMany`, as the driver reports it. */
interface WriteError {
  readonly index: number;
  readonly code?: number;
  readonly err?: { readonly code?: number };
}

function batcherOf(collection: BulkCollection): (doc: object) => Promise<boolean> {
  let queue: QueuedInsert[] = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    busy = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const failed = new Map<number, WriteError>();
      try {
        await collection.insertMany(batch.map((item) => item.doc) as never[], { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
        const list = (
          Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []
        ) as WriteError[];
        if (list.length === 0) {
          for (const item of batch) item.reject(error);
          continue;
        }
        for (const item of list) failed.set(item.index, item);
      }
      batch.forEach((item, index) => {
        const failure = failed.get(index);
        if (failure === undefined) item.resolve(true);
        else if ((failure.code ?? failure.err?.code) === 11000) item.resolve(false);
        else
          item.reject(Object.assign(new Error('insert failed'), { code: failure.code ?? failure.err?.code }));
      });
    }
    busy = false;
  };
  return (doc) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ doc, resolve, reject });
      if (!busy) void flush();
    });
}

/**
 * {@link insertUnique} for the hot paths (the inbox, the outbox): inserts that arrive while one is in
 * flight on the same collection go together in the next unordered `insertMany`, so a burst of
 * messages costs a few round trips instead of one each, and a lone insert still goes at once. Each
 * caller learns its own document's fate: inserted, or its unique key already taken.
 */
export function insertUniqueBatched(collection: BulkCollection, doc: object): Promise<boolean> {
  let insert = batchers.get(collection);
  if (insert === undefined) {
    insert = batcherOf(collection);
    batchers.set(collection, insert);
  }
  return insert(doc);
}

interface QueuedUpdate {
  readonly op: object;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface BulkWriteCollection {
  bulkWrite(ops: never[], options: { ordered: false }): Promise<unknown>;
}

const updaters = new WeakMap<object, (op: object) => Promise<void>>();

function updaterOf(collection: BulkWriteCollection): (op: object) => Promise<void> {
  let queue: QueuedUpdate[] = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    busy = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await collection.bulkWrite(batch.map((item) => item.op) as never[], { ordered: false });
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    busy = false;
  };
  return (op) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ op, resolve, reject });
      if (!busy) void flush();
    });
}

/**
 * `updateOne({ _id }, update)` for a hot path (marking inbox messages handled): updates that arrive
 * while one is in flight on the same collection go together in the next unordered `bulkWrite`. The
 * filter is `_id` alone, the one FerretDB/SQLite answers from an index.
 */
export function updateByIdBatched(
  collection: BulkWriteCollection,
  id: string,
  update: object,
): Promise<void> {
  let write = updaters.get(collection);
  if (write === undefined) {
    write = updaterOf(collection);
    updaters.set(collection, write);
  }
  return write({ updateOne: { filter: { _id: id }, update } });
}
