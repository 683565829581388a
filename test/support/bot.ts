/**
 * The real system with the bot on the mock puppet, for the chat tests: starts it on its own database,
 * records what the bot heard and what it said (as Wechaty reports its own messages), and helpers to
 * speak as a resident and wait for the bot.
 */
import { expect } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import type { FixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/log.js';
import type { InboxDoc } from '../../models/inbox.js';
import { startSystem, type StartOptions, type System } from '../../system.js';
import { testServerUri, uniqueDbName } from './db.js';
import { bindTestGroup } from './groups.js';
import { ADMIN_TOKEN, type Json } from './http.js';
import { flats } from './units.js';

/** One message the bot said: in a room, or privately to a listener. */
export interface Said {
  roomId: string | null;
  listenerId: string | null;
  text: string;
}

/** An outbox fast enough for tests, with no quiet hours. */
export const FAST_OUTBOX: Record<string, string> = {
  JIATI_OUTBOX_POLL_MS: '20',
  JIATI_OUTBOX_PER_GROUP_PER_SECOND: '100',
  JIATI_OUTBOX_PER_MINUTE: '100000',
  JIATI_QUIET_HOURS: '00:00-00:00',
};

/** Polls `check` every 20 ms until it holds; throws after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The system with the bot on the mock puppet, and what the bot heard and said. */
export class BotWorld {
  system!: System;
  readonly logLines: string[] = [];
  readonly said: Said[] = [];
  readonly heard: Message[] = [];

  constructor(
    private readonly clock: FixedClock,
    private readonly dbName: string,
    private readonly env: Record<string, string> = FAST_OUTBOX,
    private readonly options: Pick<StartOptions, 'onMessageHandled'> = {},
  ) {}

  /** Starts the system on a fresh database (no scheduler) and listens to the bot's messages. */
  async start(): Promise<System> {
    const config = loadConfig({
      MONGODB_URI: testServerUri(),
      JIATI_DB_NAME: uniqueDbName(this.dbName),
      JIATI_BOT: '1',
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      ...this.env,
      LOG_LEVEL: 'debug',
      PORT: '0',
    });
    const log = createLogger({ level: 'debug' }, { write: (line: string) => void this.logLines.push(line) });
    this.system = await startSystem(config, { ...this.options, clock: this.clock, log, scheduler: false });
    this.system.bot!.wechaty.on('message', (message: Message) => {
      if (!message.self()) {
        this.heard.push(message);
        return;
      }
      this.said.push({
        roomId: message.room()?.id ?? null,
        listenerId: message.listener()?.id ?? null,
        text: message.text(),
      });
    });
    return this.system;
  }

  /** Drops the database and stops the system. */
  stop = async (): Promise<void> => {
    await this.system.connection.dropDatabase().catch(() => undefined);
    await this.system.stop();
  };

  /** POSTs `body` as the admin. */
  post = async (path: string, body: unknown = {}): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${this.system.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  inbox = (id: string) => this.system.models.inbox.findById(id).lean<InboxDoc>().exec();

  /** Says `text` as `who` (in `where`, or privately to the bot) and waits until it is handled. */
  say = async (who: mock.ContactMock, text: string, where: mock.RoomMock | 'bot'): Promise<Message> => {
    const before = this.heard.length;
    const mocker = this.system.mocker!;
    who.say(text).to(where === 'bot' ? mocker.ContactMock.load(mocker.puppet.currentUserId) : where);
    const mine = (m: Message) => m.talker().id === who.id && m.text() === text;
    await waitFor(() => this.heard.slice(before).some(mine));
    const message = this.heard.slice(before).find(mine)!;
    // Handled: the inbox has the message and it is no longer waiting (a missing record is not handled).
    await waitFor(async () => {
      const status = (await this.inbox(message.id))?.status;
      return status !== undefined && status !== 'received';
    });
    return message;
  };

  /** What the bot said privately to `contact`. */
  privately = (contact: mock.ContactMock) =>
    this.said.filter((s) => s.listenerId === contact.id).map((s) => s.text);

  /** What the bot said in `room`. */
  inRoom = (room: mock.RoomMock) => this.said.filter((s) => s.roomId === room.id).map((s) => s.text);

  /** 李大爷, 王阿姨 and 张先生 with the bot in the group 测试小区 3 幢 2 单元. */
  residents(): {
    li: mock.ContactMock;
    wang: mock.ContactMock;
    zhang: mock.ContactMock;
    group: mock.RoomMock;
  } {
    const mocker = this.system.mocker!;
    const li = mocker.createContact({ name: '李大爷' });
    const wang = mocker.createContact({ name: '王阿姨' });
    const zhang = mocker.createContact({ name: '张先生' });
    const group = mocker.createRoom({
      topic: '测试小区 3 幢 2 单元',
      memberIdList: [mocker.puppet.currentUserId, li.id, wang.id, zhang.id],
    });
    return { li, wang, zhang, group };
  }

  /** Registers a unit of 6 flats with plan 1 and opens a major ballot closing in 7 days; binds `group` to it. */
  async unitWithBallot(
    group: mock.RoomMock,
  ): Promise<{ unitId: string; ballotId: string; closesAt: string }> {
    const registered = await this.post('/api/v1/units', { name: '测试单元', flats: flats(6) });
    expect(registered.status).toBe(201);
    const unitId = registered.body.id as string;
    expect(
      (await this.post(`/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
    ).toBe(201);
    const closesAt = new Date(this.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const opened = await this.post(`/api/v1/units/${unitId}/ballots`, {
      title: '加装电梯',
      matter: 'major',
      closesAt,
    });
    expect(opened.status).toBe(201);
    await bindTestGroup(this.system.commands, group.id, unitId, this.clock.now());
    return { unitId, ballotId: opened.body.id as string, closesAt };
  }
}
