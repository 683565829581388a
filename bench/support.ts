/**
 * Shared pieces of the benchmark scripts: an embedded database of their own, timing, and the one
 * output line format `<name>: <value> <unit> (baseline <name>: <value>, ratio <x>)`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { connectDatabase, startEmbeddedDatabase } from '../lib/db.js';
import { createModels, syncAllIndexes, type Models } from '../models/index.js';

export interface BenchDatabase {
  readonly connection: Connection;
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

/** Prints one figure beside its same-run baseline, in the project's one format, and returns the line. */
export function report(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
): string {
  const ratio = baseline.value === 0 ? NaN : value / baseline.value;
  const line = `${name}: ${fmt(value)} ${unit} (baseline ${baseline.name}: ${fmt(baseline.value)}, ratio ${fmt(ratio)})`;
  console.log(line);
  return line;
}
