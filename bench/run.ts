/**
 * `npm run bench` (full sizes) and `npm run bench:quick` (`BENCH_QUICK=1`, smaller sizes, under 3
 * minutes on 2 cores; run by CI): runs every `bench/*.bench.ts` in its own process, one after another
 * (never two at once: each would slow the other), or only those whose names contain an argument.
 *
 * Every figure line (and every target verdict) also goes to `bench-results/quick.txt` or
 * `bench-results/full.txt`, which this run starts afresh. Exits 1 when a benchmark crashed or ran
 * past its time limit; a missed target is printed (`target …: NOT met`) but does not fail the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QUICK } from './support.js';

/** A benchmark still running after this long is stopped and counts as failed (a hang must not block CI). */
const LIMIT_MS = QUICK ? 150_000 : 3_600_000;

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
const results = path.resolve('bench-results', QUICK ? 'quick.txt' : 'full.txt');
mkdirSync(path.dirname(results), { recursive: true });
writeFileSync(
  results,
  `# npm run bench${QUICK ? ':quick' : ''}, ${new Date().toISOString()}, ${os.cpus().length} cores, node ${process.version}\n`,
);

const started = performance.now();
const failed: string[] = [];
for (const file of files) {
  console.log(`\n# ${file}`);
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS: results },
    timeout: LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`# ${file}: ${seconds} s`);
  } else {
    const why = result.signal
      ? `stopped by ${result.signal} after ${seconds} s`
      : `exit code ${result.status}`;
    console.log(`# ${file}: FAILED (${why})`);
    failed.push(file);
  }
}
console.log(
  `\n# ${files.length - failed.length} of ${files.length} benchmarks ran in ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${path.relative(process.cwd(), results)}`,
);
if (failed.length > 0) {
  console.log(`# failed: ${failed.join(', ')}`);
  process.exit(1);
}
