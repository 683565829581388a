/**
 * Memory of the app process with many units loaded: the resident set size of the
 * real composition root (`startSystem`: database connection, models, command context, the Koa app
 * listening; no scheduler, no bot, in both runs) after it has loaded every one of `BENCH_UNITS` units
 * (10,000; 500 quick) as a command loads its case before deciding — `commands.cases.load`: the case
 * view by `_id`, the events after it, the folded state kept in the stream runner's cache (bounded, at
 * 2,000 cases by default) — beside the same process started on the same database that loaded none
 * ("an empty process"). A read (`loadCase`, behind `GET /units/:unitId`) keeps nothing, so a process
 * holds the most case state after commands on many units: this is that process.
 *
 * Each is a child process of this script (`--child <units>`, with `--expose-gc`), measured after two
 * full garbage collections, so neither carries this script's seeding. The units are copies of one
 * unit the real commands built (12 flats, a plan, an open elevator ballot, 12 votes; see `seed.ts`).
 * Target (ours, the issue names none): ≤ 512 MB with 10,000 units, so that one small server (1 GB)
 * holds a city's units beside its database.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/log.js';
import { startSystem } from '../system.js';
import { benchUnitId, buildTemplateUnit, copyUnits } from './seed.js';
import { count, openBenchDatabase, report, size, verdict } from './support.js';

const UNITS = size('BENCH_UNITS', 10_000, 500);
/** Units loaded at once by the child (as concurrent commands would). */
const CONCURRENCY = 8;
const TARGET_MB = 512;
const MB = 1024 * 1024;

/** What a child reports on its last line of output. */
interface Measured {
  readonly units: number;
  readonly cached: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/**
 * The child: starts the system on the parent's database (`MONGODB_URI`, `JIATI_DB_NAME`), loads
 * `units` seeded units, collects garbage, and prints its memory as JSON.
 */
async function child(units: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-bench-memory-child-'));
  const system = await startSystem(
    loadConfig({
      MONGODB_URI: process.env.MONGODB_URI,
      JIATI_DB_NAME: process.env.JIATI_DB_NAME,
      // The pool the embedded database gets in production (system.ts).
      JIATI_DB_MAX_POOL: '10',
      JIATI_DATA_DIR: dataDir,
      JIATI_ADMIN_TOKEN: 'bench-admin-token-0123456789',
      JIATI_BOT: '0',
      LOG_LEVEL: 'silent',
      PORT: '0',
    }),
    { log: createLogger({ level: 'silent' }), scheduler: false },
  );
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < units; i = next++) {
        const { state } = await system.commands.cases.load(benchUnitId(i));
        if (state.stage === 'new') throw new Error(`${benchUnitId(i)} is not registered`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const cached = Array.from({ length: units }, (_, i) => benchUnitId(i)).filter(
      (id) => system.commands.cases.cached(id) !== undefined,
    ).length;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run the child with --expose-gc');
    for (let i = 0; i < 2; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { rss, heapUsed } = process.memoryUsage();
    const measured: Measured = { units, cached, rss, heapUsed };
    console.log(JSON.stringify(measured));
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs this script as a child that loads `units` units of `db`, and returns what it measured. */
async function measure(db: { uri: string; dbName: string }, units: number): Promise<Measured> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/memory.bench.ts', '--child', String(units)],
    { env: { ...process.env, MONGODB_URI: db.uri, JIATI_DB_NAME: db.dbName }, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]));
} else {
  const db = await openBenchDatabase('memory');
  try {
    const seedStart = performance.now();
    const template = await buildTemplateUnit(db.models, new Date(), 12);
    await copyUnits(db, template, UNITS);
    console.log(
      `seeded ${count(UNITS)} units (${template.events.length} events each) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    // Both at once: memory is not time, and a child's start-up (compiling the app) is most of its run.
    const [empty, loaded] = await Promise.all([measure(db, 0), measure(db, UNITS)]);
    console.log(`the loaded process keeps ${count(loaded.cached)} of ${count(UNITS)} cases in its cache`);
    const mb = (bytes: number) => bytes / MB;
    report(`RSS with ${count(UNITS)} units loaded`, mb(loaded.rss), 'MB', {
      name: 'RSS of the same process with none loaded',
      value: mb(empty.rss),
    });
    report(`heap used with ${count(UNITS)} units loaded`, mb(loaded.heapUsed), 'MB', {
      name: 'heap used with none loaded',
      value: mb(empty.heapUsed),
    });
    verdict(mb(loaded.rss) <= TARGET_MB, `RSS with ${count(UNITS)} units loaded ≤ ${TARGET_MB} MB`);
  } finally {
    await db.close();
  }
}
