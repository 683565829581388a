/**
 * The coalescing writes of the hot paths (`models/define.ts`) on the embedded database: many callers
 * at once, each told its own document's fate, nothing stored twice or lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  findByIdBatched,
  insertUnique,
  insertUniqueBatched,
  MAX_UPDATES_PER_COMMAND,
  updateByIdBatched,
} from '../../models/define.js';
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

  it('splits a big batch into commands of at most MAX_UPDATES_PER_COMMAND statements', async () => {
    // FerretDB v1.24 deadlocks on an update command of about 100 statements (README, findings).
    const collection = db.connection.collection('marks_many');
    await collection.insertMany(
      Array.from({ length: 300 }, (_, i) => ({ _id: `m${i}`, status: 'received' })) as never[],
    );
    const sizes: number[] = [];
    const counting = {
      bulkWrite: (ops: never[], options: { ordered: false }) => {
        sizes.push(ops.length);
        return collection.bulkWrite(ops, options);
      },
    };
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        updateByIdBatched(counting, `m${i}`, { $set: { status: 'handled' } }),
      ),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_UPDATES_PER_COMMAND);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await collection.countDocuments({ status: 'handled' })).toBe(300);
  });
});

describe('findByIdBatched', () => {
  it('answers lookups that arrive together with one query, each caller with its own document', async () => {
    const collection = db.connection.collection('lookups');
    await collection.insertMany([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ] as never[]);
    const queries: unknown[] = [];
    const counting = {
      findOne: (filter: never) => (queries.push(filter), collection.findOne(filter)),
      find: (filter: never) => (queries.push(filter), collection.find(filter)),
    };
    const found = await Promise.all(['a', 'missing', 'b', 'a'].map((id) => findByIdBatched(counting, id)));
    expect(found).toEqual([{ _id: 'a', n: 1 }, null, { _id: 'b', n: 2 }, { _id: 'a', n: 1 }]);
    expect(queries).toEqual([{ _id: { $in: ['a', 'missing', 'b'] } }]);
    // A lone lookup stays an `_id` lookup (the one FerretDB/SQLite answers from an index).
    expect(await findByIdBatched(counting, 'b')).toEqual({ _id: 'b', n: 2 });
    expect(queries.at(-1)).toEqual({ _id: 'b' });
  });
});
