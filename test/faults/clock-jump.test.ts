/**
 * Faults: the clock moved forward across deadlines. The app runs, stops, and starts
 * again under libfaketime four days later: the ballot's close, its reminders and its no-quorum alert
 * were all due meanwhile. Each deadline is taken once and marked late; the ballot closes once, late;
 * a reminder whose day has passed is skipped (a reminder belongs to its day); nothing runs twice, even
 * across another restart.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { connectDatabase } from '../../lib/db.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import { createModels } from '../../models/index.js';
import { waitFor } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { ADMIN_TOKEN } from '../support/http.js';
import { flats } from '../support/units.js';
import { FAST_SWEEP } from '../jobs/support.js';
import { launch, request, type Launched, FAULT_TEST_TIMEOUT_MS } from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const DAY = 86_400_000;
const dbName = uniqueDbName('fault_clock');
const env = {
  MONGODB_URI: testServerUri(),
  JIATI_DB_NAME: dbName,
  JIATI_BOT: '0',
  JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
  JIATI_BALLOT_MIN_OPEN_DAYS: '1',
  ...FAST_SWEEP,
};
/**
 * Four days later, for the app only (the database and this test keep the real time): libfaketime
 * preloaded into the app's own process (the `faketime` wrapper would stand between us and its signals).
 * Monotonic clocks stay real, so timers keep their pace.
 */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const fakeEnv = { ...env, LD_PRELOAD: LIBFAKETIME, FAKETIME: '+4d', FAKETIME_DONT_FAKE_MONOTONIC: '1' };

const running: Launched[] = [];
const connection = connectDatabase(testServerUri(), dbName);
afterAll(async () => {
  for (const app of running) await app.stop();
  const db = await connection;
  await db.dropDatabase().catch(() => undefined);
  await db.close();
});

function requireFaketime(): void {
  if (!existsSync(LIBFAKETIME)) {
    throw new Error(
      `libfaketime is missing (${LIBFAKETIME}): apt-get install faketime (.ci/run installs it)`,
    );
  }
}

describe('the clock jumps four days while the app is down', () => {
  it('takes each due deadline once, marked late; the ballot closes once', async () => {
    requireFaketime();
    const first = await launch(env);
    running.push(first);
    const call = (method: string, path: string, body?: unknown) => request(first.url, method, path, body);
    const unitId = (await call('POST', '/api/v1/units', { name: '时钟跳变单元', flats: flats(6) })).body
      .id as string;
    expect(
      (await call('POST', `/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
    ).toBe(201);
    expect(
      (
        await call('PATCH', `/api/v1/units/${unitId}/clock-settings`, {
          ballotReminderDays: [2],
          quorumStallDays: 2,
        })
      ).status,
    ).toBe(200);
    const opened = await call('POST', `/api/v1/units/${unitId}/ballots`, {
      title: '加装电梯表决',
      matter: 'major',
      closesAt: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    expect(opened.status).toBe(201);
    const ballotId = opened.body.id as string;
    await call('POST', `/api/v1/ballots/${ballotId}/votes`, {
      room: '101',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-101',
    });

    const models = createModels(await connection);
    const deadlines = () =>
      models.deadlines.find({ caseId: unitId }).sort({ _id: 1 }).lean<DeadlineDoc[]>().exec();
    const due = (await deadlines()).filter(
      (d) => d.status === 'pending' && d.dueAt.getTime() < Date.now() + 4 * DAY,
    );
    expect(due.map((d) => d.kind).sort()).toEqual(
      expect.arrayContaining(['ballot.close', 'ballot.remind', 'ballot.stall']),
    );
    await first.stop();

    const later = await launch(fakeEnv);
    running.push(later);
    await waitFor(async () => {
      const now = await deadlines();
      return due.every((d) => now.find((n) => n._id === d._id)?.status !== 'pending');
    }, 30_000);
    // Two more sweeps, then another restart: nothing runs again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await later.stop();
    const again = await launch(fakeEnv);
    running.push(again);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const after = await deadlines();
    for (const deadline of due) {
      const now = after.find((d) => d._id === deadline._id)!;
      expect({ id: now._id, late: now.late, attempts: now.attempts }).toEqual({
        id: deadline._id,
        late: true,
        attempts: 1,
      });
      expect(['done', 'skipped']).toContain(now.status);
      // A reminder belongs to its day: four days on, it is skipped, never sent late.
      if (now.kind === 'ballot.remind') expect(now.status).toBe('skipped');
    }
    const events = async (type: string) => models.caseEvents.countDocuments({ caseId: unitId, type }).exec();
    expect(await events('BallotClosed')).toBe(1);
    expect(await events('AlertRaised')).toBeLessThanOrEqual(1);
    const ballot = (await request(again.url, 'GET', `/api/v1/ballots/${ballotId}`)).body;
    expect(ballot).toMatchObject({ status: 'closed', late: true });
    expect(await models.outbox.countDocuments({ _id: { $regex: `^remind:${ballotId}:` } }).exec()).toBe(0);
  });
});
