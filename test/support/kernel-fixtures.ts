/**
 * Fixtures of the write kernel's tests (`test/commands/kernel/`): a real database outage without a
 * mock — the models of a second connection to a test database, closed, so every operation on them
 * fails at once as it would with the server gone — and a logger whose lines the test reads back.
 */
import { connectDatabase } from '../../lib/db.js';
import { createLogger, type Log } from '../../lib/log.js';
import { createModels, type Models } from '../../models/index.js';
import type { TestDatabase } from './db.js';

/**
 * The models of `db`'s database on a connection that is already closed: each read or write on them
 * rejects (`MongoNotConnectedError`). Mix them into a context to make one collection unreachable.
 */
export async function unreachableModels(db: TestDatabase): Promise<Models> {
  const connection = await connectDatabase(db.uri, db.name);
  const models = createModels(connection);
  await connection.close();
  return models;
}

/** One parsed log line: pino's `msg` and `level` (30 info, 40 warn, 50 error) and the logged fields. */
export type LogLine = Record<string, unknown> & { readonly msg: string; readonly level: number };

/** A logger at `debug` that keeps every line it writes, parsed, in `lines` (oldest first). */
export function recordingLog(): { readonly log: Log; readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { log, lines };
}
