/**
 * The per-unit lists of issued codes (`models/unit-codes.ts`): each issue a numbered slot per kind and
 * unit; revoking reads only the unit's own lists — all its live codes, or one flat's — skipping codes
 * listed but never stored or stored for another unit; and the once-per-database backfill.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readBindingCode } from '../../models/binding-code.js';
import { backfillUnitCodes, listIssuedCodes, revokeUnitCodes, unitCodesOf } from '../../models/unit-codes.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('unit_codes');
});
afterAll(() => db.close());

async function issueHousehold(
  unitId: string,
  codes: [string, string][],
  storedUnitId = unitId,
): Promise<void> {
  const { bindingCodes } = db.models;
  await listIssuedCodes(
    bindingCodes,
    'household',
    unitId,
    codes.map(([code, room]) => ({ code, room })),
    T0,
  );
  await bindingCodes.insertMany(
    codes.map(([code, room]) => ({ _id: code, unitId: storedUnitId, room, issuedAt: T0 })),
  );
}

describe('backfillUnitCodes', () => {
  it('lists the live codes stored before the lists once, and marks it done', async () => {
    const { bindingCodes } = db.models;
    await bindingCodes.insertMany([
      { _id: 'OLD-1', unitId: 'old', room: '101', issuedAt: T0 },
      { _id: 'OLD-2', unitId: 'old', room: '102', issuedAt: T0, revokedAt: T0 },
    ]);
    await backfillUnitCodes(bindingCodes, 'household');
    await backfillUnitCodes(bindingCodes, 'household');
    const lists = unitCodesOf(bindingCodes);
    expect(await lists.find({ _id: { $regex: /^household:old#/ } } as never).toArray()).toEqual([
      expect.objectContaining({ _id: 'household:old#1', codes: [{ code: 'OLD-1', room: '101' }] }),
    ]);
    expect(await lists.countDocuments({ _id: 'backfilled:household' })).toBe(1);
  });
});

describe('listIssuedCodes / revokeUnitCodes', () => {
  it("numbers each unit's issues, without a room for a group code", async () => {
    await issueHousehold('u1', [
      ['A-1', '101'],
      ['A-2', '102'],
    ]);
    await issueHousehold('u1', [['A-3', '101']]);
    await listIssuedCodes(db.models.groupCodes, 'group', 'u1', [{ code: 'G-1' }], T0);
    const lists = unitCodesOf(db.models.bindingCodes);
    expect((await lists.findOne({ _id: 'household:u1#2' }))?.codes).toEqual([{ code: 'A-3', room: '101' }]);
    expect((await lists.findOne({ _id: 'group:u1#1' }))?.codes).toEqual([{ code: 'G-1' }]);
  });

  it("revokes one flat's live codes with the reason given, then the rest of the unit's as reissued", async () => {
    const { bindingCodes } = db.models;
    await issueHousehold('u2', [['B-1', '101']]);
    // Listed for u1 but never stored (a crash in between), and listed for u1 but stored for u9.
    await listIssuedCodes(bindingCodes, 'household', 'u1', [{ code: 'GHOST', room: '101' }], T0);
    await issueHousehold('u1', [['STRAY', '101']], 'u9');

    expect(
      await revokeUnitCodes(bindingCodes, 'household', {
        unitId: 'u1',
        room: '101',
        at: at(1),
        reason: 'revoked',
      }),
    ).toBe(2);
    expect(await readBindingCode(bindingCodes, 'A-1')).toMatchObject({
      revokedAt: at(1),
      revokedReason: 'revoked',
    });
    expect(await readBindingCode(bindingCodes, 'A-3')).toMatchObject({ revokedReason: 'revoked' });
    expect(await readBindingCode(bindingCodes, 'A-2')).not.toHaveProperty('revokedAt');
    expect(await readBindingCode(bindingCodes, 'STRAY')).not.toHaveProperty('revokedAt');
    expect(await readBindingCode(bindingCodes, 'B-1')).not.toHaveProperty('revokedAt');

    expect(await revokeUnitCodes(bindingCodes, 'household', { unitId: 'u1', at: at(2) })).toBe(1);
    expect(await readBindingCode(bindingCodes, 'A-2')).toMatchObject({
      revokedAt: at(2),
      revokedReason: 'reissued',
    });
    expect(await readBindingCode(bindingCodes, 'A-1')).toMatchObject({
      revokedAt: at(1),
      revokedReason: 'revoked',
    });
    expect(await revokeUnitCodes(bindingCodes, 'household', { unitId: 'u1', at: at(3) })).toBe(0);
    expect(await readBindingCode(bindingCodes, 'B-1')).not.toHaveProperty('revokedAt');
  });

  it("revokes a unit's group codes on their own list", async () => {
    const { groupCodes } = db.models;
    await groupCodes.create({ _id: 'G-1', unitId: 'u1', issuedAt: T0 });
    expect(await revokeUnitCodes(groupCodes, 'group', { unitId: 'u1', at: at(4) })).toBe(1);
    expect(await groupCodes.findById('G-1').lean()).toMatchObject({ revokedAt: at(4) });
    expect(await revokeUnitCodes(groupCodes, 'group', { unitId: 'u1', at: at(5) })).toBe(0);
  });
});
