import { bindHousehold } from '../../commands/bind-household.js';
import {
  alreadyBound,
  bindingCodeExpired,
  bindingCodeSaidInGroup,
  bindingLocked,
  householdBound,
  householdBoundNotice,
  joinRequestPending,
  joinRequestToOwner,
  planShareMessage,
  proxyBindingPending,
  proxyRequestToOwner,
  wrongBindingCode,
} from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `绑定 <code>` (or `代办 <code>`, `asProxy`), said privately: binds the speaker to a flat; confirms
 * privately, tells the group the room only. A proxy, or someone joining with a slip already used,
 * waits: the speaker is told so, and the flat's bound owners are asked privately to confirm; the group
 * hears nothing until then. Said in a group, a code binds nothing and the speaker is told privately.
 */
export async function handleBindHousehold(
  ctx: HandlerContext,
  code: string,
  asProxy = false,
): Promise<Reply[]> {
  const { message } = ctx;
  const result = await bindHousehold(
    ctx.commands,
    { contactId: message.talkerId, code, inGroup: message.roomId !== null, asProxy },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'bound':
      if (result.pending) {
        const request = result.requested && result.role !== 'proxy';
        const waiting = request
          ? joinRequestPending(result.room, result.ownerContactIds.length > 0)
          : proxyBindingPending(result.room);
        if (!result.fresh) return [toSpeaker(message, waiting)];
        const ask = request ? joinRequestToOwner(result.room) : proxyRequestToOwner(result.room);
        return [
          toSpeaker(message, waiting),
          ...result.ownerContactIds.map((id): Reply => ({
            to: { kind: 'contact', id },
            text: ask,
            priority: 'notice',
          })),
        ];
      }
      if (!result.fresh) return [toSpeaker(message, alreadyBound(result.room))];
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
        ...(result.groupRoomId === undefined
          ? []
          : [
              {
                to: { kind: 'room', id: result.groupRoomId },
                text: householdBoundNotice(result.room),
                priority: 'notice',
              } satisfies Reply,
            ]),
      ];
    case 'wrong_code':
      return [toSpeaker(message, wrongBindingCode(result.triesLeft))];
    case 'locked':
      return [toSpeaker(message, bindingLocked(result.until))];
    case 'revoked':
      return [toSpeaker(message, bindingCodeExpired())];
    case 'said_in_group':
      return [toSpeaker(message, bindingCodeSaidInGroup(result.reissued))];
  }
}
