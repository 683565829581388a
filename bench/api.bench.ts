/**
 * The HTTP API under load: the real app — `startSystem`, so `createApp` from `api/app.ts` with its
 * errors, auth, body parser, zod validation, commands and presenters, on the embedded database with
 * its production pool — beside a bare Koa server doing the same database call on the same
 * connection, both over HTTP on this machine, in one run:
 * - case view: `GET /api/v1/units/:unitId` (the case view by `_id`, a probe for a newer event by
 *   `_id`, the presented case) vs bare Koa reading the view by `_id` (and answering with its seq);
 * - tally: `GET /api/v1/ballots/:id/tally` (the same two lookups, the live tally of the frozen
 *   roster, presented) vs bare Koa reading the ballot's case view by `_id`;
 * - vote: `POST /api/v1/ballots/:id/votes`, a paper vote with a reference of its own (decide, one
 *   event appended to the case's stream, the group notice looked up) vs bare Koa parsing the same
 *   body and inserting an event-sized document.
 * Each at `BENCH_API_CONNECTIONS` keep-alive connections (50 and 200; 50 quick).
 *
 * The load comes from autocannon in a child process (`load-generator.ts`, so that it takes no turn of
 * the servers' event loop): each connection goes round its own share of the `BENCH_UNITS` units
 * (1,000; 50 quick), so that requests on one case rarely meet; a vote goes to each of its units in
 * turn for one room, then for the next (12 rooms; each vote with a reference of its own, a room
 * voting again replacing its earlier vote). The reads run before any vote, so that they read cases
 * this process has not cached (a command keeps its case; a read does not): the view read that every
 * read of a unit no one has just changed pays. The votes are measured on cases the process holds, as
 * in a process that has been running: their warm-up reaches every unit.
 *
 * Each load sends for `BENCH_API_S` seconds (10; 0.75 quick) and ends with the answers in flight,
 * after a warm-up on each server (`BENCH_API_WARM_S` seconds, 2; 0.3 quick; for the votes, one vote
 * on every unit); a load on the app ends when the case views that its votes left to write behind (a
 * second after their events) are written. Each pair is measured real, bare, bare, real (real, bare
 * quick), throughput summed over the loads' time and latencies pooled, so that neither gets the
 * quieter moment of a shared machine. Rate limits are off (they are per address, and every request
 * here comes from one). Units are copies of one unit built by the real commands. Quick, the whole
 * script takes about 20 s on 2 busy cores, half of it starting the system.
 * Targets (the issue's): reads ≥ 2,000 requests/s and ≥ 0.6× the bare server's; votes ≥ 0.5× the bare
 * insert's; p99 ≤ 100 ms at 50 connections.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import { unitIdOfBallot } from '../commands/kernel/ids.js';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/log.js';
import { startSystem } from '../system.js';
import { rooms } from '../test/support/units.js';
import type { Load, LoadRequest, Measured } from './load-generator.js';
import { buildTemplateUnit, copyUnits } from './seed.js';
import { count, QUICK, quantile, report, size, verdict } from './support.js';

const UNITS = size('BENCH_UNITS', 1000, 50);
const SECONDS = size('BENCH_API_S', 10, 0.75);
const WARM_SECONDS = size('BENCH_API_WARM_S', 2, 0.3);
const CONNECTIONS = (process.env.BENCH_API_CONNECTIONS || (QUICK ? '50' : '50,200')).split(',').map(Number);
/** The order of the measured loads: alternated, so that neither gets the quieter moment; once each quick. */
const ORDER: readonly ('real' | 'bare')[] = QUICK ? ['real', 'bare'] : ['real', 'bare', 'bare', 'real'];
const TOKEN = 'bench-admin-token-0123456789';
const TARGET_READS_PER_S = 2000;
const TARGET_READ_RATIO = 0.6;
const TARGET_WRITE_RATIO = 0.5;
const TARGET_P99_MS = 100;
const TARGET_P99_CONNECTIONS = 50;

/**
 * A bare Koa server on `connection`: `GET /units/:unitId` reads the case view by `_id` and answers
 * with its id, seq and stage, `GET /ballots/:id/tally` reads the view of the ballot's unit the same
 * way and answers with the ballot id and seq (floors: the whole view as JSON is larger than what the
 * app presents, and its serialization would weigh on the baseline, not on the app);
 * `POST /ballots/:id/votes` parses the JSON body and inserts an event-sized document.
 */
function bareServer(connection: Connection): Promise<Server> {
  const views = connection.collection('case_views');
  const inserted = connection.collection('bench_bare');
  let seq = 0;
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(async (ctx) => {
    const unit = /^\/units\/([^/]+)$/.exec(ctx.path);
    const tally = /^\/ballots\/([^/]+)\/tally$/.exec(ctx.path);
    const vote = /^\/ballots\/([^/]+)\/votes$/.exec(ctx.path);
    if (ctx.method === 'GET' && unit) {
      const view = await views.findOne({ _id: unit[1] } as never);
      ctx.body =
        view === null ? null : { unitId: view._id, seq: view.seq as number, stage: view.stage as string };
    } else if (ctx.method === 'GET' && tally) {
      const view = await views.findOne({ _id: unitIdOfBallot(tally[1]!) } as never);
      ctx.body = view === null ? null : { ballotId: tally[1], seq: view.seq as number };
    } else if (ctx.method === 'POST' && vote) {
      seq += 1;
      const hash = 'f'.repeat(64);
      await inserted.insertOne({
        _id: `${vote[1]}:${seq}` as never,
        caseId: vote[1],
        seq,
        type: 'VoteCast',
        data: ctx.request.body as object,
        actor: { kind: 'admin', id: 'admin' },
        channel: 'paper',
        at: new Date(),
        prevHash: hash,
        hash,
      });
      ctx.status = 201;
      ctx.body = { seq };
    } else {
      ctx.status = 404;
    }
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Per connection, its share of `units` (unit i to connection i mod `connections`; with fewer units
 * than connections, some share one), each turned into requests by `requestsOf`, taken in turn: the
 * first request of each of its units, then the second of each, and so on (a connection's consecutive
 * votes go to different cases, and the first round reaches all of them).
 */
function spread(
  units: readonly string[],
  connections: number,
  requestsOf: (unitId: string, turn: number) => LoadRequest[],
): LoadRequest[][] {
  return Array.from({ length: connections }, (_, k) => {
    const mine = units.filter((_, i) => i % connections === k);
    const share = (mine.length > 0 ? mine : [units[k % units.length]!]).map(requestsOf);
    const rounds = Math.max(...share.map((requests) => requests.length));
    return Array.from({ length: rounds }, (_, r) => share.flatMap((requests) => requests[r] ?? [])).flat();
  });
}

/** The throughput of several loads together: their 2xx responses per second of their time. */
const meanRate = (loads: readonly Measured[]): number =>
  loads.reduce((sum, load) => sum + load.latencies.length, 0) /
  loads.reduce((sum, load) => sum + load.seconds, 0);

/** One endpoint and its bare counterpart. */
interface Pair {
  readonly label: string;
  readonly what: string;
  readonly bareWhat: string;
  readonly read: boolean;
  /** The requests for one unit: over the app (`/api/v1` + path) and to the bare server (path). */
  readonly requests: (unitId: string, turn: number) => LoadRequest[];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-bench-api-'));
  const system = await startSystem(
    loadConfig({
      JIATI_DATA_DIR: dataDir,
      JIATI_DB_NAME: `bench_api_${process.pid}`,
      ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}),
      JIATI_ADMIN_TOKEN: TOKEN,
      JIATI_BOT: '0',
      JIATI_RATE_ADDRESS_PER_MINUTE: '0',
      JIATI_RATE_TOKEN_PER_MINUTE: '0',
      LOG_LEVEL: 'silent',
      PORT: '0',
    }),
    { log: createLogger({ level: 'silent' }), scheduler: false },
  );
  const bare = await bareServer(system.connection);
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const generator = fork('bench/load-generator.ts', { execArgv: ['--import', 'tsx'] });
  const run = (load: Load) =>
    new Promise<Measured>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the load generator exited with ${code}`));
      generator.once('exit', exited);
      generator.once('message', (measured) => {
        generator.off('exit', exited);
        resolve(measured as Measured);
      });
      generator.send(load);
    });
  try {
    const template = await buildTemplateUnit(system.models, new Date(), 12);
    const units = await copyUnits(system, template, UNITS);
    const ballotOf = (unitId: string) => template.ballotId.replace(template.unitId.slice(2), unitId.slice(2));
    const auth = { authorization: `Bearer ${TOKEN}` };
    const roomList = rooms(12);
    const choices = ['agree', 'oppose', 'abstain', 'agree'];
    const unitsText = `${count(UNITS)} units`;
    const pairs: Pair[] = [
      {
        label: 'case view',
        what: `API case view GET /units/:unitId of ${unitsText}`,
        bareWhat: 'bare Koa findOne of the case view by _id',
        read: true,
        requests: (unitId) => [{ method: 'GET', path: `/units/${unitId}`, headers: auth }],
      },
      {
        label: 'tally',
        what: `API tally GET /ballots/:id/tally of ${unitsText}`,
        bareWhat: "bare Koa findOne of the ballot's case view by _id",
        read: true,
        requests: (unitId) => [{ method: 'GET', path: `/ballots/${ballotOf(unitId)}/tally`, headers: auth }],
      },
      {
        label: 'paper vote',
        what: `API paper vote POST /ballots/:id/votes across ${unitsText}`,
        bareWhat: 'bare Koa insertOne of an event-sized document',
        read: false,
        requests: (unitId, turn) =>
          roomList.map((room, r) => ({
            method: 'POST',
            path: `/ballots/${ballotOf(unitId)}/votes`,
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              room,
              choice: choices[(turn + r) % 4],
              channel: 'paper',
              reference: 'P-[<id>]',
            }),
          })),
      },
    ];
    for (const pair of pairs) {
      for (const connections of CONNECTIONS) {
        const real = spread(units, connections, (unitId, turn) =>
          pair.requests(unitId, turn).map((request) => ({ ...request, path: `/api/v1${request.path}` })),
        );
        const plain = spread(units, connections, pair.requests);
        const servers = {
          real: { url: system.url, requests: real },
          bare: { url: bareUrl, requests: plain },
        };
        const load = async (turn: 'real' | 'bare', size: { seconds: number } | { amount: number }) => {
          const measured = await run({ ...servers[turn], ...size });
          if (turn === 'bare') return measured;
          // The app's load ends when the case views its votes left to write behind are written: that
          // is work of those votes, and would otherwise fall into the next load.
          const start = performance.now();
          await system.commands.cases.flushViews();
          const seconds = measured.seconds + (performance.now() - start) / 1000;
          return { ...measured, seconds, rate: measured.latencies.length / seconds };
        };
        // A vote's warm-up reaches every unit (the first vote on a case after a start reads its view
        // first, as a read does): the votes measured are on cases the process holds.
        const warmUp = pair.read
          ? { seconds: WARM_SECONDS }
          : { amount: connections * Math.ceil(units.length / connections) };
        await load('real', warmUp);
        await load('bare', warmUp);
        const measured = { real: [] as Measured[], bare: [] as Measured[] };
        for (const turn of ORDER) measured[turn].push(await load(turn, { seconds: SECONDS }));
        const rate = { real: meanRate(measured.real), bare: meanRate(measured.bare) };
        const realLatencies = measured.real.flatMap((m) => m.latencies);
        const bareLatencies = measured.bare.flatMap((m) => m.latencies);
        const what = `${pair.what}, ${connections} connections`;
        report(what, rate.real, 'requests/s', { name: pair.bareWhat, value: rate.bare });
        const percentiles = [50, 95, 99].map((q) => ({
          q,
          real: quantile(realLatencies, q / 100),
          bare: quantile(bareLatencies, q / 100),
        }));
        for (const { q, real, bare } of percentiles) {
          report(`${what} p${q}`, real, 'ms', { name: `${pair.bareWhat} p${q}`, value: bare });
        }
        const p99 = percentiles[2]!;
        const at = `${pair.label} at ${connections} connections`;
        if (pair.read) {
          verdict(rate.real >= TARGET_READS_PER_S, `${at} ≥ ${count(TARGET_READS_PER_S)} requests/s`);
        }
        const ratio = pair.read ? TARGET_READ_RATIO : TARGET_WRITE_RATIO;
        verdict(rate.real >= rate.bare * ratio, `${at} ≥ ${ratio}× bare Koa's requests/s`);
        if (connections === TARGET_P99_CONNECTIONS) {
          verdict(p99.real <= TARGET_P99_MS, `${at} p99 ≤ ${TARGET_P99_MS} ms`);
        }
      }
    }
  } finally {
    if (generator.connected) generator.disconnect();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    if (process.env.MONGODB_URI) await system.connection.dropDatabase().catch(() => undefined);
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
