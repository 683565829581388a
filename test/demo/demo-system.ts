/**
 * The real system as `npm run demo` starts it (JIATI_DEMO=1, the bot on the mock puppet, a fast
 * outbox with no quiet hours) on a fresh test database, and a small client of the demo API.
 */
import { FixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/log.js';
import { startSystem, type System } from '../../system.js';
import { FAST_OUTBOX, waitFor } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { T0, type Json } from '../support/http.js';

/** A started demo and what it logged. */
export interface DemoSystem {
  readonly system: System;
  readonly logLines: string[];
  stop(options?: { keep?: boolean }): Promise<void>;
}

/** A fresh database name for {@link startDemo}. */
export const demoDbName = (name: string): string => uniqueDbName(name);

/**
 * Starts the demo on database `dbName` (fresh unless a test restarts on it); `stop()` stops it and,
 * unless `keep`, drops the database.
 */
export async function startDemo(dbName: string, clock = new FixedClock(T0)): Promise<DemoSystem> {
  const config = loadConfig({
    MONGODB_URI: testServerUri(),
    JIATI_DB_NAME: dbName,
    JIATI_DEMO: '1',
    ...FAST_OUTBOX,
    LOG_LEVEL: 'info',
    PORT: '0',
  });
  const logLines: string[] = [];
  const log = createLogger({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const system = await startSystem(config, { clock, log, scheduler: false });
  return {
    system,
    logLines,
    stop: async (options: { keep?: boolean } = {}) => {
      if (options.keep !== true) await system.connection.dropDatabase().catch(() => undefined);
      await system.stop();
    },
  };
}

/** GET or POST a demo path without any token; the parsed JSON body. */
export async function demoFetch(
  system: System,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${system.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** Waits until the transcript has a line matching `match` after `after`, and returns it. */
export async function waitForLine(system: System, match: (line: Json) => boolean, after = 0): Promise<Json> {
  let found: Json;
  await waitFor(async () => {
    const { body } = await demoFetch(system, `/demo/api/messages?after=${after}`);
    found = (body as Json[]).find(match);
    return found !== undefined;
  });
  return found;
}
