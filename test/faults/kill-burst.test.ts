/**
 * Faults (issue 20 item 7): `kill -9` of the app in the middle of a burst of chat votes (through the
 * demo's mock WeChat group) and paper votes (through the API). After a restart, every vote that got a
 * receipt — a 201 with its hash, or a receipt queued for the voter — is in the stream exactly once,
 * with the hash the receipt gave, and the chain verifies.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { connectDatabase } from '../../lib/db.js';
import { createModels, type Models } from '../../models/index.js';
import { FAST_OUTBOX } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { ADMIN_TOKEN } from '../support/http.js';
import {
  expectReceiptedVotesOnce,
  launch,
  request,
  startBurst,
  type Launched,
  FAULT_TEST_TIMEOUT_MS,
} from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const dbName = uniqueDbName('fault_kill');
const env = {
  MONGODB_URI: testServerUri(),
  JIATI_DB_NAME: dbName,
  JIATI_DEMO: '1',
  JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
  ...FAST_OUTBOX,
};
const running: Launched[] = [];
let models: Models | undefined;
let close: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const app of running) await app.stop();
  if (close) await close();
});

describe('kill -9 during a burst of chat and API votes', () => {
  it('keeps every receipted vote exactly once, and every chain verifies', async () => {
    const first = await launch(env);
    running.push(first);
    const burst = await startBurst(first.url);
    const { unitId, ballotId } = burst;
    // Killed mid-burst, once some votes have their receipts.
    await burst.reached(10, 5);
    first.child.kill('SIGKILL');
    await first.exited;
    const answered = await burst.stop();
    expect(answered.length).toBeGreaterThanOrEqual(10);

    const second = await launch(env);
    running.push(second);
    const connection = await connectDatabase(testServerUri(), dbName);
    close = async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    };
    models = createModels(connection);

    await expectReceiptedVotesOnce(models, unitId, answered);

    // And the restarted app still takes votes.
    const after = await request(second.url, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
      room: burst.paperRooms[0],
      choice: 'agree',
      channel: 'paper',
      reference: 'P-after-restart',
    });
    expect(after.status).toBe(201);
  });
});
