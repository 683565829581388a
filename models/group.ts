import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/** A WeChat group bound to its unit (`groups`, `_id = roomId`); one group per unit. */
export interface GroupDoc {
  _id: string;
  unitId: string;
  boundAt: Date;
}

const groupSchema = new Schema<GroupDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    boundAt: { type: Date, required: true },
  },
  { collection: 'groups', versionKey: false },
);

export type GroupModel = Model<GroupDoc>;

/** Binds the `groups` model to a connection. */
export function groupModel(connection: Connection): GroupModel {
  return defineModel(connection, 'Group', groupSchema);
}
