/**
 * What a chat message asks the bot to do, as {@link parseIntent} reads it. A closed union: every handler
 * switches on `kind`, and the compiler points at the switch when a kind is added.
 */
import type { Choice } from '../../domain/vote/index.js';

import type { HintReason } from '../../messages/hints.js';

// The hint reasons live beside their sentences; the parser only names them.
export { HINT_REASONS, type HintReason } from '../../messages/hints.js';

/** Every `kind` an {@link Intent} can have, in the order the union lists them. */
export const INTENT_KINDS = [
  'vote',
  'maybe_vote',
  'bind_group',
  'bind_household',
  'confirm_proxy',
  'progress',
  'my_costs',
  'confirm_maintenance',
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
 * - `maybe_vote`: leans to a choice without saying it plainly (`支持`, `👍`, `[强]`, `同意吧`,
 *   `我改成同意吧`, `302 同意`): never counted — the speaker is asked privately to confirm with the
 *   choice's number, which is then the vote;
 * - `bind_group`: `绑定单元 <code>` binds the group to its unit; `bind_household`: `绑定 <code>` binds
 *   the speaker to a flat, `代办 <code>` as the household's proxy (`asProxy`). `code` is canonical
 *   (see `canonicalBindingCode`); `confirm_proxy`: `确认代办`, an owner confirms a proxy;
 * - `progress` (`进度`: where the case stands; `detail` for `表决详情`, the four legal checks),
 *   `my_costs` (`我的费用`: one's own share, paid and owed, answered privately),
 *   `confirm_maintenance` (`维保确认`: the 使用单位 signs off the latest maintenance visit), `remind`
 *   (`提醒`), `help` (`帮助`, `菜单`, `?`, `怎么弄`), `objection` (`异议`);
 * - `acknowledge`: `收到 <ref>` confirms receipt of a notice; `ref` is canonical (`R-12`);
 * - `hint`: looks like a command but is not one; answer with one line (`hintMessage(reason)`);
 * - `conversation`: ordinary chat. The bot stays silent.
 */
export type Intent =
  | { readonly kind: 'vote'; readonly choice: Choice }
  | { readonly kind: 'maybe_vote'; readonly choice: Choice }
  | { readonly kind: 'bind_group'; readonly code: string }
  | { readonly kind: 'bind_household'; readonly code: string; readonly asProxy?: true }
  | { readonly kind: 'confirm_proxy' }
  | { readonly kind: 'progress'; readonly detail?: true }
  | { readonly kind: 'my_costs' }
  | { readonly kind: 'confirm_maintenance' }
  | { readonly kind: 'remind' }
  | { readonly kind: 'help' }
  | { readonly kind: 'objection' }
  | { readonly kind: 'acknowledge'; readonly ref: string }
  | { readonly kind: 'hint'; readonly reason: HintReason }
  | { readonly kind: 'conversation' };
