import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel, insertUnique } from './define.js';

/**
 * The signatures of alarms already taken (`alarm_signatures`, `_id` = the signature): an alarm sent
 * again with the same signature is a replay and is refused. Kept while its timestamp could still be
 * accepted, then cleared.
 */
export interface AlarmSignatureDoc {
  _id: string;
  elevatorId: string;
  expiresAt: Date;
}

const alarmSignatureSchema = new Schema<AlarmSignatureDoc>(
  {
    _id: { type: String, required: true },
    elevatorId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'alarm_signatures', versionKey: false },
);

export type AlarmSignatureModel = Model<AlarmSignatureDoc>;

/** Binds the `alarm_signatures` model to a connection. */
export function alarmSignatureModel(connection: Connection): AlarmSignatureModel {
  return defineModel(connection, 'AlarmSignature', alarmSignatureSchema);
}

/** Whether the signature was already taken (one `_id` lookup). */
export async function signatureTaken(model: AlarmSignatureModel, signature: string): Promise<boolean> {
  return (await model.exists({ _id: signature }).exec()) !== null;
}

/**
 * Takes a signature: true the first time, false when it was already taken (a replay). Signatures whose
 * window has passed are cleared first (they could no longer be accepted anyway).
 */
export async function takeSignature(
  model: AlarmSignatureModel,
  doc: AlarmSignatureDoc,
  now: Date,
): Promise<boolean> {
  await model.deleteMany({ expiresAt: { $lt: now } }).exec();
  return insertUnique(model.collection, doc);
}
