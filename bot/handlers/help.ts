import { loadCase } from '../../commands/kernel/read.js';
import { mayRemind } from '../../commands/record-contact-role.js';
import { readContact } from '../../models/contact.js';
import { helpMessage } from '../../messages/index.js';
import { inPlace, type HandlerContext, type Reply } from './types.js';

/**
 * `帮助`: the menu, where it was asked. Committee members and the applicant representative also see
 * `提醒` (in their unit's group, or privately when they hold a role in any unit); while the unit's
 * agreement is in publicity, everyone also sees `异议`.
 */
export async function handleHelp(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const contact = await readContact(ctx.commands.models.contacts, message.talkerId);
  const canRemind =
    ctx.groupUnitId !== null
      ? await mayRemind(ctx.commands, message.talkerId, ctx.groupUnitId)
      : (contact?.roles ?? []).some((r) => r.role === 'committee' || r.role === 'applicant');
  const unitId = ctx.groupUnitId ?? contact?.flats[0]?.unitId;
  const objections =
    unitId !== undefined && (await loadCase(ctx.commands, unitId)).state.stage === 'publicity';
  return [inPlace(message, helpMessage({ canRemind, objections }))];
}
