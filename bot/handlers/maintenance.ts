import { confirmVisitInChat } from '../../commands/elevator.js';
import { visitConfirmedMessage } from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `维保确认` from the 使用单位 (the contact recorded in that role): signs off the latest maintenance
 * visit not yet signed, answered privately with its day. Anyone else is refused (`forbidden`, worded
 * by `handle-message.ts`); no visit waiting is `visit_not_found`, worded there too.
 */
export async function handleConfirmMaintenance(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const result = await confirmVisitInChat(
    ctx.commands,
    { contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    ctx.now,
  );
  return [toSpeaker(message, visitConfirmedMessage(result.visitedOn))];
}
