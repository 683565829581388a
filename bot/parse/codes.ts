/**
 * The two kinds of code a resident types after a command word: binding codes (`绑定 8K3M2P`) and notice
 * references (`收到 R-12`). Both are read case-insensitively and returned in one canonical spelling, so
 * handlers compare strings and never re-parse.
 */

export {
  BINDING_CODE_ALPHABET,
  BINDING_CODE_ISSUED_LENGTH,
  BINDING_CODE_MAX_LENGTH,
  BINDING_CODE_MIN_LENGTH,
  EXAMPLE_BINDING_CODE,
  canonicalBindingCode,
} from '../../domain/binding-code.js';

export { EXAMPLE_REFERENCE } from '../../domain/case/index.js';

/** A notice reference: 1–4 letters, an optional hyphen and 1–8 digits (`YY-12`, `yy12`, `TX-0003`). */
const REFERENCE = /^([a-z]{1,4})-?([0-9]{1,8})$/i;

/**
 * The canonical form of a typed notice reference (`domain/case/refs.ts`) — upper-case letters, a
 * hyphen, the number without leading zeros (`yy012` → `YY-12`) — or `null` when `text` is not one.
 * Expects normalized text.
 */
export function canonicalReference(text: string): string | null {
  if (text.length > 16) return null;
  const match = REFERENCE.exec(text);
  return match === null ? null : `${match[1]!.toUpperCase()}-${Number(match[2]!)}`;
}
