import type { CommandContext } from '../commands/context.js';
import { unitOfGroup } from '../commands/groups.js';
import { isDomainError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import { enqueueMessage, type OutboxModel } from '../models/outbox.js';
import type { InboundMessage, MessageHandler } from './create-bot.js';
import { handleBindHousehold } from './handlers/bind-household.js';
import { inPlace, toSpeaker, type HandlerContext, type Reply } from './handlers/types.js';
import { handleVote } from './handlers/vote.js';
import { errorMessage, helpMessage, hintMessage } from './messages.js';
import { parseIntent } from './parse/index.js';

export interface MessageHandlerDeps {
  readonly commands: CommandContext;
  readonly outbox: OutboxModel;
  /** Wakes the outbox worker after enqueueing (a getter: the worker may start after the bot). */
  readonly wake: () => void;
  readonly clock: Clock;
  readonly log: Log;
}

/** The replies to one message: parse → one handler per intent → one command. */
async function repliesTo(ctx: HandlerContext): Promise<Reply[] | 'ignored'> {
  const intent = parseIntent(ctx.message.text);
  switch (intent.kind) {
    case 'vote':
      return handleVote(ctx, intent.choice);
    case 'bind_household':
      return handleBindHousehold(ctx, intent.code);
    case 'help':
      return [inPlace(ctx.message, helpMessage())];
    case 'hint':
      return [toSpeaker(ctx.message, hintMessage(intent.reason))];
    // Not in this slice yet: 绑定单元, 进度, 提醒, 异议, 收到. Ordinary conversation is never answered.
    case 'bind_group':
    case 'progress':
    case 'remind':
    case 'objection':
    case 'acknowledge':
    case 'conversation':
      return 'ignored';
  }
}

/**
 * The bot's one path for a recorded message (conventions.md §2): parse → handler → command → replies
 * rendered from `messages.ts`, enqueued in the outbox under `reply:<messageId>:<n>` (a redelivery
 * enqueues nothing new), then the worker is woken. A refusal of the case (`ballot_closed`,
 * `unknown_room`…) is answered privately in plain words. Logs name ids and codes only.
 */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  return async (message: InboundMessage) => {
    const now = deps.clock.now();
    const groupUnitId = message.roomId === null ? null : await unitOfGroup(deps.commands, message.roomId);
    const ctx: HandlerContext = { message, groupUnitId, commands: deps.commands, now };
    let replies: Reply[] | 'ignored';
    try {
      replies = await repliesTo(ctx);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      deps.log.info(
        { messageId: message.id, roomId: message.roomId, code: error.code },
        'chat command refused',
      );
      replies = [toSpeaker(message, errorMessage(error.code))];
    }
    if (replies === 'ignored') return 'ignored';
    let n = 0;
    for (const reply of replies) {
      await enqueueMessage(deps.outbox, {
        _id: `reply:${message.id}:${n++}`,
        to: reply.to,
        groupKey: message.roomId,
        text: reply.text,
        priority: reply.priority,
        createdAt: now,
      });
    }
    if (replies.length > 0) deps.wake();
    return 'handled';
  };
}
