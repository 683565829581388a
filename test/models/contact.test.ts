/**
 * The contacts projection (`models/contact.ts`): one document per contact, read by `_id`, and written
 * as a whole so that a flat or role dropped from the new value is gone from the stored one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readContact, saveContact } from '../../models/contact.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('contact');
});
afterAll(() => db.close());

describe('contacts', () => {
  it('reads null for a contact bound to nothing', async () => {
    expect(await readContact(db.models.contacts, 'nobody')).toBeNull();
  });

  it('saves flats and roles in the order given and reads them back', async () => {
    const doc = {
      _id: 'wx-1',
      flats: [
        { unitId: 'u2', room: '201', role: 'owner' as const },
        { unitId: 'u1', room: '101', role: 'owner' as const },
      ],
      roles: [{ unitId: 'u1', role: 'committee' as const }],
    };
    await saveContact(db.models.contacts, doc);
    expect(await readContact(db.models.contacts, 'wx-1')).toEqual(doc);
  });

  it('replaces the whole document: a later save without roles leaves none', async () => {
    await saveContact(db.models.contacts, {
      _id: 'wx-2',
      flats: [{ unitId: 'u1', room: '102', role: 'owner' }],
      roles: [{ unitId: 'u1', role: 'committee' }],
    });
    await saveContact(db.models.contacts, { _id: 'wx-2', flats: [] });
    expect(await readContact(db.models.contacts, 'wx-2')).toEqual({ _id: 'wx-2', flats: [] });
  });
});
