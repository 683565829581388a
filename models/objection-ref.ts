import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';
import { appendSlot } from './slots.js';

/**
 * A notice reference (`objection_refs`, `_id = "YY-12"` for an objection, `"TX-3"` for an alert),
 * claimed by a unique insert before the objection or alert is recorded. References are unique across
 * all units, so `收到 YY-12` from a committee member serving many units names one objection, found
 * with one `_id` lookup.
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

/**
 * Claims the next free reference `<prefix>-<n>` by a unique insert: short enough for an elderly
 * person to read out or type, unique across units. The numbers are slots (`slots.ts`): the first try
 * is the number after the last this process took, and a taken one is passed by galloping and a binary
 * search over `_id` lookups, never a count of the collection (which reads every reference on
 * FerretDB/SQLite). A reference whose objection or alert was never recorded (a crash in between) is
 * simply skipped.
 */
export async function claimNextRef(
  model: ObjectionRefModel,
  prefix: string,
  unitId: string,
  now: Date,
): Promise<string> {
  const n = await appendSlot(model.collection, `${prefix}-`, () => ({ unitId, createdAt: now }));
  return `${prefix}-${n}`;
}

/** The unit of a claimed reference, or null. One `_id` lookup. */
export async function unitOfObjectionRef(model: ObjectionRefModel, ref: string): Promise<string | null> {
  const doc = await model.findById(ref).lean<ObjectionRefDoc>().exec();
  return doc?.unitId ?? null;
}
