/**
 * The `contacts` projection on the real database: `withUnit` replaces one unit's part of a contact's
 * document (units in id order, no empty `roles`, nothing when nothing is left); the after-append hook
 * writes a contact's flats and roles as the case records them, across units, and leaves the document
 * alone for an event that changes neither; `repair` rewrites one unit's part from its stream, keeping
 * the others; `addUnitContacts` builds the same documents from the states.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { addUnitContacts, contactsAfterAppend, withUnit } from '../../commands/contacts.js';
import { issueBindingCodes } from '../../commands/issue-binding-codes.js';
import { loadCase } from '../../commands/kernel/read.js';
import { recordContactRole } from '../../commands/record-contact-role.js';
import type { ContactDoc } from '../../models/contact.js';
import { adminAt, givenUnit, openCommandWorld, slipsOf, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('contacts');
});
afterAll(() => world.close());

const at = (ms: number) => ({ now: new Date(Date.parse(T0) + ms) });
const contactOf = (id: string) => world.models.contacts.findById(id).lean<ContactDoc>().exec();

/** Two units, ids in order, and `wx-both` bound to 101 of each and a committee member of the first. */
async function twoUnits(): Promise<{ first: string; second: string }> {
  const [first, second] = [await givenUnit(world.ctx, 2), await givenUnit(world.ctx, 2)].sort();
  for (const unitId of [second!, first!]) {
    const slip = await slipsOf(world.ctx, unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-both', code: slip('101') }, at(1));
  }
  await recordContactRole(world.ctx, { unitId: first!, contactId: 'wx-both', role: 'committee' }, adminAt(2));
  return { first: first!, second: second! };
}

describe('withUnit', () => {
  const stored: ContactDoc = {
    _id: 'c',
    flats: [
      { unitId: 'u_b', room: '101', role: 'owner' },
      { unitId: 'u_c', room: '201', role: 'proxy' },
    ],
    roles: [{ unitId: 'u_b', role: 'committee' }],
  };

  it("replaces one unit's entries, keeping the others, units in id order", () => {
    expect(
      withUnit('c', stored, 'u_a', {
        flats: [{ unitId: 'u_a', room: '302', role: 'co_owner' }],
        roles: [{ unitId: 'u_a', role: 'applicant' }],
      }),
    ).toEqual({
      _id: 'c',
      flats: [
        { unitId: 'u_a', room: '302', role: 'co_owner' },
        { unitId: 'u_b', room: '101', role: 'owner' },
        { unitId: 'u_c', room: '201', role: 'proxy' },
      ],
      roles: [
        { unitId: 'u_a', role: 'applicant' },
        { unitId: 'u_b', role: 'committee' },
      ],
    });
  });

  it('drops the roles field when no role is left, and the document when nothing is', () => {
    expect(withUnit('c', stored, 'u_b', { flats: [], roles: [] })).toEqual({
      _id: 'c',
      flats: [{ unitId: 'u_c', room: '201', role: 'proxy' }],
    });
    expect(
      withUnit('c', { _id: 'c', flats: [{ unitId: 'u_c', room: '1', role: 'owner' }] }, 'u_c', {
        flats: [],
        roles: [],
      }),
    ).toBeNull();
    expect(withUnit('c', null, 'u_a', { flats: [], roles: [{ unitId: 'u_a', role: 'district' }] })).toEqual({
      _id: 'c',
      flats: [],
      roles: [{ unitId: 'u_a', role: 'district' }],
    });
  });
});

describe('the contacts after-append hook', () => {
  it("writes a contact's flats and roles in every unit, units in id order, and the rebuild agrees", async () => {
    const { first, second } = await twoUnits();
    const expected: ContactDoc = {
      _id: 'wx-both',
      flats: [
        { unitId: first, room: '101', role: 'owner' },
        { unitId: second, room: '101', role: 'owner' },
      ],
      roles: [{ unitId: first, role: 'committee' }],
    };
    expect(await contactOf('wx-both')).toEqual(expected);
    const rebuilt = new Map<string, ContactDoc>();
    for (const unitId of [second, first])
      addUnitContacts(rebuilt, unitId, (await loadCase(world.ctx, unitId)).state);
    expect(rebuilt.get('wx-both')).toEqual(expected);
  });

  it('leaves the document alone after an event that changes no binding nor role', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const slip = await slipsOf(world.ctx, unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-quiet', code: slip('102') }, at(1));
    // A marker the hook would overwrite if it rewrote the document.
    await world.models.contacts.updateOne({ _id: 'wx-quiet' }, { $set: { flats: [] } }).exec();
    await issueBindingCodes(world.ctx, { unitId }, adminAt(2));
    expect((await contactOf('wx-quiet'))?.flats).toEqual([]);
    // A change that concerns the contact rewrites it from the case.
    await recordContactRole(world.ctx, { unitId, contactId: 'wx-quiet', role: 'applicant' }, adminAt(3));
    expect(await contactOf('wx-quiet')).toEqual({
      _id: 'wx-quiet',
      flats: [{ unitId, room: '102', role: 'owner' }],
      roles: [{ unitId, role: 'applicant' }],
    });
  });

  it("repairs one unit's part from its stream, keeping the other units' part", async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const slip = await slipsOf(world.ctx, unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-mended', code: slip('102') }, at(1));
    await world.models.contacts
      .replaceOne(
        { _id: 'wx-mended' },
        {
          flats: [
            { unitId, room: '999', role: 'proxy' },
            { unitId: 'u_zzzzzzzzzzzzzzzz', room: '1', role: 'owner' },
          ],
        },
      )
      .exec();
    await contactsAfterAppend.repair(world.ctx, unitId);
    expect(await contactOf('wx-mended')).toEqual({
      _id: 'wx-mended',
      flats: [
        { unitId, room: '102', role: 'owner' },
        { unitId: 'u_zzzzzzzzzzzzzzzz', room: '1', role: 'owner' },
      ],
    });
    await world.models.contacts.deleteOne({ _id: 'wx-mended' }).exec();
    await contactsAfterAppend.repair(world.ctx, unitId);
    expect(await contactOf('wx-mended')).toEqual({
      _id: 'wx-mended',
      flats: [{ unitId, room: '102', role: 'owner' }],
    });
  });
});
