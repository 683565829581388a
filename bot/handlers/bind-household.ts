import { bindHousehold } from '../../commands/bind-household.js';
import {
  alreadyBound,
  bindingCodeExpired,
  bindingCodeOfOtherUnit,
  bindingLocked,
  householdBound,
  householdBoundNotice,
  planShareMessage,
  proxyBindingPending,
  proxyRequestToOwner,
  wrongBindingCode,
} from '../../messages/index.js';
import { groupNotice, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `绑定 <code>` (or `代办 <code>`, `asProxy`): binds the speaker to a flat; confirms privately, tells the
 * group the room only. A proxy waits: the speaker is told so, and the flat's bound owners are asked
 * privately to confirm; the group hears nothing until then.
 */
export async function handleBindHousehold(
  ctx: HandlerContext,
  code: string,
  asProxy = false,
): Promise<Reply[]> {
  const { message } = ctx;
  const result = await bindHousehold(
    ctx.commands,
    { contactId: message.talkerId, code, groupUnitId: ctx.groupUnitId, asProxy },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'bound':
      if (!result.fresh) {
        return [
          toSpeaker(message, result.pending ? proxyBindingPending(result.room) : alreadyBound(result.room)),
        ];
      }
      if (result.pending) {
        return [
          toSpeaker(message, proxyBindingPending(result.room)),
          ...result.ownerContactIds.map((id): Reply => ({
            to: { kind: 'contact', id },
            text: proxyRequestToOwner(result.room),
            priority: 'notice',
          })),
        ];
      }
      return [
        toSpeaker(message, householdBound({ room: result.room, role: result.role })),
        ...(result.share === undefined
          ? []
          : [
              toSpeaker(
                message,
                planShareMessage({
                  room: result.room,
                  planVersion: result.share.planVersion,
                  share: result.share.share,
                  ballot: result.mayVote ? 'vote' : 'none',
                }),
              ),
            ]),
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
