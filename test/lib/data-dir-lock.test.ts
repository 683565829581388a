import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../lib/data-dir-lock.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiati-lock-'));
  dirs.push(dir);
  return dir;
}

const lockFile = (dir: string) => path.join(dir, LOCK_FILE);

/** A live process other than this one, its pid, and how to end it. */
async function sleeper(): Promise<{ pid: number; end(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await new Promise((resolve) => child.once('spawn', resolve));
  return {
    pid: child.pid!,
    end: async () => {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** When `pid` started, as the lock records it (Linux). */
const startTime = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('lockDataDir', () => {
  it('creates the folder, writes its pid, and removes the file on release', async () => {
    const dir = path.join(tempDir(), 'not-yet');
    const lock = await lockDataDir(dir);
    expect(readFileSync(lockFile(dir), 'utf8').split(' ')[0]).toBe(String(process.pid));
    expect(lock.tookOverFrom).toBeNull();
    lock.release();
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('refuses while this process holds it, and lets it be taken again once released', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect(refused).toMatchObject({ dir, pid: process.pid });
    lock.release();
    (await lockDataDir(dir)).release();
  });

  it('refuses a lock held by another live process and leaves its file alone', async () => {
    const dir = tempDir();
    const other = await sleeper();
    try {
      const held = `${other.pid} ${startTime(other.pid)}\n`;
      writeFileSync(lockFile(dir), held);
      await expect(lockDataDir(dir)).rejects.toMatchObject({ name: 'DataDirLockedError', pid: other.pid });
      expect(readFileSync(lockFile(dir), 'utf8')).toBe(held);
    } finally {
      await other.end();
    }
  });

  it.each([
    ['a dead process', async () => ({ pid: await deadPid(), start: '' })],
    ['this process, from an earlier run that had its pid', async () => ({ pid: process.pid, start: '1' })],
    ['nothing readable', async () => ({ pid: 0, start: 'garbage' })],
  ])('takes over a lock left by %s', async (_, holder) => {
    const dir = tempDir();
    const { pid, start } = await holder();
    writeFileSync(lockFile(dir), pid === 0 ? start : `${pid} ${start}\n`);
    const lock = await lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(pid);
    expect(readFileSync(lockFile(dir), 'utf8').split(' ')[0]).toBe(String(process.pid));
    lock.release();
  });

  it('takes over a lock whose pid is alive but started at another time (a reused pid)', async () => {
    const dir = tempDir();
    const other = await sleeper();
    try {
      const before = Number(startTime(other.pid)) - 1;
      writeFileSync(lockFile(dir), `${other.pid} ${before}\n`);
      const lock = await lockDataDir(dir);
      expect(lock.tookOverFrom).toBe(other.pid);
      lock.release();
    } finally {
      await other.end();
    }
  });

  it('does not remove a lock another process wrote after its own was taken over', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    writeFileSync(lockFile(dir), '999999 1\n');
    lock.release();
    expect(readFileSync(lockFile(dir), 'utf8')).toBe('999999 1\n');
  });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}
