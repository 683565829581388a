/**
 * The case view (`models/case-view.ts`): the projection of a case keyed by its id, written only
 * forward (an older or equal seq never replaces a newer view), its state stored as plain JSON, and its
 * head read back with or without the time of its last event.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { initialState, type CaseState } from '../../domain/case/index.js';
import {
  readCaseView,
  readCaseViewHead,
  viewHead,
  writeCaseView,
  type CaseViewDoc,
} from '../../models/case-view.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('case_view');
});
afterAll(() => db.close());

const view = (caseId: string, seq: number, extra: Partial<CaseViewDoc> = {}): CaseViewDoc => ({
  _id: caseId,
  seq,
  hash: `h${seq}`,
  stage: 'new',
  state: initialState,
  projectedAt: T0,
  ...extra,
});

describe('viewHead', () => {
  it('gives seq and hash, and the time of the last event only when the view recorded it', () => {
    expect(viewHead({ seq: 3, hash: 'x' })).toEqual({ seq: 3, hash: 'x' });
    expect(viewHead({ seq: 3, hash: 'x', headAt: null as never })).toEqual({ seq: 3, hash: 'x' });
    const head = viewHead({ seq: 3, hash: 'x', headAt: '2025-03-03T02:00:00.000Z' as never });
    expect(head).toEqual({ seq: 3, hash: 'x', at: T0 });
    expect(head.at).toBeInstanceOf(Date);
  });
});

describe('readCaseView / readCaseViewHead', () => {
  it('read null for a case with no view', async () => {
    expect(await readCaseView(db.models.caseViews, 'none')).toBeNull();
    expect(await readCaseViewHead(db.models.caseViews, 'none')).toBeNull();
  });

  it('read the whole view, or only its seq and hash', async () => {
    expect(await writeCaseView(db.models.caseViews, view('r1', 2, { headAt: T0 }))).toBe(true);
    expect(await readCaseView(db.models.caseViews, 'r1')).toMatchObject({ _id: 'r1', seq: 2, headAt: T0 });
    expect(await readCaseViewHead(db.models.caseViews, 'r1')).toEqual({ _id: 'r1', seq: 2, hash: 'h2' });
  });
});

describe('writeCaseView', () => {
  it('writes the first view, then only a newer seq: an equal or older one is refused and changes nothing', async () => {
    const views = db.models.caseViews;
    expect(await writeCaseView(views, view('w1', 3))).toBe(true);
    expect(await writeCaseView(views, view('w1', 3, { hash: 'other' }))).toBe(false);
    expect(await writeCaseView(views, view('w1', 2))).toBe(false);
    expect(await readCaseViewHead(views, 'w1')).toMatchObject({ seq: 3, hash: 'h3' });
    expect(await writeCaseView(views, view('w1', 5, { stage: 'collecting' }))).toBe(true);
    expect(await readCaseView(views, 'w1')).toMatchObject({ seq: 5, hash: 'h5', stage: 'collecting' });
  });

  it('stores the state as JSON (no undefined keys, dates as strings) and no headAt when none was given', async () => {
    const state = { ...initialState, extra: undefined, when: T0 } as unknown as CaseState;
    await writeCaseView(db.models.caseViews, view('w2', 1, { state }));
    const stored = await readCaseView(db.models.caseViews, 'w2');
    expect(stored).not.toHaveProperty('headAt');
    expect(stored!.state).not.toHaveProperty('extra');
    expect((stored!.state as unknown as { when: unknown }).when).toBe('2025-03-03T02:00:00.000Z');
  });

  it('keeps one view when the first two writers of a case race', async () => {
    const results = await Promise.all([
      writeCaseView(db.models.caseViews, view('w3', 1)),
      writeCaseView(db.models.caseViews, view('w3', 1)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.models.caseViews.countDocuments({ _id: 'w3' })).toBe(1);
  });
});
