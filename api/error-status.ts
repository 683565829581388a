import type { ErrorCode } from '../domain/errors.js';

/**
 * The HTTP status of each error code: the one place the mapping lives. `Record<ErrorCode, …>`
 * makes it exhaustive — a new code does not compile until it has a status here.
 */
const STATUS = {
  validation_error: 400,
  invalid_json: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  stream_conflict: 409,
  stream_corrupted: 500,
} satisfies Partial<Record<ErrorCode, number>>;

/** Codes whose status is 404 / 409 / 422 by family, for codes the table above does not list yet. */
export function statusOf(code: ErrorCode): number {
  const explicit = (STATUS as Partial<Record<ErrorCode, number>>)[code];
  if (explicit !== undefined) return explicit;
  if (code.endsWith('_not_found') || code.startsWith('unknown_')) return 404;
  return 422;
}
