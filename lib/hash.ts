import { createHash } from 'node:crypto';

/** A JSON value with no undefined, functions, NaN or Infinity: the only thing {@link canonicalJson} takes. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `Date` as its ISO string. Two
 * equal values always give the same bytes, which is what makes a hash chain verifiable after the
 * documents have been through a database that may reorder keys.
 *
 * Strings (keys too) are written as the database gives them back: a lone surrogate — a chat client
 * or a JSON body can send one (`"\ud800"`), and it is not text — becomes U+FFFD, as it does when the
 * driver encodes the document to UTF-8. Otherwise JSON.stringify writes it as the escape `\ud800`, the
 * stored event reads back with U+FFFD, and the chain no longer verifies (found by the chat fuzz test).
 *
 * Refuses values JSON cannot round-trip (undefined inside arrays, NaN, Infinity, functions, bigint),
 * so a hash never silently covers less than what was stored. Object properties whose value is
 * `undefined` are dropped, as JSON.stringify and every database driver drop them.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** A lone surrogate (half of a UTF-16 pair without its other half). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every lone surrogate replaced by U+FFFD, as UTF-8 encoding replaces it. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`canonicalJson: invalid date at ${path}`);
    return JSON.stringify(value.toISOString());
  }
  switch (typeof value) {
    case 'boolean':
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(wellFormed(value));
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [wellFormed(k), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value} at ${path}`);
  }
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash that opens every chain (the `prevHash` of event 1): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);
