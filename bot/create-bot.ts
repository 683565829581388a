import type { Wechaty } from 'wechaty';
import { WechatyBuilder } from 'wechaty';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../lib/clock.js';
import { isDatabaseUnavailableError } from '../lib/db.js';
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
  /**
   * `online` (logged in and taking messages), `logged_out` (the account was logged out: nothing is
   * heard or sent until it logs in again), `offline` (not logged in yet, or stopped).
   */
  status(): 'online' | 'offline' | 'logged_out';
  /** Messages heard while the database was out, kept to be handled when it is back. */
  held(): number;
  /** Stops taking messages, waits for the ones in flight, then stops Wechaty. */
  stop(graceMs?: number): Promise<void>;
}

/** How many messages the bot keeps in memory while the database is out (see {@link startBot}). */
export const MAX_HELD_MESSAGES = 1000;
const RELEASE_PAUSE_MS = 200;

/**
 * Starts the Wechaty bot on `puppet` (an instance, e.g. `PuppetMock`, or a puppet package name)
 * and runs every message through one path ([grammY]-style): ignore our own and non-text messages →
 * record it in the inbox under its message id (a redelivery stops here) → `handle` inside its own
 * error boundary, so one bad message never stops the bot. Logs name the message and room ids only.
 *
 * **While the database is out** a message cannot be recorded, so it is held in memory, in the order
 * heard (at most {@link MAX_HELD_MESSAGES}; past that the newest are dropped, each logged by id), and
 * handled as soon as `database.whenAvailable()` resolves: a resident who voted during the outage
 * has the vote counted and gets the receipt a few seconds late, which is what they expect of "I said
 * 同意". A message whose handling failed because the database went away mid-way is held the same
 * way and tried again: its inbox record, if it was written, still says `received`, and only such a
 * record lets the retry through the message-id dedupe (replies have deterministic outbox ids, so
 * nothing is said twice). Held messages are lost if the process exits before the database returns.
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
  /** The database's availability (absent: always taken to be up, nothing is held). */
  database?: { available(): boolean; whenAvailable(): Promise<void> };
  /** At most this many held messages (default {@link MAX_HELD_MESSAGES}). */
  maxHeld?: number;
}): Promise<Bot> {
  const log = options.log.child({ part: 'bot' });
  const wechaty = WechatyBuilder.build({
    name: options.name,
    puppet: options.puppet as never,
    ...(options.puppetToken ? { puppetOptions: { token: options.puppetToken } } : {}),
  });
  let accepting = true;
  let loggedOut = false;
  const inFlight = new Set<Promise<void>>();
  const database = options.database ?? { available: () => true, whenAvailable: () => Promise.resolve() };
  const maxHeld = options.maxHeld ?? MAX_HELD_MESSAGES;
  /** Heard while the database was out; `retry` when a first try may have left a `received` record. */
  const held: { inbound: InboundMessage; receivedAtMs: number; retry: boolean }[] = [];
  let releasing = false;

  const onHandled = options.onHandled;
  const hold = (inbound: InboundMessage, receivedAtMs: number, retry: boolean) => {
    if (held.length >= maxHeld) {
      log.warn(
        { messageId: inbound.id, roomId: inbound.roomId, held: held.length },
        'message dropped: too many held',
      );
      return;
    }
    if (held.length === 0)
      log.warn({ messageId: inbound.id }, 'chat messages held until the database is back');
    held.push({ inbound, receivedAtMs, retry });
    if (releasing) return;
    releasing = true;
    // A short pause once it is back, so a database that flaps cannot spin this loop.
    void database
      .whenAvailable()
      .then(() => new Promise((resolve) => setTimeout(resolve, RELEASE_PAUSE_MS)))
      .then(() => {
        releasing = false;
        if (!accepting) return;
        const batch = held.splice(0);
        log.info({ held: batch.length }, 'database back: handling held chat messages');
        for (const { inbound: next, receivedAtMs: at, retry: again } of batch) run(next, at, again);
      });
  };
  /** A retry may pass the dedupe only over its own unfinished record. */
  const unfinished = async (id: string) =>
    (await options.inbox.findById(id, { status: 1 }).lean().exec())?.status === 'received';

  const process = async (inbound: InboundMessage, receivedAtMs: number, retry: boolean): Promise<void> => {
    if (held.length > 0 || !database.available()) return hold(inbound, receivedAtMs, retry);
    let fresh: boolean;
    try {
      fresh = await recordInbound(options.inbox, {
        _id: inbound.id,
        ...inbound,
        receivedAt: options.clock.now(),
      });
      if (!fresh && retry) fresh = await unfinished(inbound.id);
    } catch (error) {
      if (isDatabaseUnavailableError(error)) return hold(inbound, receivedAtMs, retry);
      throw error;
    }
    if (!fresh) {
      log.debug({ messageId: inbound.id }, 'duplicate message ignored');
      return;
    }
    try {
      const outcome = await options.handle(inbound);
      if (onHandled !== undefined) onHandled(inbound.id, receivedAtMs, performance.now(), outcome);
      await markInbound(options.inbox, inbound.id, outcome);
    } catch (error) {
      if (isDatabaseUnavailableError(error)) return hold(inbound, receivedAtMs, true);
      log.error({ err: error, messageId: inbound.id, roomId: inbound.roomId }, 'message handling failed');
      await markInbound(options.inbox, inbound.id, 'failed', error instanceof Error ? error.name : 'error');
    }
  };
  const run = (inbound: InboundMessage, receivedAtMs: number, retry: boolean) => {
    const work = process(inbound, receivedAtMs, retry).catch((error: unknown) =>
      log.error({ err: error, messageId: inbound.id }, 'inbox write failed'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  wechaty.on('message', (message) => {
    if (!accepting || message.self() || message.type() !== wechaty.Message.Type.Text) return;
    const receivedAtMs = onHandled === undefined ? 0 : performance.now();
    run(
      {
        id: message.id,
        roomId: message.room()?.id ?? null,
        talkerId: message.talker().id,
        text: message.text(),
        sentAt: message.date(),
      },
      receivedAtMs,
      false,
    );
  });
  wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'));
  wechaty.on('login', () => {
    loggedOut = false;
  });
  wechaty.on('logout', () => {
    loggedOut = true;
    // Stopping logs out too: only an unasked logout is news.
    if (accepting) log.warn('bot logged out: nothing is heard or sent until it logs in again');
  });

  await wechaty.start();
  return {
    wechaty,
    status: () => {
      if (!accepting) return 'offline';
      if (wechaty.isLoggedIn) return 'online';
      return loggedOut ? 'logged_out' : 'offline';
    },
    held: () => held.length,
    async stop(graceMs = 10_000) {
      if (!accepting) return;
      accepting = false;
      if (held.length > 0) log.warn({ held: held.length }, 'stopping with chat messages held: they are lost');
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
