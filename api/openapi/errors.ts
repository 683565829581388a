import { z, type ZodType } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import { statusOf } from '../error-status.js';
import type { ErrorBody } from '../middleware/errors.js';
import type { ApiRoute } from './route-table.js';

/** Every code the API's error body may carry: the domain's, and `internal_error` (a 500 that says nothing). */
export type ApiErrorCode = ErrorBody['error'];

/** The status of any code of the error body. */
export function apiStatusOf(code: ApiErrorCode): number {
  return code === 'internal_error' ? 500 : statusOf(code);
}

/** Whether a query schema is a paged list's (`PageQuery`, or one built on it): it takes `?cursor=`. */
function isPaged(query: ZodType | undefined): boolean {
  return query instanceof z.ZodObject && 'cursor' in query.shape;
}

/** Methods whose body the JSON parser reads (`@koa/bodyparser`'s default). */
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
/** Codes that mean the route read a case stream, which may be found broken (500 `stream_corrupted`). */
const READS_A_CASE: readonly ErrorCode[] = ['unit_not_registered', 'ballot_not_found'];

/**
 * Every code a route may answer with, by status: those its spec declares (its command's refusals), and
 * those every route of its kind may give, from the middleware in front of it (`api/app.ts`):
 * - any route: 429 `rate_limited` (the per-address limit comes first) and 500 `internal_error`;
 * - behind the guard: 401 `unauthorized`, 503 `database_unavailable` (the database gate, or a
 *   database error on the way);
 * - behind the guard, by POST, PUT or PATCH: the JSON body parser's 400 `invalid_json`, 413
 *   `payload_too_large` and 415 `unsupported_media_type`, whatever the route reads;
 * - behind the guard of `api/routes/access.ts`: 403 `forbidden` (a staff member's role, or a
 *   resident, may not do this, or the route is not open to them), and for a path naming a unit or a
 *   ballot its 404, `unit_not_registered` or `ballot_not_found` (one outside the caller's scope is
 *   answered as one that does not exist);
 * - with a request schema: 400 `validation_error`;
 * - a paged list (its query takes `?cursor=`, `api/pagination.ts`): 400 `invalid_cursor`;
 * - reading a case: 500 `stream_corrupted`.
 */
export function errorCodesOf(route: ApiRoute): Map<number, ApiErrorCode[]> {
  const codes = new Set<ApiErrorCode>(['rate_limited', 'internal_error']);
  const spec = route.spec;
  if (route.access === 'bearer') {
    codes.add('unauthorized');
    codes.add('database_unavailable');
    if (BODY_METHODS.includes(route.method)) {
      for (const code of ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const)
        codes.add(code);
    }
  }
  if (route.guard !== undefined) {
    codes.add('forbidden');
    if (route.guard.target === 'unit') codes.add('unit_not_registered');
    if (route.guard.target === 'ballot') codes.add('ballot_not_found');
  }
  if (spec?.params || spec?.query || spec?.body) codes.add('validation_error');
  if (isPaged(spec?.query)) codes.add('invalid_cursor');
  for (const code of spec?.errors ?? []) codes.add(code);
  if (READS_A_CASE.some((code) => codes.has(code))) codes.add('stream_corrupted');
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) {
    const status = apiStatusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * What a code means beyond its own name when the staff-token guard may give it: said in the
 * description of the status that lists it.
 */
export const GUARD_NOTES: Readonly<Partial<Record<ApiErrorCode, string>>> = {
  forbidden: 'a staff member’s role, or a resident, may not do this',
  unit_not_registered:
    'also a unit outside the caller’s scope — a staff token’s or a resident’s flats — answered as one that does not exist',
  ballot_not_found: 'also a ballot of a unit outside the caller’s scope',
};

/**
 * The API's one error body (`api/middleware/errors.ts`) with `error` one of `codes`:
 * `{ ok: false, error, message, details? }`. `message` is a plain Chinese sentence for people; `error`
 * is the stable code a program reads.
 */
export function errorBodySchema(codes: readonly ApiErrorCode[]) {
  return z.strictObject({
    ok: z.literal(false),
    error: z.enum(codes as readonly [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  });
}

/** The error body with any code of the API. */
export const AnyErrorBody = errorBodySchema(['internal_error', ...ERROR_CODES]);
