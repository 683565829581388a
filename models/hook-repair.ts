import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from './define.js';

/**
 * An after-append hook that failed for a case (`hook_repairs`, `_id = <hook>:<caseId>`): the events
 * are stored but a projection of them (a contact's bindings, the case's clocks) may be behind. The
 * repair job rebuilds that hook's work for the case from its stream and removes the record. One
 * record per hook and case, however often it failed: the repair reads the whole case.
 */
export interface HookRepairDoc {
  _id: string;
  hook: string;
  caseId: string;
  failedAt: Date;
}

const hookRepairSchema = new Schema<HookRepairDoc>(
  {
    _id: { type: String, required: true },
    hook: { type: String, required: true },
    caseId: { type: String, required: true },
    failedAt: { type: Date, required: true },
  },
  { collection: 'hook_repairs', versionKey: false },
);

export type HookRepairModel = Model<HookRepairDoc>;

/** Binds the `hook_repairs` model to a connection. */
export function hookRepairModel(connection: Connection): HookRepairModel {
  return defineModel(connection, 'HookRepair', hookRepairSchema);
}

/** Notes that `hook` failed for `caseId` (an `_id`-keyed upsert: the latest failure wins). */
export async function noteHookRepair(
  model: HookRepairModel,
  input: { readonly hook: string; readonly caseId: string; readonly at: Date },
): Promise<void> {
  const _id = `${input.hook}:${input.caseId}`;
  await model
    .replaceOne({ _id }, { hook: input.hook, caseId: input.caseId, failedAt: input.at }, { upsert: true })
    .exec();
}

/** Up to `limit` repairs waiting, oldest `_id` first (a small collection: only failures land here). */
export function pendingHookRepairs(model: HookRepairModel, limit: number): Promise<HookRepairDoc[]> {
  return model.find({}).sort({ _id: 1 }).limit(limit).lean<HookRepairDoc[]>().exec();
}

/**
 * Removes a repair once done — unless the hook failed again meanwhile (`failedAt` moved), which leaves
 * it for the next round.
 */
export async function clearHookRepair(model: HookRepairModel, doc: HookRepairDoc): Promise<void> {
  await model.deleteOne({ _id: doc._id, failedAt: doc.failedAt }).exec();
}
