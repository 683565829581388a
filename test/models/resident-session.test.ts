/**
 * Resident sessions (`models/resident-session.ts`): found by the hash of their secret, stored once
 * (issuing again changes nothing), and revoked once, keeping the first revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  insertSession,
  markSessionRevoked,
  readSessionByHash,
  type ResidentSessionDoc,
} from '../../models/resident-session.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2025-03-03T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('resident_session');
});
afterAll(() => db.close());

const session = (hash: string, extra: Partial<ResidentSessionDoc> = {}): ResidentSessionDoc => ({
  _id: hash,
  sessionId: `ses_${hash}`,
  contactId: 'mp:openid-1',
  method: 'wechat',
  issuedAt: T0,
  expiresAt: at(60 * 24 * 30),
  ...extra,
});

describe('resident sessions', () => {
  it('reads a session by hash, null for an unknown one, and a second insert keeps the first', async () => {
    const { residentSessions } = db.models;
    expect(await readSessionByHash(residentSessions, 'unknown')).toBeNull();
    await insertSession(residentSessions, session('h1'));
    await insertSession(residentSessions, session('h1', { contactId: 'mp:other' }));
    expect(await readSessionByHash(residentSessions, 'h1')).toEqual(session('h1'));
  });

  it('revokes a session once: a later revocation keeps the first time', async () => {
    const { residentSessions } = db.models;
    await insertSession(residentSessions, session('h2'));
    await markSessionRevoked(residentSessions, 'h2', at(5));
    await markSessionRevoked(residentSessions, 'h2', at(9));
    expect((await readSessionByHash(residentSessions, 'h2'))?.revokedAt).toEqual(at(5));
    expect(await readSessionByHash(residentSessions, 'h1')).not.toHaveProperty('revokedAt');
    await markSessionRevoked(residentSessions, 'missing', at(5));
    expect(await readSessionByHash(residentSessions, 'missing')).toBeNull();
  });
});
