/**
 * The embedded database is watched: the real system on its own embedded FerretDB
 * (its own `JIATI_DATA_DIR`, started by the system itself, not the shared test server), whose child
 * is killed with SIGKILL. `/healthz` names what is down, requests that need the database answer 503
 * at once, the supervisor restarts the server on the same port, and every write acknowledged before
 * the kill is there exactly once afterwards. The database's binary is reached through a small shell
 * script that can be told to fail, so an outage lasts as long as a test needs it to.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { reconcileClocksJob } from '../../jobs/reconcile-clocks.js';
import { loadConfig } from '../../lib/config.js';
import { superviseEmbeddedDatabase } from '../../lib/db.js';
import { createLogger } from '../../lib/log.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import { verifyChain } from '../../models/case-stream.js';
import { startSystem, type System } from '../../system.js';
import { FAST_OUTBOX, waitFor } from '../support/bot.js';
import { ADMIN_TOKEN, type Json } from '../support/http.js';
import { flats } from '../support/units.js';

const REAL_BIN = path.resolve(process.env.JIATI_FERRETDB_BIN ?? '.cache/bin/jiati-ferretdb');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiati-dbsup-'));
  dirs.push(dir);
  return dir;
}

/**
 * A stand-in for the binary: runs the real one, unless `<dir>/block` exists (it then fails at once,
 * as a server that cannot start would), or, with `once`, after its first start.
 */
function wrappedBinary(dir: string, options: { once?: boolean } = {}): { bin: string; block: string } {
  const bin = path.join(dir, 'ferretdb.sh');
  const block = path.join(dir, 'block');
  writeFileSync(
    bin,
    [
      '#!/bin/sh',
      `if [ -e '${block}' ]; then echo 'jiati-ferretdb: cannot start (test)' >&2; exit 1; fi`,
      ...(options.once ? [`touch '${block}'`] : []),
      `exec '${REAL_BIN}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(bin, 0o755);
  return { bin, block };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Call {
  status: number;
  body: Json;
  headers: Headers;
  ms: number;
}

describe('the embedded database under supervision', () => {
  const dir = tempDir();
  const { bin, block } = wrappedBinary(dir);
  const lines: string[] = [];
  const said: { listenerId: string | null; text: string }[] = [];
  const fatal: Error[] = [];
  let system: System;
  let ballotId: string;
  let unitId: string;
  let li: mock.ContactMock;
  let group: mock.RoomMock;

  const call = async (method: string, route: string, body?: unknown): Promise<Call> => {
    const started = performance.now();
    const response = await fetch(`${system.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as Json,
      headers: response.headers,
      ms: performance.now() - started,
    };
  };
  const paperVote = (room: string, reference: string) =>
    call('POST', `/api/v1/ballots/${ballotId}/votes`, { room, choice: 'agree', channel: 'paper', reference });
  const health = () => call('GET', '/healthz');
  const votes = () =>
    system.models.caseEvents.find({ caseId: unitId, type: 'VoteCast' }).lean<CaseEventDoc[]>().exec();
  /** Kills the server's process as `kill -9` would, and waits until it is gone. */
  const killDatabase = async () => {
    const pid = system.database!.pid()!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !alive(pid), 5000);
    return pid;
  };

  beforeAll(async () => {
    const config = loadConfig({
      JIATI_DATA_DIR: dir,
      JIATI_FERRETDB_BIN: bin,
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      PORT: '0',
      AGENDA_PROCESS_EVERY_MS: '500',
      ...FAST_OUTBOX,
      LOG_LEVEL: 'debug',
    });
    const log = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    system = await startSystem(config, { log, onFatal: (error) => fatal.push(error) });
    system.bot!.wechaty.on('message', (message: Message) => {
      if (message.self()) said.push({ listenerId: message.listener()?.id ?? null, text: message.text() });
    });

    const registered = await call('POST', '/api/v1/units', { name: '监护测试单元', flats: flats(6) });
    expect(registered.status).toBe(201);
    unitId = registered.body.id as string;
    expect(
      (await call('POST', `/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
    ).toBe(201);
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const opened = await call('POST', `/api/v1/units/${unitId}/ballots`, {
      title: '加装电梯',
      matter: 'major',
      closesAt,
    });
    expect(opened.status).toBe(201);
    ballotId = opened.body.id as string;

    // 李大爷 of flat 101, bound by his code said privately, in the unit's bound group.
    const mocker = system.mocker!;
    li = mocker.createContact({ name: '李大爷' });
    group = mocker.createRoom({
      topic: '监护测试 1 单元',
      memberIdList: [mocker.puppet.currentUserId, li.id],
    });
    await system.models.groups.create({ _id: group.id, unitId, boundAt: new Date() });
    const codes = (await call('POST', `/api/v1/units/${unitId}/binding-codes`)).body.codes as {
      room: string;
      code: string;
    }[];
    li.say(`绑定 ${codes.find((c) => c.room === '101')!.code}`).to(
      mocker.ContactMock.load(mocker.puppet.currentUserId),
    );
    await waitFor(async () =>
      JSON.stringify((await call('GET', `/api/v1/units/${unitId}/bindings`)).body).includes(li.id),
    );
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('reports every part healthy while everything runs', async () => {
    await waitFor(async () => (await health()).status === 200, 10_000);
    const { body } = await health();
    expect(body).toMatchObject({
      status: 'ok',
      failing: [],
      db: 'up',
      scheduler: 'running',
      bot: 'online',
      outbox: 'running',
      parts: {
        db: { state: 'up', healthy: true, details: { restarts: 0, downSince: null } },
        scheduler: { healthy: true, details: { lastPollAt: expect.any(String) } },
        bot: { healthy: true, details: { held: 0 } },
        outbox: { healthy: true, details: { lastPollAt: expect.any(String) } },
      },
    });
  });

  it('is restarted on the same port after kill -9, within seconds, with nothing acknowledged lost', async () => {
    const acknowledged: string[] = [];
    for (const room of ['102', '201', '202']) {
      const reply = await paperVote(room, `P-${room}`);
      expect(reply.status).toBe(201);
      acknowledged.push(`P-${room}`);
    }
    const uri = system.database!.uri;
    const killedAt = performance.now();
    const killed = await killDatabase();

    let sawDown = false;
    await waitFor(async () => {
      const reply = await health();
      if (reply.status === 503) sawDown = true;
      return sawDown && reply.status === 200;
    }, 15_000);
    expect(performance.now() - killedAt).toBeLessThan(10_000);
    expect(system.database!.uri).toBe(uri);
    expect(system.database!.pid()).not.toBe(killed);
    expect((await health()).body.parts.db.details.restarts).toBe(1);

    const references = (await votes()).map((event) => (event.data as { reference?: string }).reference);
    for (const reference of acknowledged) expect(references.filter((r) => r === reference)).toHaveLength(1);
    expect((await paperVote('301', 'P-301')).status).toBe(201);
  });

  it('fails fast while it is down, holds a chat vote, and resumes everything once it is back', async () => {
    const acknowledged: string[] = [];
    const before: number[] = [];
    for (const room of ['102', '302']) {
      const reply = await paperVote(room, `P-${room}-again`);
      expect(reply.status).toBe(201);
      acknowledged.push(`P-${room}-again`);
      before.push(reply.ms);
    }
    const firstLine = lines.length;
    writeFileSync(block, '');
    const downAt = Date.now();
    await killDatabase();

    // Health names every part that cannot work, and says the database is being restarted.
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'degraded',
      db: 'restarting',
      scheduler: 'waiting',
      outbox: 'waiting',
    });
    expect(down.body.failing).toEqual(expect.arrayContaining(['db', 'scheduler', 'outbox']));
    expect(down.body.parts.db.details.downSince).toEqual(expect.any(String));

    // Writes fail at once with a stable code, plain Chinese and Retry-After; nothing is stored.
    const refused = await paperVote('301', 'P-while-down');
    expect(refused).toMatchObject({
      status: 503,
      body: { ok: false, error: 'database_unavailable', message: '数据库暂时不可用，请稍后再试。' },
    });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.ms).toBeLessThan(1000);
    // The pure calendar needs no database.
    expect((await call('GET', '/api/v1/calendar/period-end?from=2025-03-03&length=10&unit=day')).status).toBe(
      200,
    );

    // 李大爷 votes in the group: the message is held, not lost, and nothing is said yet.
    const heard = new Promise<Message>((resolve) => {
      const listen = (message: Message) => {
        if (message.talker().id !== li.id) return;
        system.bot!.wechaty.off('message', listen);
        resolve(message);
      };
      system.bot!.wechaty.on('message', listen);
    });
    li.say('同意').to(group);
    const voteMessage = await heard;
    await waitFor(() => system.bot!.held() === 1, 5000);
    expect((await health()).body.parts.bot).toMatchObject({ state: 'online', details: { held: 1 } });

    // The server may start again: the supervisor's next attempt brings it back on the same port.
    const sentBefore = said.length;
    unlinkSync(block);
    await waitFor(async () => (await health()).status === 200, 15_000);
    const upAt = Date.now();

    const events = await votes();
    const references = events.map((event) => (event.data as { reference?: string }).reference);
    for (const reference of acknowledged) expect(references.filter((r) => r === reference)).toHaveLength(1);
    expect(references).not.toContain('P-while-down');
    expect(await verifyChain(system.models.caseEvents, unitId)).toMatchObject({ ok: true });

    // The held chat vote counts once, and the outbox worker sends its receipt by itself.
    await waitFor(async () => {
      const chat = (await votes()).filter(
        (e) => (e.data as { messageId?: string }).messageId === voteMessage.id,
      );
      return chat.length === 1 && (chat[0]!.data as { room: string }).room === '101';
    }, 10_000);
    await waitFor(() => said.slice(sentBefore).some((s) => s.listenerId === li.id), 10_000);
    expect(system.bot!.held()).toBe(0);

    // Agenda polls again and runs a job by itself.
    await waitFor(() => (system.scheduler!.lastPollAt()?.getTime() ?? 0) > upAt, 5000);
    const ran = new Promise<void>((resolve) =>
      system.scheduler!.agenda.once(`success:${reconcileClocksJob.name}`, () => resolve()),
    );
    await system.scheduler!.agenda.now(reconcileClocksJob.name, {});
    await ran;

    const after = await paperVote('301', 'P-301-after');
    expect(after.status).toBe(201);
    expect(after.ms).toBeLessThan(2000);
    expect(Math.max(...before)).toBeLessThan(2000);

    // The log: one warn when it went, one info when it came back, nothing at error level, and
    // every error it did log is a small summary.
    const since = lines.slice(firstLine).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(since.filter((l) => l.msg.startsWith('database unavailable'))).toHaveLength(1);
    expect(since.filter((l) => l.msg === 'database available again')).toHaveLength(1);
    expect(since.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.join('\n')).not.toContain('unable to serialize');
    expect(upAt - downAt).toBeLessThan(15_000);
    expect(fatal).toEqual([]);
  }, 60_000);

  it('is not restarted after a deliberate stop', async () => {
    const pid = system.database!.pid()!;
    const firstLine = lines.length;
    await system.stop();
    expect(alive(pid)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const since = lines.slice(firstLine).map((line) => JSON.parse(line) as { msg: string });
    expect(since.map((l) => l.msg)).not.toContain('embedded database exited');
    expect(system.database!.state()).toBe('stopped');
    expect(fatal).toEqual([]);
  });
});

describe('a database that cannot be kept running', () => {
  it('gives up when its port stays taken', async () => {
    const database = await superviseEmbeddedDatabase({ bin: REAL_BIN, dataDir: tempDir() });
    const port = Number(new URL(database.uri).port);
    const squatter: Server = createServer();
    try {
      const pid = database.pid()!;
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !alive(pid), 2000);
      await new Promise<void>((resolve, reject) => {
        squatter.once('error', reject);
        squatter.listen(port, '127.0.0.1', resolve);
      });
      await waitFor(() => database.state() === 'failed', 10_000);
      expect(database.failure()?.message).toMatch(new RegExp(`port ${port} stayed taken`));
    } finally {
      squatter.close();
      await database.stop();
    }
  });

  it('makes the app exit with code 3 and one fatal line when it keeps dying', async () => {
    const dir = tempDir();
    const { bin } = wrappedBinary(dir, { once: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
        JIATI_DATA_DIR: dir,
        JIATI_FERRETDB_BIN: bin,
        JIATI_BOT: '0',
        JIATI_DB_RESTARTS: '2',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => output.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let dbPid: number | undefined;
      await waitFor(() => {
        for (const line of output) dbPid ??= (JSON.parse(line) as { dbPid?: number }).dbPid;
        return dbPid !== undefined && output.some((line) => line.includes('jiati is listening'));
      }, 45_000);
      process.kill(dbPid!, 'SIGKILL');
      expect(await exited).toBe(3);
      const fatalLines = output.filter((line) => (JSON.parse(line) as { level?: number }).level === 60);
      expect(fatalLines).toHaveLength(1);
      expect(JSON.parse(fatalLines[0]!)).toMatchObject({
        msg: 'the embedded database cannot be kept running: exiting for a process manager to restart Jiati',
        reason: 'the embedded database kept exiting: 2 restarts in a row did not stay up',
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
