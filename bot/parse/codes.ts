/**
 * The two kinds of code a resident types after a command word: binding codes (`绑定 8K3M2P`) and notice
 * references (`收到 R-12`). Both are read case-insensitively and returned in one canonical spelling, so
 * handlers compare strings and never re-parse.
 */

/**
 * The letters and digits a binding code is issued from: Crockford's base 32, which leaves out I, L, O
 * and U so that a code read aloud or copied by hand from a paper slip cannot be misread. On input,
 * O is read as 0 and I or L as 1 (the usual misreadings); U is refused.
 */
export const BINDING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A binding code has 6 to 8 characters of {@link BINDING_CODE_ALPHABET}. */
export const BINDING_CODE_MIN_LENGTH = 6;
/** See {@link BINDING_CODE_MIN_LENGTH}. */
export const BINDING_CODE_MAX_LENGTH = 8;

/** A valid code shown in examples ("绑定 8K3M2P"); it is never issued. */
export const EXAMPLE_BINDING_CODE = '8K3M2P';

/** A notice reference shown in examples ("收到 R-12"). */
export const EXAMPLE_REFERENCE = 'R-12';

const MISREAD: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const ALPHABET = new Set(BINDING_CODE_ALPHABET);

/**
 * The canonical form of a typed binding code, or `null` when `text` is not one. Hyphens and spaces
 * between groups are dropped ("8K3-M2P"), letters are upper-cased, O/I/L read as 0/1/1; the result has
 * {@link BINDING_CODE_MIN_LENGTH}–{@link BINDING_CODE_MAX_LENGTH} characters of the alphabet.
 * `text` is expected to be normalized already (NFKC: full-width letters and digits are ASCII).
 */
export function canonicalBindingCode(text: string): string | null {
  if (text.length > 2 * BINDING_CODE_MAX_LENGTH) return null;
  let code = '';
  for (const char of text.replace(/[\s-]/g, '').toUpperCase()) {
    const read = MISREAD[char] ?? char;
    if (!ALPHABET.has(read)) return null;
    code += read;
  }
  return code.length >= BINDING_CODE_MIN_LENGTH && code.length <= BINDING_CODE_MAX_LENGTH ? code : null;
}

/** A notice reference: 1–4 letters, an optional hyphen and 1–8 digits (`R-12`, `r12`, `TZ-0003`). */
const REFERENCE = /^([a-z]{1,4})-?([0-9]{1,8})$/i;

/**
 * The canonical form of a typed notice reference — upper-case letters, a hyphen, the digits as typed
 * (`r12` → `R-12`) — or `null` when `text` is not one. Expects normalized text.
 */
export function canonicalReference(text: string): string | null {
  if (text.length > 16) return null;
  const match = REFERENCE.exec(text);
  return match === null ? null : `${match[1]!.toUpperCase()}-${match[2]!}`;
}
