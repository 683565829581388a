import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mongoose, { type Connection } from 'mongoose';
import type { Log } from './log.js';

/** How an embedded server process ended: its exit code, or the signal that killed it. */
export interface DatabaseExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running embedded FerretDB (SQLite backend) owned by this process. */
export interface EmbeddedDatabase {
  /** `mongodb://127.0.0.1:<port>/` — the server, without a database name. */
  readonly uri: string;
  readonly pid: number;
  /** The loopback port it listens on; a restart asks for the same one. */
  readonly port: number;
  /** Settles when the process has exited, however it ended (a stop, a crash, `kill -9`). */
  readonly exited: Promise<DatabaseExit>;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

/** Why the embedded server did not start; `address_in_use` means the asked-for port is taken. */
export class EmbeddedStartError extends Error {
  override readonly name = 'EmbeddedStartError';
  constructor(
    readonly reason: 'address_in_use' | 'exited' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the project's FerretDB wrapper (`tools/ferretdb`, built by `npm run setup`) with its files
 * under `dataDir`, and resolves once it listens. Without `port` it picks a free loopback port and
 * prints it (no race for a port); with `port` it listens there (`-listen 127.0.0.1:<port>`), which is
 * how a restart comes back where the driver is already pointed. It exits by itself when this process
 * dies, however it dies, because it watches the standard input we hold open for it. A start that
 * fails rejects with an {@link EmbeddedStartError} and leaves no process behind.
 */
export async function startEmbeddedDatabase(options: {
  bin: string;
  dataDir: string;
  port?: number;
  timeoutMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  if (!existsSync(options.bin)) {
    throw new Error(`The embedded database is not built (${options.bin} is missing): run \`npm run setup\`.`);
  }
  const dir = path.join(options.dataDir, 'ferretdb');
  const args = ['-dir', dir, '-log-level', options.logLevel ?? 'error'];
  if (options.port !== undefined) args.push('-listen', `127.0.0.1:${options.port}`);
  const child = spawn(options.bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<DatabaseExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // A child that cannot be spawned emits 'error' and no 'exit'.
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 20) stderr.shift();
    options.onLog?.(line);
  });

  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EmbeddedStartError('timeout', `The embedded database did not start within ${timeoutMs} ms.`),
          ),
        timeoutMs,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /^READY (mongodb:\/\/\S+)$/.exec(line);
        if (ready) resolve(ready[1]!);
      });
      void spawnFailed.then((error) => reject(new EmbeddedStartError('exited', error.message)));
      void exited.then(({ code, signal }) => {
        const said = stderr.join(' | ');
        const reason = /address already in use/i.test(said) ? 'address_in_use' : 'exited';
        reject(
          new EmbeddedStartError(reason, `The embedded database exited (code ${code ?? signal}): ${said}`),
        );
      });
    });
    return {
      uri,
      pid: child.pid!,
      port: Number(new URL(uri).port),
      exited,
      stop: (graceMs = 5000) => stopChild(child, exited, graceMs),
    };
  } catch (error) {
    if (child.pid !== undefined) await stopChild(child, exited, 0);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Where a supervised embedded server stands: `up` (a process answered READY), `restarting` (it died;
 * a new one is being started, after a back-off), `failed` (the supervisor gave up, see
 * {@link SupervisedDatabase.failure}), `stopped` (deliberately).
 */
export type EmbeddedState = 'up' | 'restarting' | 'failed' | 'stopped';

/** An embedded FerretDB that is restarted when it dies (see {@link superviseEmbeddedDatabase}). */
export interface SupervisedDatabase {
  /** The same for the whole life of the process: restarts listen on the same port. */
  readonly uri: string;
  state(): EmbeddedState;
  /** The server's process id; null while it is being restarted. */
  pid(): number | null;
  /** How many times a dead server was started again. */
  restarts(): number;
  /** Why the supervisor gave up, once {@link state} is `failed`. */
  failure(): Error | null;
  /** Calls `listener` on every change of {@link state}; returns the unsubscribe. */
  onChange(listener: (state: EmbeddedState) => void): () => void;
  /** Stops supervising, then stops the server. A deliberate stop is never taken for a crash. */
  stop(graceMs?: number): Promise<void>;
}

/** The restart policy of {@link superviseEmbeddedDatabase}. */
export interface RestartPolicy {
  /** Restarts in a row, without a stable run between them, before giving up (0: give up at the first crash). */
  readonly maxRestarts: number;
  /** The first back-off; each failed attempt in a row doubles it. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A server that stayed up this long counts as stable: the next crash starts the back-off over. */
  readonly stableMs: number;
  /** Attempts in a row that find the port taken before giving up. */
  readonly portAttempts: number;
}

/** 0.5 s → 1 → 2 … capped at 30 s; 8 restarts in a row (about 90 s of trying) before giving up. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 8,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  stableMs: 60_000,
  portAttempts: 3,
};

/**
 * Starts the embedded FerretDB and keeps it running: supervision in-process. When the server exits
 * without being asked to (`kill -9`, a crash, the OOM killer) it is started again after an
 * exponential back-off ({@link DEFAULT_RESTART_POLICY}) on the **same loopback port and data
 * directory**, so the MongoDB driver, still pointed at the same URI, reconnects by itself and nothing
 * else in the process is rebuilt. SQLite keeps every committed write across the kill, so whatever the
 * server acknowledged before it died is there after the restart.
 *
 * When the server cannot be kept running — it dies again and again without a stable run between
 * (`maxRestarts` in a row), or its port stays taken (`portAttempts` in a row) — the supervisor gives
 * up: the state becomes `failed` and {@link SupervisedDatabase.failure} says why. The caller then
 * exits the app with a non-zero code so that a process manager restarts the whole of it (on a
 * fresh port); `main.ts` does. The first start is not retried: it rejects, as before.
 */
export async function superviseEmbeddedDatabase(options: {
  bin: string;
  dataDir: string;
  policy?: Partial<RestartPolicy>;
  log?: Log;
  timeoutMs?: number;
  /** Each line the server writes to its standard error, from every start. */
  onLog?: (line: string) => void;
}): Promise<SupervisedDatabase> {
  const policy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const log = options.log?.child({ part: 'db-supervisor' });
  const start = (port?: number) =>
    startEmbeddedDatabase({
      bin: options.bin,
      dataDir: options.dataDir,
      ...(port === undefined ? {} : { port }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    });
  let current: EmbeddedDatabase | null = await start();
  const { uri, port } = current;
  let startedAt = Date.now();
  let state: EmbeddedState = 'up';
  let restarts = 0;
  let failuresInARow = 0;
  let portTakenInARow = 0;
  let failure: Error | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | null = null;
  const listeners = new Set<(state: EmbeddedState) => void>();

  const setState = (next: EmbeddedState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(next);
  };
  const giveUp = (error: Error) => {
    failure = error;
    setState('failed');
  };
  const scheduleRestart = () => {
    failuresInARow += 1;
    if (failuresInARow > policy.maxRestarts) {
      giveUp(
        new Error(
          policy.maxRestarts === 0
            ? 'the embedded database exited and restarts are off (JIATI_DB_RESTARTS=0)'
            : `the embedded database kept exiting: ${policy.maxRestarts} restarts in a row did not stay up`,
        ),
      );
      return;
    }
    const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failuresInARow - 1));
    log?.info({ delayMs, attempt: failuresInARow }, 'embedded database restart scheduled');
    timer = setTimeout(() => {
      timer = undefined;
      attempt = restart().finally(() => (attempt = null));
    }, delayMs);
  };
  const watch = (db: EmbeddedDatabase) => {
    void db.exited.then((exit) => {
      if (stopping || current !== db) return;
      current = null;
      const upMs = Date.now() - startedAt;
      if (upMs >= policy.stableMs) failuresInARow = 0;
      log?.warn({ dbPid: db.pid, code: exit.code, signal: exit.signal, upMs }, 'embedded database exited');
      setState('restarting');
      scheduleRestart();
    });
  };
  const restart = async () => {
    try {
      const db = await start(port);
      if (stopping) {
        await db.stop();
        return;
      }
      current = db;
      startedAt = Date.now();
      restarts += 1;
      portTakenInARow = 0;
      log?.info({ dbPid: db.pid, restarts }, 'embedded database restarted');
      watch(db);
      setState('up');
    } catch (error) {
      if (stopping) return;
      const reason = error instanceof EmbeddedStartError ? error.reason : 'exited';
      log?.warn({ err: error, reason }, 'embedded database restart failed');
      if (reason === 'address_in_use' && ++portTakenInARow >= policy.portAttempts) {
        giveUp(new Error(`the embedded database's port ${port} stayed taken (${portTakenInARow} attempts)`));
        return;
      }
      scheduleRestart();
    }
  };
  watch(current);

  return {
    uri,
    state: () => state,
    pid: () => current?.pid ?? null,
    restarts: () => restarts,
    failure: () => failure,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop(graceMs) {
      stopping = true;
      clearTimeout(timer);
      await attempt;
      await current?.stop(graceMs);
      if (state !== 'failed') setState('stopped');
    },
  };
}

/**
 * True when `error` (or its cause) says the database could not be reached — as opposed to a
 * query it refused: the driver's network, server-selection, pool-cleared and not-connected errors,
 * and mongoose's "buffering timed out" while it waited for a connection. The API answers these with
 * 503 `database_unavailable`; the bot keeps the message for later.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let e = error, depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const { name, message, cause, errorLabels, beforeHandshake } = e as {
      name?: unknown;
      message?: unknown;
      cause?: unknown;
      errorLabels?: unknown;
      beforeHandshake?: unknown;
    };
    if (typeof name === 'string' && UNAVAILABLE_ERRORS.has(name)) return true;
    // A bulk write whose connection closed copies the network error's own fields onto itself.
    if (name === 'MongoBulkWriteError' && typeof beforeHandshake === 'boolean') return true;
    // A bulk write cut off by the outage carries no cause, only the pool's labels.
    if (Array.isArray(errorLabels) && errorLabels.some((label) => UNAVAILABLE_LABELS.has(String(label)))) {
      return true;
    }
    if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out/.test(message)) {
      return true;
    }
    e = cause;
  }
  return false;
}

/** Driver error labels that mean the connection pool was lost, not that the server refused. */
const UNAVAILABLE_LABELS = new Set(['PoolRequestedRetry', 'ResetPool']);

const UNAVAILABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/**
 * Opens a dedicated mongoose connection to `dbName` on the server at `uri`. `maxPoolSize` caps the
 * connections (the driver's default, 100, when absent).
 */
export async function connectDatabase(
  uri: string,
  dbName: string,
  options: { readonly maxPoolSize?: number } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    ...(options.maxPoolSize === undefined ? {} : { maxPoolSize: options.maxPoolSize }),
    // FerretDB v1 has no sessions; the driver must not try to use them implicitly for retries.
    retryWrites: false,
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
    autoCreate: false,
  });
  await connection.asPromise();
  return connection;
}

/** True when the server answers a ping within `timeoutMs`. */
export async function pingDatabase(connection: Connection, timeoutMs = 2000): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ok = await Promise.race([
      db.command({ ping: 1 }).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    return ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
