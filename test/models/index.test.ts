/**
 * The model registry (`models/index.ts`): every model bound to its own collection on one connection,
 * indexes synced idempotently, and the start-up migration that lists the codes stored before the
 * per-unit code lists existed — once per database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase } from '../../lib/db.js';
import { caseRegistryOf } from '../../models/case-stream.js';
import { createModels, migrate, syncAllIndexes } from '../../models/index.js';
import { unitCodesOf } from '../../models/unit-codes.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('models_index');
});
afterAll(() => db.close());

describe('createModels / syncAllIndexes', () => {
  it('binds each model to its collection and syncs indexes again without failing on existing collections', async () => {
    expect(db.models.caseEvents.collection.collectionName).toBe('case_events');
    expect(db.models.bindingCodeUses.collection.collectionName).toBe('binding_code_uses');
    expect(db.models.outbox.db).toBe(db.connection);
    await syncAllIndexes(db.models);
    const tokenIndexes = await db.models.staffTokens.collection.indexes();
    expect(tokenIndexes.find((index) => index.name === 'tokenId_1')).toMatchObject({ unique: true });
    const eventIndexes = await db.models.caseEvents.collection.indexes();
    expect(eventIndexes.find((index) => index.name === 'caseId_1_seq_1')).toMatchObject({ unique: true });
  });
});

describe('migrate', () => {
  it('lists the live codes stored before the lists, per unit and kind, once, and marks each step done', async () => {
    await db.models.bindingCodes.insertMany([
      { _id: 'H-1', unitId: 'u1', room: '101', issuedAt: T0 },
      { _id: 'H-2', unitId: 'u1', room: '102', issuedAt: T0 },
      { _id: 'H-3', unitId: 'u1', room: '102', issuedAt: T0, revokedAt: T0, revokedReason: 'reissued' },
    ]);
    await db.models.groupCodes.create({ _id: 'G-1', unitId: 'u1', issuedAt: T0 });
    await migrate(db.models);
    const lists = unitCodesOf(db.models.bindingCodes);
    const household = await lists.findOne({ _id: 'household:u1#1' });
    expect(household?.codes).toEqual([
      { code: 'H-1', room: '101' },
      { code: 'H-2', room: '102' },
    ]);
    expect((await lists.findOne({ _id: 'group:u1#1' }))?.codes).toEqual([{ code: 'G-1' }]);
    expect(await lists.countDocuments({ _id: { $in: ['backfilled:household', 'backfilled:group'] } })).toBe(
      2,
    );
    expect(await caseRegistryOf(db.models.caseEvents).countDocuments({ _id: 'backfilled' })).toBe(1);

    // Again, in this process and in another one starting on the same database: nothing listed twice.
    const before = await lists.countDocuments();
    await migrate(db.models);
    const other = await connectDatabase(db.uri, db.name);
    try {
      await migrate(createModels(other));
    } finally {
      await other.close();
    }
    expect(await lists.countDocuments()).toBe(before);
  });
});
