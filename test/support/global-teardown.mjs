// Stops the run's embedded FerretDB, then runs the privacy scan over every log line the run's tests
// made the app write (test/support/privacy-scan.ts; captured by test/support/log-capture.ts): a line
// with a phone number, CJK text, a room number, a test token or a binding code fails the run. The
// capture directory is removed when the scan is clean and kept (its path printed) when it is not.
import { rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { register } from 'tsx/esm/api';

export default async function globalTeardown() {
  const state = globalThis.__jiatiDb;
  if (state) {
    await state.database.stop();
    rmSync(state.dataDir, { recursive: true, force: true });
  }
  await scanCapturedLogs();
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
