import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * A one-time group binding code (`group_codes`, `_id = code`) for `绑定单元 <code>`: looked up by `_id`
 * alone. A secret like the household codes: never in the case stream or the logs. Issuing a unit a
 * new code sets `revokedAt` on its earlier ones.
 */
export interface GroupCodeDoc {
  _id: string;
  unitId: string;
  issuedAt: Date;
  revokedAt?: Date;
}

const groupCodeSchema = new Schema<GroupCodeDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'group_codes', versionKey: false },
);

export type GroupCodeModel = Model<GroupCodeDoc>;

/** Binds the `group_codes` model to a connection. */
export function groupCodeModel(connection: Connection): GroupCodeModel {
  return defineModel(connection, 'GroupCode', groupCodeSchema);
}

/**
 * The use of a group code (`group_code_uses`, `_id = code`): the claim that makes a code single-use.
 * Inserting it is the claim (a duplicate key means someone used the code first); a conditional update
 * of `group_codes` would not be atomic on FerretDB v1 (README "Database compatibility").
 */
export interface GroupCodeUseDoc {
  _id: string;
  roomId: string;
  usedAt: Date;
}

const groupCodeUseSchema = new Schema<GroupCodeUseDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { collection: 'group_code_uses', versionKey: false },
);

export type GroupCodeUseModel = Model<GroupCodeUseDoc>;

/** Binds the `group_code_uses` model to a connection. */
export function groupCodeUseModel(connection: Connection): GroupCodeUseModel {
  return defineModel(connection, 'GroupCodeUse', groupCodeUseSchema);
}
