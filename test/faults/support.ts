/**
 * The process as an operator runs it (`node --import tsx main.ts`), for the fault tests: started on a
 * database of the test server, read back from its JSON log lines, killed at will.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitFor } from '../support/bot.js';
import { ADMIN_TOKEN, type Json } from '../support/http.js';

/** A running `main.ts`: its URL, its log lines so far, and how to stop or kill it. */
export interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: string[];
  readonly exited: Promise<unknown>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `main.ts` with `env` (on top of PATH and HOME) and resolves once it listens; `command` runs it
 * under another program first (e.g. `faketime`).
 */
export async function launch(env: Record<string, string>, command: string[] = []): Promise<Launched> {
  const args = [...command, process.execPath, '--import', 'tsx', 'main.ts'];
  const child = spawn(args[0]!, args.slice(1), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let url = '';
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`main.ts exited:\n${lines.join('\n')}`);
    const listening = lines.find((line) => line.includes('jiati is listening'));
    if (listening !== undefined) url = (JSON.parse(listening) as { url: string }).url;
    return listening !== undefined;
  }, 60_000);
  return {
    child,
    url,
    lines,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One JSON request to a launched process, as the admin unless `token` is null. */
export async function request(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Json };
}
