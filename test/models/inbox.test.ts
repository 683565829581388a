/**
 * The inbox (`models/inbox.ts`): an inbound message is recorded once under its message id, so a
 * redelivery is told apart and changes nothing; marking it handled or failed writes its status (and
 * the error code only when there is one).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { markInbound, recordInbound, type InboxDoc } from '../../models/inbox.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('inbox');
});
afterAll(() => db.close());

const message = (id: string, text: string): Omit<InboxDoc, 'status'> => ({
  _id: id,
  roomId: 'room@chatroom',
  talkerId: 'wx-1',
  text,
  sentAt: T0,
  receivedAt: T0,
});

describe('recordInbound', () => {
  it('records a message as received once; a redelivery returns false and keeps the first text', async () => {
    expect(await recordInbound(db.models.inbox, message('m1', '同意'))).toBe(true);
    expect(await recordInbound(db.models.inbox, message('m1', '反对'))).toBe(false);
    expect(await db.models.inbox.findById('m1').lean()).toMatchObject({ text: '同意', status: 'received' });
  });

  it('tells each of a burst of deliveries, redeliveries among them, its own fate', async () => {
    const ids = ['b1', 'b2', 'b1', 'b3', 'b2'];
    const results = await Promise.all(
      ids.map((id, n) => recordInbound(db.models.inbox, message(id, `t${n}`))),
    );
    expect(results).toEqual([true, true, false, true, false]);
    expect(await db.models.inbox.countDocuments({ _id: { $in: ['b1', 'b2', 'b3'] } })).toBe(3);
  });
});

describe('markInbound', () => {
  it('sets the status, and the error code only when one is given', async () => {
    await recordInbound(db.models.inbox, message('k1', 'a'));
    await recordInbound(db.models.inbox, message('k2', 'b'));
    await Promise.all([
      markInbound(db.models.inbox, 'k1', 'handled'),
      markInbound(db.models.inbox, 'k2', 'failed', 'stream_conflict'),
    ]);
    const k1 = await db.models.inbox.findById('k1').lean();
    expect(k1?.status).toBe('handled');
    expect(k1).not.toHaveProperty('error');
    expect(await db.models.inbox.findById('k2').lean()).toMatchObject({
      status: 'failed',
      error: 'stream_conflict',
    });
  });
});
