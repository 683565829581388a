// One embedded FerretDB for the whole integration run (each test file uses its own database on it).
// Its URI goes to a file the workers read. When MONGODB_URI is set, that server is used instead, so the
// same suite runs against MongoDB or FerretDB on PostgreSQL. Plain ESM (jest loads global setup
// outside its transform); the TypeScript starter is loaded through tsx.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const stateFile = path.resolve('.cache/test-db.json');
  mkdirSync(path.dirname(stateFile), { recursive: true });
  if (process.env.MONGODB_URI) {
    writeFileSync(stateFile, JSON.stringify({ uri: process.env.MONGODB_URI }));
    return;
  }
  const { startEmbeddedDatabase } = await tsImport('../../lib/db.ts', import.meta.url);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-test-'));
  const database = await startEmbeddedDatabase({ bin: path.resolve('.cache/bin/jiati-ferretdb'), dataDir });
  globalThis.__jiatiDb = { database, dataDir };
  writeFileSync(stateFile, JSON.stringify({ uri: database.uri, dataDir }));
}
