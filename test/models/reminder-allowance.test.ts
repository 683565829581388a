/**
 * Mini-program reminder allowances (`models/reminder-allowance.ts`): each `RemindersAllowed` seq is
 * recorded once per contact and kind, and each is spent at most once — oldest first, by unique insert,
 * so concurrent spenders never spend one tap twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allowanceOf, recordAllowance, spendAllowance } from '../../models/reminder-allowance.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('reminders');
});
afterAll(() => db.close());

describe('recordAllowance / allowanceOf', () => {
  it('records each seq once, keeps the latest allowance time, and reads them all unspent', async () => {
    const { reminderAllowances } = db.models;
    expect(await allowanceOf(db.models, 'mp:a', 'ballot')).toEqual({ allowed: 0, unspent: [] });
    await recordAllowance(reminderAllowances, { contactId: 'mp:a', kind: 'ballot', seq: 5, at: at(5) });
    await recordAllowance(reminderAllowances, { contactId: 'mp:a', kind: 'ballot', seq: 3, at: at(10) });
    await recordAllowance(reminderAllowances, { contactId: 'mp:a', kind: 'ballot', seq: 5, at: at(1) });
    expect(await allowanceOf(db.models, 'mp:a', 'ballot')).toEqual({ allowed: 2, unspent: [3, 5] });
    expect(await reminderAllowances.findById('mp:a|ballot').lean()).toMatchObject({
      contactId: 'mp:a',
      kind: 'ballot',
      lastAllowedAt: at(10),
    });
    expect(await allowanceOf(db.models, 'mp:a', 'publicity')).toEqual({ allowed: 0, unspent: [] });
  });
});

describe('spendAllowance', () => {
  it('spends the oldest unspent allowance on the message, then the next, then none', async () => {
    const spend = (outboxId: string) =>
      spendAllowance(db.models, { contactId: 'mp:a', kind: 'ballot', outboxId, at: at(20) });
    expect(await spend('msg-1')).toBe(true);
    expect(await db.models.reminderUses.findById('mp:a|ballot|3').lean()).toEqual({
      _id: 'mp:a|ballot|3',
      outboxId: 'msg-1',
      usedAt: at(20),
    });
    expect(await allowanceOf(db.models, 'mp:a', 'ballot')).toEqual({ allowed: 2, unspent: [5] });
    expect(await spend('msg-2')).toBe(true);
    expect(await spend('msg-3')).toBe(false);
    expect(await allowanceOf(db.models, 'mp:a', 'ballot')).toEqual({ allowed: 2, unspent: [] });
  });

  it('lets concurrent spenders spend each allowance once', async () => {
    for (const seq of [7, 8]) {
      await recordAllowance(db.models.reminderAllowances, {
        contactId: 'mp:b',
        kind: 'publicity',
        seq,
        at: T0,
      });
    }
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        spendAllowance(db.models, { contactId: 'mp:b', kind: 'publicity', outboxId: `m${i}`, at: T0 }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(
      await db.models.reminderUses.countDocuments({ _id: { $in: ['mp:b|publicity|7', 'mp:b|publicity|8'] } }),
    ).toBe(2);
  });
});
