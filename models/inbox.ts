import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel, insertUniqueBatched, updateByIdBatched } from './define.js';

/**
 * Every inbound chat message, recorded under its message id **before** it is handled
 * (conventions.md §8): a redelivered message hits the same `_id` and is handled no second time.
 * The verbatim text is kept because a chat vote or objection is a written data message (Civil
 * Code art. 469, by analogy) that must be retrievable.
 */
export interface InboxDoc {
  _id: string;
  roomId: string | null;
  talkerId: string;
  text: string;
  sentAt: Date;
  receivedAt: Date;
  status: 'received' | 'handled' | 'failed' | 'ignored';
  error?: string;
}

const inboxSchema = new Schema<InboxDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, default: null },
    talkerId: { type: String, required: true },
    text: { type: String, default: '' },
    sentAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, required: true },
    error: { type: String },
  },
  { collection: 'inbox', versionKey: false },
);

export type InboxModel = Model<InboxDoc>;

export function inboxModel(connection: Connection): InboxModel {
  return defineModel(connection, 'Inbox', inboxSchema);
}

/** Records a message once; returns false when it was already recorded (a redelivery). */
export async function recordInbound(inbox: InboxModel, doc: Omit<InboxDoc, 'status'>): Promise<boolean> {
  return insertUniqueBatched(inbox.collection, { ...doc, status: 'received' });
}

/** Marks how handling a recorded message ended. */
export async function markInbound(
  inbox: InboxModel,
  id: string,
  status: InboxDoc['status'],
  error?: string,
): Promise<void> {
  await updateByIdBatched(inbox.collection, id, { $set: error ? { status, error } : { status } });
}
