/**
 * The one error type of the domain core. It carries a stable snake_case `code` and optional
 * `details`, never an HTTP status: transports map codes to statuses (`api/middleware/errors.ts`)
 * and to Chinese sentences (`messages/`) in one place each, checked exhaustively.
 *
 * Each module lists its own codes next to its rules; this file unions them, so adding a code is
 * a one-line change in the module that needs it and the compiler then points at every mapping
 * that must learn it.
 */
import { CALENDAR_ERROR_CODES } from './calendar/codes.js';
import { CASE_ERROR_CODES } from './case/codes.js';
import { COST_ERROR_CODES } from './cost/codes.js';
import { PLATFORM_ERROR_CODES } from './platform/codes.js';
import { VOTE_ERROR_CODES } from './vote/codes.js';

/** Codes that belong to no single module: input checks and the event stream. */
export const CORE_ERROR_CODES = [
  'validation_error',
  'not_found',
  'unauthorized',
  /** An elevator's alarm not signed with its key, stale or replayed (nothing stored); `{ reason }`. */
  'invalid_signature',
  'forbidden',
  'stream_conflict',
  'stream_corrupted',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unreadable_file',
  'method_not_allowed',
  'rate_limited',
  'database_unavailable',
  'invalid_cursor',
] as const;

export const ERROR_CODES = [
  ...CORE_ERROR_CODES,
  ...VOTE_ERROR_CODES,
  ...COST_ERROR_CODES,
  ...CALENDAR_ERROR_CODES,
  ...CASE_ERROR_CODES,
  ...PLATFORM_ERROR_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Structured, JSON-safe facts about an error (which row, which field, which stage…). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** A rule of the domain refused an input or a command. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetails,
  ) {
    super(message ?? code);
  }
}

/** True when `value` is a {@link DomainError}, optionally with the given code. */
export function isDomainError(value: unknown, code?: ErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
