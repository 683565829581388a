/**
 * The binding codes households and groups are issued (`绑定 8K3M2P`): the alphabet, lengths and the
 * canonical reading of a typed code. Pure, so commands issue codes in the format the bot reads.
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

/** Codes are issued with this many characters (40 random bits). */
export const BINDING_CODE_ISSUED_LENGTH = 8;
