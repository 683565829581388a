/**
 * Which driver errors mean "the database could not be reached" (answered 503, a chat message kept
 * for later) and which mean the server refused the request (a bug or a conflict, never hidden).
 */
import { describe, expect, it } from '@jest/globals';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { isDatabaseUnavailableError } from '../../lib/db.js';

describe('isDatabaseUnavailableError', () => {
  it('knows the network and pool errors, also as the cause of another error', () => {
    expect(isDatabaseUnavailableError(new MongoNetworkError('connection closed'))).toBe(true);
    expect(isDatabaseUnavailableError(new Error('wrapped', { cause: new MongoNetworkError('reset') }))).toBe(
      true,
    );
  });

  it('knows a bulk write cut off when the pool was cleared, by its label', () => {
    const cut = new MongoBulkWriteError(
      { message: 'Connection pool for 127.0.0.1:1 was cleared', code: undefined, writeErrors: [] } as never,
      { insertedCount: 0 } as never,
    );
    cut.addErrorLabel('PoolRequestedRetry');
    expect(isDatabaseUnavailableError(cut)).toBe(true);
  });

  it('knows a bulk write whose connection closed under it, by the network error it copies', () => {
    const closed = new MongoBulkWriteError(new MongoNetworkError('connection 6 to 127.0.0.1:1 closed'), {
      insertedCount: 0,
    } as never);
    expect(isDatabaseUnavailableError(closed)).toBe(true);
    const refused = new MongoBulkWriteError(
      { message: 'E11000 duplicate key', code: 11000, writeErrors: [] },
      { insertedCount: 0 } as never,
    );
    expect(isDatabaseUnavailableError(refused)).toBe(false);
  });

  it('does not take a refusal by the server for an outage', () => {
    expect(
      isDatabaseUnavailableError(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 })),
    ).toBe(false);
    expect(isDatabaseUnavailableError(new Error('anything else'))).toBe(false);
    expect(isDatabaseUnavailableError(null)).toBe(false);
  });
});
