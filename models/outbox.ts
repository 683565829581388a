import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import { defineModel, insertUnique, insertUniqueBatched } from './define.js';

/** Where a message goes: a WeChat group (room) or one person privately (contact). */
export interface OutboxRecipient {
  kind: 'room' | 'contact';
  id: string;
}

/**
 * `reply` answers the person who just spoke and goes out at once, even in quiet hours; `notice`
 * (announcements, reminders, private shares) waits for the end of quiet hours.
 */
export type OutboxPriority = 'reply' | 'notice';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

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
  priority: OutboxPriority;
  /** Not to be sent before this instant (quiet hours, retry back-off). */
  notBefore: Date;
  status: OutboxStatus;
  /** Failed sends so far (and sends cut short by a crash, see {@link releaseExpiredClaims}). */
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
      kind: { type: String, enum: ['room', 'contact'], required: true },
      id: { type: String, required: true },
    },
    groupKey: { type: String, default: null },
    text: { type: String, required: true },
    priority: { type: String, enum: ['reply', 'notice'], required: true },
    notBefore: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed'], required: true },
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
// The worker's poll; on SQLite it scans anyway (README, "Database compatibility"), on MongoDB not.
outboxSchema.index({ status: 1, notBefore: 1 });

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
  priority: OutboxPriority;
  createdAt: Date;
  /** Defaults to `createdAt`: as soon as the limits allow. */
  notBefore?: Date;
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
  const doc: OutboxDoc = {
    _id: msg._id,
    to: { kind: msg.to.kind, id: msg.to.id },
    groupKey: msg.groupKey,
    text: msg.text,
    priority: msg.priority,
    notBefore: msg.notBefore ?? msg.createdAt,
    status: 'pending',
    attempts: 0,
    claimSeq: 0,
    createdAt: msg.createdAt,
  };
  // Batched with the other messages queued meanwhile (a burst of replies is a few inserts).
  return (await insertUniqueBatched(outbox.collection, doc)) ? 'queued' : 'duplicate';
}

/** Due pending messages, oldest `notBefore` first. */
export async function dueMessages(outbox: OutboxModel, now: Date, limit: number): Promise<OutboxDoc[]> {
  return outbox
    .find({ status: 'pending', notBefore: { $lte: now } })
    .sort({ notBefore: 1, _id: 1 })
    .limit(limit)
    .lean<OutboxDoc[]>()
    .exec();
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
 * Claims a pending message read as `doc` for worker `by`; returns null when another worker has it
 * or it is no longer pending with that `claimSeq`.
 *
 * A conditional `updateOne({ _id, status: 'pending' })` alone is not a claim on FerretDB v1: its
 * update reads the document, then writes it back by `_id` without checking the filter again, so two
 * concurrent updates can both report `modifiedCount: 1` (three racing workers claimed 27% of 1,000
 * messages twice). An insert under a unique `_id` is atomic everywhere, so the claim is the insert of
 * `<_id>#<claimSeq>` (conventions.md §8: a duplicate key means someone else was first). The winner
 * then moves the document to `sending` and `claimSeq + 1`. Once the document is past `claimSeq`, its
 * claim key is deleted: a worker still holding an older read of the document can insert that key
 * again, but its conditional update then matches nothing, because `claimSeq` only grows.
 */
export async function claimMessage(
  outbox: OutboxModel,
  doc: Pick<OutboxDoc, '_id' | 'claimSeq'>,
  by: string,
  at: Date,
): Promise<OutboxClaim | null> {
  const claims = claimsOf(outbox);
  const key = claimKey(doc._id, doc.claimSeq);
  if (!(await insertUnique(claims, { _id: key, outboxId: doc._id, seq: doc.claimSeq, by, at }))) return null;
  const moved = await outbox.updateOne(
    { _id: doc._id, status: 'pending', claimSeq: doc.claimSeq },
    { $set: { status: 'sending', claimSeq: doc.claimSeq + 1, claimedBy: by, claimedAt: at } },
  );
  await claims.deleteOne({ _id: key });
  return moved.modifiedCount === 1 ? { outboxId: doc._id, claimSeq: doc.claimSeq + 1 } : null;
}

/**
 * Writes the outcome of a claimed message. Returns false when the claim was lost meanwhile (its
 * lease expired and another worker took it over).
 */
async function writeClaimed(
  outbox: OutboxModel,
  claim: OutboxClaim,
  update: { $set: Partial<OutboxDoc> },
): Promise<boolean> {
  const result = await outbox.updateOne({ _id: claim.outboxId, claimSeq: claim.claimSeq }, update);
  return result.matchedCount === 1;
}

/** Marks a claimed message sent. */
export function markSent(outbox: OutboxModel, claim: OutboxClaim, sentAt: Date): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'sent', sentAt } });
}

/** Returns a claimed message to `pending`, due at `notBefore` (quiet hours, or a retry). */
export function releaseMessage(
  outbox: OutboxModel,
  claim: OutboxClaim,
  change: { notBefore: Date; attempts?: number; lastError?: string },
): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'pending', ...change } });
}

/** Marks a claimed message as given up on. */
export function markFailed(
  outbox: OutboxModel,
  claim: OutboxClaim,
  change: { attempts: number; lastError?: string },
): Promise<boolean> {
  return writeClaimed(outbox, claim, { $set: { status: 'failed', ...change } });
}

/**
 * Returns to `pending` what a worker claimed and then left for longer than a lease (it died, or hung,
 * mid-send), counting it as an attempt with error `lease_expired`; and frees a claim key whose
 * worker died between inserting it and moving the document on. Returns how many messages came back.
 *
 * This makes delivery at-least-once in that one window: a worker that died after WeChat took the
 * message but before it was marked sent leaves it `sending`, and it is sent again. WeChat gives no
 * idempotency key to ask "did this go out?", so the only alternative would be at-most-once: losing it.
 */
export async function releaseExpiredClaims(outbox: OutboxModel, claimedBefore: Date): Promise<number> {
  const claims = claimsOf(outbox);
  for (const stale of await claims.find({ at: { $lt: claimedBefore } }).toArray()) {
    await outbox.updateOne(
      { _id: stale.outboxId, status: 'pending', claimSeq: stale.seq },
      { $set: { claimSeq: stale.seq + 1 } },
    );
    await claims.deleteOne({ _id: stale._id });
  }
  const released = await outbox.updateMany(
    { status: 'sending', claimedAt: { $lt: claimedBefore } },
    { $set: { status: 'pending', lastError: 'lease_expired' }, $inc: { attempts: 1 } },
  );
  return released.modifiedCount;
}
