import { may, rolesOf } from '../domain/case/index.js';
import type { ObjectionWindowNow } from '../messages/objections.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { objectionWindowOf } from './objection-dialog.js';

/** What the `帮助` menu offers a person beyond voting and binding. */
export interface ChatMenu {
  /** `提醒`: the `remind` policy allows them in the unit (or, asked privately, in a unit of theirs). */
  readonly canRemind: boolean;
  /**
   * `异议`, always on the menu: whether objections count now (the unit's publicity window); absent
   * for a contact of no unit, who is told only that they count during publicity.
   */
  readonly objections?: ObjectionWindowNow;
}

/**
 * Reads what the `帮助` menu offers `contactId` at `now`: in a group, against that group's case;
 * privately, against the roles the `contacts` projection knows them by and the unit of their first
 * flat (else of their first role). Reads only.
 */
export async function chatMenuOf(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly groupUnitId: string | null },
  meta: { readonly now: Date },
): Promise<ChatMenu> {
  if (input.groupUnitId !== null) {
    const { state } = await loadCase(ctx, input.groupUnitId);
    return {
      canRemind: may('remind', { roles: rolesOf(state, input.contactId) }),
      objections: objectionWindowOf(state, meta.now),
    };
  }
  const contact = await readContact(ctx.models.contacts, input.contactId);
  const roles = (contact?.roles ?? []).map((record) => record.role);
  const unitId = contact?.flats[0]?.unitId ?? contact?.roles?.[0]?.unitId;
  if (unitId === undefined) return { canRemind: may('remind', { roles }) };
  const { state } = await loadCase(ctx, unitId);
  return { canRemind: may('remind', { roles }), objections: objectionWindowOf(state, meta.now) };
}
