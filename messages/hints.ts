/**
 * Hints: the one-line answer to a message that looks like a command but is not one. The bot's parser
 * (`bot/parse`) names the reason; this module owns the list of reasons and their sentences, so a new
 * reason is one edit here that the compiler then asks the parser for.
 */
import {
  BINDING_CODE_MAX_LENGTH,
  BINDING_CODE_MIN_LENGTH,
  EXAMPLE_BINDING_CODE,
} from '../domain/binding-code.js';
import { EXAMPLE_REFERENCE } from '../domain/case/index.js';
import { HOW_TO_VOTE } from './ballot.js';

/**
 * Why a message got a one-line hint instead of an action: it looks like a command but is not one.
 * {@link hintMessage} words each.
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

/**
 * The one-line answer to each hint reason of `parseIntent`: what to send instead. Exhaustive: a new reason does
 * not compile until it has its line.
 */
export const HINT_MESSAGES: Readonly<Record<HintReason, string>> = {
  bind_code_missing: `请在“绑定”后面加上社区给您的绑定码，例如：绑定 ${EXAMPLE_BINDING_CODE}`,
  bind_group_code_missing: `请在“绑定单元”后面加上单元绑定码，例如：绑定单元 ${EXAMPLE_BINDING_CODE}`,
  bind_code_malformed: `绑定码是 ${BINDING_CODE_MIN_LENGTH} 到 ${BINDING_CODE_MAX_LENGTH} 位字母和数字，请对照社区给的纸条再发一次。`,
  vote_unclear: '要表决请只回复一个：同意、反对 或 弃权（也可以回复 1、2、3）。',
  how_to_vote: `要表决请${HOW_TO_VOTE}`,
  unknown_number: `表决只有三个数字：${HOW_TO_VOTE}`,
  ack_ref_malformed: `请照通知里的编号回复，例如：收到 ${EXAMPLE_REFERENCE}`,
};

/** The one-line hint for a message that looks like a command but is not one. */
export function hintMessage(reason: HintReason): string {
  return HINT_MESSAGES[reason];
}
