import type { CommandContext } from '../commands/kernel/context.js';
import { unitOfGroup } from '../commands/kernel/read.js';
import { openDialogOf } from '../commands/objection-dialog.js';
import { isDomainError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import { enqueueMessage, type OutboxModel } from '../models/outbox.js';
import type { InboundMessage, MessageHandler } from './create-bot.js';
import { handleAcknowledge } from './handlers/acknowledge.js';
import { handleBindGroup } from './handlers/bind-group.js';
import { handleBindHousehold } from './handlers/bind-household.js';
import { handleConfirmProxy } from './handlers/confirm-proxy.js';
import { handleHelp } from './handlers/help.js';
import { handleMaybeVote } from './handlers/maybe-vote.js';
import {
  answersDialogInGroup,
  handleObjection,
  handleObjectionAnswer,
  mayAnswerDialogInGroup,
} from './handlers/objection.js';
import { handleProgress } from './handlers/progress.js';
import { handleConfirmMaintenance } from './handlers/maintenance.js';
import { handleMyCosts } from './handlers/costs.js';
import { handleRemind } from './handlers/remind.js';
import { toSpeaker, type HandlerContext, type Reply } from './handlers/types.js';
import { handleVote } from './handlers/vote.js';
import { errorMessage, hintMessage, unboundGroupLine } from '../messages/index.js';
import { parseIntent } from './parse/index.js';

export interface MessageHandlerDeps {
  readonly commands: CommandContext;
  readonly outbox: OutboxModel;
  /** Wakes the outbox worker after enqueueing (a getter: the worker may start after the bot). */
  readonly wake: () => void;
  readonly clock: Clock;
  readonly log: Log;
}

/**
 * The speaker's open dialog, when this message answers it: every private message but `异议` (which
 * restarts the dialog), and in a group only a bare number while it waits for a ground or a
 * confirmation (see `answersDialogInGroup`). Other people's messages never meet this dialog.
 */
async function dialogAnswered(ctx: HandlerContext, kind: string) {
  if (kind === 'objection') return null;
  const { message } = ctx;
  if (message.roomId !== null && !mayAnswerDialogInGroup(message.text)) return null;
  const dialog = await openDialogOf(ctx.commands, message.talkerId, ctx.now);
  if (dialog === null) return null;
  return message.roomId === null || answersDialogInGroup(dialog, message.text) ? dialog : null;
}

/** The replies to one message: an open dialog first, else parse → one handler per intent → one command. */
async function repliesTo(ctx: HandlerContext): Promise<Reply[] | 'ignored'> {
  const intent = parseIntent(ctx.message.text);
  const dialog = await dialogAnswered(ctx, intent.kind);
  if (dialog !== null) return handleObjectionAnswer(ctx, dialog);
  switch (intent.kind) {
    case 'vote':
      return handleVote(ctx, intent.choice);
    case 'maybe_vote':
      return handleMaybeVote(ctx, intent.choice);
    case 'bind_household':
      return handleBindHousehold(ctx, intent.code, intent.asProxy === true);
    case 'confirm_proxy':
      return handleConfirmProxy(ctx);
    case 'help':
      return handleHelp(ctx);
    case 'hint':
      return [toSpeaker(ctx.message, hintMessage(intent.reason))];
    case 'bind_group':
      return handleBindGroup(ctx, intent.code);
    case 'progress':
      return handleProgress(ctx, intent.detail === true);
    case 'my_costs':
      return handleMyCosts(ctx);
    case 'confirm_maintenance':
      return handleConfirmMaintenance(ctx);
    case 'remind':
      return handleRemind(ctx);
    case 'objection':
      return handleObjection(ctx);
    case 'acknowledge':
      return handleAcknowledge(ctx, intent.ref);
    // Ordinary conversation is never answered.
    case 'conversation':
      return 'ignored';
  }
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/**
 * A command in a group bound to no unit: the group gets `unboundGroupLine` at most once
 * a day — the outbox `_id` `unbound:<roomId>:<Shanghai day>` makes a second one a 'duplicate' — and the
 * command is not handled. Null lets the message through: conversation (never answered), `绑定单元` (the
 * way to bind the group) and `绑定` (a household code names its unit itself). A word that only leans
 * to a choice (`👍`, `支持`) is left alone there: it is no command, and the group hears nothing of it.
 */
async function answerUnboundGroup(
  deps: MessageHandlerDeps,
  message: InboundMessage,
  roomId: string,
  now: Date,
): Promise<'handled' | 'ignored' | null> {
  const { kind } = parseIntent(message.text);
  if (kind === 'conversation' || kind === 'bind_group' || kind === 'bind_household') return null;
  if (kind === 'maybe_vote') return 'ignored';
  const queued = await enqueueMessage(deps.outbox, {
    _id: `unbound:${roomId}:${SHANGHAI_DAY.format(now)}`,
    to: { kind: 'room', id: roomId },
    groupKey: roomId,
    text: unboundGroupLine(),
    priority: 'reply',
    createdAt: now,
  });
  if (queued === 'queued') deps.wake();
  return 'handled';
}

/**
 * The bot's one path for a recorded message (conventions.md §2): parse → handler → command → replies
 * rendered from `messages/`, enqueued in the outbox under `reply:<messageId>:<n>` (a redelivery
 * enqueues nothing new), then the worker is woken. A refusal of the case (`ballot_closed`,
 * `unknown_room`…) is answered privately in plain words. Logs name ids and codes only.
 */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  return async (message: InboundMessage) => {
    const now = deps.clock.now();
    const groupUnitId = message.roomId === null ? null : await unitOfGroup(deps.commands, message.roomId);
    if (message.roomId !== null && groupUnitId === null) {
      const answered = await answerUnboundGroup(deps, message, message.roomId, now);
      if (answered !== null) return answered;
    }
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
      replies = [toSpeaker(message, errorMessage(error.code, error.details))];
    }
    if (replies === 'ignored') return 'ignored';
    // Queued together, so they share one insert with the replies of messages handled meanwhile.
    await Promise.all(
      replies.map((reply, n) =>
        enqueueMessage(deps.outbox, {
          _id: `reply:${message.id}:${n}`,
          to: reply.to,
          groupKey: message.roomId,
          text: reply.text,
          priority: reply.priority,
          createdAt: now,
        }),
      ),
    );
    if (replies.length > 0) deps.wake();
    return 'handled';
  };
}
