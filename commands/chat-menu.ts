import { may, rolesOf } from '../domain/case/index.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';

/** What the `帮助` menu offers a person beyond voting and binding. */
export interface ChatMenu {
  /** `提醒`: the `remind` policy allows them in the unit (or, asked privately, in a unit of theirs). */
  readonly canRemind: boolean;
  /** `异议`: the unit's agreement is in publicity, when objections are taken. */
  readonly objections: boolean;
}

/**
 * Reads what the `帮助` menu offers `contactId`: in a group, against that group's case; privately,
 * against the roles and first flat the `contacts` projection knows them by. Reads only.
 */
export async function chatMenuOf(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly groupUnitId: string | null },
): Promise<ChatMenu> {
  if (input.groupUnitId !== null) {
    const { state } = await loadCase(ctx, input.groupUnitId);
    return {
      canRemind: may('remind', { roles: rolesOf(state, input.contactId) }),
      objections: state.stage === 'publicity',
    };
  }
  const contact = await readContact(ctx.models.contacts, input.contactId);
  const roles = (contact?.roles ?? []).map((record) => record.role);
  const unitId = contact?.flats[0]?.unitId;
  const stage = unitId === undefined ? undefined : (await loadCase(ctx, unitId)).state.stage;
  return { canRemind: may('remind', { roles }), objections: stage === 'publicity' };
}
