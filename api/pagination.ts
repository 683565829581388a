import { z, type ZodType } from 'zod';
import { DomainError } from '../domain/errors.js';

/**
 * Paging of every list the API answers: `?limit=` (1–200, default 50) and `?cursor=`, answered as
 * `{ items, nextCursor }` — `nextCursor` is what to send as `cursor` for the page after, null on the
 * last page. Each list is ordered by a sort key that is stable and unique (a seq, a version, a room,
 * or an instant and an id), and a page is the items whose key comes after the cursor's: an item
 * added or changed between two pages never shifts the others, so paging through shows each item
 * once, with no gap. The database's lists are read as a range on an indexed key, `limit + 1` of them
 * (the one more says whether a page follows), never by skipping.
 *
 * A cursor is opaque to clients: base64url of the JSON of which list it belongs to, the scope it was
 * given in (the unit, for a unit's lists) and the last item's key. One that does not decode to
 * exactly that — tampered, cut short, or given out by another list or for another unit — is refused
 * with 400 `invalid_cursor`, never read as some other position.
 */

/** The most items one page holds. */
export const MAX_PAGE_SIZE = 200;
/** The items of a page when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 50;
/** The longest cursor accepted (every cursor given out is far shorter). */
const MAX_CURSOR_LENGTH = 512;

/** `?limit=&cursor=` of a paged list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(MAX_CURSOR_LENGTH).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of a list: its items, and the cursor of the next page (null: this is the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A list's sort key as a cursor carries it: a tuple of strings and integers. */
type Key = readonly (string | number)[];

/** One paged list: its name (inside its cursors) and the shape of its sort key. */
export interface PagedList<K extends Key> {
  readonly name: string;
  readonly key: ZodType<K>;
}

/** Declares a paged list (see {@link PagedList}). */
export function pagedList<K extends Key>(name: string, key: ZodType<K>): PagedList<K> {
  return { name, key };
}

/** What a cursor holds: the list (`l`), the scope (`s`) and the last item's key (`k`). */
const Envelope = z.strictObject({
  l: z.string(),
  s: z.string(),
  k: z.array(z.union([z.string(), z.number()])),
});

/** The cursor that resumes `list` (in `scope`) after the item whose key is `key`. */
export function encodeCursor<K extends Key>(list: PagedList<K>, scope: string, key: K): string {
  return Buffer.from(JSON.stringify({ l: list.name, s: scope, k: key }), 'utf8').toString('base64url');
}

function invalidCursor(reason: 'malformed' | 'other_list'): DomainError {
  return new DomainError('invalid_cursor', `The cursor is not one this list gave out (${reason}).`, {
    field: 'cursor',
    reason,
  });
}

/**
 * The key a cursor resumes after, or undefined for the first page (no cursor). Refuses with
 * `invalid_cursor` a cursor that is not exactly one {@link encodeCursor} gave out for this list and
 * scope: every byte is checked (it must encode back to itself), then the list, the scope and the
 * key's shape.
 */
export function decodeCursor<K extends Key>(
  list: PagedList<K>,
  scope: string,
  cursor: string | undefined,
): K | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor('malformed');
  let envelope: z.infer<typeof Envelope>;
  try {
    envelope = Envelope.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor('malformed');
  }
  if (envelope.l !== list.name || envelope.s !== scope) throw invalidCursor('other_list');
  const key = list.key.safeParse(envelope.k);
  if (!key.success || encodeCursor(list, scope, key.data) !== cursor) throw invalidCursor('malformed');
  return key.data;
}

/**
 * A page of a list already in memory and in key order (one case's objections, alerts, flats or
 * plans): the first `limit` items whose key comes after the cursor's, and the cursor after the last
 * of them when more follow.
 */
export function pageOf<T, K extends Key>(
  list: PagedList<K>,
  scope: string,
  all: readonly T[],
  keyOf: (item: T) => [...K],
  compare: (a: K, b: K) => number,
  query: PageQuery,
): Page<T> {
  const after = decodeCursor(list, scope, query.cursor);
  const start = after === undefined ? 0 : all.findIndex((item) => compare(keyOf(item), after) > 0);
  const rest = start === -1 ? [] : all.slice(start, start + query.limit + 1);
  return pageFrom(list, scope, rest, keyOf, query.limit);
}

/**
 * A page from up to `limit + 1` items read after the cursor, in key order: the first `limit`, and
 * the cursor after the last of them when the one more says a page follows.
 */
export function pageFrom<T, K extends Key>(
  list: PagedList<K>,
  scope: string,
  read: readonly T[],
  keyOf: (item: T) => [...K],
  limit: number,
): Page<T> {
  const items = read.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: read.length > limit && last !== undefined ? encodeCursor(list, scope, keyOf(last)) : null,
  };
}

/** Orders integer keys of one part (a seq, a version, a position). */
export const byNumber = (a: readonly [number], b: readonly [number]): number => a[0] - b[0];

/** Orders keys of an ISO instant and an id (instants of one format order as strings). */
export const byInstantThenId = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** A positive integer part of a key (a seq, a version, a position). */
export const KeyNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** An ISO-8601 UTC instant part of a key, as `Date.prototype.toISOString` writes it. */
export const KeyInstant = z.iso.datetime({ precision: 3 });
/** An id part of a key. */
export const KeyId = z.string().min(1).max(128);

/** A page's items presented, as the answer carries them: `{ items, nextCursor }`. */
export function presentPage<T, U>(
  page: Page<T>,
  present: (item: T) => U,
): { items: U[]; nextCursor: string | null } {
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

/** Numbers the items of an append-only list from 1: the position is their stable, unique key. */
export function numbered<T>(all: readonly T[]): { readonly n: number; readonly item: T }[] {
  return all.map((item, index) => ({ n: index + 1, item }));
}
