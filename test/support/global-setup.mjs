// One embedded FerretDB for the whole integration run; each test file uses its own database on it.
// Its URI reaches the test workers through JIATI_TEST_MONGODB_URI (workers inherit the environment
// the global setup leaves), so parallel runs never share or stop each other's server. When
// MONGODB_URI is set, that server is used instead: the same suite runs against MongoDB or FerretDB
// on PostgreSQL. Plain ESM because jest loads global setup outside its transform; the TypeScript
// starter is loaded through a scoped tsx loader.
//
// It also makes the run's log capture directory (JIATI_LOG_CAPTURE_DIR, unless already set): every
// test file tees its loggers there (test/support/log-capture.ts) and the global teardown scans them.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
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
  const { startEmbeddedDatabase } = await tsx.import('../../lib/db.ts', import.meta.url);
  await tsx.unregister();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-test-'));
  const database = await startEmbeddedDatabase({ bin: path.resolve('.cache/bin/jiati-ferretdb'), dataDir });
  globalThis.__jiatiDb = { database, dataDir };
  process.env.JIATI_TEST_MONGODB_URI = database.uri;
}
