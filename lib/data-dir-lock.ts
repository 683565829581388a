/**
 * One process per data folder. The embedded database keeps its files under `JIATI_DATA_DIR`, and two
 * processes on one folder would each start a database and a scheduler on the same files (and close
 * the same ballots). The first process writes its pid into `<dir>/jiati.lock`, created exclusively
 * (`wx`); a second finds the file, sees that process alive and refuses. A lock left by a process that
 * died without releasing it (`kill -9`, a power cut) is taken over.
 *
 * "Alive" is checked with signal 0. A pid can be reused, most of all in a container, whose processes
 * get the same small pids at every start; so the lock also records when its process started (Linux
 * `/proc/<pid>/stat`), and a live pid that started at another time is not the holder. The lock is
 * for processes of one machine: a folder shared over the network needs the operator's own care.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The lock file's name inside the data folder. */
export const LOCK_FILE = 'jiati.lock';

/** After taking over a stale lock, wait this long and read it again: two takers at once settle on one. */
const TAKEOVER_SETTLE_MS = 50;

/** The data folder is locked by another live process. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`The data folder ${dir} is in use by another Jiati process (pid ${pid}).`);
  }
}

/** A held lock. */
export interface DataDirLock {
  /** The lock file. */
  readonly file: string;
  /** The pid of the dead process whose lock was taken over, if one was. */
  readonly tookOverFrom: number | null;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Lock files this process holds: its own pid in one of them is a live holder, not a reused pid. */
const heldHere = new Set<string>();

/**
 * Takes the lock on `dir` (created if missing), or throws {@link DataDirLockedError} naming the
 * process that holds it. Call it before anything else touches the folder.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? ''}\n`;
  let tookOverFrom: number | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder === null) continue; // released meanwhile
      if (isAlive(file, holder)) throw new DataDirLockedError(dir, holder.pid);
      tookOverFrom = holder.pid;
      removeIfUnchanged(file, holder.raw);
      continue;
    }
    if (tookOverFrom !== null) {
      // Another process may have judged the same stale lock and removed ours before writing its own.
      await new Promise((resolve) => setTimeout(resolve, TAKEOVER_SETTLE_MS));
      const now = readHolder(file);
      if (now !== null && now.raw !== mine) throw new DataDirLockedError(dir, now.pid);
    }
    heldHere.add(file);
    return {
      file,
      tookOverFrom,
      release() {
        if (!heldHere.delete(file)) return;
        removeIfUnchanged(file, mine);
      },
    };
  }
  // Only a folder where locks keep appearing and vanishing gets here.
  const holder = readHolder(file);
  throw new DataDirLockedError(dir, holder?.pid ?? 0);
}

interface Holder {
  readonly raw: string;
  readonly pid: number;
  /** When it started (clock ticks since boot), if the platform says. */
  readonly startedAt: string | null;
}

/** The lock file's holder, or null if the file is gone. A file that does not parse holds pid 0 (dead). */
function readHolder(file: string): Holder | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [pid, startedAt] = raw.trim().split(/\s+/);
  const parsed = Number(pid);
  return {
    raw,
    pid: Number.isSafeInteger(parsed) && parsed > 0 ? parsed : 0,
    startedAt: startedAt ? startedAt : null,
  };
}

function isAlive(file: string, holder: Holder): boolean {
  if (holder.pid === 0) return false;
  // This process's pid in a lock it does not hold: a previous run (in a container) that had our pid.
  if (holder.pid === process.pid) return heldHere.has(file);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startedAt = startTimeOf(holder.pid);
  return holder.startedAt === null || startedAt === null || startedAt === holder.startedAt;
}

/** When `pid` started, in clock ticks since boot (Linux), or null where `/proc` does not say. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces and parentheses): starttime is the 20th.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function removeIfUnchanged(file: string, raw: string): void {
  if (readHolder(file)?.raw !== raw) return;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
