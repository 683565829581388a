/**
 * Chat text reduced to the form the vocabulary is written in. Residents type on phones, often with
 * full-width digits (`１`), full-width spaces, a trailing `！！` or an emoji; none of that changes what
 * they mean, so it is folded away before anything is matched.
 */

/**
 * Texts longer than this (UTF-16 code units) are conversation, whatever they contain: the check comes
 * before any other work, so a huge message costs nothing.
 */
export const MAX_INPUT_LENGTH = 2000;

/**
 * The longest normalized text that can be a command (the longest, `绑定单元码 ABCD-EFGH`, has 15
 * characters). Anything longer normalizes to `null`: conversation.
 */
export const MAX_COMMAND_LENGTH = 40;

/** Characters dropped from both ends: spaces, punctuation, symbols (emoji), controls, lone marks. */
const EDGE_CHAR = /^[\s\p{P}\p{S}\p{C}\p{M}]$/u;

/**
 * Question marks after NFKC (`？`, `﹖` and `⁇` fold to `?`) and the emoji ones. A trailing question
 * mark changes the meaning (`同意？` is not a vote), so normalization keeps one.
 */
const QUESTION_MARKS: ReadonlySet<string> = new Set(['?', '\u2753', '\u2754', '\u203d']);

/** The code point (one or two UTF-16 units; a lone surrogate stands alone) that ends at `end`. */
function charBefore(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  if (end >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(end - 2, end);
  }
  return text.slice(end - 1, end);
}

/**
 * The text as the vocabulary is matched against it, or `null` when it is too long to be a command:
 * 1. `null` above {@link MAX_INPUT_LENGTH} code units (before anything else);
 * 2. Unicode NFKC: full-width digits, letters, spaces and punctuation become ASCII (`１` → `1`,
 *    `：` → `:`, `？` → `?`), circled digits become digits (`①` → `1`);
 * 3. runs of whitespace become one space;
 * 4. spaces, punctuation, symbols (emoji, `👍`, `！！`), controls, lone surrogates and combining marks
 *    are dropped from both ends (a keycap `1️⃣` becomes `1`) — but when a question mark was among the
 *    trailing ones, a single `?` is kept (`同意吗？？` → `同意吗?`; a text of question marks only → `?`);
 * 5. `null` when the result is longer than {@link MAX_COMMAND_LENGTH}.
 *
 * Letter case is kept. Idempotent: `normalizeText(s) === s` for every non-null result `s`.
 */
export function normalizeText(text: string): string | null {
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return null;
  const folded = text.normalize('NFKC').replace(/\s+/g, ' ');
  let start = 0;
  while (start < folded.length) {
    const char = String.fromCodePoint(folded.codePointAt(start)!);
    if (!EDGE_CHAR.test(char)) break;
    start += char.length;
  }
  let end = folded.length;
  let question = false;
  while (end > start) {
    const char = charBefore(folded, end);
    if (!EDGE_CHAR.test(char)) break;
    if (QUESTION_MARKS.has(char)) question = true;
    end -= char.length;
  }
  let core = folded.slice(start, end);
  if (core === '' && [...folded].some((char) => QUESTION_MARKS.has(char))) question = true;
  if (question) core += '?';
  return core.length > MAX_COMMAND_LENGTH ? null : core;
}
