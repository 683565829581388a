import type { CommandContext } from '../../commands/kernel/context.js';
import type { OutboxPriority, OutboxRecipient } from '../../models/outbox.js';
import type { InboundMessage } from '../create-bot.js';

/** One thing the bot is to say in answer to a message; `bot/handle-message.ts` enqueues it. */
export interface Reply {
  readonly to: OutboxRecipient;
  readonly text: string;
  readonly priority: OutboxPriority;
}

/** What a handler is given: the message, the unit of its group (if bound), the commands and `now`. */
export interface HandlerContext {
  readonly message: InboundMessage;
  readonly groupUnitId: string | null;
  readonly commands: CommandContext;
  readonly now: Date;
}

/** A private answer to the person who just spoke. */
export function toSpeaker(message: InboundMessage, text: string): Reply {
  return { to: { kind: 'contact', id: message.talkerId }, text, priority: 'reply' };
}

/** An answer where the message was said: in its group, or privately. */
export function inPlace(message: InboundMessage, text: string): Reply {
  return message.roomId === null
    ? toSpeaker(message, text)
    : { to: { kind: 'room', id: message.roomId }, text, priority: 'reply' };
}

/** A notice to the group the message was said in (none in a private chat). */
export function groupNotice(message: InboundMessage, text: string): Reply[] {
  return message.roomId === null
    ? []
    : [{ to: { kind: 'room', id: message.roomId }, text, priority: 'notice' }];
}
