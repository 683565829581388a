import type { Message, Wechaty } from 'wechaty';
import type { Clock } from '../lib/clock.js';
import { isDatabaseUnavailableError } from '../lib/db.js';
import type { Log } from '../lib/log.js';
import { appendDemoMessage, type DemoMessageModel } from '../models/demo-message.js';
import { DEMO_GROUP_ID } from './wechat.js';

/** What the transcript recorder needs: the bot's Wechaty, the `demo_messages` model, a clock, a log. */
export interface TranscriptDeps {
  readonly wechaty: Wechaty;
  readonly model: DemoMessageModel;
  readonly clock: Clock;
  readonly log: Log;
}

/** Where a message goes in the transcript, or null when it is not part of the demo's chats. */
export function placeOf(message: {
  readonly self: boolean;
  readonly roomId: string | null;
  readonly talkerId: string;
  readonly listenerId: string | null;
}): { from: string; to: string } | null {
  const from = message.self ? 'bot' : message.talkerId;
  if (message.roomId !== null) return message.roomId === DEMO_GROUP_ID ? { from, to: 'group' } : null;
  if (message.self) return message.listenerId === null ? null : { from, to: message.listenerId };
  return { from, to: 'bot' };
}

/**
 * Records the demo's chats into `demo_messages` as Wechaty reports them: what each demo person says
 * in the unit group or privately to the bot, and everything the bot says (its own messages come back
 * as `message` events with `self()`). So the `/demo/` page shows exactly what went through the real
 * bot path — nothing is echoed by the page itself. Lines are appended one at a time, in the order
 * seen, so their seq follows the conversation. Returns a function that stops recording and waits for
 * the lines already queued.
 */
export function recordTranscript(deps: TranscriptDeps): () => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  const onMessage = (message: Message) => {
    const place = placeOf({
      self: message.self(),
      roomId: message.room()?.id ?? null,
      talkerId: message.talker().id,
      listenerId: message.listener()?.id ?? null,
    });
    if (place === null || message.type() !== deps.wechaty.Message.Type.Text) return;
    const line = { messageId: message.id, ...place, text: message.text(), at: deps.clock.now() };
    queue = queue
      .then(() => appendDemoMessage(deps.model, line))
      .then(
        () => undefined,
        // While the database is out a line is lost from the page; that is a warning, not a fault.
        (error: unknown) =>
          deps.log[isDatabaseUnavailableError(error) ? 'warn' : 'error'](
            { err: error, messageId: message.id },
            'demo transcript: not recorded',
          ),
      );
  };
  deps.wechaty.on('message', onMessage);
  return async () => {
    deps.wechaty.off('message', onMessage);
    await queue;
  };
}
