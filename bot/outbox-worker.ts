import { randomBytes } from 'node:crypto';
import type { Wechaty } from 'wechaty';
import type { Clock } from '../lib/clock.js';
import { isDatabaseUnavailableError } from '../lib/db.js';
import type { Log } from '../lib/log.js';
import type { WechatMessenger } from '../lib/wechat-subscribe.js';
import {
  claimMessage,
  dueMessages,
  enqueueMessage,
  markExpired,
  markFailed,
  markSent,
  messageExpired,
  outboxReader,
  releaseMessage,
  type OutboxClaim,
  type OutboxDoc,
  type OutboxModel,
  type OutboxRecipient,
} from '../models/outbox.js';
import {
  createSendLimiter,
  DEFAULT_OUTBOX_LIMITS,
  DEFAULT_QUIET_HOURS,
  nextAllowedAt,
  retryDelayMs,
  type OutboxLimits,
  type QuietHours,
} from './outbox-policy.js';

/**
 * Says `text` to a room or a contact, or sends a subscriber its template message (`message.subscribe`);
 * throws when it did not go out. An error whose `retryable` is false (a person who has not allowed the
 * message) fails the message at once.
 */
export type OutboxSend = (
  to: OutboxRecipient,
  text: string,
  message: Pick<OutboxDoc, 'subscribe'>,
) => Promise<void>;

/** A send that failed for a known reason; `code` is what the outbox stores and logs. */
export class OutboxSendError extends Error {
  override readonly name = 'OutboxSendError';
  constructor(
    readonly code: 'bot_offline' | 'room_not_found' | 'contact_not_found' | 'subscriber_unreachable',
  ) {
    super(`outbox send failed: ${code}`);
  }
}

/**
 * The error's code or name, which is all the outbox stores and logs of a failure: an error message
 * may quote the text that was being sent.
 */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'number') return String(code);
    if (typeof code === 'string' && /^[\w.:-]{1,64}$/.test(code)) return code;
    if (typeof name === 'string' && /^[\w.:-]{1,64}$/.test(name)) return name;
  }
  return 'error';
}

/** Whether a failed send says trying again cannot help (a person WeChat will not message). */
function notRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false
  );
}

/** A segment of an outbox id that is shaped like a flat's room: 3–4 digits, optionally after one letter. */
const ROOM_SEGMENT = /^(?:[A-Za-z]-?)?[0-9]{3,4}$/;

/**
 * An outbox id as the logs show it. Ids are deterministic and some name a flat's room beside the
 * person it is for (`plan:<unitId>:<version>:<room>:<contactId>`); a log must not link a room to a
 * person (conventions.md §2), so every segment shaped like a room is masked as `***` — but not the
 * last one, which is a sequence number (`announce:<unitId>:<seq>`) and names no one.
 */
export function loggableOutboxId(id: string): string {
  const segments = id.split(':');
  return segments
    .map((segment, index) => (index < segments.length - 1 && ROOM_SEGMENT.test(segment) ? '***' : segment))
    .join(':');
}

export interface OutboxWorkerOptions {
  readonly outbox: OutboxModel;
  readonly send: OutboxSend;
  readonly clock: Clock;
  readonly log: Log;
  readonly limits?: OutboxLimits;
  readonly quietHours?: QuietHours;
  /** How often to look for due messages when there is nothing to do (default 500 ms). */
  readonly pollMs?: number;
  /** Sends tried before a message is marked `failed` (default 8). */
  readonly maxAttempts?: number;
  /** The longest wait between two tries (default 10 min). */
  readonly maxBackoffMs?: number;
  /** How long a claimed message may stay `sending` before it is taken back (default 60 s). */
  readonly leaseMs?: number;
  /** Due messages read per poll (default 20). */
  readonly batchSize?: number;
  /** Stored in `claimedBy` (default: pid and a random suffix). */
  readonly workerId?: string;
  /**
   * While this returns false (the bot is logged out, the database is out) the worker reads and sends
   * nothing, and looks again every `pollMs`: it resumes by itself.
   */
  readonly isReady?: () => boolean;
  /** How long without a finished poll before {@link OutboxWorker.status} says `stalled` (default 60 s). */
  readonly stallMs?: number;
  /**
   * After a pause of at least `afterMs` (`isReady` said no: the bot was logged out, the database was
   * out), each group whose messages were held gets one short notice, queued ahead of them, saying the
   * bot was away and is catching up (`text` gets how long it was away). Absent: no notice.
   */
  readonly backOnline?: { readonly afterMs: number; readonly text: (awayMs: number) => string };
}

/** How the worker is doing, for `/healthz`; instants are wall time. */
export interface OutboxWorkerStatus {
  /**
   * `running`: it reads the outbox and sends; `waiting`: `isReady` says no (bot offline, database
   * out); `stalled`: no poll has read the outbox for `stallMs` (its reads fail, or the loop hangs);
   * `stopped`.
   */
  readonly state: 'running' | 'waiting' | 'stalled' | 'stopped';
  /** The last poll that read the outbox. */
  readonly lastPollAt: Date | null;
  /** The last message WeChat took. */
  readonly lastSentAt: Date | null;
}

export interface OutboxWorker {
  readonly id: string;
  /** Looks for due messages now rather than at the next poll (after enqueueing a reply). */
  wake(): void;
  status(): OutboxWorkerStatus;
  /** Stops polling and waits up to `graceMs` for the send in flight to finish and be marked. */
  stop(graceMs?: number): Promise<void>;
}

type Outcome = 'done' | 'skipped' | { waitMs: number };

/**
 * Starts the outbox worker: a `setTimeout` loop that sends what the bot has to say, one message at a
 * time (conventions.md §8, "inbox and outbox"). Each poll it:
 * 1. reads a small batch of due messages from the outbox's due index, oldest `notBefore` first, each
 *    by `_id` ({@link dueMessages}: a poll costs what is due, never the outbox's history);
 * 2. for each: a message a dead worker left `sending` past the lease is taken over (counted as an
 *    attempt, `lease_expired`), one a live worker holds is left alone; a notice in quiet hours is
 *    claimed and put back with `notBefore` at the end of quiet hours; a message past its `expiresAt`
 *    is claimed and marked `expired`, never sent (a log line says so); a message whose group or account
 *    is over its rate limit is left for a later poll (other groups go first); anything else is claimed
 *    ({@link claimMessage}, one winner across workers), sent and marked `sent`. A failed send is
 *    retried after 2^attempts s (capped) until `maxAttempts`, then marked `failed`.
 *
 * Nothing is sent twice, with one exception: a worker that dies (or hangs past the lease) after
 * WeChat took a message but before marking it sent. That message goes out again once its lease
 * expires: at-least-once in that window, because WeChat offers no idempotency key to check with.
 * Logs name the message id and error code, never the text. An id may hold the recipient's contact id,
 * never a room: {@link loggableOutboxId} masks it.
 */
export async function startOutboxWorker(options: OutboxWorkerOptions): Promise<OutboxWorker> {
  const { outbox, send, clock } = options;
  const quietHours = options.quietHours ?? DEFAULT_QUIET_HOURS;
  const pollMs = options.pollMs ?? 500;
  const maxAttempts = options.maxAttempts ?? 8;
  const maxBackoffMs = options.maxBackoffMs ?? 10 * 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const id = options.workerId ?? `outbox-${process.pid}-${randomBytes(3).toString('hex')}`;
  const isReady = options.isReady ?? (() => true);
  const limiter = createSendLimiter(options.limits ?? DEFAULT_OUTBOX_LIMITS);
  const log = options.log.child({ part: 'outbox', worker: id });
  const stallMs = options.stallMs ?? Math.max(60_000, 20 * pollMs);
  const startedMs = Date.now();
  let lastLoopMs = startedMs;
  let lastPollMs: number | null = null;
  let lastSentMs: number | null = null;

  let stopped = false;
  let stopping: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let wakeRequested = false;
  const reader = outboxReader(outbox);

  const fail = async (doc: OutboxDoc, claim: OutboxClaim, attempts: number, error: string) => {
    await markFailed(outbox, claim, { attempts, lastError: error });
    log.error({ outboxId: loggableOutboxId(doc._id), attempts, error }, 'outbox message failed for good');
  };

  const handle = async (read: OutboxDoc, now: Date): Promise<Outcome> => {
    const takeOverBefore = new Date(now.getTime() - leaseMs);
    // A message left sending past its lease (its worker died, or hung, mid-send) is taken over: the
    // claim counts the lost send as an attempt (`lease_expired`), and it is handled as pending.
    const doc: OutboxDoc =
      read.status === 'sending' ? { ...read, attempts: read.attempts + 1, lastError: 'lease_expired' } : read;
    const claimIt = () => claimMessage(outbox, read, id, now, { takeOverBefore });
    // Its moment passed while it waited (quiet hours, the bot away): sent now, it would contradict the
    // notice that superseded it. Dropped, never sent.
    if (messageExpired(doc, now)) {
      const claim = await claimIt();
      if (!claim) return 'skipped';
      await markExpired(outbox, claim);
      log.warn(
        { outboxId: loggableOutboxId(doc._id), expiresAt: doc.expiresAt, notBefore: doc.notBefore },
        'outbox notice dropped: its moment passed before it could go out',
      );
      return 'done';
    }
    if (doc.attempts >= maxAttempts) {
      const claim = await claimIt();
      if (!claim) return 'skipped';
      await fail(doc, claim, doc.attempts, doc.lastError ?? 'error');
      return 'done';
    }
    const allowedAt = nextAllowedAt(now, doc.priority, quietHours);
    if (allowedAt > now) {
      const claim = await claimIt();
      if (!claim) return 'skipped';
      await releaseMessage(outbox, claim, { notBefore: allowedAt }, now);
      log.info(
        { outboxId: loggableOutboxId(doc._id), notBefore: allowedAt },
        'outbox notice held until quiet hours end',
      );
      return 'done';
    }
    const slot = limiter.peek(doc.groupKey, now);
    if (slot > now) return { waitMs: slot.getTime() - now.getTime() };

    const claim = await claimIt();
    if (!claim) return 'skipped';
    if (read.status === 'sending')
      log.warn({ outboxId: loggableOutboxId(doc._id) }, 'outbox: a message left sending is due again');
    limiter.reserve(doc.groupKey, now);
    try {
      await send(doc.to, doc.text, doc.subscribe === undefined ? {} : { subscribe: doc.subscribe });
    } catch (error) {
      const attempts = doc.attempts + 1;
      const code = errorCode(error);
      if (attempts >= maxAttempts || notRetryable(error)) {
        await fail(doc, claim, attempts, code);
      } else {
        const notBefore = new Date(clock.now().getTime() + retryDelayMs(attempts, maxBackoffMs));
        await releaseMessage(outbox, claim, { notBefore, attempts, lastError: code }, now);
        log.warn(
          { outboxId: loggableOutboxId(doc._id), attempts, error: code, notBefore },
          'outbox send failed, will retry',
        );
      }
      return 'done';
    }
    lastSentMs = Date.now();
    if (await markSent(outbox, claim, clock.now())) {
      log.debug({ outboxId: loggableOutboxId(doc._id), attempts: doc.attempts }, 'outbox message sent');
    } else {
      log.warn(
        { outboxId: loggableOutboxId(doc._id) },
        'outbox message sent after its lease expired: it may go out twice',
      );
    }
    return 'done';
  };

  /** Since when `isReady` has said no (null: ready), and the catch-up after a long pause. */
  let awaySince: number | null = null;
  let catchingUp: { readonly until: Date; readonly awayMs: number; readonly noticed: Set<string> } | null =
    null;

  /**
   * During a catch-up, the first held message of a group queues the group's back-online notice just
   * ahead of it (and waits for the next poll, so the notice goes first). True when it did.
   */
  const noticeAhead = async (doc: OutboxDoc, now: Date): Promise<boolean> => {
    const backOnline = options.backOnline;
    if (backOnline === undefined || catchingUp === null || doc.groupKey === null) return false;
    if (messageExpired(doc, now)) return false;
    if (doc.notBefore > catchingUp.until || catchingUp.noticed.has(doc.groupKey)) return false;
    catchingUp.noticed.add(doc.groupKey);
    // One notice per group and return, whichever worker queues it: the id names the minute of return.
    const minute = new Date(Math.floor(catchingUp.until.getTime() / 60_000) * 60_000).toISOString();
    const queued = await enqueueMessage(outbox, {
      _id: `back-online:${doc.groupKey}:${minute}`,
      to: { kind: 'room', id: doc.groupKey },
      groupKey: doc.groupKey,
      text: backOnline.text(catchingUp.awayMs),
      priority: 'notice',
      createdAt: now,
      notBefore: new Date(doc.notBefore.getTime() - 1),
    });
    if (queued === 'queued')
      log.info({ awayMs: catchingUp.awayMs }, 'outbox: a group is told the bot is back');
    return queued === 'queued';
  };

  /** One poll; returns how long to wait before the next. */
  const poll = async (): Promise<number> => {
    if (!isReady()) {
      awaySince ??= clock.now().getTime();
      return pollMs;
    }
    const now = clock.now();
    if (awaySince !== null) {
      const awayMs = now.getTime() - awaySince;
      awaySince = null;
      if (options.backOnline !== undefined && awayMs >= options.backOnline.afterMs) {
        catchingUp = { until: now, awayMs, noticed: new Set() };
      }
    }
    let progressed = false;
    let delay = pollMs;
    const due = await dueMessages(outbox, reader, now, batchSize, new Date(now.getTime() - leaseMs));
    lastPollMs = Date.now();
    if (catchingUp !== null && !due.some((doc) => doc.notBefore <= catchingUp!.until)) catchingUp = null;
    // Groups told this poll that the bot is back: their messages wait for the next, behind the notice.
    const toldNow = new Set<string>();
    for (const doc of due) {
      if (stopped || !isReady()) break;
      if (doc.groupKey !== null && toldNow.has(doc.groupKey)) continue;
      if (await noticeAhead(doc, now)) {
        toldNow.add(doc.groupKey!);
        progressed = true;
        continue;
      }
      const outcome = await handle(doc, clock.now());
      if (outcome === 'done') {
        progressed = true;
        reader.settle(doc._id, now); // sent, failed, or put back with an entry of its own
      } else if (outcome !== 'skipped') delay = Math.min(delay, outcome.waitMs);
    }
    await reader.advance(now);
    return progressed ? 0 : Math.max(1, delay);
  };

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(run, ms);
  };
  const run = () => {
    timer = undefined;
    running = poll()
      .catch((error: unknown) => {
        // An outage is logged once by the database watch; the worker just tries again.
        if (isDatabaseUnavailableError(error)) log.debug({ error: errorCode(error) }, 'outbox poll failed');
        else log.error({ error: errorCode(error) }, 'outbox poll failed');
        return pollMs;
      })
      .then((delay) => {
        lastLoopMs = Date.now();
        running = null;
        schedule(wakeRequested ? 0 : delay);
        wakeRequested = false;
      });
  };

  schedule(0);
  log.info({ pollMs, maxAttempts }, 'outbox worker started');

  return {
    id,
    status() {
      const nowMs = Date.now();
      const polledMs = lastPollMs ?? startedMs;
      const state = stopped
        ? 'stopped'
        : nowMs - lastLoopMs > stallMs
          ? 'stalled'
          : !isReady()
            ? 'waiting'
            : nowMs - polledMs > stallMs
              ? 'stalled'
              : 'running';
      return {
        state,
        lastPollAt: lastPollMs === null ? null : new Date(lastPollMs),
        lastSentAt: lastSentMs === null ? null : new Date(lastSentMs),
      };
    },
    wake() {
      if (stopped) return;
      if (running) wakeRequested = true;
      else if (timer) {
        clearTimeout(timer);
        schedule(0);
      }
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        let grace: NodeJS.Timeout | undefined;
        if (running) {
          await Promise.race([running, new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
        }
        clearTimeout(grace);
        log.info('outbox worker stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The worker's `send` through Wechaty: finds the room or contact by id and says the text. A room or
 * contact Wechaty does not know, or a logged-out bot, is a failed send with a clear code (retried).
 */
export function sendThroughWechaty(wechaty: Wechaty, messenger?: WechatMessenger): OutboxSend {
  return async (to, text, message) => {
    if (to.kind === 'subscriber') {
      if (messenger === undefined || message.subscribe === undefined)
        throw new OutboxSendError('subscriber_unreachable');
      await messenger.send({ touser: to.id, ...message.subscribe });
      return;
    }
    if (!wechaty.isLoggedIn) throw new OutboxSendError('bot_offline');
    if (to.kind === 'room') {
      const room = await wechaty.Room.find({ id: to.id });
      if (!room) throw new OutboxSendError('room_not_found');
      await room.say(text);
    } else {
      const contact = await wechaty.Contact.find({ id: to.id });
      if (!contact) throw new OutboxSendError('contact_not_found');
      await contact.say(text);
    }
  };
}
