import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import { defineModel, insertUnique, insertUniqueBatched } from './define.js';
import { DueReader, dueIndexOf, type DueIndex } from './due-index.js';
import { findByIds } from './slots.js';

/**
 * Where a message goes: a WeChat group (room), one person privately in chat (contact), or one
 * mini-program user by a subscription message (subscriber: their openid; the message is its
 * {@link OutboxDoc.subscribe} template, and `text` what it says in words).
 */
export interface OutboxRecipient {
  kind: 'room' | 'contact' | 'subscriber';
  id: string;
}

/** A subscription message's template, the mini-program page it opens and its fields. */
export interface OutboxTemplate {
  templateId: string;
  page: string;
  data: Record<string, string>;
}

/**
 * `reply` answers the person who just spoke and goes out at once, even in quiet hours; `notice`
 * (announcements, reminders, private shares) waits for the end of quiet hours.
 */
/**
 * `reply`: to the person who just spoke; `notice`: an announcement or reminder, held in quiet hours;
 * `alarm`: someone is trapped in the elevator — never held.
 */
export type OutboxPriority = 'reply' | 'notice' | 'alarm';

/** `expired`: never sent, because its moment passed before it could go out (see `expiresAt`). */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'expired';

/**
 * One message the bot is to say (conventions.md §8, "inbox and outbox"). Its `_id` is deterministic
 * and chosen by the caller (`receipt:<eventHash>`, `announce:<caseId>:<seq>`), so enqueueing the same
 * message twice — a redelivered inbound message, a job that runs again — stores it once and sends it
 * once. The outbox worker (`bot/outbox-worker.ts`) claims, sends and marks it.
 */
export interface OutboxDoc {
  _id: string;
  to: OutboxRecipient;
  /** The group the message counts against for the per-group rate limit (a private message: the
   * unit's group, or null). */
  groupKey: string | null;
  text: string;
  /** For a `subscriber`: the template message to send. */
  subscribe?: OutboxTemplate;
  priority: OutboxPriority;
  /** Not to be sent before this instant (quiet hours, retry back-off). */
  notBefore: Date;
  /**
   * Not to be sent from this instant on: a notice about a moment still ahead of it (vote before the
   * close, object before publicity ends) that is held past that moment — quiet hours, the bot logged
   * out — would arrive after the notice that supersedes it, so it is dropped (`expired`). Absent:
   * it never expires.
   */
  expiresAt?: Date;
  status: OutboxStatus;
  /** Failed sends so far (and sends cut short by a crash, see {@link claimMessage}). */
  attempts: number;
  /** The last failure's error name or code; never its message, which may quote the text. */
  lastError?: string;
  /**
   * How many times the message was claimed. Claim number `k` is taken by inserting the unique key
   * `<_id>#<k>` into `outbox_claims` (see {@link claimMessage}); it only ever grows.
   */
  claimSeq: number;
  claimedBy?: string;
  claimedAt?: Date;
  createdAt: Date;
  sentAt?: Date;
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    to: {
      kind: { type: String, enum: ['room', 'contact', 'subscriber'], required: true },
      id: { type: String, required: true },
    },
    groupKey: { type: String, default: null },
    text: { type: String, required: true },
    subscribe: { type: Schema.Types.Mixed },
    priority: { type: String, enum: ['reply', 'notice', 'alarm'], required: true },
    notBefore: { type: Date, required: true },
    expiresAt: { type: Date },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'expired'], required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: { type: String },
    claimSeq: { type: Number, required: true, default: 0 },
    claimedBy: { type: String },
    claimedAt: { type: Date },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date },
  },
  { collection: 'outbox', versionKey: false },
);

/** The `outbox` collection model. */
export type OutboxModel = Model<OutboxDoc>;

/** Binds the `outbox` model to a connection. */
export function outboxModel(connection: Connection): OutboxModel {
  return defineModel(connection, 'Outbox', outboxSchema);
}

/** What a caller gives to {@link enqueueMessage}. */
export interface NewOutboxMessage {
  _id: string;
  to: OutboxRecipient;
  groupKey: string | null;
  text: string;
  /** For a `subscriber`: the template message (required then). */
  subscribe?: OutboxTemplate;
  priority: OutboxPriority;
  createdAt: Date;
  /** Defaults to `createdAt`: as soon as the limits allow. */
  notBefore?: Date;
  /** Dropped, never sent, if it has not gone out by then (see {@link OutboxDoc.expiresAt}). */
  expiresAt?: Date;
}

/**
 * Queues a message under its deterministic `_id`. A second message with the same `_id` is not an
 * error: it returns `'duplicate'` and changes nothing, whatever its text (the first one wins).
 */
export async function enqueueMessage(
  outbox: OutboxModel,
  msg: NewOutboxMessage,
): Promise<'queued' | 'duplicate'> {
  // A plain document, not a mongoose one: building and validating one per reply was a tenth of the
  // CPU of a burst of votes. The types fix every field; what they cannot say is checked here.
  if (msg._id === '' || msg.to.id === '' || msg.text === '') {
    throw new Error(`outbox message ${JSON.stringify(msg._id)} lacks an id, a recipient or a text`);
  }
  if ((msg.to.kind === 'subscriber') !== (msg.subscribe !== undefined)) {
    throw new Error(
      `outbox message ${JSON.stringify(msg._id)}: a template goes to a subscriber, and only there`,
    );
  }
  const doc: OutboxDoc = {
    _id: msg._id,
    to: { kind: msg.to.kind, id: msg.to.id },
    groupKey: msg.groupKey,
    text: msg.text,
    ...(msg.subscribe === undefined
      ? {}
      : {
          subscribe: {
            templateId: msg.subscribe.templateId,
            page: msg.subscribe.page,
            data: { ...msg.subscribe.data },
          },
        }),
    priority: msg.priority,
    // Messages go oldest `notBefore` first: an alarm is dated a day back so that it goes before
    // every notice waiting (a morning's backlog of reminders must not hold someone trapped).
    notBefore:
      msg.notBefore ??
      (msg.priority === 'alarm' ? new Date(msg.createdAt.getTime() - 86_400_000) : msg.createdAt),
    ...(msg.expiresAt === undefined ? {} : { expiresAt: msg.expiresAt }),
    status: 'pending',
    attempts: 0,
    claimSeq: 0,
    createdAt: msg.createdAt,
  };
  // Its due-index entry first (see `outboxIndexOf`), then the message; each batched with the others
  // queued meanwhile (a burst of replies is a few writes).
  await outboxIndexOf(outbox).add([{ id: doc._id, at: doc.notBefore }], msg.createdAt);
  return (await insertUniqueBatched(outbox.collection, doc)) ? 'queued' : 'duplicate';
}

/**
 * The due index of the outbox (`outbox_due`, see `due-index.ts`): a message gets an entry when it is
 * queued and each time it is put back for later, so the worker finds what is due by `_id` without
 * reading the messages already sent (the outbox keeps them).
 */
export function outboxIndexOf(outbox: OutboxModel): DueIndex {
  return dueIndexOf(outbox.db.collection('outbox_due'));
}

/**
 * A worker's reader of the outbox index. On a database from before the index, its first read indexes
 * every message still pending or sending once, with the scan the index replaces.
 */
export function outboxReader(outbox: OutboxModel): DueReader {
  return new DueReader(outboxIndexOf(outbox), {
    backfill: async () =>
      (
        await outbox
          .find({ status: { $in: ['pending', 'sending'] } }, { _id: 1, notBefore: 1 })
          .lean<{ _id: string; notBefore: Date }[]>()
          .exec()
      ).map((doc) => ({ id: doc._id, at: doc.notBefore })),
  });
}

/** Messages read at once by `_id` while looking for due ones. */
const READ_WINDOW = 16;

/**
 * Messages due, at most `limit`, oldest `notBefore` first: pending with `notBefore <= now`, and,
 * with `takeOverBefore`, sending since before it (their worker died or hung mid-send; the caller
 * takes them over, see {@link claimMessage}). The candidates come from `reader` (the due index); each
 * is read by `_id`. An entry whose message is sent, failed, gone or put back for later is settled;
 * one whose message a worker is sending now is kept for a later poll. So a poll costs the messages
 * due, never the outbox's history.
 */
export async function dueMessages(
  outbox: OutboxModel,
  reader: DueReader,
  now: Date,
  limit: number,
  takeOverBefore?: Date,
): Promise<OutboxDoc[]> {
  const candidates = await reader.due(now);
  const due: OutboxDoc[] = [];
  for (let i = 0; i < candidates.length && due.length < limit; i += READ_WINDOW) {
    const ids = candidates.slice(i, i + READ_WINDOW);
    const docs = await findByIds<OutboxDoc>(outbox.collection, ids);
    docs.forEach((doc, index) => {
      if (doc?.status === 'sending') {
        const stale = takeOverBefore !== undefined && doc.claimedAt! < takeOverBefore;
        if (stale && due.length < limit) due.push(doc);
      } else if (doc?.status === 'pending' && doc.notBefore.getTime() <= now.getTime()) {
        if (due.length < limit) due.push(doc);
      } else reader.settleRead(ids[index]!, now);
    });
  }
  return due.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || (a._id < b._id ? -1 : 1));
}

/** One claim key in `outbox_claims`: claim number `seq` of message `outboxId`. */
export interface OutboxClaimDoc {
  _id: string;
  outboxId: string;
  seq: number;
  by: string;
  at: Date;
}

function claimsOf(outbox: OutboxModel): Collection<OutboxClaimDoc> {
  return outbox.db.collection<OutboxClaimDoc>('outbox_claims');
}

const claimKey = (outboxId: string, seq: number) => `${outboxId}#${seq}`;

/** A message this worker holds: only the holder of claim `claimSeq` writes the document. */
export interface OutboxClaim {
  readonly outboxId: string;
  /** The document's `claimSeq` while this claim holds it. */
  readonly claimSeq: number;
}

/**
 * Claims a message read as `doc` for worker `by`: a pending one, or, with `takeOverBefore`, one a
 * worker claimed before that instant and never marked (it died, or hung, mid-send). Returns null when
 * another worker has it or it moved on.
 *
 * A conditional `updateOne({ _id, status: 'pending' })` alone is not a claim on FerretDB v1: its
 * update reads the document, then writes it back by `_id` without checking the filter again, so two
 * concurrent updates can both report `modifiedCount: 1` (three racing workers claimed 27% of 1,000
 * messages twice); and a filter on more than `_id` reads the whole outbox. An insert under a unique
 * `_id` is atomic everywhere, so the claim is the insert of `<_id>#<claimSeq>` (conventions.md §8: a
 * duplicate key means someone else was first). The winner reads the document by `_id`, checks it is
 * still as read, and moves it to `sending` and `claimSeq + 1` by `_id` (a take-over counts as an
 * attempt, `lease_expired`). Once the document is past `claimSeq`, its claim key is deleted: a worker
 * still holding an older read can insert that key again, but then finds `claimSeq` moved on, because
 * it only grows. A key left by a worker that died between inserting it and moving the document is
 * freed once older than `takeOverBefore` (the document's `claimSeq` moves past it).
 */
export async function claimMessage(
  outbox: OutboxModel,
  doc: Pick<OutboxDoc, '_id' | 'claimSeq'>,
  by: string,
  at: Date,
  options: { readonly takeOverBefore?: Date } = {},
): Promise<OutboxClaim | null> {
  const claims = claimsOf(outbox);
  const key = claimKey(doc._id, doc.claimSeq);
  if (!(await insertUnique(claims, { _id: key, outboxId: doc._id, seq: doc.claimSeq, by, at }))) {
    if (options.takeOverBefore !== undefined) await freeStaleKey(outbox, key, options.takeOverBefore);
    return null;
  }
  const current = await outbox.findById(doc._id).lean<OutboxDoc>().exec();
  const takeOver =
    current?.status === 'sending' &&
    options.takeOverBefore !== undefined &&
    current.claimedAt !== undefined &&
    current.claimedAt.getTime() < options.takeOverBefore.getTime();
  let claim: OutboxClaim | null = null;
  if (current !== null && current.claimSeq === doc.claimSeq && (current.status === 'pending' || takeOver)) {
    await outbox.updateOne(
      { _id: doc._id },
      {
        $set: {
          status: 'sending',
          claimSeq: doc.claimSeq + 1,
          claimedBy: by,
          claimedAt: at,
          ...(takeOver ? { attempts: current.attempts + 1, lastError: 'lease_expired' } : {}),
        },
      },
    );
    claim = { outboxId: doc._id, claimSeq: doc.claimSeq + 1 };
  }
  await claims.deleteOne({ _id: key });
  return claim;
}

/** Frees claim key `key` if its worker took it before `before` and never moved the message on. */
async function freeStaleKey(outbox: OutboxModel, key: string, before: Date): Promise<void> {
  const claims = claimsOf(outbox);
  const stale = await claims.findOne({ _id: key });
  if (stale === null || stale.at.getTime() >= before.getTime()) return;
  const current = await outbox.findById(stale.outboxId).lean<OutboxDoc>().exec();
  if (current?.status === 'pending' && current.claimSeq === stale.seq) {
    await outbox.updateOne({ _id: stale.outboxId }, { $set: { claimSeq: stale.seq + 1 } });
  }
  await claims.deleteOne({ _id: key });
}

/**
 * Writes the outcome of a claimed message, by `_id` after reading it. Returns false when the claim
 * was lost meanwhile (its lease expired and another worker took it over).
 */
async function writeClaimed(
  outbox: OutboxModel,
  claim: OutboxClaim,
  update: { $set: Partial<OutboxDoc> },
): Promise<boolean> {
  const current = await outbox.findById(claim.outboxId).lean<OutboxDoc>().exec();
  if (current === null || current.claimSeq !== claim.claimSeq) return false;
  await outbox.updateOne({ _id: claim.outboxId }, update);
  return true;
}

/** Marks a claimed message sent. */
export function markSent(outbox: OutboxModel, claim: OutboxClaim, sentAt: Date): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'sent', sentAt } });
}

/**
 * Returns a claimed message to `pending`, due at `notBefore` (quiet hours, or a retry): its new
 * due-index entry first, then the message.
 */
export async function releaseMessage(
  outbox: OutboxModel,
  claim: OutboxClaim,
  change: { notBefore: Date; attempts?: number; lastError?: string },
  now: Date,
): Promise<boolean> {
  await outboxIndexOf(outbox).add([{ id: claim.outboxId, at: change.notBefore }], now);
  return writeClaimed(outbox, claim, { $set: { status: 'pending', ...change } });
}

/** Whether `doc` has passed its `expiresAt` at `now`: it must not go out any more. */
export function messageExpired(doc: Pick<OutboxDoc, 'expiresAt'>, now: Date): boolean {
  return doc.expiresAt !== undefined && now.getTime() >= doc.expiresAt.getTime();
}

/** Marks a claimed message `expired`: its moment passed before it went out, and it never will. */
export function markExpired(outbox: OutboxModel, claim: OutboxClaim): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'expired' } });
}

/** Marks a claimed message as given up on. */
export function markFailed(
  outbox: OutboxModel,
  claim: OutboxClaim,
  change: { attempts: number; lastError?: string },
): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'failed', ...change } });
}
