/**
 * The audit of the hash chains: incremental from each case's checkpoint (the nightly job), full from
 * the first event (`npm run audit:verify`), every read by `_id`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeVerifyAllChains, type VerifyAllChains } from '../../commands/verify-chains.js';
import { auditCheckpointsOf } from '../../models/audit-checkpoint.js';
import { CaseStreams, EMPTY_HEAD, hashEvent, type StoredEvent } from '../../models/case-stream.js';
import type { StreamHead } from '../../models/case-stream.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const at = new Date('2026-05-01T00:00:00Z');
let db: TestDatabase;
let streams: CaseStreams;
let verify: VerifyAllChains;
beforeAll(async () => {
  db = await openTestDatabase('audit');
  streams = new CaseStreams(db.models.caseEvents);
  verify = makeVerifyAllChains(db.models.caseEvents);
});
afterAll(() => db.close());

async function append(caseId: string, head: StreamHead, from: number, to: number): Promise<StreamHead> {
  for (let n = from; n <= to; n++) {
    head = await streams.append(caseId, head, {
      type: 'Noted',
      data: { n },
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      at,
    });
  }
  return head;
}

const checkpoint = (caseId: string) => auditCheckpointsOf(db.models.caseEvents).findOne({ _id: caseId });

describe('the nightly audit', () => {
  it('verifies every registered case and goes on from its checkpoint the next night', async () => {
    const a = await append('audit-a', EMPTY_HEAD, 1, 3);
    await append('audit-b', EMPTY_HEAD, 1, 2);
    expect(await verify()).toEqual([
      { caseId: 'audit-a', events: 3, ok: true },
      { caseId: 'audit-b', events: 2, ok: true },
    ]);
    expect(await checkpoint('audit-a')).toMatchObject({ seq: 3, hash: a.hash });
    await append('audit-a', a, 4, 5);
    expect(await verify(['audit-a'])).toEqual([{ caseId: 'audit-a', events: 5, ok: true }]);
    expect(await checkpoint('audit-a')).toMatchObject({ seq: 5 });
  });

  it('notices a chain rewritten before its checkpoint, and an event changed after it', async () => {
    let head = await append('audit-c', EMPTY_HEAD, 1, 3);
    await verify(['audit-c']);
    // Event 2 changed and every later event re-hashed, so the chain itself is consistent again.
    let prev = (await db.models.caseEvents.findById('audit-c:1').lean())!.hash;
    for (let seq = 2; seq <= 3; seq++) {
      const doc = (await db.models.caseEvents.findById(`audit-c:${seq}`).lean())!;
      const forged = { ...doc, data: { n: 20 * seq }, prevHash: prev };
      prev = hashEvent({ ...forged, hash: undefined } as unknown as StoredEvent);
      await db.models.caseEvents.collection.replaceOne(
        { _id: doc._id } as never,
        { ...forged, hash: prev } as never,
      );
    }
    expect(await verify(['audit-c'])).toEqual([
      { caseId: 'audit-c', events: 3, ok: false, firstBreak: { seq: 3, reason: 'hash_mismatch' } },
    ]);
    expect(await verify(['audit-c'], { full: true })).toEqual([
      { caseId: 'audit-c', events: 3, ok: false, firstBreak: { seq: 3, reason: 'hash_mismatch' } },
    ]);

    head = await append('audit-d', EMPTY_HEAD, 1, 2);
    await verify(['audit-d']);
    await append('audit-d', head, 3, 4);
    await db.models.caseEvents.collection.updateOne({ _id: 'audit-d:4' } as never, {
      $set: { 'data.n': 40 },
    });
    expect((await verify(['audit-d']))[0]!.firstBreak).toEqual({ seq: 4, reason: 'hash_mismatch' });
    expect(await checkpoint('audit-d')).toMatchObject({ seq: 2 });
  });

  it('names a lost last event from the case view, and leaves an old event changed in place to the full check', async () => {
    await append('audit-e', EMPTY_HEAD, 1, 3);
    await db.models.caseViews.collection.insertOne({ _id: 'audit-e', seq: 3, hash: 'x' } as never);
    await verify(['audit-e']);
    await db.models.caseEvents.collection.updateOne({ _id: 'audit-e:1' } as never, {
      $set: { 'data.n': 10 },
    });
    // Incremental: event 1 is before the checkpoint and was not re-hashed: only the full walk sees it.
    expect((await verify(['audit-e']))[0]!.ok).toBe(true);
    expect((await verify(['audit-e'], { full: true }))[0]!.firstBreak).toEqual({
      seq: 1,
      reason: 'hash_mismatch',
    });
    await db.models.caseEvents.collection.updateOne({ _id: 'audit-e:1' } as never, { $set: { 'data.n': 1 } });
    await db.models.caseEvents.deleteOne({ _id: 'audit-e:3' });
    expect((await verify(['audit-e'], { full: true }))[0]!.firstBreak).toEqual({
      seq: 3,
      reason: 'missing_event',
    });
    expect((await verify(['audit-e']))[0]!.firstBreak).toEqual({ seq: 3, reason: 'missing_event' });
  });
});
