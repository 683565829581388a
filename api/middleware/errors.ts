import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import type { Log } from '../../lib/log.js';
import { apiErrorMessage, INTERNAL_ERROR_MESSAGE } from '../../messages/api.js';
import { statusOf } from '../error-status.js';
import { asDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from './database.js';

/** The one error body of the API. */
export interface ErrorBody {
  ok: false;
  error: ErrorCode | 'internal_error';
  message: string;
  details?: unknown;
}

/**
 * Turns a zod failure into the API's `validation_error`, naming the first bad field by its path. When
 * the field sits in a list (`flats.3.area`), `row` gives its place counted from 1, as people number
 * the rows of a roster.
 */
export function validationError(error: ZodError, where: 'body' | 'query' | 'params'): DomainError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : where;
  const index = issue?.path.find((segment) => typeof segment === 'number');
  const row = typeof index === 'number' ? index + 1 : undefined;
  const label = row === undefined ? field : `${field} (row ${row})`;
  return new DomainError('validation_error', `${label}: ${issue?.message ?? 'invalid'}`, {
    field,
    ...(row === undefined ? {} : { row }),
    where,
    issues: error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/**
 * First middleware of the app (Koa's one error path): every thrown error ends here. A DomainError
 * is rendered with its stable code and the status {@link statusOf} maps it to; anything else is a
 * 500 whose message says nothing of the cause — the cause goes to the log only.
 */
export function errors(log: Log): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new DomainError('not_found', `No route for ${ctx.method} ${ctx.path}`, {
          method: ctx.method,
          path: ctx.path,
        });
      }
      // The router's answer to a method a path does not take (405, with `Allow`) or one it does not
      // know at all (501): the caller asked wrongly, so both are a 405 in the API's error body.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        const allowed = ctx.response.get('Allow');
        throw new DomainError(
          'method_not_allowed',
          `${ctx.method} is not allowed on ${ctx.path}${allowed ? `; allowed: ${allowed}` : ''}`,
          { method: ctx.method, ...(allowed ? { allowed: allowed.split(/,\s*/) } : {}) },
        );
      }
    } catch (caught) {
      let error = caught;
      if (error instanceof ZodError) error = validationError(error, 'body');
      error = asDatabaseUnavailable(error);
      error = fromBodyParser(error);
      if (error instanceof DomainError) {
        ctx.status = statusOf(error.code);
        if (error.code === 'database_unavailable')
          ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        const body: ErrorBody = {
          ok: false,
          error: error.code,
          message: apiErrorMessage(error.code, error.details),
        };
        if (error.details !== undefined) body.details = error.details;
        ctx.body = body;
        return;
      }
      log.error({ err: error, method: ctx.method, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = {
        ok: false,
        error: 'internal_error',
        message: INTERNAL_ERROR_MESSAGE,
      } satisfies ErrorBody;
    }
  };
}

/**
 * The body parser's refusals as the API's own errors: a body over the limit is 413
 * `payload_too_large`, an encoding it cannot read 415 `unsupported_media_type`, and anything else it
 * refuses (malformed JSON, a body cut short, a body that is not the gzip or deflate its
 * `Content-Encoding` says — zlib's `Z_…` errors) 400 `invalid_json`. None of them is logged: the caller
 * sent it, and the answer says so. Other errors pass through unchanged.
 */
function fromBodyParser(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || error instanceof DomainError) return error;
  const e = error as { status?: unknown; type?: unknown; name?: unknown; limit?: unknown; code?: unknown };
  if (typeof e.code === 'string' && /^Z_[A-Z_]+$/.test(e.code)) {
    return new DomainError(
      'invalid_json',
      'The request body could not be decompressed as its Content-Encoding says.',
      { reason: 'encoding' },
    );
  }
  if (e.status === 413 || e.type === 'entity.too.large') {
    return new DomainError('payload_too_large', '请求内容太大（上限 1 MB），请减少内容后再试。', {
      limitBytes: typeof e.limit === 'number' ? e.limit : undefined,
    });
  }
  if (e.status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new DomainError('unsupported_media_type', '请求内容的编码无法读取，请用 UTF-8 编码的 JSON。');
  }
  const parserTypes = [
    'entity.parse.failed',
    'request.aborted',
    'request.size.invalid',
    'stream.encoding.set',
  ];
  if (e.status === 400 && (parserTypes.includes(String(e.type)) || e.name === 'SyntaxError')) {
    return new DomainError('invalid_json', 'The request body is not valid JSON.');
  }
  return error;
}
