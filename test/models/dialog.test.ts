/**
 * Guided chat dialogs (`models/dialog.ts`): one open dialog per contact, expired on read (no TTL
 * index), replaced whole by the next, ended by a delete; and one-time dialog steps claimed by a
 * unique insert, so a double `1` files once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { claimDialogStep, endDialog, readDialog, saveDialog, type DialogDoc } from '../../models/dialog.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('dialog');
});
afterAll(() => db.close());

const dialog = (contactId: string, extra: Partial<DialogDoc> = {}): DialogDoc => ({
  _id: contactId,
  kind: 'objection',
  sessionId: `s-${contactId}`,
  unitId: 'u1',
  room: '101',
  step: 'ground',
  startedAt: T0,
  updatedAt: T0,
  expiresAt: at(30),
  ...extra,
});

describe('readDialog', () => {
  it('reads the open dialog until its expiry, and null from the expiry instant on', async () => {
    await saveDialog(db.models.dialogs, dialog('c1'));
    expect(await readDialog(db.models.dialogs, 'c1', at(29))).toMatchObject({ _id: 'c1', step: 'ground' });
    expect(await readDialog(db.models.dialogs, 'c1', at(30))).toBeNull();
    expect(await readDialog(db.models.dialogs, 'nobody', at(0))).toBeNull();
  });

  it('answers lookups of several contacts made together, each with its own dialog', async () => {
    await saveDialog(db.models.dialogs, dialog('c2', { room: '201' }));
    await saveDialog(db.models.dialogs, dialog('c3', { room: '301', expiresAt: at(1) }));
    const found = await Promise.all(
      ['c2', 'c3', 'none'].map((id) => readDialog(db.models.dialogs, id, at(5))),
    );
    expect(found.map((doc) => doc?.room ?? null)).toEqual(['201', null, null]);
  });
});

describe('saveDialog / endDialog', () => {
  it('replaces the dialog as a whole, then ends it', async () => {
    await saveDialog(db.models.dialogs, dialog('c4', { step: 'text', ground: 'daylight', text: '挡光' }));
    await saveDialog(
      db.models.dialogs,
      dialog('c4', { sessionId: 's-new', startedAt: at(40), expiresAt: at(70) }),
    );
    const stored = await readDialog(db.models.dialogs, 'c4', at(41));
    expect(stored).toMatchObject({ sessionId: 's-new', step: 'ground' });
    expect(stored).not.toHaveProperty('ground');
    expect(stored).not.toHaveProperty('text');
    await endDialog(db.models.dialogs, 'c4');
    expect(await db.models.dialogs.countDocuments({ _id: 'c4' })).toBe(0);
  });
});

describe('claimDialogStep', () => {
  it('is true for the first claim of a step only, even when several arrive at once', async () => {
    const results = await Promise.all(
      [0, 1, 2].map(() => claimDialogStep(db.models.dialogs, 's-1:confirm', T0)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claimDialogStep(db.models.dialogs, 's-1:confirm', at(1))).toBe(false);
    expect(await claimDialogStep(db.models.dialogs, 's-2:confirm', at(1))).toBe(true);
  });
});
