import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel, insertUnique } from './define.js';

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

/** Claims reference `doc._id`; false when it is taken (a duplicate key), so the caller tries the next. */
export async function claimObjectionRef(model: ObjectionRefModel, doc: ObjectionRefDoc): Promise<boolean> {
  return insertUnique(model.collection, doc);
}

/**
 * Claims the next free reference `<prefix>-<n>` by a unique insert (n = references so far + 1, then
 * up): short enough for an elderly person to read out or type, unique across units. A reference whose
 * objection or alert was never recorded (a crash in between) is simply skipped.
 */
export async function claimNextRef(
  model: ObjectionRefModel,
  prefix: string,
  unitId: string,
  now: Date,
): Promise<string> {
  const first = (await model.countDocuments().exec()) + 1;
  for (let n = first; n < first + 1000; n++) {
    const ref = `${prefix}-${n}`;
    if (await claimObjectionRef(model, { _id: ref, unitId, createdAt: now })) return ref;
  }
  throw new Error(`no free ${prefix} reference`);
}

/** The unit of a claimed reference, or null. One `_id` lookup. */
export async function unitOfObjectionRef(model: ObjectionRefModel, ref: string): Promise<string | null> {
  const doc = await model.findById(ref).lean<ObjectionRefDoc>().exec();
  return doc?.unitId ?? null;
}
