/**
 * Wrong household-code tries (`models/binding-lockout.ts`): a contact never seen reads as zero tries,
 * a saved count replaces the stored one whole (a lock absent from it is gone), and a right code
 * clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clearLockout, readLockout, saveLockout } from '../../models/binding-lockout.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('lockout');
});
afterAll(() => db.close());

describe('binding lockouts', () => {
  it('reads zero tries, without storing anything, for a contact that never tried a wrong code', async () => {
    expect(await readLockout(db.models.bindingLockouts, 'fresh')).toEqual({ _id: 'fresh', failedTries: 0 });
    expect(await db.models.bindingLockouts.countDocuments({ _id: 'fresh' })).toBe(0);
  });

  it('stores the count and lock, and a later save replaces them as a whole', async () => {
    const model = db.models.bindingLockouts;
    await saveLockout(model, { _id: 'c1', failedTries: 5, lockedUntil: T0 });
    expect(await readLockout(model, 'c1')).toEqual({ _id: 'c1', failedTries: 5, lockedUntil: T0 });
    await saveLockout(model, { _id: 'c1', failedTries: 1 });
    expect(await readLockout(model, 'c1')).toEqual({ _id: 'c1', failedTries: 1 });
  });

  it("clears one contact's count and leaves the others'", async () => {
    const model = db.models.bindingLockouts;
    await saveLockout(model, { _id: 'c2', failedTries: 3 });
    await saveLockout(model, { _id: 'c3', failedTries: 2 });
    await clearLockout(model, 'c2');
    await clearLockout(model, 'never-stored');
    expect(await readLockout(model, 'c2')).toEqual({ _id: 'c2', failedTries: 0 });
    expect(await readLockout(model, 'c3')).toEqual({ _id: 'c3', failedTries: 2 });
  });
});
