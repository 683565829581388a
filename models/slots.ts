import { insertUnique } from './define.js';

/**
 * Numbered slots: a list kept as one document per item under `_id = <prefix><n>`, n = 1, 2, 3… with
 * no gap, so that it is read by `_id` alone (the only filter FerretDB on SQLite answers from an index;
 * README, "Database compatibility") and appended to by a unique insert (the only write FerretDB v1
 * makes atomic). A case stream is such a list (`<caseId>:<seq>`); so are the case registry, the
 * notice references and the chunks of the due indexes.
 */
interface SlotCollection {
  findOne(filter: never, options?: object): Promise<unknown>;
  insertOne(doc: never): Promise<unknown>;
}

/** The most `_id` lookups one read sends at once. */
const MAX_WINDOW = 32;

/**
 * The size of the next window of lookups when reading a run of slots: 1, 4, 16, then 32 at a time.
 * One lookup first, because a run that has ended (an empty tail) is the common case.
 */
export const nextWindow = (window: number): number => Math.min(window * 4, MAX_WINDOW);

/** The documents of `ids`, each looked up by `_id` alone, all at once; null where there is none. */
export function findByIds<T>(collection: SlotCollection, ids: readonly string[]): Promise<(T | null)[]> {
  return Promise.all(ids.map((id) => collection.findOne({ _id: id } as never) as Promise<T | null>));
}

/**
 * The slots `<prefix><from>`, `<prefix><from + 1>`, … up to the first missing one (at most `max`), in
 * order. The first window is one lookup, then 4, 16, and 32 at a time from then on, so an empty tail
 * costs one round trip, a whole stream of 80 events five, and never more than one window of misses.
 */
export async function readSlots<T>(
  collection: SlotCollection,
  prefix: string,
  from = 1,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const docs: T[] = [];
  let window = 1;
  for (let n = from; docs.length < max; n += window, window = nextWindow(window)) {
    const size = Math.min(window, max - docs.length);
    const found = await findByIds<T>(
      collection,
      Array.from({ length: size }, (_, i) => `${prefix}${n + i}`),
    );
    const missing = found.indexOf(null);
    docs.push(...((missing === -1 ? found : found.slice(0, missing)) as T[]));
    if (missing !== -1) break;
  }
  if (docs.length > 0) remember(collection, prefix, from + docs.length - 1);
  return docs;
}

/** Per collection and prefix: the highest slot this process saw taken (where an append starts). */
const hints = new WeakMap<object, Map<string, number>>();
/** Hints kept per collection before the oldest are dropped (a dropped hint costs a few lookups). */
const MAX_HINTS = 10_000;

function remember(collection: object, prefix: string, n: number): void {
  let byPrefix = hints.get(collection);
  if (byPrefix === undefined) hints.set(collection, (byPrefix = new Map()));
  if (n <= (byPrefix.get(prefix) ?? 0)) return;
  byPrefix.delete(prefix);
  byPrefix.set(prefix, n);
  if (byPrefix.size > MAX_HINTS) byPrefix.delete(byPrefix.keys().next().value as string);
}

async function taken(collection: SlotCollection, id: string): Promise<boolean> {
  return (await collection.findOne({ _id: id } as never, { projection: { _id: 1 } })) !== null;
}

/**
 * Appends `doc(n)` as slot `<prefix><n>` at the first free n, by unique insert, and returns n. Starts
 * just past the last slot this process saw taken; when that one is taken too (another process
 * appended, or this process is new), it gallops (n + 1, n + 2, n + 4…) to a free slot and
 * binary-searches back to the first free one: O(log gap) lookups, never a count or a scan. Slots
 * fill without gaps as long as none is deleted; a racing appender that takes the slot first just
 * moves this one on.
 */
export async function appendSlot(
  collection: SlotCollection,
  prefix: string,
  doc: (n: number) => object,
): Promise<number> {
  let n = (hints.get(collection)?.get(prefix) ?? 0) + 1;
  for (;;) {
    if (await insertUnique(collection, { _id: `${prefix}${n}`, ...doc(n) })) {
      remember(collection, prefix, n);
      return n;
    }
    let low = n;
    let step = 1;
    while (await taken(collection, `${prefix}${low + step}`)) {
      low += step;
      step *= 2;
    }
    let high = low + step;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await taken(collection, `${prefix}${middle}`)) low = middle;
      else high = middle;
    }
    remember(collection, prefix, low);
    n = high;
  }
}
