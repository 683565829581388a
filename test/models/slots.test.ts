/**
 * Numbered slots (`models/slots.ts`): a list kept as `<prefix><n>` documents, read by `_id` in
 * growing windows up to the first gap, and appended to by unique insert at the first free number —
 * past slots other writers took, found by galloping and a binary search, never a count.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection } from 'mongoose';
import { appendSlot, findByIds, nextWindow, readSlots } from '../../models/slots.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('slots');
});
afterAll(() => db.close());

/**
 * A view of collection `name` as one process holds it: its own object, so its own append hints (the
 * module keeps them per collection object), counting the lookups and inserts it sends.
 */
function processView(name: string) {
  const collection: Collection = db.connection.collection(name);
  const calls = { findOne: 0, insertOne: 0 };
  return {
    calls,
    findOne: (filter: never, options?: object) => (calls.findOne++, collection.findOne(filter, options)),
    insertOne: (doc: never) => (calls.insertOne++, collection.insertOne(doc)),
  };
}

async function fill(name: string, prefix: string, numbers: number[]): Promise<void> {
  await db.connection
    .collection(name)
    .insertMany(numbers.map((n) => ({ _id: `${prefix}${n}`, n })) as never[]);
}

describe('nextWindow', () => {
  it('grows 1, 4, 16, then stays at 32', () => {
    expect([1, 4, 16, 32].map(nextWindow)).toEqual([4, 16, 32, 32]);
  });
});

describe('findByIds', () => {
  it('answers each id in order, null where there is no document', async () => {
    await fill('ids', 'i', [1, 3]);
    const found = await findByIds<{ n: number }>(processView('ids'), ['i3', 'i2', 'i1']);
    expect(found.map((doc) => doc?.n ?? null)).toEqual([3, null, 1]);
  });
});

describe('readSlots', () => {
  it('reads up to the first missing slot in windows of 1, 4, then 16 lookups', async () => {
    await fill('runs', 'a#', [1, 2, 3, 4, 5, 6, 8]);
    const view = processView('runs');
    const docs = await readSlots<{ n: number }>(view, 'a#');
    expect(docs.map((doc) => doc.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(view.calls.findOne).toBe(1 + 4 + 16);
  });

  it('starts at `from`, stops at `max` without looking further, and reads nothing past an empty tail', async () => {
    const view = processView('runs');
    expect((await readSlots<{ n: number }>(view, 'a#', 3, 2)).map((doc) => doc.n)).toEqual([3, 4]);
    expect(view.calls.findOne).toBe(2);
    expect(await readSlots(view, 'a#', 7)).toEqual([]);
    expect(view.calls.findOne).toBe(3);
    expect(await readSlots(view, 'other#')).toEqual([]);
  });
});

describe('appendSlot', () => {
  it('appends at 1, 2… and, knowing the last slot it read, tries the next one straight away', async () => {
    const view = processView('append');
    expect(await appendSlot(view, 'p#', (n) => ({ n }))).toBe(1);
    expect(await appendSlot(view, 'p#', (n) => ({ n }))).toBe(2);
    expect(await db.connection.collection('append').findOne({ _id: 'p#2' } as never)).toEqual({
      _id: 'p#2',
      n: 2,
    });
    const reader = processView('append');
    await fill('append', 'p#', [3, 4]);
    expect(await readSlots(reader, 'p#')).toHaveLength(4);
    const before = { ...reader.calls };
    expect(await appendSlot(reader, 'p#', () => ({}))).toBe(5);
    expect(reader.calls.insertOne - before.insertOne).toBe(1);
    expect(reader.calls.findOne - before.findOne).toBe(0);
  });

  it('passes a run of slots other writers took to the first free one', async () => {
    const first = processView('gallop');
    expect(await appendSlot(first, 'g#', () => ({}))).toBe(1);
    await fill(
      'gallop',
      'g#',
      Array.from({ length: 9 }, (_, i) => i + 2),
    );
    expect(await appendSlot(first, 'g#', () => ({}))).toBe(11);
    // A process that never saw the list finds the end as well.
    expect(await appendSlot(processView('gallop'), 'g#', () => ({}))).toBe(12);
  });

  it('gives concurrent appenders distinct slots with no gap', async () => {
    const slots = await Promise.all(
      Array.from({ length: 8 }, () => appendSlot(processView('race'), 'r#', () => ({}))),
    );
    expect([...slots].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
