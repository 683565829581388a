import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * An objection's reference number (`objection_refs`, `_id = "YY-12"`), claimed by a unique insert
 * before the objection is recorded. References are unique across all units, so `收到 YY-12` from a
 * committee member serving many units names one objection, found with one `_id` lookup.
 */
export interface ObjectionRefDoc {
  _id: string;
  unitId: string;
  createdAt: Date;
}

const objectionRefSchema = new Schema<ObjectionRefDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'objection_refs', versionKey: false },
);

export type ObjectionRefModel = Model<ObjectionRefDoc>;

/** Binds the `objection_refs` model to a connection. */
export function objectionRefModel(connection: Connection): ObjectionRefModel {
  return defineModel(connection, 'ObjectionRef', objectionRefSchema);
}

/** Claims reference `doc._id`; false when it is taken (a duplicate key), so the caller tries the next. */
export async function claimObjectionRef(model: ObjectionRefModel, doc: ObjectionRefDoc): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return false;
    throw error;
  }
}

/** The unit of a claimed reference, or null. One `_id` lookup. */
export async function unitOfObjectionRef(model: ObjectionRefModel, ref: string): Promise<string | null> {
  const doc = await model.findById(ref).lean<ObjectionRefDoc>().exec();
  return doc?.unitId ?? null;
}
