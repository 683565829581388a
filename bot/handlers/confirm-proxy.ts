import { confirmProxiesInChat } from '../../commands/confirm-proxy.js';
import {
  confirmProxyNotOwner,
  joinConfirmedNotice,
  noProxyPending,
  proxiesConfirmed,
  proxyConfirmedNotice,
} from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `确认代办` / `确认家人` from an owner: confirms the proxies and family members waiting on the
 * speaker's flats, tells the owner, and tells each of them privately that they may now vote.
 */
export async function handleConfirmProxy(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const result = await confirmProxiesInChat(ctx.commands, { contactId: message.talkerId }, { now: ctx.now });
  switch (result.kind) {
    case 'confirmed':
      return [
        toSpeaker(message, proxiesConfirmed(result.proxies)),
        ...result.proxies.map((proxy): Reply => ({
          to: { kind: 'contact', id: proxy.contactId },
          text: proxy.role === 'proxy' ? proxyConfirmedNotice(proxy.room) : joinConfirmedNotice(proxy.room),
          priority: 'notice',
        })),
      ];
    case 'none_pending':
      return [toSpeaker(message, noProxyPending())];
    case 'not_owner':
      return [toSpeaker(message, confirmProxyNotOwner())];
  }
}
