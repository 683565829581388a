/**
 * The stored case event (`models/case-event.ts`): the unique `(caseId, seq)` index is what refuses a
 * second event at one seq even under another `_id`, and the channel must be one the project knows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHANNELS, type CaseEventDoc } from '../../models/case-event.js';
import { isDuplicateKey } from '../../models/define.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('case_event');
});
afterAll(() => db.close());

const event = (id: string, caseId: string, seq: number): CaseEventDoc => ({
  _id: id,
  caseId,
  seq,
  type: 'Test',
  data: { n: seq },
  actor: { kind: 'admin', id: 'admin' },
  channel: 'api',
  at: T0,
  prevHash: 'p',
  hash: `h${seq}`,
});

describe('case events', () => {
  it('refuses a second event at the same (caseId, seq) under a different _id with a duplicate key', async () => {
    await db.models.caseEvents.create(event('c1:1', 'c1', 1));
    const second = await db.models.caseEvents.create(event('other-id', 'c1', 1)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isDuplicateKey(second)).toBe(true);
    expect(await db.models.caseEvents.countDocuments({ caseId: 'c1' })).toBe(1);
    // The same seq in another case is free.
    await db.models.caseEvents.create(event('c2:1', 'c2', 1));
    expect(await db.models.caseEvents.countDocuments({ seq: 1 })).toBe(2);
  });

  it('stores empty data as an empty object, and refuses a channel it does not know', async () => {
    await db.models.caseEvents.create({ ...event('c3:1', 'c3', 1), data: {} });
    expect((await db.models.caseEvents.findById('c3:1').lean())?.data).toEqual({});
    await expect(
      db.models.caseEvents.create({ ...event('c3:2', 'c3', 2), channel: 'fax' as never }),
    ).rejects.toThrow(/channel/);
    expect(CHANNELS).toContain('wechat');
    expect(await db.models.caseEvents.countDocuments({ caseId: 'c3' })).toBe(1);
  });
});
