import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors.js';
import type { RateLimiters } from './rate-limit.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Requires `Authorization: Bearer <token>` on every request it guards. The administrator token is
 * the committee console's key for now; per-person tokens come with the roles of later issues.
 *
 * An address that failed too often is refused before its token is even compared (429 `rate_limited`),
 * each failure is counted against it, and each accepted token is held to its own request rate.
 */
export function requireBearer(adminToken: string, limits: RateLimiters): Middleware {
  return async (ctx, next) => {
    await limits.assertNotLocked(ctx);
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !same(match[1]!, adminToken)) {
      await limits.failedAuthentication(ctx);
      ctx.set('WWW-Authenticate', 'Bearer realm="jiati"');
      throw new DomainError('unauthorized', 'A valid bearer token is required.');
    }
    await limits.countToken(ctx, match[1]!);
    ctx.state.actor = { kind: 'admin', id: 'admin' };
    await next();
  };
}
