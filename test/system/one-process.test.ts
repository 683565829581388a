/**
 * One process per data folder, and nothing started before the HTTP port is ours: whole `main.ts`
 * processes on their own embedded FerretDB, as an operator runs them. A second process on a folder
 * in use refuses with one line and exit code 4; a lock left by a dead process is taken over; a
 * process whose port is taken exits with code 5 before its database, scheduler or bot started.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LOCK_FILE } from '../../lib/data-dir-lock.js';
import { connectDatabase, startEmbeddedDatabase } from '../../lib/db.js';
import { dataDirInUse, httpPortTaken } from '../../messages/index.js';

jest.setTimeout(120_000);

const token = 'one-process-test-admin-token';
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiati-one-process-'));
  dirs.push(dir);
  return dir;
}

interface Launched {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      JIATI_ADMIN_TOKEN: token,
      LOG_LEVEL: 'info',
      AGENDA_PROCESS_EVERY_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited };
}

/** Starts `main.ts` on `dataDir` and resolves with its URL once it listens. */
async function start(dataDir: string): Promise<Launched & { url: string }> {
  const launched = launch({ JIATI_DATA_DIR: dataDir });
  const until = Date.now() + 60_000;
  for (;;) {
    const listening = launched.lines.find((line) => line.includes('jiati is listening'));
    if (listening !== undefined) return { ...launched, url: (JSON.parse(listening) as { url: string }).url };
    if (Date.now() > until || launched.child.exitCode !== null)
      throw new Error(`did not start:\n${launched.lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(launched: Launched): Promise<void> {
  launched.child.kill('SIGTERM');
  expect(await launched.exited).toEqual({ code: 0, signal: null });
}

const api = (url: string, route: string, init: RequestInit = {}) =>
  fetch(`${url}${route}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

const lockHolder = (dir: string) => Number(readFileSync(path.join(dir, LOCK_FILE), 'utf8').split(/\s/)[0]);

const unit = {
  name: '单进程测试小区 1幢1单元',
  flats: [1, 2].map((floor) => ({
    room: `${floor}01`,
    floor,
    area: '72.50',
    areaSource: 'register',
    owners: [{ name: `业主${floor}01` }],
  })),
};

describe('one process per data folder', () => {
  const dataDir = tempDir();
  let unitId = '';

  it('refuses a second process on a folder in use with one line and exit code 4; the first serves on', async () => {
    const first = await start(dataDir);
    expect(lockHolder(dataDir)).toBe(first.child.pid);

    const second = launch({ JIATI_DATA_DIR: dataDir });
    expect(await second.exited).toEqual({ code: 4, signal: null });
    // Nothing else: no database, scheduler or bot started (each would have logged).
    expect(second.lines).toEqual([dataDirInUse(dataDir, first.child.pid!)]);

    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const created = await api(first.url, '/api/v1/units', { method: 'POST', body: JSON.stringify(unit) });
    expect(created.status).toBe(201);
    unitId = ((await created.json()) as { id: string }).id;
    expect(lockHolder(dataDir)).toBe(first.child.pid);

    await stop(first);
    // Released on a clean stop.
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock a dead process left', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(path.join(dataDir, LOCK_FILE), `${dead.pid}\n`);

    const next = await start(dataDir);
    try {
      expect(lockHolder(dataDir)).toBe(next.child.pid);
      const tookOver = next.lines.find((line) => line.includes('lock of a dead process taken over'));
      expect(JSON.parse(tookOver!)).toMatchObject({ pid: dead.pid });
      expect((await api(next.url, `/api/v1/units/${unitId}`)).status).toBe(200);
    } finally {
      await stop(next);
    }
  });
});

describe('the HTTP port', () => {
  let squatter: Server | undefined;
  afterAll(() => {
    squatter?.close();
  });

  it('is bound first: when it is taken the process exits with code 5 and no job ran', async () => {
    squatter = createServer();
    await new Promise<void>((resolve) => squatter!.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    const dataDir = tempDir();

    const refused = launch({ JIATI_DATA_DIR: dataDir, PORT: String(port) });
    expect(await refused.exited).toEqual({ code: 5, signal: null });
    expect(refused.lines).toEqual([httpPortTaken('127.0.0.1', port)]);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // The folder's database, as the next process would find it: no job was ever stored or run.
    const database = await startEmbeddedDatabase({ bin: path.resolve('.cache/bin/jiati-ferretdb'), dataDir });
    const connection = await connectDatabase(database.uri, 'jiati');
    try {
      expect(await connection.db!.collection('agendaJobs').find({}).toArray()).toEqual([]);
      expect(await connection.db!.collection('case_events').countDocuments()).toBe(0);
    } finally {
      await connection.close();
      await database.stop();
    }
  });
});
