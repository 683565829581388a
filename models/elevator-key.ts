import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * Each elevator's alarm key (`elevator_keys`, `_id = elevatorId`): which unit it belongs to, so an
 * alarm addressed to the elevator finds its case, and the secret its monitoring system signs alarms
 * with (HMAC-SHA256). Secrets stay out of the case streams: the stream records that an elevator was
 * recorded, never its key. Shown once, when it is made or replaced.
 */
export interface ElevatorKeyDoc {
  _id: string;
  unitId: string;
  secret: string;
  createdAt: Date;
}

const elevatorKeySchema = new Schema<ElevatorKeyDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    secret: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'elevator_keys', versionKey: false },
);

export type ElevatorKeyModel = Model<ElevatorKeyDoc>;

/** Binds the `elevator_keys` model to a connection. */
export function elevatorKeyModel(connection: Connection): ElevatorKeyModel {
  return defineModel(connection, 'ElevatorKey', elevatorKeySchema);
}

/** The elevator's key, or null. One `_id` lookup. */
export async function readElevatorKey(
  model: ElevatorKeyModel,
  elevatorId: string,
): Promise<ElevatorKeyDoc | null> {
  return model.findById(elevatorId).lean<ElevatorKeyDoc>().exec();
}

/** Writes the elevator's key (a new one replaces the old: alarms signed with the old are refused). */
export async function saveElevatorKey(model: ElevatorKeyModel, doc: ElevatorKeyDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await model.replaceOne({ _id }, rest, { upsert: true }).exec();
}
