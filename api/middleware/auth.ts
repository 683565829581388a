import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Requires `Authorization: Bearer <token>` on every request it guards. The administrator token is
 * the committee console's key for now; per-person tokens come with the roles of later issues.
 */
export function requireBearer(adminToken: string): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !same(match[1]!, adminToken)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="jiati"');
      throw new DomainError('unauthorized', 'A valid bearer token is required.');
    }
    ctx.state.actor = { kind: 'admin', id: 'admin' };
    await next();
  };
}
