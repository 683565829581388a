import { setTimeout as sleep } from 'node:timers/promises';
import type { mock } from 'wechaty-puppet-mock';
import type { CommandContext } from '../commands/kernel/context.js';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import type { OutboxDoc } from '../models/outbox.js';
import type { DemoMessageDoc, DemoMessageModel } from './models/demo-message.js';
import { speakAs } from './wechat.js';

/** What the seed's people need to speak: the mock world, the bot's inbox and outbox, the transcript. */
export interface DemoVoiceDeps {
  readonly mocker: mock.Mocker;
  readonly commands: CommandContext;
  readonly transcript: DemoMessageModel;
  readonly clock: Clock;
  readonly log: Log;
  /**
   * How long one step may wait for the bot (default 60 s; at the production limit of one message a
   * second per group, a binding's three answers take three seconds).
   */
  readonly timeoutMs?: number;
}

/**
 * The demo's people speaking through the mock puppet, one step at a time, each step waiting until
 * the bot has answered and its answers are in the transcript. So the history the `/demo/` page opens
 * on is a conversation in its real order: what a neighbour said, then what the bot said back.
 */
export interface DemoVoice {
  /**
   * `contactId` says `text` in the unit group or privately to the bot. Resolves once the bot has
   * handled it and everything it queued meanwhile was sent and recorded (or is held for quiet
   * hours). Throws when the bot does not hear or handle it in time.
   */
  say(contactId: string, where: 'group' | 'bot', text: string): Promise<void>;
  /** Runs `act` (a command that may queue notices) and waits, like {@link say}, until they are out. */
  after<T>(act: () => Promise<T>): Promise<T>;
}

const POLL_MS = 10;

/**
 * A {@link DemoVoice} for the running system. It needs the transcript recorder on (see
 * `transcript.ts`): it learns the message id of what it said, and whether the bot's answers went out,
 * from the transcript.
 */
export function demoVoice(deps: DemoVoiceDeps): DemoVoice {
  const { mocker, transcript, clock, log } = deps;
  const { inbox, outbox } = deps.commands.models;
  const timeoutMs = deps.timeoutMs ?? 60_000;

  const lastSeq = async (): Promise<number> => {
    const [last] = await transcript.find({}, { _id: 1 }).sort({ _id: -1 }).limit(1).lean<{ _id: number }[]>();
    return last?._id ?? 0;
  };
  const outboxIds = async (): Promise<Set<string>> =>
    new Set((await outbox.find({}, { _id: 1 }).lean<{ _id: string }[]>().exec()).map((doc) => doc._id));

  /** Polls `check` until it gives a value; throws `failure` after the step's time. */
  const waitFor = async <T>(check: () => Promise<T | null | undefined>, failure: string): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== null && found !== undefined) return found;
      if (Date.now() > until) throw new Error(`demo: ${failure}`);
      await sleep(POLL_MS);
    }
  };

  /**
   * Waits until every message queued since `before` is out: none is still due or being sent, and the
   * transcript after `sinceSeq` has a bot line for each one sent. A notice held for quiet hours or a
   * send that backs off is not waited for. Past the step's time it warns and goes on: the estate is
   * seeded either way, and what is late reaches the page when it is sent.
   */
  const delivered = async (sinceSeq: number, before: ReadonlySet<string>): Promise<void> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (
        await outbox.find({}, { _id: 1, status: 1, notBefore: 1 }).lean<OutboxDoc[]>().exec()
      ).filter((doc) => !before.has(doc._id));
      const now = clock.now().getTime();
      const owed = fresh.filter(
        (doc) =>
          doc.status === 'sending' || (doc.status === 'pending' && new Date(doc.notBefore).getTime() <= now),
      );
      const sent = fresh.filter((doc) => doc.status === 'sent').length;
      if (owed.length === 0) {
        const recorded = await transcript.countDocuments({ _id: { $gt: sinceSeq }, from: 'bot' }).exec();
        if (recorded >= sent) return;
      }
      if (Date.now() > until) {
        log.warn({ owed: owed.length, sent }, 'demo seed: the bot has not said everything yet; going on');
        return;
      }
      await sleep(POLL_MS);
    }
  };

  const step = async <T>(act: (sinceSeq: number) => Promise<T>): Promise<T> => {
    const sinceSeq = await lastSeq();
    const before = await outboxIds();
    const result = await act(sinceSeq);
    await delivered(sinceSeq, before);
    return result;
  };

  return {
    say: (contactId, where, text) =>
      step(async (sinceSeq) => {
        speakAs(mocker, contactId, where, text);
        const line = await waitFor(
          () =>
            transcript
              .findOne({ _id: { $gt: sinceSeq }, from: contactId, to: where, text })
              .lean<DemoMessageDoc>()
              .exec(),
          'the bot did not hear a seeded message in time',
        );
        await waitFor(async () => {
          const status = (await inbox.findById(line.messageId, { status: 1 }).lean().exec())?.status;
          return status === undefined || status === 'received' ? null : status;
        }, 'the bot did not answer a seeded message in time');
      }),
    after: (act) => step(() => act()),
  };
}
