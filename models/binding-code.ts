import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * One household binding code (`binding_codes`, `_id = code`), handed door to door on a paper slip:
 * looked up by `_id` alone. The codes are secrets: they never enter the case stream or the logs.
 * Re-issuing a unit's codes sets `revokedAt` on the old ones.
 */
export interface BindingCodeDoc {
  _id: string;
  unitId: string;
  room: string;
  issuedAt: Date;
  revokedAt?: Date;
}

const bindingCodeSchema = new Schema<BindingCodeDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    room: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'binding_codes', versionKey: false },
);

export type BindingCodeModel = Model<BindingCodeDoc>;

/** Binds the `binding_codes` model to a connection. */
export function bindingCodeModel(connection: Connection): BindingCodeModel {
  return defineModel(connection, 'BindingCode', bindingCodeSchema);
}
