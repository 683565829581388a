// Stops the run's embedded FerretDB, then runs the privacy scan over every log line the run's tests
// made the app write (test/support/privacy-scan.ts; captured by test/support/log-capture.ts): a line
// with a phone number, CJK text, a room number, a test token or a binding code fails the run. The
// capture directory is removed when the scan is clean and kept (its path printed) when it is not.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { register } from 'tsx/esm/api';

export default async function globalTeardown() {
  const state = globalThis.__jiatiDb;
  if (state) {
    const { database, dataDir, logFile } = state;
    const troubled = database.restarts() > 0 || database.state() !== 'up';
    await database.stop();
    if (troubled) reportDatabaseTrouble(database, logFile);
    rmSync(dataDir, { recursive: true, force: true });
  }
  await scanCapturedLogs();
}

/** Says, loudly, that the run's database died and was restarted, with what it and its supervisor wrote. */
function reportDatabaseTrouble(database, logFile) {
  const kept = path.resolve('test/artifacts/test-database.log');
  const said = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  if (said !== '') {
    mkdirSync(path.dirname(kept), { recursive: true });
    copyFileSync(logFile, kept);
  }
  const lines = said.trimEnd().split('\n').slice(-40).join('\n');
  process.stderr.write(
    `\ntest database: exited during the run and was started again ${database.restarts()} time(s)` +
      `${database.state() === 'failed' ? `, then given up (${database.failure()?.message})` : ''}.\n` +
      `${lines === '' ? '' : `${lines}\n(kept in ${kept})\n`}`,
  );
}

async function scanCapturedLogs() {
  const dir = process.env.JIATI_LOG_CAPTURE_DIR;
  if (!dir) return;
  const tsx = register({ namespace: 'jiati-global-teardown' });
  const scan = await tsx.import('./privacy-scan.ts', import.meta.url);
  await tsx.unregister();
  const report = scan.scanCaptureDirectory(dir, { tokens: scan.testTokens(path.resolve('test')) });
  if (report.leaks.length > 0) {
    throw new Error(`${scan.describeLeaks(report)}\nThe captured logs are kept in ${dir}.`);
  }
  process.stdout.write(
    `privacy scan: ${report.lines} log lines of ${report.files} test files, no personal data or secrets\n`,
  );
  if (globalThis.__jiatiLogDir === dir) rmSync(dir, { recursive: true, force: true });
}
