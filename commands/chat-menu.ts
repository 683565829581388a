import { may, rolesOf } from '../domain/case/index.js';
import type { ObjectionWindowNow } from '../messages/objections.js';
import { unitOfAsker, type ChatAskerInput } from './ballot-progress.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { objectionWindowOf } from './objection-dialog.js';

/** What the `帮助` menu offers a person beyond voting and binding. */
export interface ChatMenu {
  /** `提醒`: the `remind` policy allows them in the unit `提醒` would be taken in. */
  readonly canRemind: boolean;
  /** `维保确认`: they are the unit's 使用单位 and its elevator is recorded. */
  readonly canConfirmMaintenance?: boolean;
  /**
   * `异议`, always on the menu: whether objections count now (the unit's publicity window); absent
   * for a contact of no unit, who is told only that they count during publicity.
   */
  readonly objections?: ObjectionWindowNow;
}

/**
 * Reads what the `帮助` menu offers `contactId` at `now`, in the unit its requests are about
 * (`unitOfAsker`: the group's; privately, the unit of their first flat, else of their first role), so
 * the menu offers `提醒` exactly where `提醒` would be taken. Reads only.
 */
export async function chatMenuOf(
  ctx: CommandContext,
  input: ChatAskerInput,
  meta: { readonly now: Date },
): Promise<ChatMenu> {
  const unitId = await unitOfAsker(ctx, input);
  if (unitId === null) return { canRemind: false };
  const { state } = await loadCase(ctx, unitId);
  const roles = rolesOf(state, input.contactId);
  return {
    canRemind: may('remind', { roles }),
    ...(state.elevator !== undefined && may('confirm_maintenance', { roles })
      ? { canConfirmMaintenance: true }
      : {}),
    objections: objectionWindowOf(state, meta.now),
  };
}
