/**
 * Faults: the embedded database killed (`kill -9` of the FerretDB child) in the
 * middle of a burst of chat and paper votes. `/healthz` reports it, the supervisor restarts it, the
 * app recovers by itself, and no acknowledged write is lost: every vote answered 201 or receipted in
 * chat is in the stream exactly once, and the chain verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { connectDatabase, startEmbeddedDatabase } from '../../lib/db.js';
import { createModels } from '../../models/index.js';
import { FAST_OUTBOX, waitFor } from '../support/bot.js';
import { ADMIN_TOKEN } from '../support/http.js';
import {
  expectReceiptedVotesOnce,
  launch,
  request,
  sleep,
  startBurst,
  type Launched,
  FAULT_TEST_TIMEOUT_MS,
} from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiati-fault-db-'));
const running: Launched[] = [];
afterAll(async () => {
  for (const app of running) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded database killed during a burst of votes', () => {
  it('is reported, restarted and recovered from, with no acknowledged write lost', async () => {
    const app = await launch({
      JIATI_DATA_DIR: dataDir,
      JIATI_FERRETDB_BIN: path.resolve('.cache/bin/jiati-ferretdb'),
      JIATI_DEMO: '1',
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      ...FAST_OUTBOX,
    });
    running.push(app);
    const started = app.lines.find((line) => line.includes('embedded FerretDB started'))!;
    const dbPid = (JSON.parse(started) as { dbPid: number }).dbPid;
    expect((await request(app.url, 'GET', '/healthz', undefined, null)).status).toBe(200);

    const burst = await startBurst(app.url);
    await burst.reached(10, 5);
    process.kill(dbPid, 'SIGKILL');
    let sawDown = false;
    await waitFor(async () => {
      const health = await request(app.url, 'GET', '/healthz', undefined, null).catch(() => ({ status: 0 }));
      if (health.status === 503) sawDown = true;
      return sawDown && health.status === 200;
    }, 30_000);
    await sleep(800);
    const answered = await burst.stop();
    expect(sawDown).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(10);
    // Settled: every chat message heard has been handled, and the app still takes votes.
    await sleep(1500);
    const after = await request(app.url, 'POST', `/api/v1/ballots/${burst.ballotId}/votes`, {
      room: burst.paperRooms[0],
      choice: 'agree',
      channel: 'paper',
      reference: 'P-after-recovery',
    });
    expect(after.status).toBe(201);
    await app.stop();
    expect(app.lines.filter((line) => line.includes('"level":50') || line.includes('"level":60'))).toEqual(
      [],
    );

    // Read what the database kept, through a server of our own on the same files.
    const database = await startEmbeddedDatabase({ bin: path.resolve('.cache/bin/jiati-ferretdb'), dataDir });
    const connection = await connectDatabase(database.uri, 'jiati');
    try {
      await expectReceiptedVotesOnce(createModels(connection), burst.unitId, [...answered, after.body]);
    } finally {
      await connection.close();
      await database.stop();
    }
  });
});
