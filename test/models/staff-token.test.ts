/**
 * Staff tokens (`models/staff-token.ts`): found by the hash of their secret or by their public id
 * (unique: a second token under a taken id is never stored), revoked once keeping the first revocation,
 * and listed page by page, oldest first, all of them or one community's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  insertToken,
  markTokenRevoked,
  readTokenByHash,
  readTokenById,
  readTokensPage,
  type StaffTokenDoc,
} from '../../models/staff-token.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = Date.parse('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const ADMIN = { kind: 'admin' as const, id: 'admin' };

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('staff_token');
});
afterAll(() => db.close());

const token = (hash: string, tokenId: string, minutes: number, communityId?: string): StaffTokenDoc => ({
  _id: hash,
  tokenId,
  name: `员工${tokenId}`,
  role: 'committee',
  scope: { kind: 'community', id: communityId ?? 'none' },
  ...(communityId === undefined ? {} : { communityId }),
  issuedAt: at(minutes),
  issuedBy: ADMIN,
  expiresAt: at(minutes + 60 * 24 * 365),
});

describe('reading, storing and revoking', () => {
  it('reads by hash and by token id; issuing again, or another token under a taken id, stores nothing', async () => {
    const { staffTokens } = db.models;
    await insertToken(staffTokens, token('hash-1', 'tok_1', 0, 'c1'));
    await insertToken(staffTokens, { ...token('hash-1', 'tok_1', 0, 'c1'), name: '改名' });
    await insertToken(staffTokens, token('hash-other', 'tok_1', 5, 'c2'));
    expect(await readTokenByHash(staffTokens, 'hash-1')).toEqual(token('hash-1', 'tok_1', 0, 'c1'));
    expect(await readTokenById(staffTokens, 'tok_1')).toMatchObject({ _id: 'hash-1', communityId: 'c1' });
    expect(await readTokenByHash(staffTokens, 'hash-other')).toBeNull();
    expect(await readTokenById(staffTokens, 'tok_none')).toBeNull();
  });

  it('revokes a token once: a later revocation keeps the first time and actor', async () => {
    const { staffTokens } = db.models;
    await insertToken(staffTokens, token('hash-2', 'tok_2', 1));
    await markTokenRevoked(staffTokens, 'hash-2', at(10), ADMIN);
    await markTokenRevoked(staffTokens, 'hash-2', at(20), { kind: 'district', id: 'tok_9' });
    expect(await readTokenByHash(staffTokens, 'hash-2')).toMatchObject({
      revokedAt: at(10),
      revokedBy: ADMIN,
    });
  });
});

describe('readTokensPage', () => {
  it('pages all tokens, or one community, by issue time then id, resuming within a tie', async () => {
    const { staffTokens } = db.models;
    await staffTokens.deleteMany({});
    for (const doc of [
      token('h-b', 'tok_b', 1, 'c1'),
      token('h-a', 'tok_a', 1, 'c2'),
      token('h-c', 'tok_c', 1, 'c1'),
      token('h-d', 'tok_d', 0),
      token('h-e', 'tok_e', 2, 'c1'),
    ]) {
      await insertToken(staffTokens, doc);
    }
    const ids = (page: StaffTokenDoc[]) => page.map((doc) => doc.tokenId);
    expect(ids(await readTokensPage(staffTokens, undefined, undefined, 3))).toEqual([
      'tok_d',
      'tok_a',
      'tok_b',
    ]);
    expect(
      ids(await readTokensPage(staffTokens, undefined, { issuedAt: at(1), tokenId: 'tok_b' }, 3)),
    ).toEqual(['tok_c', 'tok_e']);
    expect(ids(await readTokensPage(staffTokens, 'c1', undefined, 10))).toEqual(['tok_b', 'tok_c', 'tok_e']);
    expect(ids(await readTokensPage(staffTokens, 'c1', { issuedAt: at(1), tokenId: 'tok_b' }, 1))).toEqual([
      'tok_c',
    ]);
    expect(ids(await readTokensPage(staffTokens, 'c9', undefined, 10))).toEqual([]);
  });
});
