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

/** One item's outcome in a coalesced batch. */
type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Queued<I, R> {
  readonly item: I;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces calls: items are sent on the next turn of the event loop (`setImmediate`), together with
 * every item that arrived in this turn (the replies of one message, the handlers a database answer
 * released); items that arrive while a batch is in flight go together in the next `send`. `send`
 * settles each item of its batch; if it throws, every item of the batch fails with that error.
 */
export function coalescing<I, R>(
  send: (batch: readonly I[]) => Promise<readonly Settled<R>[]>,
): (item: I) => Promise<R> {
  let queue: Queued<I, R>[] = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await send(batch.map((queued) => queued.item));
        batch.forEach((queued, index) => {
          const result = results[index]!;
          if (result.ok) queued.resolve(result.value);
          else queued.reject(result.error);
        });
      } catch (error) {
        for (const queued of batch) queued.reject(error);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (busy) return;
      busy = true;
      setImmediate(() => void flush());
    });
}

/** Memoizes one coalescer per collection. */
function perCollection<C extends object, I, R>(make: (collection: C) => (item: I) => Promise<R>) {
  const made = new WeakMap<C, (item: I) => Promise<R>>();
  return (collection: C): ((item: I) => Promise<R>) => {
    let fn = made.get(collection);
    if (fn === undefined) {
      fn = make(collection);
      made.set(collection, fn);
    }
    return fn;
  };
}

interface BulkCollection {
  insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown>;
}

/** The per-document error of an `insertMany`, as the driver reports it. */
interface WriteError {
  readonly index: number;
  readonly code?: number;
  readonly err?: { readonly code?: number };
}

/** The per-document errors of a failed `insertMany` (none when the whole command failed). */
function writeErrorsOf(error: unknown): WriteError[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  return (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as WriteError[];
}

const codeOf = (item: WriteError): number | undefined => item.code ?? item.err?.code;

/**
 * Inserts `docs` in order, in one round trip, stopping at the first whose unique key is taken:
 * undefined when all were inserted, else that document's index (the ones before it are stored, it
 * and the rest are not). Any other failure throws.
 */
export async function insertOrdered(
  collection: BulkCollection,
  docs: readonly object[],
): Promise<number | undefined> {
  try {
    await collection.insertMany(docs as never[], { ordered: true });
    return undefined;
  } catch (error) {
    const first = writeErrorsOf(error).sort((a, b) => a.index - b.index)[0];
    if (first !== undefined && codeOf(first) === 11000) return first.index;
    throw error;
  }
}

const inserterOf = perCollection((collection: BulkCollection) =>
  coalescing<object, boolean>(async (docs) => {
    try {
      await collection.insertMany(docs as never[], { ordered: false });
      return docs.map(() => ({ ok: true, value: true }));
    } catch (error) {
      const list = writeErrorsOf(error);
      if (list.length === 0) throw error;
      const failed = new Map(list.map((item) => [item.index, codeOf(item)]));
      return docs.map((_doc, index): Settled<boolean> => {
        if (!failed.has(index)) return { ok: true, value: true };
        const code = failed.get(index);
        if (code === 11000) return { ok: true, value: false };
        return { ok: false, error: Object.assign(new Error('insert failed'), { code }) };
      });
    }
  }),
);

/**
 * {@link insertUnique} for the hot paths (the inbox, the outbox, case events): inserts that arrive
 * while one is in flight on the same collection go together in the next unordered `insertMany`, so a
 * burst of messages costs a few round trips instead of one each, and a lone insert still goes at once.
 * Each caller learns its own document's fate: inserted, or its unique key already taken.
 */
export function insertUniqueBatched(collection: BulkCollection, doc: object): Promise<boolean> {
  return inserterOf(collection)(doc);
}

interface BulkWriteCollection {
  bulkWrite(ops: never[], options: { ordered: false }): Promise<unknown>;
}

/**
 * The most statements one `update` command carries. FerretDB v1.24 keeps the cursor of each
 * statement of an update command open (holding one of its at most 100 SQLite connections) until the
 * whole command has run: a command of about 100 `updateOne`s takes every connection, waits for one
 * more, and the server stops answering anyone (README, "Database findings").
 */
export const MAX_UPDATES_PER_COMMAND = 25;

const updaterOf = perCollection((collection: BulkWriteCollection) =>
  coalescing<object, void>(async (ops) => {
    for (let i = 0; i < ops.length; i += MAX_UPDATES_PER_COMMAND) {
      await collection.bulkWrite(ops.slice(i, i + MAX_UPDATES_PER_COMMAND) as never[], { ordered: false });
    }
    return ops.map(() => ({ ok: true, value: undefined }));
  }),
);

/**
 * `updateOne({ _id }, update)` for a hot path (marking inbox messages handled): updates that arrive
 * while one is in flight on the same collection go together in the next unordered `bulkWrite`s (of
 * at most {@link MAX_UPDATES_PER_COMMAND} each). The filter is `_id` alone, the one FerretDB/SQLite
 * answers from an index.
 */
export function updateByIdBatched(
  collection: BulkWriteCollection,
  id: string,
  update: object,
): Promise<void> {
  return updaterOf(collection)({ updateOne: { filter: { _id: id }, update } });
}

interface FindCollection {
  findOne(filter: never): Promise<unknown>;
  find(filter: never): { toArray(): Promise<unknown[]> };
}

const finderOf = perCollection((collection: FindCollection) =>
  coalescing<string, unknown>(async (ids) => {
    if (ids.length === 1) return [{ ok: true, value: await collection.findOne({ _id: ids[0] } as never) }];
    const docs = await collection.find({ _id: { $in: [...new Set(ids)] } } as never).toArray();
    const byId = new Map(docs.map((doc) => [(doc as { _id: unknown })._id, doc]));
    return ids.map((id) => ({ ok: true, value: byId.get(id) ?? null }));
  }),
);

/**
 * `findOne({ _id })` for a hot path: lookups that arrive together share one `find` with `$in` (a lone
 * one is still an `_id` lookup). FerretDB/SQLite does not push `$in` down and reads the whole
 * collection for it, so this is for small collections only (`dialogs`: the dialogs open now).
 */
export function findByIdBatched<T>(collection: FindCollection, id: string): Promise<T | null> {
  return finderOf(collection)(id) as Promise<T | null>;
}
