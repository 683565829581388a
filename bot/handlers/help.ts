import { chatMenuOf } from '../../commands/chat-menu.js';
import { helpMessage } from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `帮助` (and `?`, `怎么弄`): the menu, always privately — asked in the group, it is the asker who
 * needs it, not everyone. Committee members and the applicant representative also see `提醒` (in
 * their unit's group, or privately when they hold a role in any unit); everyone sees when and how to
 * raise an `异议`, for the unit's publicity window now.
 */
export async function handleHelp(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const menu = await chatMenuOf(
    ctx.commands,
    { contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  return [toSpeaker(message, helpMessage(menu))];
}
