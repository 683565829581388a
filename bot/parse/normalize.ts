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

/**
 * WeChat's own emoji, sent as text: `[强]` is its thumbs-up and `[弱]` its thumbs-down. They are read as
 * the emoji they show.
 */
const WECHAT_EMOJI: readonly (readonly [string, string])[] = [
  ['[强]', '\u{1F44D}'],
  ['[弱]', '\u{1F44E}'],
];

/** The thumbs (`👍`, `👎`): a message of one of them alone leans to a choice, so it is kept. */
const THUMBS: ReadonlySet<string> = new Set(['\u{1F44D}', '\u{1F44E}']);

/** Skin-tone modifiers (`👍🏻`): symbols that only colour the emoji before them. */
const SKIN_TONE = /^[\u{1F3FB}-\u{1F3FF}]$/u;

/**
 * For a text made only of edge characters: the thumb it shows, when its only pictographs (other
 * symbols: emoji, not `~` or `+`; skin tones aside) are one kind of thumb (`👍👍🏻～` → `👍`), else `''`.
 */
function thumbOf(folded: string): string {
  const symbols = new Set<string>();
  for (const char of folded) {
    if (/^\p{So}$/u.test(char) && !SKIN_TONE.test(char)) symbols.add(char);
  }
  const [only] = [...symbols];
  return symbols.size === 1 && THUMBS.has(only!) ? only! : '';
}

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
 *    `：` → `:`, `？` → `?`), circled digits become digits (`①` → `1`); WeChat's `[强]` and `[弱]`
 *    become `👍` and `👎`;
 * 3. runs of whitespace become one space;
 * 4. spaces, punctuation, symbols (emoji, `👍`, `！！`), controls, lone surrogates and combining marks
 *    are dropped from both ends (a keycap `1️⃣` becomes `1`) — but when a question mark was among the
 *    trailing ones, a single `?` is kept (`同意吗？？` → `同意吗?`; a text of question marks only → `?`);
 *    and a text whose only emoji are thumbs-up (besides spaces, punctuation, `~` and skin tones) is
 *    `👍` (`👍👍🏻`, `[强][强]`), of thumbs-down only `👎`;
 * 5. `null` when the result is longer than {@link MAX_COMMAND_LENGTH}.
 *
 * Letter case is kept. Idempotent: `normalizeText(s) === s` for every non-null result `s`.
 */
export function normalizeText(text: string): string | null {
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return null;
  let folded = text.normalize('NFKC').replace(/\s+/g, ' ');
  for (const [code, emoji] of WECHAT_EMOJI) folded = folded.replaceAll(code, emoji);
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
  else if (core === '') core = thumbOf(folded);
  return core.length > MAX_COMMAND_LENGTH ? null : core;
}
