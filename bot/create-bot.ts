import type { Message, Wechaty } from 'wechaty';
import { WechatyBuilder } from 'wechaty';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import { markInbound, recordInbound, type InboxModel } from '../models/inbox.js';

/** A chat message reduced to what handlers need, with no Wechaty types leaking past the bot. */
export interface InboundMessage {
  readonly id: string;
  readonly roomId: string | null;
  readonly talkerId: string;
  readonly text: string;
  readonly sentAt: Date;
}

/** Handles one recorded message; returns 'ignored' for ordinary conversation. */
export type MessageHandler = (message: InboundMessage) => Promise<'handled' | 'ignored'>;

/**
 * Told when `handle` has returned for a fresh message (its replies are in the outbox), with the
 * `performance.now()` instants at which the bot took the message from Wechaty and at which its handler
 * returned. For measurements (`bench/chat.bench.ts`): nothing is timed when no one listens.
 */
export type MessageHandledHook = (
  messageId: string,
  receivedAtMs: number,
  handledAtMs: number,
  outcome: 'handled' | 'ignored',
) => void;

export interface Bot {
  readonly wechaty: Wechaty;
  status(): 'online' | 'offline';
  /** Stops taking messages, waits for the ones in flight, then stops Wechaty. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the Wechaty bot on `puppet` (an instance, e.g. `PuppetMock`, or a puppet package name)
 * and runs every message through one path ([grammY]-style): ignore our own and non-text messages →
 * record it in the inbox under its message id (a redelivery stops here) → `handle` inside its own
 * error boundary, so one bad message never stops the bot. Logs name the message and room ids only.
 */
export async function startBot(options: {
  name: string;
  puppet: unknown;
  puppetToken?: string;
  inbox: InboxModel;
  handle: MessageHandler;
  log: Log;
  clock: Clock;
  /** See {@link MessageHandledHook}; absent in production. */
  onHandled?: MessageHandledHook;
}): Promise<Bot> {
  const log = options.log.child({ part: 'bot' });
  const wechaty = WechatyBuilder.build({
    name: options.name,
    puppet: options.puppet as never,
    ...(options.puppetToken ? { puppetOptions: { token: options.puppetToken } } : {}),
  });
  let accepting = true;
  const inFlight = new Set<Promise<void>>();

  const onHandled = options.onHandled;
  const process = async (message: Message): Promise<void> => {
    if (message.self() || message.type() !== wechaty.Message.Type.Text) return;
    const receivedAtMs = onHandled === undefined ? 0 : performance.now();
    const inbound: InboundMessage = {
      id: message.id,
      roomId: message.room()?.id ?? null,
      talkerId: message.talker().id,
      text: message.text(),
      sentAt: message.date(),
    };
    const fresh = await recordInbound(options.inbox, {
      _id: inbound.id,
      ...inbound,
      receivedAt: options.clock.now(),
    });
    if (!fresh) {
      log.debug({ messageId: inbound.id }, 'duplicate message ignored');
      return;
    }
    try {
      const outcome = await options.handle(inbound);
      if (onHandled !== undefined) onHandled(inbound.id, receivedAtMs, performance.now(), outcome);
      await markInbound(options.inbox, inbound.id, outcome);
    } catch (error) {
      log.error({ err: error, messageId: inbound.id, roomId: inbound.roomId }, 'message handling failed');
      await markInbound(options.inbox, inbound.id, 'failed', error instanceof Error ? error.name : 'error');
    }
  };

  wechaty.on('message', (message) => {
    if (!accepting) return;
    const work = process(message).catch((error: unknown) => log.error({ err: error }, 'inbox write failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'));

  await wechaty.start();
  return {
    wechaty,
    status: () => (accepting && wechaty.isLoggedIn ? 'online' : 'offline'),
    async stop(graceMs = 10_000) {
      if (!accepting) return;
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
      await wechaty.stop();
    },
  };
}
