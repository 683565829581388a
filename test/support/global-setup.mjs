// One embedded FerretDB for the whole integration run; each test file uses its own database on it.
// It runs under the app's own supervisor: a server that dies mid-run (a crash, the OOM killer) is
// started again on the same port and data directory, so one death costs the file running at the time
// and not every file after it. What it wrote to its standard error and every exit and restart go to
// `supervisor.log` beside its data; the global teardown prints them when it ever exited and keeps a
// copy under test/artifacts/.
// Its URI reaches the test workers through JIATI_TEST_MONGODB_URI (workers inherit the environment
// the global setup leaves), so parallel runs never share or stop each other's server. When
// MONGODB_URI is set, that server is used instead: the same suite runs against MongoDB or FerretDB
// on PostgreSQL. Plain ESM because jest loads global setup outside its transform; the TypeScript
// starter is loaded through a scoped tsx loader.
//
// It also makes the run's log capture directory (JIATI_LOG_CAPTURE_DIR, unless already set): every
// test file tees its loggers there (test/support/log-capture.ts) and the global teardown scans them.
import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pino } from 'pino';
import { register } from 'tsx/esm/api';

export default async function globalSetup() {
  if (!process.env.JIATI_LOG_CAPTURE_DIR) {
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-test-logs-'));
    process.env.JIATI_LOG_CAPTURE_DIR = logDir;
    globalThis.__jiatiLogDir = logDir;
  }
  if (process.env.MONGODB_URI) {
    process.env.JIATI_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const tsx = register({ namespace: 'jiati-global-setup' });
  const { superviseEmbeddedDatabase } = await tsx.import('../../lib/db.ts', import.meta.url);
  await tsx.unregister();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-test-'));
  const logFile = path.join(dataDir, 'supervisor.log');
  const database = await superviseEmbeddedDatabase({
    bin: path.resolve('.cache/bin/jiati-ferretdb'),
    dataDir,
    log: pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true })),
    onLog: (line) => appendFileSync(logFile, `ferretdb: ${line}\n`),
  });
  globalThis.__jiatiDb = { database, dataDir, logFile };
  process.env.JIATI_TEST_MONGODB_URI = database.uri;
}
