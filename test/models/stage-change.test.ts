/**
 * Stage changes per case (`models/stage-change.ts`): changes added in seq order, a seq already stored
 * left as it is, concurrent writes of one case in this process all landing, and read back per case
 * with their instants as dates.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StageChange } from '../../domain/dashboard/index.js';
import { readStageChanges, recordStageChanges } from '../../models/stage-change.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2025-03-03T02:00:00.000Z');
const at = (days: number) => new Date(T0 + days * 86_400_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('stage_change');
});
afterAll(() => db.close());

const change = (seq: number, from: string, to: string, days: number): StageChange =>
  ({ seq, from, to, at: at(days) }) as StageChange;

describe('recordStageChanges / readStageChanges', () => {
  it('adds the new changes in seq order, leaves a stored seq as it is, and says how many were new', async () => {
    const { stageChanges } = db.models;
    expect(
      await recordStageChanges(stageChanges, 'u1', [change(9, 'b', 'c', 3), change(1, 'new', 'b', 0)]),
    ).toBe(2);
    expect(
      await recordStageChanges(stageChanges, 'u1', [change(9, 'x', 'y', 9), change(12, 'c', 'd', 5)]),
    ).toBe(1);
    expect(await recordStageChanges(stageChanges, 'u1', [])).toBe(0);
    const read = await readStageChanges(stageChanges, ['u1', 'absent']);
    expect([...read.keys()]).toEqual(['u1']);
    expect(read.get('u1')).toEqual([
      change(1, 'new', 'b', 0),
      change(9, 'b', 'c', 3),
      change(12, 'c', 'd', 5),
    ]);
    expect(read.get('u1')![0]!.at).toBeInstanceOf(Date);
  });

  it('keeps every change when several writes of one case run at once', async () => {
    const counts = await Promise.all(
      [1, 2, 3, 4, 5].map((seq) =>
        recordStageChanges(db.models.stageChanges, 'u2', [change(seq, 's', 't', seq)]),
      ),
    );
    expect(counts).toEqual([1, 1, 1, 1, 1]);
    const read = await readStageChanges(db.models.stageChanges, ['u2']);
    expect(read.get('u2')!.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads many cases at once, each with its own changes', async () => {
    await recordStageChanges(db.models.stageChanges, 'u3', [change(2, 'new', 'b', 1)]);
    const read = await readStageChanges(db.models.stageChanges, ['u3', 'u1', 'u2']);
    expect(new Map([...read].map(([id, changes]) => [id, changes.length]))).toEqual(
      new Map([
        ['u1', 3],
        ['u2', 5],
        ['u3', 1],
      ]),
    );
  });
});
