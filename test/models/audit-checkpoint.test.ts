/**
 * The audit checkpoints (`models/audit-checkpoint.ts`): where the nightly audit last found a case's
 * chain sound, one document per case keyed by its id, read back as `{ seq, hash }` and overwritten by
 * the next verification.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditCheckpointsOf, readCheckpoint, writeCheckpoint } from '../../models/audit-checkpoint.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('audit_cp');
});
afterAll(() => db.close());

describe('audit checkpoints', () => {
  it('reads null for a case never verified', async () => {
    expect(await readCheckpoint(auditCheckpointsOf(db.models.caseEvents), 'never')).toBeNull();
  });

  it('stores a checkpoint under the case id and reads back only its seq and hash', async () => {
    const checkpoints = auditCheckpointsOf(db.models.caseEvents);
    await writeCheckpoint(checkpoints, 'u1', { seq: 4, hash: 'h4' }, T0);
    expect(await readCheckpoint(checkpoints, 'u1')).toEqual({ seq: 4, hash: 'h4' });
    expect(await checkpoints.findOne({ _id: 'u1' })).toEqual({
      _id: 'u1',
      seq: 4,
      hash: 'h4',
      verifiedAt: T0,
    });
  });

  it('replaces the earlier checkpoint of the same case, leaving other cases alone', async () => {
    const checkpoints = auditCheckpointsOf(db.models.caseEvents);
    await writeCheckpoint(checkpoints, 'u2', { seq: 1, hash: 'a' }, T0);
    await writeCheckpoint(checkpoints, 'u3', { seq: 2, hash: 'b' }, T0);
    const later = new Date(T0.getTime() + 86_400_000);
    await writeCheckpoint(checkpoints, 'u2', { seq: 9, hash: 'z' }, later);
    expect(await readCheckpoint(checkpoints, 'u2')).toEqual({ seq: 9, hash: 'z' });
    expect(await readCheckpoint(checkpoints, 'u3')).toEqual({ seq: 2, hash: 'b' });
    expect(await checkpoints.countDocuments({ _id: { $in: ['u2', 'u3'] } })).toBe(2);
    expect((await checkpoints.findOne({ _id: 'u2' }))?.verifiedAt).toEqual(later);
  });
});
