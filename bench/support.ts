/**
 * Shared pieces of the benchmark scripts: an embedded database of their own, timing, sizes for the
 * full and the quick run, and the one output line format
 * `<name>: <value> <unit> (baseline <name>: <value>, ratio <x>)`.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { connectDatabase, startEmbeddedDatabase } from '../lib/db.js';
import { createModels, syncAllIndexes, type Models } from '../models/index.js';

/**
 * True in `npm run bench:quick` (`BENCH_QUICK=1`): every benchmark runs at a smaller size, and says
 * which in each figure's name, so that the whole run stays under 3 minutes on 2 cores (CI).
 */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A benchmark's size: the environment variable `env` when set, else the full or the quick size. */
export function size(env: string, full: number, quick: number): number {
  const value = process.env[env];
  return value === undefined || value === '' ? (QUICK ? quick : full) : Number(value);
}

/** `n` with thousands separators (`100,000`), for figure names. */
export const count = (n: number): string => n.toLocaleString('en-US');

export interface BenchDatabase {
  readonly connection: Connection;
  /** The server's URI (for child processes of a benchmark) and the database's name on it. */
  readonly uri: string;
  readonly models: Models;
  readonly dbName: string;
  close(): Promise<void>;
}

/** A fresh database: on MONGODB_URI when set, else on a private embedded FerretDB in a temp dir. */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  let uri = process.env.MONGODB_URI;
  let stop = async () => undefined as void;
  if (!uri) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `jiati-bench-${name}-`));
    const database = await startEmbeddedDatabase({ bin: path.resolve('.cache/bin/jiati-ferretdb'), dataDir });
    uri = database.uri;
    stop = async () => {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const dbName = `bench_${name}_${process.pid}`;
  const connection = await connectDatabase(uri, dbName);
  const models = createModels(connection);
  await syncAllIndexes(models);
  return {
    connection,
    models,
    uri,
    dbName,
    async close() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
      await stop();
    },
  };
}

/** Runs `fn` `n` times sequentially; returns each run's duration in milliseconds. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

function fmt(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** Prints `line` and appends it to the results file `bench/run.ts` names in `BENCH_RESULTS`, if any. */
function output(line: string): void {
  console.log(line);
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, `${line}\n`);
}

/** Prints one figure beside its same-run baseline, in the project's one format, and returns the line. */
export function report(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
): string {
  const ratio = baseline.value === 0 ? NaN : value / baseline.value;
  const line = `${name}: ${fmt(value)} ${unit} (baseline ${baseline.name}: ${fmt(baseline.value)}, ratio ${fmt(ratio)})`;
  output(line);
  return line;
}

/**
 * Prints whether a figure met its target (`target <what>: met` or `target <what>: NOT met`), also
 * into the results file. A missed target does not fail the benchmark: see `bench/run.ts`.
 */
export function verdict(met: boolean, what: string): void {
  output(`target ${what}: ${met ? 'met' : 'NOT met'}`);
}
