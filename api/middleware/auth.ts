import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { PLATFORM_ADMIN, type Actor } from '../../domain/case/index.js';
import { DomainError } from '../../domain/errors.js';
import type { RateLimiters } from './rate-limit.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Finds the staff member a bearer secret signs in (a per-person token), or null. */
export type StaffTokenResolver = (secret: string) => Promise<Actor | null>;

/**
 * Requires `Authorization: Bearer <token>` on every request it guards, and sets `ctx.state.actor` to
 * whom it signs in: the administrator token (`JIATI_ADMIN_TOKEN`) signs in the platform administrator;
 * any other token is looked up as a per-person staff token (`staffToken`: one `_id` lookup by its
 * hash), which must be neither revoked nor expired. Anything else is 401 `unauthorized`, the same
 * answer whatever was wrong with it.
 *
 * An address that failed too often is refused before its token is even compared (429 `rate_limited`),
 * each failure is counted against it, and each accepted token is held to its own request rate.
 */
export function requireBearer(
  adminToken: string,
  limits: RateLimiters,
  staffToken: StaffTokenResolver = async () => null,
): Middleware {
  return async (ctx, next) => {
    await limits.assertNotLocked(ctx);
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1];
    const actor: Actor | null =
      token === undefined ? null : same(token, adminToken) ? PLATFORM_ADMIN : await staffToken(token);
    if (token === undefined || actor === null) {
      await limits.failedAuthentication(ctx);
      ctx.set('WWW-Authenticate', 'Bearer realm="jiati"');
      throw new DomainError('unauthorized', 'A valid bearer token is required.');
    }
    await limits.countToken(ctx, token);
    ctx.state.actor = actor;
    await next();
  };
}
