import { bindHousehold } from '../../commands/bind-household.js';
import {
  alreadyBound,
  bindingCodeExpired,
  bindingCodeOfOtherUnit,
  bindingLocked,
  householdBound,
  householdBoundNotice,
  wrongBindingCode,
} from '../messages.js';
import { groupNotice, toSpeaker, type HandlerContext, type Reply } from './types.js';

/** `绑定 <code>`: binds the speaker to a flat; confirms privately, tells the group the room only. */
export async function handleBindHousehold(ctx: HandlerContext, code: string): Promise<Reply[]> {
  const { message } = ctx;
  const result = await bindHousehold(
    ctx.commands,
    { contactId: message.talkerId, code, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'bound':
      if (!result.fresh) return [toSpeaker(message, alreadyBound(result.room))];
      return [
        toSpeaker(message, householdBound({ room: result.room, role: result.role })),
        ...groupNotice(message, householdBoundNotice(result.room)),
      ];
    case 'wrong_code':
      return [toSpeaker(message, wrongBindingCode(result.triesLeft))];
    case 'locked':
      return [toSpeaker(message, bindingLocked(result.until))];
    case 'revoked':
      return [toSpeaker(message, bindingCodeExpired())];
    case 'other_unit':
      return [toSpeaker(message, bindingCodeOfOtherUnit())];
  }
}
