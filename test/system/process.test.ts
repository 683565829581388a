/**
 * The whole process as an operator runs it: `node --import tsx main.ts` with its own embedded
 * FerretDB, stopped by SIGTERM and by kill -9. Slow-ish (each start compiles and boots), so few.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const token = 'process-test-admin-token';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiati-process-'));
  dirs.push(dir);
  return dir;
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dbPid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  exited: Running['exited'];
} {
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
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited };
}

async function start(dataDir: string): Promise<Running & { lines: string[] }> {
  const { child, lines, exited } = launch({ JIATI_DATA_DIR: dataDir });
  const until = Date.now() + 45_000;
  let url: string | undefined;
  let dbPid: number | undefined;
  while (!url || !dbPid) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`did not start:\n${lines.join('\n')}`);
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { url?: string; dbPid?: number };
        url ??= entry.url;
        dbPid ??= entry.dbPid;
      } catch {
        // not a log line
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, dbPid, exited, lines };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

const api = (url: string, route: string, init: RequestInit = {}) =>
  fetch(`${url}${route}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

const unit = {
  name: '进程测试小区 1幢1单元',
  flats: [1, 2, 3].flatMap((floor) =>
    ['01', '02'].map((n) => ({
      room: `${floor}${n}`,
      floor,
      area: '72.50',
      areaSource: 'register',
      owners: [{ name: `业主${floor}${n}` }],
    })),
  ),
};

describe('the process', () => {
  it('refuses a bad setting with one clear line and exit code 2', async () => {
    const { lines, exited } = launch({ JIATI_DATA_DIR: tempDir(), PORT: 'eighty' });
    const { code } = await exited;
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^Configuration error: PORT .*"eighty"/)]);
  });

  it('serves /healthz, keeps data across a SIGTERM restart, and stops its database with it', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      failing: [],
      db: 'up',
      scheduler: 'running',
      bot: 'online',
      outbox: 'running',
    });

    const created = await api(first.url, '/api/v1/units', { method: 'POST', body: JSON.stringify(unit) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntil(() => !alive(first.dbPid), 5000)).toBe(true);

    const second = await start(dataDir);
    try {
      const read = await api(second.url, `/api/v1/units/${id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, name: unit.name });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('takes its embedded database down with it when killed with SIGKILL', async () => {
    const running = await start(tempDir());
    expect(alive(running.dbPid)).toBe(true);
    running.child.kill('SIGKILL');
    await running.exited;
    expect(await waitUntil(() => !alive(running.dbPid), 5000)).toBe(true);
  });

  it('restarts its embedded database after kill -9 and is healthy again within seconds', async () => {
    const running = await start(tempDir());
    try {
      process.kill(running.dbPid, 'SIGKILL');
      await waitUntil(() => !alive(running.dbPid), 5000);
      const restarted = () => running.lines.find((line) => line.includes('embedded database restarted'));
      expect(await waitUntil(() => restarted() !== undefined, 10_000)).toBe(true);
      const { dbPid } = JSON.parse(restarted()!) as { dbPid: number };
      expect(alive(dbPid)).toBe(true);
      let health = await fetch(`${running.url}/healthz`);
      for (let tries = 0; health.status !== 200 && tries < 50; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        health = await fetch(`${running.url}/healthz`);
      }
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ db: 'up', parts: { db: { details: { restarts: 1 } } } });
    } finally {
      running.child.kill('SIGKILL');
      await running.exited;
    }
  });
});
