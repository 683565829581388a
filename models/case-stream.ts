import { canonicalJson, GENESIS_HASH, sha256Hex } from '../lib/hash.js';
import type { Collection } from 'mongoose';
import type { Actor, CaseEventDoc, CaseEventModel, Channel } from './case-event.js';
import { insertOrdered, insertUnique, insertUniqueBatched } from './define.js';
import { appendSlot, findByIds, nextWindow, readSlots } from './slots.js';

/**
 * The platform's stream (places and staff tokens, `domain/platform`): kept in `case_events` beside the
 * cases', hashed and verified the same way, but not a case, so never in the case registry.
 */
export const PLATFORM_STREAM_ID = 'platform';

/** What a command hands the stream: the domain event plus who, when and through which channel. */
export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
  readonly actor: Actor;
  readonly channel: Channel;
  readonly at: Date;
}

/** A stored event, as read back. */
export type StoredEvent = Omit<CaseEventDoc, '_id'>;

/** Where a stream stands: the last seq (0 when empty) and its hash (the genesis hash when empty). */
export interface StreamHead {
  readonly seq: number;
  readonly hash: string;
  /**
   * When that last event was appended (UTC), where the reader knows it: absent for an empty stream,
   * and for a head taken from a case view stored before views recorded it.
   */
  readonly at?: Date;
}

export const EMPTY_HEAD: StreamHead = { seq: 0, hash: GENESIS_HASH };

/** Events looked up at once by {@link CaseStreams.eventTimes}. */
const EVENT_TIME_WINDOW = 32;

/** Another writer appended first: reload, decide again, retry. */
export class StreamConflictError extends Error {
  override readonly name = 'StreamConflictError';
  constructor(
    readonly caseId: string,
    readonly seq: number,
  ) {
    super(`stream ${caseId} already has event ${seq}`);
  }
}

/**
 * The hash of an event: SHA-256 over its previous hash and the canonical JSON of everything that
 * makes it (case, seq, type, data, actor, channel, time). Changing any stored byte of any of these,
 * or reordering, dropping or inserting an event, breaks the chain from that event on.
 */
export function hashEvent(event: Omit<StoredEvent, 'hash'>): string {
  const body = canonicalJson({
    caseId: event.caseId,
    seq: event.seq,
    type: event.type,
    data: event.data,
    actor: { kind: event.actor.kind, id: event.actor.id },
    channel: event.channel,
    at: event.at.toISOString(),
  });
  return sha256Hex(`${event.prevHash}\n${body}`);
}

function toStored(doc: CaseEventDoc): StoredEvent {
  return {
    caseId: doc.caseId,
    seq: doc.seq,
    type: doc.type,
    data: doc.data,
    actor: { kind: doc.actor.kind, id: doc.actor.id },
    channel: doc.channel,
    at: new Date(doc.at),
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}

/** The stored form of `event` appended after `head`: its seq, the previous hash and its own hash. */
function chainedEvent(caseId: string, head: StreamHead, event: NewEvent): StoredEvent {
  const unhashed = {
    caseId,
    seq: head.seq + 1,
    type: event.type,
    // Round-trip the data through JSON so what we hash is exactly what the database keeps
    // (no undefined properties, no class instances).
    data: JSON.parse(JSON.stringify(event.data ?? {})) as unknown,
    actor: { kind: event.actor.kind, id: event.actor.id },
    channel: event.channel,
    at: event.at,
    prevHash: head.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

/** A case's entry in the registry (`case_registry`, `_id = "<n>"`, n = 1, 2, 3…; see {@link CaseStreams}). */
export interface CaseRegistryDoc {
  _id: string;
  caseId: string;
  registeredAt: Date;
}

/** The registry's marker that the streams stored before it existed were registered (once per database). */
const BACKFILLED = 'backfilled';

/** The case registry: one slot per case, in the order their streams began. */
export function caseRegistryOf(events: CaseEventModel): Collection<CaseRegistryDoc> {
  return events.db.collection<CaseRegistryDoc>('case_registry');
}

/** One page of registered case ids, and the slot the next page starts at. */
export interface CasePage {
  readonly caseIds: readonly string[];
  readonly next: number;
  /** True when the registry has no slot at `next` (yet). */
  readonly last: boolean;
}

/**
 * Append-only event streams, one per case (conventions.md §8). The only write is an insert of
 * `seq = head + 1` under `_id = "<caseId>:<seq>"`; the unique `_id` (and `(caseId, seq)`) make a
 * concurrent writer of the same seq fail with a duplicate key, which surfaces as
 * {@link StreamConflictError}. No transactions, no updates, nothing the portable subset lacks.
 *
 * Every read is by `_id` — on FerretDB/SQLite any other filter reads every event of every case
 * (README, "Database compatibility") — so a case costs what its own events cost. A stream is read
 * from a known head (a cached state, a case view) by its next `_id`s until the first missing one. The
 * streams are listed through the case registry (`case_registry`): before a stream's first event is
 * inserted, the case takes the next numbered slot there, so every stream is listed, page by page, by
 * `_id` (a crash in between lists a case with no events, which reads as an empty case).
 */
export class CaseStreams {
  private readonly registry: Collection<CaseRegistryDoc>;
  private backfillChecked = false;
  private readonly registers: boolean;

  /**
   * `registered: false` for a stream that is not a case (the platform's): its first event takes no
   * slot in the case registry, so the cases' jobs and tools never visit it.
   */
  constructor(
    private readonly events: CaseEventModel,
    options: { readonly registered?: boolean } = {},
  ) {
    this.registry = caseRegistryOf(events);
    this.registers = options.registered ?? true;
  }

  /** Appends one event after `expected`; throws {@link StreamConflictError} if someone else did first. */
  async append(caseId: string, expected: StreamHead, event: NewEvent): Promise<StoredEvent> {
    const { stored, conflict } = await this.appendAll(caseId, expected, [event]);
    if (conflict !== undefined) throw conflict;
    return stored[0]!;
  }

  /**
   * Appends `events` in order after `expected`, chained, in one round trip: the way a burst of
   * commands on one case is stored together (group commit, see the stream runner). The insert is
   * ordered, so what is stored is always a prefix of `events` that continues the chain: when another
   * writer took a seq first, the events before it are stored, that one and the rest are not, and
   * `conflict` says where. Any other failure throws, with an unknown prefix stored (reload to see).
   * A stream's first event is preceded by the case's registration (see {@link CaseStreams}).
   */
  async appendAll(
    caseId: string,
    expected: StreamHead,
    events: readonly NewEvent[],
  ): Promise<{ readonly stored: readonly StoredEvent[]; readonly conflict?: StreamConflictError }> {
    const chained: StoredEvent[] = [];
    let head = expected;
    for (const event of events) {
      const stored = chainedEvent(caseId, head, event);
      chained.push(stored);
      head = stored;
    }
    const docs = chained.map((stored) => ({ _id: `${caseId}:${stored.seq}`, ...stored }));
    if (docs.length === 0) return { stored: [] };
    if (expected.seq === 0 && this.registers) await this.register(caseId, chained[0]!.at);
    if (docs.length === 1) {
      // Lone appends to different cases that arrive together share one insert (insertUniqueBatched).
      const inserted = await insertUniqueBatched(this.events.collection, docs[0]!);
      return inserted
        ? { stored: chained }
        : { stored: [], conflict: new StreamConflictError(caseId, head.seq) };
    }
    const taken = await insertOrdered(this.events.collection, docs);
    if (taken === undefined) return { stored: chained };
    return {
      stored: chained.slice(0, taken),
      conflict: new StreamConflictError(caseId, chained[taken]!.seq),
    };
  }

  /**
   * The events of a stream after `afterSeq`, in order: `<caseId>:<afterSeq + 1>`, … read by `_id` up
   * to the first missing one, or `max` of them (a few round trips however long the tail, see `readSlots`). A stream
   * that does not exist, or a tail that is empty, costs one lookup.
   */
  async load(caseId: string, afterSeq = 0, max = Number.POSITIVE_INFINITY): Promise<StoredEvent[]> {
    const docs = await readSlots<CaseEventDoc>(this.events.collection, `${caseId}:`, afterSeq + 1, max);
    return docs.map(toStored);
  }

  /**
   * When event `seq` of each case was appended, keyed by case id (absent where there is no such
   * event): `_id` lookups only, {@link nextWindow}-sized windows of them at a time.
   */
  async eventTimes(
    heads: readonly { readonly caseId: string; readonly seq: number }[],
  ): Promise<Map<string, Date>> {
    const times = new Map<string, Date>();
    for (let i = 0; i < heads.length; i += EVENT_TIME_WINDOW) {
      const window = heads.slice(i, i + EVENT_TIME_WINDOW);
      const docs = await Promise.all(
        window.map(
          (head) =>
            this.events.collection.findOne({ _id: `${head.caseId}:${head.seq}` } as never, {
              projection: { at: 1 },
            }) as Promise<{ at: Date } | null>,
        ),
      );
      docs.forEach((doc, index) => {
        if (doc !== null) times.set(window[index]!.caseId, new Date(doc.at));
      });
    }
    return times;
  }

  /** Takes the case's slot in the registry (two processes starting one case may both take one). */
  private async register(caseId: string, registeredAt: Date): Promise<void> {
    await appendSlot(this.registry, '', () => ({ caseId, registeredAt }));
  }

  /**
   * Up to `limit` registered case ids from registry slot `from` on, read by `_id`. A case may appear
   * twice (two processes began its stream at once), and one with no events (a crash between its
   * registration and its first event); callers visit cases idempotently.
   */
  async casePage(from = 1, limit = 100): Promise<CasePage> {
    await this.backfillRegistry();
    const docs = await readSlots<CaseRegistryDoc>(this.registry, '', from, limit);
    return { caseIds: docs.map((doc) => doc.caseId), next: from + docs.length, last: docs.length < limit };
  }

  /** Every registered case id, once each, page by page (reconcile, the audit). */
  async *allCaseIds(pageSize = 100): AsyncGenerator<string> {
    const seen = new Set<string>();
    for (let from = 1, last = false; !last;) {
      const page = await this.casePage(from, pageSize);
      for (const caseId of page.caseIds) {
        if (seen.has(caseId)) continue;
        seen.add(caseId);
        yield caseId;
      }
      ({ next: from, last } = page);
    }
  }

  /** Every registered case id, sorted (tools and tests). */
  async caseIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const caseId of this.allCaseIds()) ids.push(caseId);
    return ids.sort();
  }

  /**
   * Registers the streams begun before the registry existed: once per database, one aggregation over
   * the events (the one scan left, at the first listing after the upgrade), then a marker document.
   * Two processes doing it at once may register a case twice; listings skip the repeat.
   */
  private async backfillRegistry(): Promise<void> {
    if (this.backfillChecked) return;
    if ((await this.registry.findOne({ _id: BACKFILLED })) === null) {
      const registered = new Set(
        (await readSlots<CaseRegistryDoc>(this.registry, '')).map((doc) => doc.caseId),
      );
      const rows = await this.events.aggregate<{ _id: string }>([
        { $match: { seq: 1 } },
        { $group: { _id: '$caseId' } },
      ]);
      for (const caseId of rows.map((row) => row._id).sort()) {
        if (!registered.has(caseId) && caseId !== PLATFORM_STREAM_ID) await this.register(caseId, new Date());
      }
      await insertUnique(this.registry, { _id: BACKFILLED, caseId: '', registeredAt: new Date() });
    }
    this.backfillChecked = true;
  }
}

/** The first event at which a stream stops being a valid chain, and why. */
export interface ChainBreak {
  readonly seq: number;
  readonly reason: 'missing_event' | 'wrong_id' | 'prev_hash_mismatch' | 'hash_mismatch';
}

/** What verifying a stream found: how many events hold, and the first break if one does not. */
export interface ChainReport {
  readonly caseId: string;
  readonly events: number;
  readonly ok: boolean;
  readonly firstBreak?: ChainBreak;
}

/** Where a stream was last verified: its seq and the hash of that event. */
export type Checkpoint = StreamHead;

/** How to walk a chain: from where, and what else is known of the stream's length. */
export interface WalkOptions {
  /** Verified up to here already: the walk starts after it, once that event proves unchanged. */
  readonly from?: Checkpoint;
  /** The stream has at least this many events (its case view's seq): a shorter chain lost its tail. */
  readonly knownSeq?: number;
  /**
   * Ids probed past the end of the chain, to tell a hole from the end (default 0). A deleted event
   * ends the chain by `_id`; the events after it are only found by looking past it.
   */
  readonly lookAhead?: number;
}

/**
 * What the check that failed compared, at the first break: the hash it expected and the one stored
 * (`hash_mismatch`: the event's content hashed again, beside its stored hash; `prev_hash_mismatch`:
 * the previous event's hash, beside the stored `prevHash`), the `<caseId>:<seq>` it expected and the
 * one the document names (`wrong_id`), or the id it expected and null (`missing_event`).
 */
export interface ChainMismatch {
  readonly expected: string;
  readonly found: string | null;
}

/** A chain walked: the report, and the last verified event (the new checkpoint when ok). */
export interface ChainWalk {
  readonly report: ChainReport;
  readonly head: StreamHead;
  /** At a break, what the failing check compared (see {@link ChainMismatch}). */
  readonly mismatch?: ChainMismatch;
}

/**
 * Walks a stream by `_id` (`<caseId>:<n>`, a window of lookups at a time; never a filter that scans)
 * and names the first event that breaks the chain: a hole in seq (`missing_event`), a document whose
 * case or seq is not its `_id`'s (`wrong_id`), a `prevHash` that is not the previous hash, or a
 * stored hash that does not match the event's content. From a checkpoint, the checkpointed event is
 * read again first: it must still carry the checkpoint's hash and match its content, which any
 * rewrite of the chain before it (re-hashed to look consistent) would change.
 */
export async function walkChain(
  events: CaseEventModel,
  caseId: string,
  options: WalkOptions = {},
): Promise<ChainWalk> {
  let head: StreamHead = options.from ?? EMPTY_HEAD;
  type Failure = { readonly reason: ChainBreak['reason'] } & ChainMismatch;
  const fail = (seq: number, { reason, expected, found }: Failure): ChainWalk => ({
    report: { caseId, events: head.seq, ok: false, firstBreak: { seq, reason } },
    head,
    mismatch: { expected, found },
  });
  const missing = (seq: number): Failure => ({
    reason: 'missing_event',
    expected: `${caseId}:${seq}`,
    found: null,
  });
  /** Why `doc` is not event `seq` after `prevHash`, or undefined when it is. */
  const check = (doc: CaseEventDoc, seq: number, prevHash: string): Failure | undefined => {
    if (doc.seq !== seq || doc.caseId !== caseId) {
      return {
        reason: 'wrong_id',
        expected: `${caseId}:${seq}`,
        found: `${String(doc.caseId)}:${String(doc.seq)}`,
      };
    }
    if (doc.prevHash !== prevHash) {
      return { reason: 'prev_hash_mismatch', expected: prevHash, found: String(doc.prevHash) };
    }
    let hash: string;
    try {
      hash = hashEvent(toStored(doc));
    } catch {
      hash = '(cannot be hashed)';
    }
    return hash === doc.hash
      ? undefined
      : { reason: 'hash_mismatch', expected: hash, found: String(doc.hash) };
  };
  if (head.seq > 0) {
    const [doc] = await findByIds<CaseEventDoc>(events.collection, [`${caseId}:${head.seq}`]);
    if (doc === null || doc === undefined) return fail(head.seq, missing(head.seq));
    const failure =
      check(doc, head.seq, doc.prevHash) ??
      (doc.hash === head.hash
        ? undefined
        : { reason: 'hash_mismatch' as const, expected: head.hash, found: String(doc.hash) });
    if (failure !== undefined) return fail(head.seq, failure);
  }
  for (let window = 1; ; window = nextWindow(window)) {
    const ids = Array.from({ length: window }, (_, i) => `${caseId}:${head.seq + 1 + i}`);
    const docs = await findByIds<CaseEventDoc>(events.collection, ids);
    for (const [index, doc] of docs.entries()) {
      const seq = head.seq + 1;
      if (doc === null) {
        const ahead = Array.from({ length: options.lookAhead ?? 0 }, (_, i) => `${caseId}:${seq + 1 + i}`);
        const later = docs.slice(index + 1).some((other) => other !== null);
        const beyond = later || (await findByIds(events.collection, ahead)).some((other) => other !== null);
        if (beyond || seq <= (options.knownSeq ?? 0)) return fail(seq, missing(seq));
        return { report: { caseId, events: head.seq, ok: true }, head };
      }
      const failure = check(doc, seq, head.hash);
      if (failure !== undefined) return fail(seq, failure);
      head = { seq, hash: doc.hash };
    }
  }
}

/**
 * Verifies a whole stream from event 1 (see {@link walkChain}), looking a few ids past its end for a
 * hole. For the nightly audit's incremental walk from a checkpoint, see `commands/verify-chains.ts`.
 */
export async function verifyChain(
  events: CaseEventModel,
  caseId: string,
  options: Pick<WalkOptions, 'knownSeq'> = {},
): Promise<ChainReport> {
  return (await walkChain(events, caseId, { ...options, lookAhead: 8 })).report;
}
