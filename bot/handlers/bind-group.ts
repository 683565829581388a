import { bindGroup } from '../../commands/bind-group.js';
import {
  bindGroupInGroup,
  bindingCodeExpired,
  groupAlreadyBound,
  unitBoundNotice,
  unitHasOtherGroup,
  wrongGroupCode,
} from '../../messages/index.js';
import { inPlace, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `绑定单元 <code>`: in a group, binds it to the code's unit and tells the group
 * `unitBoundNotice`; refusals answer the speaker privately. Said privately: a hint to say it in the group.
 */
export async function handleBindGroup(ctx: HandlerContext, code: string): Promise<Reply[]> {
  const { message } = ctx;
  if (message.roomId === null) return [toSpeaker(message, bindGroupInGroup())];
  const result = await bindGroup(
    ctx.commands,
    { roomId: message.roomId, code, contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'bound':
      return [inPlace(message, unitBoundNotice(result.unitName))];
    case 'wrong_code':
      return [toSpeaker(message, wrongGroupCode())];
    case 'revoked':
      return [toSpeaker(message, bindingCodeExpired())];
    case 'group_already_bound':
      return [toSpeaker(message, groupAlreadyBound())];
    case 'unit_has_other_group':
      return [toSpeaker(message, unitHasOtherGroup())];
  }
}
