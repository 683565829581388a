import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import type { Log } from '../../lib/log.js';
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
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new DomainError('not_found', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (caught) {
      let error = caught;
      if (error instanceof ZodError) error = validationError(error, 'body');
      error = asDatabaseUnavailable(error);
      if (isBodyParserError(error)) {
        error = new DomainError('invalid_json', 'The request body is not valid JSON.');
      }
      if (error instanceof DomainError) {
        ctx.status = statusOf(error.code);
        if (error.code === 'database_unavailable')
          ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        const body: ErrorBody = { ok: false, error: error.code, message: error.message };
        if (error.details !== undefined) body.details = error.details;
        ctx.body = body;
        return;
      }
      log.error({ err: error, method: ctx.method, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = {
        ok: false,
        error: 'internal_error',
        message: 'Something went wrong on our side.',
      } satisfies ErrorBody;
    }
  };
}

function isBodyParserError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; type?: unknown; name?: unknown };
  return e.status === 400 && (e.type === 'entity.parse.failed' || e.name === 'SyntaxError');
}
