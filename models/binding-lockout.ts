import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * A contact's wrong household-code tries (`binding_lockouts`, `_id = contactId`): what the case
 * streams do not hold, because a wrong code names no unit. Five in a row lock the contact out of
 * `绑定` for an hour; a right code clears the count.
 */
export interface BindingLockoutDoc {
  _id: string;
  failedTries: number;
  lockedUntil?: Date;
}

const bindingLockoutSchema = new Schema<BindingLockoutDoc>(
  {
    _id: { type: String, required: true },
    failedTries: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date },
  },
  { collection: 'binding_lockouts', versionKey: false },
);

export type BindingLockoutModel = Model<BindingLockoutDoc>;

/** Binds the `binding_lockouts` model to a connection. */
export function bindingLockoutModel(connection: Connection): BindingLockoutModel {
  return defineModel(connection, 'BindingLockout', bindingLockoutSchema);
}

/** The contact's count, zero when it never tried a wrong code. One `_id` lookup. */
export async function readLockout(model: BindingLockoutModel, contactId: string): Promise<BindingLockoutDoc> {
  return (
    (await model.findById(contactId).lean<BindingLockoutDoc>().exec()) ?? { _id: contactId, failedTries: 0 }
  );
}

/** Writes the count as a whole (an `_id`-keyed replace with upsert). */
export async function saveLockout(model: BindingLockoutModel, doc: BindingLockoutDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await model.replaceOne({ _id }, rest, { upsert: true }).exec();
}

/** Clears the count after a right code (one `_id` delete; nothing to do when there was none). */
export async function clearLockout(model: BindingLockoutModel, contactId: string): Promise<void> {
  await model.deleteOne({ _id: contactId }).exec();
}
