/**
 * The checks every concern of a case shares: refusing with a `DomainError`, validating what a command
 * brings in (instants, days, text, lists), keeping event data JSON-safe, and the two stage gates. Malformed
 * input raises the core `validation_error` with `{ field }`; a gate raises its own code (`codes.ts`).
 */
import { DomainError } from '../errors.js';
import type { ErrorCode, ErrorDetails } from '../errors.js';
import type { Stage } from './stages.js';

const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Refuses a command: throws the `DomainError` of `code`. */
export function fail(code: ErrorCode, message: string, details?: ErrorDetails): never {
  throw new DomainError(code, message, details);
}

/** Refuses malformed input: a `validation_error` naming the field. */
export function invalid(field: string, message: string): never {
  fail('validation_error', message, { field });
}

/** The ISO string of a valid instant. */
export function instant(value: Date, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    invalid(field, `${field} is not a valid instant.`);
  return value.toISOString();
}

/** An instant that has already happened (or is happening now). */
export function pastInstant(value: Date, field: string, now: Date): string {
  const iso = instant(value, field);
  if (value.getTime() > now.getTime()) invalid(field, `${field} is in the future.`);
  return iso;
}

/** A calendar day `YYYY-MM-DD` (the calendar module checks real dates; this checks the shape). */
export function day(value: string, field: string): string {
  if (typeof value !== 'string' || !DAY_PATTERN.test(value))
    invalid(field, `${field} is not a YYYY-MM-DD day.`);
  return value;
}

/** A non-empty string. */
export function text(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, `${field} is empty.`);
  return value;
}

/** An optional name part: absent, or non-empty. */
export function optionalText(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
}

/** A list of non-empty, distinct strings (optionally required to be non-empty). */
export function items(values: readonly string[] | undefined, field: string, required = false): string[] {
  const list = [...(values ?? [])];
  if (required && list.length === 0) invalid(field, `${field} lists nothing.`);
  list.forEach((value, index) => text(value, `${field}[${index}]`));
  if (new Set(list).size !== list.length) invalid(field, `${field} lists an item twice.`);
  return list;
}

/** Drops `undefined` values so event data stays JSON-safe and hashes the same after a round trip. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** A plain JSON copy: event data must hash the same after a round trip through the database. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Object keys sorted, for comparing two settings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Refuses every command but `RegisterUnit` on a case that has no unit yet (`unit_not_registered`). */
export function requireRegistered(state: { readonly stage: Stage }): void {
  if (state.stage === 'new') fail('unit_not_registered', 'Register the unit first.');
}

/** Refuses a command that does not belong to the case's stage (`wrong_stage`, `{ stage, expected }`). */
export function requireStage(state: { readonly stage: Stage }, expected: readonly Stage[]): void {
  requireRegistered(state);
  if (!expected.includes(state.stage)) {
    fail('wrong_stage', `The case is at ${state.stage}; this needs ${expected.join(' or ')}.`, {
      stage: state.stage,
      expected,
    });
  }
}
