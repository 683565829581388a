/**
 * The HTTP API under load: the real app — `startSystem`, so `createApp` from
 * `api/app.ts` with its errors, auth, body parser, zod validation, commands and presenters, on the
 * embedded database with its production pool — beside a bare Koa server doing the same database call
 * on the same connection, both over HTTP on this machine, in one run:
 * - read: `GET /api/v1/units/:unitId` of units no command has touched (the case view by `_id`, a probe
 *   for a newer event by `_id`, the presented case) vs bare Koa reading the view by `_id` (and
 *   answering with its seq);
 * - write: `POST /api/v1/ballots/:id/votes` (a paper vote: decide, one event appended to the case's
 *   stream, the group notice looked up) vs bare Koa parsing the same body and inserting an event-sized
 *   document.
 *
 * The load comes from autocannon in a child process (`load-generator.ts`, so that it takes no turn of
 * the servers' event loop): `CONNECTIONS` keep-alive connections, each going round its own share of
 * the `BENCH_UNITS` units (1,000; 200 quick; one vote per room in turn), so that requests on one case
 * rarely meet. Each pair is measured
 * real, bare, bare, real (`BENCH_API_S` seconds each: 10, 1 quick; after a warm-up of both) and
 * averaged, so neither gets the quieter moment of a shared machine. Rate limits are off (they are
 * per address, and every request here comes from one). Units are copies of one unit built by the
 * real commands.
 * Targets (ours, the issue names none): each within 3× of the bare server's throughput, and ≥ 100
 * votes/s — a committee entering a stack of paper ballots is far below it.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/log.js';
import { startSystem } from '../system.js';
import { rooms } from '../test/support/units.js';
import type { Load, LoadRequest, Measured } from './load-generator.js';
import { buildTemplateUnit, copyUnits } from './seed.js';
import { count, report, size, verdict } from './support.js';

const UNITS = size('BENCH_UNITS', 1000, 200);
const SECONDS = size('BENCH_API_S', 10, 1);
const WARM_SECONDS = size('BENCH_API_WARM_S', 2, 0.5);
const CONNECTIONS = 10;
const TOKEN = 'bench-admin-token-0123456789';
const TARGET_RATIO = 1 / 3;
const TARGET_VOTES_PER_S = 100;

/**
 * A bare Koa server on `connection`: `GET /units/:unitId` reads the case view by `_id` and answers
 * with its id, seq and stage (a floor: the whole view as JSON is larger than the presented case, and
 * its serialization would weigh on the baseline, not on the app); `POST /ballots/:id/votes` parses the
 * JSON body and inserts an event-sized document.
 */
function bareServer(connection: Connection): Promise<Server> {
  const views = connection.collection('case_views');
  const inserted = connection.collection('bench_bare');
  let seq = 0;
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(async (ctx) => {
    const read = /^\/units\/([^/]+)$/.exec(ctx.path);
    const write = /^\/ballots\/([^/]+)\/votes$/.exec(ctx.path);
    if (ctx.method === 'GET' && read) {
      const view = await views.findOne({ _id: read[1] } as never);
      ctx.body =
        view === null ? null : { unitId: view._id, seq: view.seq as number, stage: view.stage as string };
    } else if (ctx.method === 'POST' && write) {
      seq += 1;
      const hash = 'f'.repeat(64);
      await inserted.insertOne({
        _id: `${write[1]}:${seq}` as never,
        caseId: write[1],
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

/** Per connection, its share of `units`, each turned into requests by `requestsOf`. */
function spread(
  units: readonly string[],
  requestsOf: (unitId: string, turn: number) => LoadRequest[],
): LoadRequest[][] {
  return Array.from({ length: CONNECTIONS }, (_, k) =>
    units.filter((_, i) => i % CONNECTIONS === k).flatMap((unitId, turn) => requestsOf(unitId, turn)),
  );
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
    const vote = (unitId: string, turn: number): LoadRequest[] =>
      roomList.map((room, r) => ({
        method: 'POST',
        path: `/ballots/${ballotOf(unitId)}/votes`,
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          room,
          choice: choices[(turn + r) % 4],
          channel: 'paper',
          reference: `P-${r}`,
        }),
      }));
    const pairs = [
      {
        label: 'read',
        what: `API read GET /units/:unitId of ${count(UNITS)} units, ${CONNECTIONS} connections`,
        bareWhat: 'bare Koa findOne of the case view by _id',
        real: spread(units, (unitId) => [{ method: 'GET', path: `/api/v1/units/${unitId}`, headers: auth }]),
        bare: spread(units, (unitId) => [{ method: 'GET', path: `/units/${unitId}` }]),
      },
      {
        label: 'write',
        minimum: TARGET_VOTES_PER_S,
        what: `API write POST /ballots/:id/votes across ${count(UNITS)} units, ${CONNECTIONS} connections`,
        bareWhat: 'bare Koa insertOne of an event-sized document',
        real: spread(units, (unitId, turn) =>
          vote(unitId, turn).map((request) => ({ ...request, path: `/api/v1${request.path}` })),
        ),
        bare: spread(units, vote),
      },
    ];
    for (const pair of pairs) {
      const real = (seconds: number) => run({ url: system.url, seconds, requests: pair.real });
      const baseline = (seconds: number) => run({ url: bareUrl, seconds, requests: pair.bare });
      await real(WARM_SECONDS);
      await baseline(WARM_SECONDS);
      const r1 = await real(SECONDS);
      const b1 = await baseline(SECONDS);
      const b2 = await baseline(SECONDS);
      const r2 = await real(SECONDS);
      const mean = (pick: (m: Measured) => number) => ({
        real: (pick(r1) + pick(r2)) / 2,
        bare: (pick(b1) + pick(b2)) / 2,
      });
      const rate = mean((m) => m.rate);
      const p99 = mean((m) => m.p99);
      report(pair.what, rate.real, 'requests/s', { name: pair.bareWhat, value: rate.bare });
      report(`${pair.what} p99`, p99.real, 'ms', { name: `${pair.bareWhat} p99`, value: p99.bare });
      verdict(rate.real >= rate.bare * TARGET_RATIO, `${pair.label} within 3× of bare Koa's throughput`);
      if (pair.minimum !== undefined) {
        verdict(rate.real >= pair.minimum, `≥ ${pair.minimum} votes/s over the API`);
      }
    }
  } finally {
    generator.disconnect();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    if (process.env.MONGODB_URI) await system.connection.dropDatabase().catch(() => undefined);
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
