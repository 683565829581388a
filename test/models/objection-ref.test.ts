/**
 * Notice references (`models/objection-ref.ts`): `YY-1`, `YY-2`… claimed by unique insert, numbered
 * per prefix across all units, never handed out twice even to concurrent claimants or past numbers
 * another process took, and each naming its unit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { claimNextRef, unitOfObjectionRef } from '../../models/objection-ref.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('objection_ref');
});
afterAll(() => db.close());

describe('claimNextRef', () => {
  it('numbers each prefix on its own, across units, and records the unit of each', async () => {
    const refs = db.models.objectionRefs;
    expect(await claimNextRef(refs, 'YY', 'u1', T0)).toBe('YY-1');
    expect(await claimNextRef(refs, 'YY', 'u2', T0)).toBe('YY-2');
    expect(await claimNextRef(refs, 'TX', 'u1', T0)).toBe('TX-1');
    expect(await refs.findById('YY-2').lean()).toEqual({ _id: 'YY-2', unitId: 'u2', createdAt: T0 });
    expect(await unitOfObjectionRef(refs, 'YY-1')).toBe('u1');
    expect(await unitOfObjectionRef(refs, 'YY-99')).toBeNull();
  });

  it('skips the numbers another process took meanwhile', async () => {
    const refs = db.models.objectionRefs;
    await refs.insertMany(['YY-3', 'YY-4', 'YY-5'].map((_id) => ({ _id, unitId: 'u9', createdAt: T0 })));
    expect(await claimNextRef(refs, 'YY', 'u1', T0)).toBe('YY-6');
  });

  it('gives concurrent claimants distinct, consecutive references', async () => {
    const refs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimNextRef(db.models.objectionRefs, 'ZZ', `u${i}`, T0)),
    );
    expect([...refs].sort()).toEqual(['ZZ-1', 'ZZ-2', 'ZZ-3', 'ZZ-4', 'ZZ-5', 'ZZ-6']);
  });
});
