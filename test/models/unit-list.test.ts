/**
 * The units' listing (`unit_list`) on the real embedded database: two processes that start on one
 * database at once both backfill, and both write the same unit's listing. FerretDB v1's upsert is not
 * atomic, so the second may meet a duplicate key: it must replace, not fail the start-up.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../lib/db.js';
import { createModels } from '../../models/index.js';
import { readUnitListing, replaceUnitListing, type UnitListingDoc } from '../../models/unit-list.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
/** Other connections to the same database: the other processes starting at once. */
const others: Connection[] = [];
beforeAll(async () => {
  db = await openTestDatabase('unit_list');
  for (let i = 0; i < 4; i++) others.push(await connectDatabase(db.uri, db.name));
});
afterAll(async () => {
  for (const connection of others) await connection.close();
  await db.close();
});

const listing = (id: string, stage: string): UnitListingDoc => ({
  _id: id,
  seq: 3,
  unit: { name: '测试单元' },
  stage,
  registeredAt: new Date('2025-03-03T02:00:00Z'),
});

describe('replaceUnitListing', () => {
  it('writes the same new listing from many writers at once without failing, and keeps one', async () => {
    const writers = [
      db.models.unitListings,
      ...others.map((connection) => createModels(connection).unitListings),
    ];
    for (let round = 0; round < 20; round++) {
      const results = await Promise.allSettled(
        writers.map((listings) => replaceUnitListing(listings, listing(`u_race_${round}`, 'voting'))),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await db.models.unitListings.countDocuments({ _id: `u_race_${round}` })).toBe(1);
    }
    expect(await replaceUnitListing(db.models.unitListings, listing('u_race', 'voting'))).toBe(true);
    expect((await readUnitListing(db.models.unitListings, 'u_race'))?.stage).toBe('voting');
  });

  it('replaces a listing that says something else, and writes nothing when it already says it', async () => {
    expect(await replaceUnitListing(db.models.unitListings, listing('u_race', 'agreement'))).toBe(true);
    expect(await replaceUnitListing(db.models.unitListings, listing('u_race', 'agreement'))).toBe(false);
    expect((await readUnitListing(db.models.unitListings, 'u_race'))?.stage).toBe('agreement');
  });
});
