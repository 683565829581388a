import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors.js';
import { isDatabaseUnavailableError } from '../../lib/db.js';

/** What a client is told to wait before trying again, in seconds (the `Retry-After` header). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The one answer while the database is out: 503 `database_unavailable`, in plain Chinese. */
export function databaseUnavailable(): DomainError {
  return new DomainError('database_unavailable', '数据库暂时不可用，请稍后再试。');
}

/**
 * Turns an error that means "the database could not be reached" (a request that got in just before
 * the outage was known) into {@link databaseUnavailable}; any other error is returned as it is.
 */
export function asDatabaseUnavailable(error: unknown): unknown {
  return isDatabaseUnavailableError(error) ? databaseUnavailable() : error;
}

/** Paths that never touch the database: the pure calendar. */
const DATABASE_FREE = ['/api/v1/calendar/'];

/**
 * Fails fast while the database is known to be out: every request under `/api/` and `/demo/api/` that
 * needs it is answered at once with 503 `database_unavailable` and `Retry-After`, instead of waiting
 * out the driver's server-selection timeout and ending in a 500. Nothing is logged per request; the
 * database watch logs the outage once. It stands before authentication, so during an outage a
 * request without a token gets 503 too (`/healthz` says as much publicly).
 */
export function requireDatabase(database: { available(): boolean }): Middleware {
  return async (ctx, next) => {
    const gated =
      (ctx.path.startsWith('/api/') || ctx.path.startsWith('/demo/api/')) &&
      !DATABASE_FREE.some((prefix) => ctx.path.startsWith(prefix));
    if (gated && !database.available()) throw databaseUnavailable();
    await next();
  };
}
