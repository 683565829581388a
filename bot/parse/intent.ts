/**
 * What a chat message asks the bot to do, as {@link parseIntent} reads it. A closed union: every handler
 * switches on `kind`, and the compiler points at the switch when a kind is added.
 */
import type { Choice } from '../../domain/vote/index.js';

/**
 * Why a message got a one-line hint instead of an action: it looks like a command but is not one.
 * `messages/chat.ts` holds one sentence per reason (`hintMessage`).
 */
export const HINT_REASONS = [
  /** `绑定` (or `绑定房号`, `绑定?`) without a code. */
  'bind_code_missing',
  /** `绑定单元` without a code. */
  'bind_group_code_missing',
  /** `绑定 12`, `绑定 302`, `绑定单元 ABCDEFGHJK`: letters and digits, but not a binding code. */
  'bind_code_malformed',
  /**
   * A vote word that is not a plain vote: two of them (`同意1`, `同意反对`), a question or a particle
   * (`同意吗`, `同意?`, `同意了`), or a double negative (`不反对`). A vote is a legal act: never guessed.
   */
  'vote_unclear',
  /** `投票`, `表决`, `怎么投票`: the person wants to vote but has not said how. */
  'how_to_vote',
  /** A bare number of one or two digits that is not 1, 2 or 3 (`5`, `0`, `45`). */
  'unknown_number',
  /** `收到` followed by letters and digits that are not a notice reference (`收到 12345678901`). */
  'ack_ref_malformed',
] as const;

export type HintReason = (typeof HINT_REASONS)[number];

/** Every `kind` an {@link Intent} can have, in the order the union lists them. */
export const INTENT_KINDS = [
  'vote',
  'bind_group',
  'bind_household',
  'confirm_proxy',
  'progress',
  'remind',
  'help',
  'objection',
  'acknowledge',
  'hint',
  'conversation',
] as const;

export type IntentKind = (typeof INTENT_KINDS)[number];

/**
 * A chat message read as an intent:
 * - `vote`: `同意`/`反对`/`弃权` or `1`/`2`/`3` and a few plain variants (see `VOCABULARY`);
 * - `bind_group`: `绑定单元 <code>` binds the group to its unit; `bind_household`: `绑定 <code>` binds
 *   the speaker to a flat, `代办 <code>` as the household's proxy (`asProxy`). `code` is canonical
 *   (see `canonicalBindingCode`); `confirm_proxy`: `确认代办`, an owner confirms a proxy;
 * - `progress` (`进度`), `remind` (`提醒`), `help` (`帮助`, `菜单`, `?`), `objection` (`异议`);
 * - `acknowledge`: `收到 <ref>` confirms receipt of a notice; `ref` is canonical (`R-12`);
 * - `hint`: looks like a command but is not one; answer with one line (`hintMessage(reason)`);
 * - `conversation`: ordinary chat. The bot stays silent.
 */
export type Intent =
  | { readonly kind: 'vote'; readonly choice: Choice }
  | { readonly kind: 'bind_group'; readonly code: string }
  | { readonly kind: 'bind_household'; readonly code: string; readonly asProxy?: true }
  | { readonly kind: 'confirm_proxy' }
  | { readonly kind: 'progress' }
  | { readonly kind: 'remind' }
  | { readonly kind: 'help' }
  | { readonly kind: 'objection' }
  | { readonly kind: 'acknowledge'; readonly ref: string }
  | { readonly kind: 'hint'; readonly reason: HintReason }
  | { readonly kind: 'conversation' };
