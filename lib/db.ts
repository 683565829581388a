import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mongoose, { type Connection } from 'mongoose';

/** A running embedded FerretDB (SQLite backend) owned by this process. */
export interface EmbeddedDatabase {
  /** `mongodb://127.0.0.1:<port>/` — the server, without a database name. */
  readonly uri: string;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the project's FerretDB wrapper (`tools/ferretdb`, built by `npm run setup`) with its files
 * under `dataDir`, and resolves once it listens. It picks its own free loopback port and prints it;
 * it exits by itself when this process dies, however it dies, because it watches the standard input
 * we hold open for it.
 */
export async function startEmbeddedDatabase(options: {
  bin: string;
  dataDir: string;
  timeoutMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  if (!existsSync(options.bin)) {
    throw new Error(`The embedded database is not built (${options.bin} is missing): run \`npm run setup\`.`);
  }
  const dir = path.join(options.dataDir, 'ferretdb');
  const child = spawn(options.bin, ['-dir', dir, '-log-level', options.logLevel ?? 'error'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 20) stderr.shift();
    options.onLog?.(line);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The embedded database did not start within ${options.timeoutMs ?? 30000} ms.`)),
      options.timeoutMs ?? 30_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /^READY (mongodb:\/\/\S+)$/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The embedded database exited (code ${code}): ${stderr.join(' | ')}`));
    });
  });

  return {
    uri,
    pid: child.pid!,
    stop: (graceMs = 5000) => stopChild(child, exited, graceMs),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

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
