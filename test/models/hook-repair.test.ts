/**
 * Failed after-append hooks (`models/hook-repair.ts`): one record per hook and case however often it
 * failed, listed oldest `_id` first, and cleared only if it did not fail again meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clearHookRepair, noteHookRepair, pendingHookRepairs } from '../../models/hook-repair.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('hook_repair');
});
afterAll(() => db.close());

describe('hook repairs', () => {
  it('keeps one record per hook and case, with the latest failure, listed by _id up to the limit', async () => {
    const model = db.models.hookRepairs;
    await noteHookRepair(model, { hook: 'contacts', caseId: 'u2', at: at(0) });
    await noteHookRepair(model, { hook: 'clocks', caseId: 'u1', at: at(1) });
    await noteHookRepair(model, { hook: 'contacts', caseId: 'u2', at: at(2) });
    await noteHookRepair(model, { hook: 'contacts', caseId: 'u1', at: at(3) });
    expect(await pendingHookRepairs(model, 10)).toEqual([
      { _id: 'clocks:u1', hook: 'clocks', caseId: 'u1', failedAt: at(1) },
      { _id: 'contacts:u1', hook: 'contacts', caseId: 'u1', failedAt: at(3) },
      { _id: 'contacts:u2', hook: 'contacts', caseId: 'u2', failedAt: at(2) },
    ]);
    expect((await pendingHookRepairs(model, 2)).map((doc) => doc._id)).toEqual(['clocks:u1', 'contacts:u1']);
  });

  it('clears a repair once done, but keeps one whose hook failed again since it was read', async () => {
    const model = db.models.hookRepairs;
    const [clocks, contacts] = await pendingHookRepairs(model, 2);
    await noteHookRepair(model, { hook: 'contacts', caseId: 'u1', at: at(10) });
    await clearHookRepair(model, clocks!);
    await clearHookRepair(model, contacts!);
    expect((await pendingHookRepairs(model, 10)).map((doc) => [doc._id, doc.failedAt])).toEqual([
      ['contacts:u1', at(10)],
      ['contacts:u2', at(2)],
    ]);
  });
});
