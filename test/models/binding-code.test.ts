/**
 * Household binding codes (`models/binding-code.ts`): a slip is read by its code, binds the first
 * person who claims it (a unique insert in `binding_code_uses`, not a conditional update), and is
 * revoked once, keeping the first reason.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readBindingCode, revokeOneBindingCode, useBindingCode } from '../../models/binding-code.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('binding_code');
});
afterAll(() => db.close());

async function givenCode(code: string): Promise<void> {
  await db.models.bindingCodes.create({ _id: code, unitId: 'u1', room: '101', issuedAt: T0 });
}

describe('readBindingCode', () => {
  it('reads a code by its _id, and null for one never issued', async () => {
    await givenCode('READ-1');
    expect(await readBindingCode(db.models.bindingCodes, 'READ-1')).toEqual({
      _id: 'READ-1',
      unitId: 'u1',
      room: '101',
      issuedAt: T0,
    });
    expect(await readBindingCode(db.models.bindingCodes, 'NOPE')).toBeNull();
  });
});

describe('useBindingCode', () => {
  it('binds the first claimant, notes the use on the code, and answers later claimants with the first', async () => {
    await givenCode('USE-1');
    expect(await useBindingCode(db.models, 'USE-1', { contactId: 'alice', at: later(1) })).toBe('alice');
    expect(await useBindingCode(db.models, 'USE-1', { contactId: 'bob', at: later(2) })).toBe('alice');
    const code = await readBindingCode(db.models.bindingCodes, 'USE-1');
    expect(code).toMatchObject({ usedBy: 'alice', usedAt: later(1) });
    expect(await db.models.bindingCodeUses.findById('USE-1').lean()).toEqual({
      _id: 'USE-1',
      contactId: 'alice',
      usedAt: later(1),
    });
  });

  it('lets exactly one of many concurrent claimants win, and tells every one of them who did', async () => {
    await givenCode('USE-RACE');
    const contacts = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const holders = await Promise.all(
      contacts.map((contactId) => useBindingCode(db.models, 'USE-RACE', { contactId, at: later(3) })),
    );
    expect(new Set(holders).size).toBe(1);
    const winner = holders[0]!;
    expect(contacts).toContain(winner);
    expect(await readBindingCode(db.models.bindingCodes, 'USE-RACE')).toMatchObject({ usedBy: winner });
    expect(await db.models.bindingCodeUses.countDocuments({ _id: 'USE-RACE' })).toBe(1);
  });
});

describe('revokeOneBindingCode', () => {
  it('revokes a live code once, keeping the first reason and time', async () => {
    await givenCode('REV-1');
    const revoke = (reason: 'said_in_group' | 'revoked', at: Date) =>
      revokeOneBindingCode(db.models.bindingCodes, 'REV-1', { reason, at });
    expect(await revoke('said_in_group', later(5))).toBe(true);
    expect(await revoke('revoked', later(6))).toBe(false);
    expect(await readBindingCode(db.models.bindingCodes, 'REV-1')).toMatchObject({
      revokedAt: later(5),
      revokedReason: 'said_in_group',
    });
  });

  it('revokes nothing for a code that does not exist', async () => {
    expect(await revokeOneBindingCode(db.models.bindingCodes, 'GHOST', { reason: 'revoked', at: T0 })).toBe(
      false,
    );
    expect(await readBindingCode(db.models.bindingCodes, 'GHOST')).toBeNull();
  });
});
