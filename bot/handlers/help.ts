import { chatMenuOf } from '../../commands/chat-menu.js';
import { helpMessage } from '../../messages/index.js';
import { inPlace, type HandlerContext, type Reply } from './types.js';

/**
 * `帮助`: the menu, where it was asked. Committee members and the applicant representative also see
 * `提醒` (in their unit's group, or privately when they hold a role in any unit); while the unit's
 * agreement is in publicity, everyone also sees `异议`.
 */
export async function handleHelp(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const menu = await chatMenuOf(ctx.commands, { contactId: message.talkerId, groupUnitId: ctx.groupUnitId });
  return [inPlace(message, helpMessage(menu))];
}
