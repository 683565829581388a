import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import type { ObjectionGround } from '../domain/case/index.js';
import { defineModel, findByIdBatched, insertUnique } from './define.js';

/** Where a guided `异议` dialog stands: which answer the bot waits for. */
export type DialogStep = 'ground' | 'text' | 'confirm';

/**
 * A guided chat dialog waiting for one person's next private reply (`dialogs`, `_id = contactId`: at
 * most one open dialog per contact, found by `_id`). Today only the `异议`
 * dialog. Expiry is checked on read — the portable subset has no TTL index — and an
 * expired document is simply overwritten by the next dialog.
 */
export interface DialogDoc {
  _id: string;
  kind: 'objection';
  /** Random per dialog: names its one-time claims (see {@link claimDialogStep}). */
  sessionId: string;
  unitId: string;
  room: string;
  step: DialogStep;
  ground?: ObjectionGround;
  /** The objection's details, verbatim, with the id of the message that said them. */
  text?: string;
  textMessageId?: string;
  startedAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

const dialogSchema = new Schema<DialogDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['objection'], required: true },
    sessionId: { type: String, required: true },
    unitId: { type: String, required: true },
    room: { type: String, required: true },
    step: { type: String, enum: ['ground', 'text', 'confirm'], required: true },
    ground: { type: String, enum: ['ventilation', 'daylight', 'passage', 'other'] },
    text: { type: String },
    textMessageId: { type: String },
    startedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'dialogs', versionKey: false },
);

export type DialogModel = Model<DialogDoc>;

/** Binds the `dialogs` model to a connection. */
export function dialogModel(connection: Connection): DialogModel {
  return defineModel(connection, 'Dialog', dialogSchema);
}

/** The contact's open dialog, or null when there is none or it expired by `now`. Lookups that arrive together share one query. */
export async function readDialog(
  model: DialogModel,
  contactId: string,
  now: Date,
): Promise<DialogDoc | null> {
  // A burst of bare numbers in a group each looks for its speaker's dialog: one query for them all.
  const doc = await findByIdBatched<DialogDoc>(model.collection, contactId);
  return doc !== null && doc.expiresAt.getTime() > now.getTime() ? doc : null;
}

/** Writes the contact's dialog as a whole (an `_id`-keyed replace with upsert). */
export async function saveDialog(model: DialogModel, doc: DialogDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await model.replaceOne({ _id }, rest, { upsert: true }).exec();
}

/** Ends the contact's dialog (done or cancelled). */
export async function endDialog(model: DialogModel, contactId: string): Promise<void> {
  await model.deleteOne({ _id: contactId }).exec();
}

function claimsOf(model: DialogModel): Collection<{ _id: string; at: Date }> {
  return model.db.collection<{ _id: string; at: Date }>('dialog_claims');
}

/**
 * Claims a one-time step of a dialog (`<sessionId>:<step>`) by a unique insert in `dialog_claims`:
 * true for the first caller only. Two `1`s sent quickly to confirm are handled concurrently; only one
 * files. (A conditional update is not atomic on FerretDB; a duplicate `_id` is.)
 */
export async function claimDialogStep(model: DialogModel, key: string, at: Date): Promise<boolean> {
  return insertUnique(claimsOf(model), { _id: key, at });
}
