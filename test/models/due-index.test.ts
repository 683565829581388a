/**
 * The due index (`models/due-index.ts`): what is due when, in hourly buckets of chunk documents read
 * by `_id`, behind a cursor that moves on once everything before it is settled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DueIndex, DueReader, dueIndexOf } from '../../models/due-index.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2026-03-02T10:20:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('due');
});
afterAll(() => db.close());

function fresh(name: string): { index: DueIndex; reader: (backfill?: string[]) => DueReader } {
  const index = dueIndexOf(db.connection.collection(name));
  return {
    index,
    reader: (backfill = []) =>
      new DueReader(index, { backfill: async () => backfill.map((id) => ({ id, at: at(0) })) }),
  };
}

describe('the due index', () => {
  it('answers what is due by now, earliest first, and nothing that is not due yet', async () => {
    const { index, reader } = fresh('due_a');
    const sweeper = reader();
    expect(await sweeper.due(at(0))).toEqual([]);
    await index.add([{ id: 'later', at: at(90) }], at(0));
    await index.add(
      [
        { id: 'b', at: at(5) },
        { id: 'a', at: at(3) },
      ],
      at(0),
    );
    expect(await sweeper.due(at(4))).toEqual(['a']);
    expect(await sweeper.due(at(10))).toEqual(['a', 'b']);
    sweeper.settle('a', at(10));
    expect(await sweeper.due(at(10))).toEqual(['b']);
    expect(await sweeper.due(at(100))).toEqual(['b', 'later']);
    // Chunks are documents `<hour>#<n>`, written once each.
    const ids = (await db.connection.collection('due_a').find({}).toArray()).map((doc) => doc._id).sort();
    expect(ids).toEqual(['2026-03-02T10#1', '2026-03-02T11#1', 'cursor']);
  });

  it('moves its cursor past settled hours only, and drops their chunks', async () => {
    const { index, reader } = fresh('due_b');
    const sweeper = reader();
    await sweeper.due(at(0));
    await index.add([{ id: 'x', at: at(1) }], at(0));
    expect(await sweeper.due(at(2))).toEqual(['x']);
    await sweeper.advance(at(120)); // 'x' is not settled: the cursor stays at 10:00
    expect(await index.cursor()).toBe(Date.parse('2026-03-02T10:00:00Z'));
    sweeper.settle('x', at(120));
    expect(await sweeper.due(at(120))).toEqual([]);
    await sweeper.advance(at(120));
    expect(await index.cursor()).toBe(Date.parse('2026-03-02T12:00:00Z'));
    expect(await db.connection.collection('due_b').countDocuments({ _id: { $ne: 'cursor' } as never })).toBe(
      0,
    );
    // A write for a time the readers have passed goes into the cursor's hour: due at once.
    await index.add([{ id: 'late', at: at(1) }], at(1));
    expect(await reader().due(at(121))).toEqual(['late']);
  });

  it('never moves its cursor past an hour it has not read, however late the clock says it is', async () => {
    const { index, reader } = fresh('due_e');
    const sweeper = reader();
    await sweeper.due(at(0));
    await index.add([{ id: 'next-hour', at: at(70) }], at(0));
    await sweeper.advance(at(24 * 60)); // the clock jumped a day ahead between two reads
    expect(await index.cursor()).toBe(Date.parse('2026-03-02T11:00:00Z'));
    expect(await sweeper.due(at(24 * 60))).toEqual(['next-hour']);
  });

  it('keeps an entry whose document reads as not due until the write that follows it had time', async () => {
    const { index, reader } = fresh('due_c');
    const sweeper = reader();
    await sweeper.due(at(0));
    await index.add(
      [{ id: 'slow' }, { id: 'gone' }].map(({ id }) => ({ id, at: at(0) })),
      at(0),
    );
    await sweeper.due(at(0));
    sweeper.settleRead('slow', at(0));
    sweeper.settleRead('gone', at(0));
    expect(await sweeper.due(at(0))).toEqual(['gone', 'slow']);
    sweeper.settleRead('gone', at(2));
    expect(await sweeper.due(at(2))).toEqual(['slow']);
  });

  it('indexes what a database held before it once, and loses no entry to concurrent writers', async () => {
    const { index, reader } = fresh('due_d');
    expect(await reader(['old-1', 'old-2']).due(at(0))).toEqual(['old-1', 'old-2']);
    expect(await reader(['never']).due(at(0))).toEqual(['old-1', 'old-2']);
    // Two writers (as two processes would be) racing for the chunk numbers of one hour.
    const other = new DueIndex(db.connection.collection('due_d') as never);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? index : other).add([{ id: `w${String(i).padStart(2, '0')}`, at: at(1) }], at(0)),
      ),
    );
    expect((await reader().due(at(1))).filter((id) => id.startsWith('w'))).toHaveLength(30);
  });
});
