import type { Collection } from 'mongoose';
import { coalescing, isDuplicateKey, MAX_UPDATES_PER_COMMAND } from './define.js';
import { appendSlot, readSlots } from './slots.js';

/**
 * A due index: what is due when, kept so that "what is due now?" costs the work due, not the size of
 * the collection it indexes (on FerretDB/SQLite any filter but `{ _id }` reads every document; README,
 * "Database compatibility"). The deadlines and the outbox each keep one.
 *
 * Entries go into hourly buckets (the hour of the time they are due, never one the readers have
 * already passed). A bucket is a run of numbered chunk documents, `_id = "<hour>#<n>"` (e.g.
 * `2026-03-02T10#3`), each written once by a unique insert and never updated, so concurrent writers
 * lose nothing (an update is not atomic on FerretDB v1). A reader walks the buckets from its cursor to
 * the current hour by `_id`, reads only the chunks it has not seen yet, and moves the cursor on (a
 * `cursor` document, shared) once every entry before it is settled.
 *
 * Entries are hints: the indexed document stays the truth (a reader checks its status and time), so
 * an entry for a document moved, finished or never written costs one lookup and is dropped.
 */

/** One entry: the document `id` is due at `at`. */
export interface DueEntry {
  readonly id: string;
  readonly at: Date;
}

/** A chunk of entries written together (one bucket's share of one write). */
interface DueChunkDoc {
  _id: string;
  entries: { id: string; at: Date }[];
  writtenAt: Date;
}

/** The readers' shared cursor: every entry of an earlier bucket is settled. */
interface DueCursorDoc {
  _id: string;
  bucket: Date;
}

const HOUR = 3_600_000;
/** The most entries one chunk document holds (about 300 KB, far below a document's 16 MB). */
const MAX_CHUNK = 5000;
const CURSOR = 'cursor';
const bucketOf = (ms: number): number => Math.floor(ms / HOUR) * HOUR;
const prefixOf = (bucket: number): string => `${new Date(bucket).toISOString().slice(0, 13)}#`;

/** Writes and reads the due index kept in one collection. Get it with {@link dueIndexOf}. */
export class DueIndex {
  private readonly write: (item: { entries: readonly DueEntry[]; now: Date }) => Promise<void>;
  /** The latest cursor this process read or stored (undefined: not read yet). */
  private knownCursor: number | undefined;

  constructor(private readonly collection: Collection<DueChunkDoc>) {
    // Entries added together (the replies of one message, a burst of votes) share one chunk.
    this.write = coalescing(async (items) => {
      const now = new Date(Math.max(...items.map((item) => item.now.getTime())));
      this.knownCursor ??= (await this.cursor()) ?? 0;
      const floor = Math.max(bucketOf(now.getTime()), this.knownCursor);
      const byBucket = new Map<number, { id: string; at: Date }[]>();
      for (const entry of items.flatMap((item) => item.entries)) {
        const bucket = Math.max(bucketOf(entry.at.getTime()), floor);
        const entries = byBucket.get(bucket) ?? [];
        entries.push({ id: entry.id, at: entry.at });
        byBucket.set(bucket, entries);
      }
      for (const [bucket, entries] of byBucket) {
        for (let i = 0; i < entries.length; i += MAX_CHUNK) {
          const chunk = entries.slice(i, i + MAX_CHUNK);
          await appendSlot(this.collection, prefixOf(bucket), () => ({ entries: chunk, writtenAt: now }));
        }
      }
      return items.map(() => ({ ok: true as const, value: undefined }));
    });
  }

  /**
   * Records that the documents of `entries` are due at their `at`, before the documents themselves
   * are written or moved (so a crash in between leaves an entry for nothing, never a document no
   * reader finds). An entry goes into the bucket of its hour, or, when that is before the current
   * hour or the readers' cursor, into the latest of those: it is then due at once. The cursor is the
   * one this process knows (read once, then kept up to date by its own readers), which matters only
   * to a writer whose clock is behind the readers' by more than their lag (`DueReaderOptions`).
   */
  add(entries: readonly DueEntry[], now: Date): Promise<void> {
    return entries.length === 0 ? Promise.resolve() : this.write({ entries, now });
  }

  /** The readers' cursor (the start of the first bucket not yet settled), or null before the first read. */
  async cursor(): Promise<number | null> {
    const doc = (await this.collection.findOne({ _id: CURSOR })) as unknown as DueCursorDoc | null;
    const cursor = doc === null ? null : doc.bucket.getTime();
    if (cursor !== null) this.knownCursor = Math.max(this.knownCursor ?? 0, cursor);
    return cursor;
  }

  /** Moves the shared cursor forward to `bucket` (never back; two readers may write at once). */
  async advanceCursor(bucket: number): Promise<void> {
    this.knownCursor = Math.max(this.knownCursor ?? 0, bucket);
    const stored = await this.cursor();
    if (stored !== null && stored >= bucket) return;
    try {
      await this.collection.replaceOne({ _id: CURSOR }, { bucket: new Date(bucket) } as never, {
        upsert: true,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // another reader stored its cursor at the same moment
    }
  }

  /** The chunks of `bucket` from number `from` on, up to the first missing one. */
  chunks(bucket: number, from: number): Promise<DueChunkDoc[]> {
    return readSlots<DueChunkDoc>(this.collection, prefixOf(bucket), from);
  }

  /** Deletes the first `count` chunks of `bucket` (a reader passed it: every entry was settled). */
  async dropChunks(bucket: number, count: number): Promise<void> {
    const ids = Array.from({ length: count }, (_, i) => `${prefixOf(bucket)}${i + 1}`);
    for (let i = 0; i < ids.length; i += MAX_UPDATES_PER_COMMAND) {
      const ops = ids
        .slice(i, i + MAX_UPDATES_PER_COMMAND)
        .map((_id) => ({ deleteOne: { filter: { _id } } }));
      await this.collection.bulkWrite(ops as never[], { ordered: false });
    }
  }
}

const indexes = new WeakMap<object, DueIndex>();

/** The due index kept in `collection` (one instance per collection, so writes coalesce). */
export function dueIndexOf(collection: Collection): DueIndex {
  let index = indexes.get(collection);
  if (index === undefined) {
    index = new DueIndex(collection as unknown as Collection<DueChunkDoc>);
    indexes.set(collection, index);
  }
  return index;
}

/** An entry as a reader holds it, until settled. */
interface HeldEntry {
  readonly id: string;
  readonly at: number;
  readonly writtenAt: number;
  readonly bucket: number;
}

/** How a reader paces itself. */
export interface DueReaderOptions {
  /**
   * The cursor never passes the bucket of `now - lagMs` (default 5 min): a writer whose clock is
   * behind, or whose write is in flight, still writes into a bucket the readers will read.
   */
  readonly lagMs?: number;
  /**
   * An entry whose document reads as not due is kept this long after it was written (default 60 s):
   * the entry is written first, the document a moment later.
   */
  readonly graceMs?: number;
  /**
   * The first read of an index with no cursor (a database from before it existed): every document
   * due at some time, read once with the scan this index replaces.
   */
  readonly backfill: () => Promise<DueEntry[]>;
}

/**
 * One consumer's view of a due index (the deadline sweeper, the outbox worker): which entries are
 * due and not yet settled. Each consumer holds its own; the entries it settles and the chunks it has
 * read stay in memory until its cursor passes them.
 */
export class DueReader {
  private cursor: number | undefined;
  /** Per bucket from the cursor on: chunks read, and entries not yet settled. */
  private readonly buckets = new Map<number, { chunks: number; open: number }>();
  /** The entries not yet settled, by id. */
  private readonly open = new Map<string, HeldEntry[]>();
  private readonly lagMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly index: DueIndex,
    private readonly options: DueReaderOptions,
  ) {
    this.lagMs = options.lagMs ?? 5 * 60_000;
    this.graceMs = options.graceMs ?? 60_000;
  }

  /**
   * The ids of the unsettled entries due by `now`, earliest first, each once. Reads the chunks
   * written since the last call, from the cursor's bucket to the current hour: with nothing due, one
   * lookup per hour walked.
   */
  async due(now: Date): Promise<string[]> {
    const cursor = await this.start(now);
    // At least the cursor's bucket: a clock set back still finds what was written while it was.
    const until = Math.max(bucketOf(now.getTime()), cursor);
    for (let bucket = cursor; bucket <= until; bucket += HOUR) {
      const held = this.buckets.get(bucket) ?? { chunks: 0, open: 0 };
      this.buckets.set(bucket, held);
      const chunks = await this.index.chunks(bucket, held.chunks + 1);
      held.chunks += chunks.length;
      for (const chunk of chunks) {
        const writtenAt = new Date(chunk.writtenAt).getTime();
        for (const { id, at } of chunk.entries) {
          const entries = this.open.get(id) ?? [];
          entries.push({ id, at: new Date(at).getTime(), writtenAt, bucket });
          this.open.set(id, entries);
          held.open++;
        }
      }
    }
    const due: [string, number][] = [];
    for (const [id, entries] of this.open) {
      const earliest = Math.min(...entries.map((entry) => entry.at));
      if (earliest <= now.getTime()) due.push([id, earliest]);
    }
    return due.sort(([a, at], [b, bt]) => at - bt || (a < b ? -1 : 1)).map(([id]) => id);
  }

  /**
   * Settles the entries of `id` due by `now`: this consumer finished its document, or handed it on
   * (a retry later has its own entry).
   */
  settle(id: string, now: Date): void {
    this.settleWhere(id, (entry) => entry.at <= now.getTime());
  }

  /**
   * The document of `id` was read and is not due (finished, gone, or moved later, which wrote a later
   * entry): settles its entries due by `now` that were written more than the grace period ago. A
   * younger one may belong to a write still in flight (the entry goes first, the document a moment
   * later) and is looked at again next time.
   */
  settleRead(id: string, now: Date): void {
    this.settleWhere(
      id,
      (entry) => entry.at <= now.getTime() && now.getTime() - entry.writtenAt >= this.graceMs,
    );
  }

  /**
   * Moves the cursor past every bucket read by {@link due} whose entries are all settled, at most to
   * the bucket of `now - lagMs`; stores it and deletes the chunks passed.
   */
  async advance(now: Date): Promise<void> {
    if (this.cursor === undefined) return;
    const limit = bucketOf(now.getTime() - this.lagMs);
    let next = this.cursor;
    while (next < limit && this.buckets.get(next)?.open === 0) next += HOUR;
    if (next === this.cursor) return;
    await this.index.advanceCursor(next);
    for (let bucket = this.cursor; bucket < next; bucket += HOUR) {
      const held = this.buckets.get(bucket);
      if (held !== undefined && held.chunks > 0) await this.index.dropChunks(bucket, held.chunks);
      this.buckets.delete(bucket);
    }
    this.cursor = next;
  }

  private settleWhere(id: string, settles: (entry: HeldEntry) => boolean): void {
    const entries = this.open.get(id);
    if (entries === undefined) return;
    const kept = entries.filter((entry) => {
      if (!settles(entry)) return true;
      this.buckets.get(entry.bucket)!.open--;
      return false;
    });
    if (kept.length === 0) this.open.delete(id);
    else this.open.set(id, kept);
  }

  /** The cursor: this reader's, else the stored one, else (first read ever) after the backfill. */
  private async start(now: Date): Promise<number> {
    if (this.cursor !== undefined) return this.cursor;
    let cursor = await this.index.cursor();
    if (cursor === null) {
      // Every backfilled entry goes into the current hour or later (see `add`): the cursor starts there.
      await this.index.add(await this.options.backfill(), now);
      cursor = bucketOf(now.getTime());
      await this.index.advanceCursor(cursor);
    }
    this.cursor = cursor;
    return cursor;
  }
}
