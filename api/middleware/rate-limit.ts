import { createHash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors.js';

/**
 * How much one caller may ask (conventions.md §9, "every input is bounded"). Each
 * figure is per process and per rolling window; 0 turns that limit off.
 */
export interface RateLimits {
  /** Requests from one address per minute, whatever they ask (the health check and the demo included). */
  readonly perAddressPerMinute: number;
  /** Authenticated requests per bearer token per minute. */
  readonly perTokenPerMinute: number;
  /** Failed authentications one address may make within 15 minutes; past them it is refused for 15 minutes. */
  readonly authFailuresPerAddress: number;
}

/** The defaults: a committee console clicking fast stays far below them; a script hammering does not. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddressPerMinute: 600,
  perTokenPerMinute: 300,
  authFailuresPerAddress: 10,
};

const FAILURE_WINDOW_SECONDS = 15 * 60;

/** The limiters of one app, shared by its middleware (in memory: a limit holds per process). */
export interface RateLimiters {
  /** Counts one request from the caller's address; refuses with 429 `rate_limited` past the limit. */
  readonly byAddress: Middleware;
  /** Refuses at once an address that failed authentication too often. */
  assertNotLocked(ctx: Context): Promise<void>;
  /** Counts one failed authentication of the caller's address. */
  failedAuthentication(ctx: Context): Promise<void>;
  /** Counts one request of an authenticated token; refuses with 429 past the limit. */
  countToken(ctx: Context, token: string): Promise<void>;
}

function limiter(points: number, durationSeconds: number, blockSeconds = 0): RateLimiterMemory | null {
  return points > 0
    ? new RateLimiterMemory({ points, duration: durationSeconds, blockDuration: blockSeconds })
    : null;
}

/** Refuses the request: 429 with `Retry-After` in whole seconds, and a plain-Chinese message. */
function refuse(ctx: Context, msBeforeNext: number, reason: 'requests' | 'failed_authentication'): never {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  ctx.set('Retry-After', String(seconds));
  const message =
    reason === 'failed_authentication'
      ? `登录失败次数太多，请 ${Math.ceil(seconds / 60)} 分钟后再试。`
      : `请求太频繁，请 ${seconds} 秒后再试。`;
  throw new DomainError('rate_limited', message, { reason, retryAfterSeconds: seconds });
}

/** Consumes one point of `key`, or refuses the request when the limiter says no. */
async function take(
  ctx: Context,
  rate: RateLimiterMemory | null,
  key: string,
  reason: 'requests' | 'failed_authentication',
): Promise<void> {
  if (rate === null) return;
  try {
    await rate.consume(key);
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) refuse(ctx, rejected.msBeforeNext, reason);
    throw rejected;
  }
}

/** A token is kept in memory only as a short digest, never as itself. */
const digest = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 22);

/** Builds the limiters of one app from its limits. */
export function createRateLimiters(limits: RateLimits = DEFAULT_RATE_LIMITS): RateLimiters {
  const perAddress = limiter(limits.perAddressPerMinute, 60);
  const perToken = limiter(limits.perTokenPerMinute, 60);
  const failures = limiter(limits.authFailuresPerAddress, FAILURE_WINDOW_SECONDS, FAILURE_WINDOW_SECONDS);
  return {
    byAddress: async (ctx, next) => {
      await take(ctx, perAddress, ctx.ip, 'requests');
      await next();
    },
    async assertNotLocked(ctx) {
      if (failures === null) return;
      const state = await failures.get(ctx.ip);
      if (state !== null && state.consumedPoints > limits.authFailuresPerAddress) {
        refuse(ctx, state.msBeforeNext, 'failed_authentication');
      }
    },
    async failedAuthentication(ctx) {
      if (failures === null) return;
      try {
        await failures.consume(ctx.ip);
      } catch (rejected) {
        // Over the limit: the limiter now blocks the address. This request is still answered 401;
        // the next one meets the lock.
        if (!(rejected instanceof RateLimiterRes)) throw rejected;
      }
    },
    countToken: (ctx, token) => take(ctx, perToken, digest(token), 'requests'),
  };
}
