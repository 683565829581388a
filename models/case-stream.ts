import { canonicalJson, GENESIS_HASH, sha256Hex } from '../lib/hash.js';
import type { Actor, CaseEventDoc, CaseEventModel, Channel } from './case-event.js';
import { insertOrdered, insertUniqueBatched } from './define.js';

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
}

export const EMPTY_HEAD: StreamHead = { seq: 0, hash: GENESIS_HASH };

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

/** How many events after a known head are read one by one (by `_id`) before one range query. */
const TAIL_BY_ID = 16;

/**
 * Append-only event streams, one per case (conventions.md §8). The only write is an insert of
 * `seq = head + 1` under `_id = "<caseId>:<seq>"`; the unique `_id` (and `(caseId, seq)`) make a
 * concurrent writer of the same seq fail with a duplicate key, which surfaces as
 * {@link StreamConflictError}. No transactions, no updates, nothing the portable subset lacks.
 */
export class CaseStreams {
  constructor(private readonly events: CaseEventModel) {}

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
   * The events of a stream after `afterSeq`, in order. A short tail after a known head is read by
   * `_id`; a whole stream, or a long tail, is one query, which the unique `(caseId, seq)` index serves
   * on MongoDB (FerretDB on SQLite scans for it; README, "Database findings").
   */
  async load(caseId: string, afterSeq = 0): Promise<StoredEvent[]> {
    // A short tail after a known head is read by `_id` (`<caseId>:<seq>`), one indexed lookup per
    // event, until the first missing seq: on FerretDB/SQLite any other filter scans the whole
    // collection (README, "Database findings"). A longer tail, or a whole stream, is one range query.
    const tail: StoredEvent[] = [];
    if (afterSeq > 0) {
      for (let seq = afterSeq + 1; tail.length < TAIL_BY_ID; seq++) {
        const doc = await this.events.findById(`${caseId}:${seq}`).lean<CaseEventDoc>();
        if (doc === null) return tail;
        tail.push(toStored(doc));
      }
    }
    const from = afterSeq + tail.length;
    const docs = await this.events
      .find({ caseId, seq: { $gt: from } })
      .sort({ seq: 1 })
      .lean<CaseEventDoc[]>();
    return [...tail, ...docs.map(toStored)];
  }

  /** The last event's seq and hash, or {@link EMPTY_HEAD} (a scan: for tools, not hot paths). */
  async head(caseId: string): Promise<StreamHead> {
    const last = await this.events.findOne({ caseId }).sort({ seq: -1 }).lean<CaseEventDoc>();
    return last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD;
  }

  /** Every case id that has a stream (small collections; used by the audit tool and rebuilds). */
  async caseIds(): Promise<string[]> {
    const rows = await this.events.aggregate<{ _id: string }>([
      { $match: { seq: 1 } },
      { $group: { _id: '$caseId' } },
    ]);
    return rows.map((row) => row._id).sort();
  }
}

/** The first event at which a stream stops being a valid chain, and why. */
export interface ChainBreak {
  readonly seq: number;
  readonly reason: 'missing_event' | 'wrong_id' | 'prev_hash_mismatch' | 'hash_mismatch';
}

export interface ChainReport {
  readonly caseId: string;
  readonly events: number;
  readonly ok: boolean;
  readonly firstBreak?: ChainBreak;
}

/**
 * Walks a stream from event 1 and names the first event that breaks the chain: a gap in seq, an
 * `_id` that does not match, a `prevHash` that is not the previous hash, or a stored hash that does
 * not match the event's content.
 */
export async function verifyChain(events: CaseEventModel, caseId: string): Promise<ChainReport> {
  const docs = await events.find({ caseId }).sort({ seq: 1 }).lean<CaseEventDoc[]>();
  let prev = GENESIS_HASH;
  for (const [index, doc] of docs.entries()) {
    const expectedSeq = index + 1;
    const fail = (reason: ChainBreak['reason'], seq = doc.seq): ChainReport => ({
      caseId,
      events: docs.length,
      ok: false,
      firstBreak: { seq, reason },
    });
    if (doc.seq !== expectedSeq) return fail('missing_event', expectedSeq);
    if (doc._id !== `${caseId}:${doc.seq}`) return fail('wrong_id');
    if (doc.prevHash !== prev) return fail('prev_hash_mismatch');
    const stored = toStored(doc);
    let recomputed: string;
    try {
      recomputed = hashEvent(stored);
    } catch {
      return fail('hash_mismatch');
    }
    if (recomputed !== doc.hash) return fail('hash_mismatch');
    prev = doc.hash;
  }
  return { caseId, events: docs.length, ok: true };
}
