/**
 * The coalescing writes of the hot paths (`models/define.ts`) on the embedded database: many callers
 * at once, each told its own document's fate, nothing stored twice or lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertUnique, insertUniqueBatched, updateByIdBatched } from '../../models/define.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('define');
});
afterAll(() => db.close());

describe('insertUniqueBatched', () => {
  it('inserts what arrives together, telling each caller whether its key was free', async () => {
    const collection = db.connection.collection('coalesced');
    expect(await insertUnique(collection, { _id: 'taken', n: 0 })).toBe(true);
    const ids = ['a', 'b', 'taken', 'c', 'b', ...Array.from({ length: 30 }, (_, i) => `m${i}`)];
    const results = await Promise.all(ids.map((_id, n) => insertUniqueBatched(collection, { _id, n })));
    expect(results.slice(0, 5)).toEqual([true, true, false, true, false]);
    expect(results.slice(5).every((inserted) => inserted)).toBe(true);
    expect(await collection.countDocuments()).toBe(34);
    // The first of two documents under one key wins; the one already stored is untouched.
    expect(await collection.findOne({ _id: 'b' } as never)).toMatchObject({ n: 1 });
    expect(await collection.findOne({ _id: 'taken' } as never)).toMatchObject({ n: 0 });
  });

  it('sends a lone insert at once', async () => {
    const collection = db.connection.collection('lone');
    expect(await insertUniqueBatched(collection, { _id: 'x' })).toBe(true);
    expect(await insertUniqueBatched(collection, { _id: 'x' })).toBe(false);
  });
});

describe('updateByIdBatched', () => {
  it('applies every update that arrives together, by _id', async () => {
    const collection = db.connection.collection('marks');
    await collection.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ _id: `i${i}`, status: 'received' })) as never[],
    );
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateByIdBatched(collection, `i${i}`, { $set: { status: `done-${i}` } }),
      ),
    );
    const docs = await collection.find({}).toArray();
    expect(docs.map((doc) => doc.status).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `done-${i}`).sort(),
    );
  });
});
