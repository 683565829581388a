/**
 * Jest `setupFilesAfterEnv` module of the integration tier: when the global setup made a capture
 * directory (`JIATI_LOG_CAPTURE_DIR`), every logger the test file creates — the systems' own, `silent`
 * ones included — also writes each line at `debug` and above to one file of that directory, named
 * for the test file and the worker process. The global teardown scans them all for personal data and
 * secrets (`test/support/privacy-scan.ts`).
 */
import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import { captureLogs } from '../../lib/log.js';

const dir = process.env.JIATI_LOG_CAPTURE_DIR;
if (dir) {
  const testPath = expect.getState().testPath ?? 'unknown';
  const relative = path.relative(process.cwd(), testPath);
  const digest = createHash('sha256').update(relative).digest('hex').slice(0, 8);
  const name = `${relative.replace(/[^A-Za-z0-9.-]+/g, '_')}.${digest}.${process.pid}.ndjson`;
  // Synchronous writes: a line is on disk when `log.x()` returns, so nothing is lost when the worker
  // exits, whatever the order of the test file's own teardown.
  captureLogs(pino.destination({ dest: path.join(dir, name), sync: true, append: true, mkdir: true }));
}
