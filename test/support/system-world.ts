/**
 * The whole system for the system tests, on the real parts at once: the embedded database, the Koa API
 * over HTTP, Agenda with the deadline sweeper (fast sweeps, a minute of grace), the outbox, and the bot
 * on the Wechaty mock puppet. Its clock is the wall clock shifted by the test, moved forward instead of
 * waiting days. Records what the bot heard and what it said (with the test clock's time when Wechaty
 * reported it), speaks as contacts in the case's group or privately to the bot, looks the case's clocks
 * up, and runs one on time: never before its time, once just after it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/log.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { InboxDoc } from '../../models/inbox.js';
import { startSystem, type System } from '../../system.js';
import { FAST_SWEEP, ShiftedClock } from '../jobs/support.js';
import { FAST_OUTBOX, waitFor } from './bot.js';
import { testServerUri, uniqueDbName } from './db.js';
import { ADMIN_TOKEN, type Json, type Reply } from './http.js';

/** One message the bot said, and the test clock's time when Wechaty reported it. */
export interface SaidAt {
  readonly roomId: string | null;
  readonly listenerId: string | null;
  readonly text: string;
  readonly at: Date;
}

/** One clock that ran: its deadline as the sweeper left it, and the moment the test first saw it done. */
export interface Fired {
  readonly deadline: DeadlineDoc;
  readonly seenAt: Date;
}

/** What a system world is started with. */
export interface SystemWorldOptions {
  /** Names its database and its data folder. */
  readonly name: string;
  /** The case whose events and clocks the world looks up (read each time, once the test knows it). */
  readonly caseId: () => string;
  /** Settings over the world's own, e.g. the real quiet hours. */
  readonly env?: Record<string, string>;
}

/** Waits `ms` of wall-clock time (for sweeps and outbox polls to pass). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The whole system with the scheduler and the bot on the mock puppet, on a clock the test moves. */
export class SystemWorld {
  system!: System;
  readonly clock = new ShiftedClock();
  /** What the bot said, in the order Wechaty reported it. */
  readonly said: SaidAt[] = [];
  /** Each clock {@link runOnTime} ran, by deadline id, in the order they ran. */
  readonly fired = new Map<string, Fired>();
  /** The system's log, a JSON line each (level `info` and above). */
  readonly logLines: string[] = [];
  private readonly heard: Message[] = [];
  private group: mock.RoomMock | undefined;

  constructor(private readonly options: SystemWorldOptions) {}

  /**
   * Starts the system on a fresh database with the scheduler on, fast sweeps and outbox, a clock
   * picked up within a minute of its time counted on time, no rate limits; listens to the bot.
   */
  async start(): Promise<System> {
    const { name, env = {} } = this.options;
    const config = loadConfig({
      MONGODB_URI: testServerUri(),
      JIATI_DB_NAME: uniqueDbName(name),
      JIATI_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `jiati-${name}-`)),
      JIATI_BOT: '1',
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      PORT: '0',
      JIATI_RATE_ADDRESS_PER_MINUTE: '0',
      JIATI_RATE_TOKEN_PER_MINUTE: '0',
      JIATI_AUTH_FAILURES_PER_ADDRESS: '0',
      ...FAST_SWEEP,
      // A clock picked up within a minute of its time is on time (the test moves a second past it).
      JIATI_DEADLINE_GRACE_MS: '60000',
      // No process is killed here: a sweep slowed by a loaded machine (two test files at once) must
      // keep its job lock and its claims, not be taken for a dead process's (Agenda logs an error, and
      // a claim taken over would run a clock twice).
      JIATI_JOB_LOCK_MS: '60000',
      JIATI_DEADLINE_LEASE_MS: '60000',
      ...FAST_OUTBOX,
      ...env,
      LOG_LEVEL: 'info',
    });
    const log = createLogger({ level: 'info' }, { write: (line: string) => void this.logLines.push(line) });
    this.system = await startSystem(config, { clock: this.clock, log, scheduler: true });
    this.system.bot!.wechaty.on('message', (message: Message) => {
      if (!message.self()) {
        this.heard.push(message);
        return;
      }
      this.said.push({
        roomId: message.room()?.id ?? null,
        listenerId: message.listener()?.id ?? null,
        text: message.text(),
        at: this.clock.now(),
      });
    });
    return this.system;
  }

  /** Drops the database and stops the system (if it started). */
  stop = async (): Promise<void> => {
    await this.system?.connection.dropDatabase().catch(() => undefined);
    await this.system?.stop();
  };

  /** Moves the clock to `at`. */
  setNow = (at: string | Date): void => {
    this.clock.offsetMs = new Date(at).getTime() - Date.now();
  };

  /** A WeChat contact called `name`. */
  contact = (name: string): mock.ContactMock => this.system.mocker!.createContact({ name });

  /** The case's WeChat group `topic`, with the bot and `members` in it: where {@link say} speaks. */
  createGroup = (topic: string, members: readonly mock.ContactMock[]): mock.RoomMock => {
    const mocker = this.system.mocker!;
    this.group = mocker.createRoom({
      topic,
      memberIdList: [mocker.puppet.currentUserId, ...members.map((member) => member.id)],
    });
    return this.group;
  };

  /** Calls `/api/v1{url}` as the admin (or the staff token given). */
  api = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    token = ADMIN_TOKEN,
  ): Promise<Reply> => {
    const response = await fetch(`${this.system.url}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  };

  /** POSTs `body` to `/api/v1{url}` as the admin (or the staff token given). */
  post = (url: string, body?: unknown, token?: string): Promise<Reply> => this.api('POST', url, body, token);

  /** How many events the case has stored. */
  events = (): Promise<number> =>
    this.system.models.caseEvents.countDocuments({ caseId: this.options.caseId() });

  /** Says `text` as `who` in the group or privately to the bot, and waits until the bot handled it. */
  say = async (who: mock.ContactMock, text: string, where: 'group' | 'bot' = 'group'): Promise<void> => {
    const before = this.heard.length;
    const mocker = this.system.mocker!;
    who.say(text).to(where === 'bot' ? mocker.ContactMock.load(mocker.puppet.currentUserId) : this.group!);
    const mine = (m: Message) => m.talker().id === who.id && m.text() === text;
    await waitFor(() => this.heard.slice(before).some(mine));
    const message = this.heard.slice(before).find(mine)!;
    await waitFor(async () => {
      const status = (await this.system.models.inbox.findById(message.id).lean<InboxDoc>().exec())?.status;
      return status !== undefined && status !== 'received';
    });
  };

  /** What the bot said in the group, in order. */
  inGroup = (): string[] => this.said.filter((s) => s.roomId === this.group?.id).map((s) => s.text);

  /** What the bot said privately to `contact`, in order. */
  privately = (contact: mock.ContactMock): string[] =>
    this.said.filter((s) => s.listenerId === contact.id).map((s) => s.text);

  /** Waits until the group has heard `text`. */
  groupHears = (text: string): Promise<void> => waitFor(() => this.inGroup().includes(text));

  /** The case's pending clock of `kind` (one of them, if several). */
  pendingDeadline = (kind: string): Promise<DeadlineDoc | null> =>
    this.system.models.deadlines
      .findOne({ caseId: this.options.caseId(), kind, status: 'pending' })
      .lean<DeadlineDoc>()
      .exec();

  /** The case's pending clocks of `kind`, earliest first. */
  pendingOf = (kind: string): Promise<DeadlineDoc[]> =>
    this.system.models.deadlines
      .find({ caseId: this.options.caseId(), kind, status: 'pending' })
      .sort({ dueAt: 1 })
      .lean<DeadlineDoc[]>()
      .exec();

  /** The clock stored under `id`. */
  deadlineById = (id: string): Promise<DeadlineDoc | null> =>
    this.system.models.deadlines.findById(id).lean<DeadlineDoc>().exec();

  /**
   * Runs the `pending` clock on time: with the clock a minute before it, sweeps pass and it stays
   * pending with nothing queued nor said; with the clock just past it, it runs. Records it in
   * {@link fired} and returns it as the sweeper left it (`done`).
   */
  runOnTime = async (pending: DeadlineDoc): Promise<DeadlineDoc> => {
    const outboxSize = () => this.system.models.outbox.countDocuments({});
    this.setNow(new Date(pending.dueAt.getTime() - 60_000));
    const [queued, spoken] = [await outboxSize(), this.said.length];
    // Several sweeps (every 200 ms) with the clock before its time.
    await sleep(1200);
    expect((await this.deadlineById(pending._id))?.status).toBe('pending');
    expect([await outboxSize(), this.said.length]).toEqual([queued, spoken]);
    this.setNow(new Date(pending.dueAt.getTime() + 1000));
    await waitFor(async () => (await this.deadlineById(pending._id))?.status === 'done', 20_000);
    const deadline = (await this.deadlineById(pending._id))!;
    this.fired.set(deadline._id, { deadline, seenAt: this.clock.now() });
    return deadline;
  };

  /** Registers the place `name` of `kind` (under `parentId`) as the admin; returns its id. */
  place = async (kind: string, name: string, parentId?: string): Promise<string> => {
    const reply = await this.post('/places', { kind, name, ...(parentId ? { parentId } : {}) });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };
}
