/**
 * Chat text → {@link Intent}: the first step of the chat path (conventions.md §2). Pure and total: any
 * string, however long or malformed, gives an intent and never throws.
 */
import { canonicalBindingCode, canonicalReference } from './codes.js';
import type { HintReason, Intent } from './intent.js';
import { normalizeText } from './normalize.js';
import type { Choice } from '../../domain/vote/index.js';
import {
  ARGUMENT_COMMANDS,
  ARGUMENT_SEPARATORS,
  PARTICLES,
  QUESTION_PARTICLES,
  VOCABULARY,
  VOTE_TOKENS,
  VOTE_TOKEN_CHOICES,
} from './vocabulary.js';
import type { ArgumentCommand, VocabularyRow } from './vocabulary.js';

const CONVERSATION: Intent = Object.freeze({ kind: 'conversation' });

const hint = (reason: HintReason): Intent => Object.freeze({ kind: 'hint', reason });

/** Word → row, built once; a word listed twice is a bug in the table and stops the module loading. */
const ROW_OF_WORD: ReadonlyMap<string, VocabularyRow> = (() => {
  const map = new Map<string, VocabularyRow>();
  for (const row of VOCABULARY) {
    for (const word of row.words) {
      if (word !== word.toLowerCase() || word.includes(' ') || map.has(word)) {
        throw new Error(`bot/parse vocabulary: "${word}" is listed twice, or has spaces or capitals.`);
      }
      Object.freeze(row.intent);
      map.set(word, row);
    }
  }
  return map;
})();

/** Longest prefix first, so that `绑定单元` is tried before `绑定`. */
const PREFIXES: readonly { prefix: string; command: ArgumentCommand }[] = ARGUMENT_COMMANDS.flatMap(
  (command) => command.prefixes.map((prefix) => ({ prefix, command })),
).sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * Strips one trailing `?` and then one particle: `同意吗?` → `同意`. `base` is `key` when neither is
 * there; `question` when a `?` or an asking particle (`吗`, `呢`) was stripped.
 */
function splitParticle(key: string): { base: string; particle: boolean; question: boolean } {
  const asked = key.endsWith('?');
  let base = asked ? key.slice(0, -1) : key;
  const last = base.slice(-1);
  const particle = base.length > 1 && PARTICLES.has(last);
  if (particle) base = base.slice(0, -1);
  return { base, particle: base !== key, question: asked || (particle && QUESTION_PARTICLES.has(last)) };
}

/** The choice a vote or a maybe-vote names. */
function choiceOf(intent: Intent): Choice | undefined {
  return intent.kind === 'vote' || intent.kind === 'maybe_vote' ? intent.choice : undefined;
}

/** A whole-message word, bare or followed by a particle. */
function readWord(key: string): Intent | undefined {
  const exact = ROW_OF_WORD.get(key);
  if (exact !== undefined) return exact.intent;
  const { base, particle, question } = splitParticle(key);
  const row = particle ? ROW_OF_WORD.get(base) : undefined;
  if (row === undefined) return undefined;
  switch (row.withParticle) {
    case 'same':
      return row.intent;
    case 'maybe_vote': {
      const choice = choiceOf(row.intent);
      return question || choice === undefined ? hint('vote_unclear') : maybeVote(choice);
    }
    case 'vote_unclear':
      return hint('vote_unclear');
    case 'conversation':
      return CONVERSATION;
  }
}

const maybeVote = (choice: Choice): Intent => Object.freeze({ kind: 'maybe_vote', choice });

/** Matches each vote word or digit of a text made only of them (longest words first). */
const VOTE_TOKEN = /不同意|不赞成|同意|赞成|反对|弃权|[123]/g;

/**
 * Vote words run together, maybe after a room number (`同意1`, `同意同意`, `302 同意`, `同意反对`):
 * one choice throughout is a `maybe_vote` of it, to confirm; a question or two choices get the hint
 * `vote_unclear`. Undefined when the text is not made of vote words.
 */
function readVoteTokens(key: string): Intent | undefined {
  const { base, question } = splitParticle(key);
  const tokens = base.replace(ROOM_PREFIX, '');
  if (!VOTE_TOKENS.test(tokens)) return undefined;
  const choices = new Set((tokens.match(VOTE_TOKEN) ?? []).map((token) => VOTE_TOKEN_CHOICES[token]));
  const [choice] = [...choices];
  return question || choices.size !== 1 || choice === undefined ? hint('vote_unclear') : maybeVote(choice);
}

/** A room number in front of a vote (`302 同意`, `302室同意`): the bot knows the room from the binding. */
const ROOM_PREFIX = /^[0-9]{3,4}(?:室|号|房)?/;

/** Only ASCII letters, digits and hyphens: what a mistyped code or reference looks like. */
const CODE_LIKE = /^[a-z0-9-]+$/;

/** The argument after a command word, with separators dropped from its start. */
function argumentAfter(key: string, prefix: string): string {
  let rest = key.slice(prefix.length);
  while (rest !== '' && ARGUMENT_SEPARATORS.has(rest[0]!)) rest = rest.slice(1);
  return rest;
}

/**
 * A command with an argument. A trailing `?` is ignored here (`绑定 8K3M2P?` binds: a wrong code only
 * gets a kind answer). A missing code, or a lone particle (`绑定吗`), gets a hint; letters and digits that
 * are not a code get a hint; anything else after the word (`绑定好了`, `收到谢谢`) is conversation.
 */
function readCommand(key: string): Intent | undefined {
  const body = key.endsWith('?') ? key.slice(0, -1) : key;
  const found = PREFIXES.find(({ prefix }) => body.startsWith(prefix));
  if (found === undefined) return undefined;
  const rest = argumentAfter(body, found.prefix);
  const missing = rest === '' || PARTICLES.has(rest);
  switch (found.command.kind) {
    case 'bind_group':
    case 'bind_household':
    case 'bind_proxy': {
      const group = found.command.kind === 'bind_group';
      // `代办` alone, or followed by words (`代办人是谁`), is conversation: only a code makes it a request.
      if (missing) {
        if (found.command.kind === 'bind_proxy') return CONVERSATION;
        return hint(group ? 'bind_group_code_missing' : 'bind_code_missing');
      }
      const code = canonicalBindingCode(rest);
      if (code !== null) {
        if (found.command.kind === 'bind_proxy') return { kind: 'bind_household', code, asProxy: true };
        return { kind: found.command.kind, code };
      }
      return CODE_LIKE.test(rest) ? hint('bind_code_malformed') : CONVERSATION;
    }
    case 'acknowledge': {
      if (missing) return CONVERSATION;
      const ref = canonicalReference(rest);
      if (ref !== null) return { kind: 'acknowledge', ref };
      return CODE_LIKE.test(rest) && /[0-9]/.test(rest) ? hint('ack_ref_malformed') : CONVERSATION;
    }
  }
}

/**
 * Reads one chat message as an {@link Intent}, in this order:
 * 1. {@link normalizeText} (NFKC, whitespace, punctuation and emoji at the ends; too long → conversation),
 *    then spaces removed and lower case: `同 意！！` → `同意`, `１` → `1`, `绑定：abc123` → `绑定:abc123`;
 * 2. a whole word of `VOCABULARY` (`同意`, `不同意`, `3`, `进度`, `?`, `支持`, `👍`…), or one followed by
 *    a particle or question mark (`进度呢` → progress; `同意吧` → `maybe_vote`; `同意吗` → hint
 *    `vote_unclear`);
 * 3. a command with an argument (`ARGUMENT_COMMANDS`): `绑定单元 <code>`, `绑定 <code>`, `收到 <ref>`;
 * 4. vote words run together (`同意1`, `同意同意`), or after a room number (`302 同意`) → a
 *    `maybe_vote` to confirm when they name one choice, else (`同意反对`, `同意1?`) hint `vote_unclear`;
 * 5. a bare number of one or two digits → hint `unknown_number`;
 * 6. anything else → conversation (the bot says nothing).
 *
 * Never throws: a non-string, a lone surrogate or a megabyte of text is conversation.
 */
export function parseIntent(text: string): Intent {
  const normalized = normalizeText(text);
  if (normalized === null || normalized === '') return CONVERSATION;
  const key = normalized.replaceAll(' ', '').toLowerCase();
  const word = readWord(key) ?? readCommand(key) ?? readVoteTokens(key);
  if (word !== undefined) return word;
  const { base } = splitParticle(key);
  if (/^[0-9]{1,2}$/.test(base)) return hint('unknown_number');
  return CONVERSATION;
}
