/**
 * Everything the system has stored, read back for "refused ⇒ nothing stored changes" (conventions.md
 * §9): every collection of record, each sorted by `_id`. Case views are left out: they are projections,
 * written behind and rebuilt from the streams, so they may catch up with earlier accepted requests.
 */
import type { Models } from '../../models/index.js';

/** Collections that are projections, not records. */
const NOT_RECORDS = new Set(['caseViews']);

/** Every record the database holds, by model name, each list sorted by `_id`. */
export async function storedRecords(models: Models): Promise<Record<string, unknown[]>> {
  const records: Record<string, unknown[]> = {};
  for (const [name, model] of Object.entries(models)) {
    if (NOT_RECORDS.has(name)) continue;
    records[name] = await model.collection.find({}).sort({ _id: 1 }).toArray();
  }
  return records;
}
