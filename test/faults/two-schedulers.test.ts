/**
 * Faults: two schedulers and two outbox workers on one database — as two app
 * processes would run them — while four units' ballots close at once. Each ballot closes once, its
 * result is queued once, and every message is sent exactly once across both workers. The send is
 * WeChat's side, counted here; everything else is real (Agenda, the sweeper, the outbox worker, the
 * embedded database).
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { startOutboxWorker, type OutboxWorker } from '../../bot/outbox-worker.js';
import { systemClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import type { System } from '../../system.js';
import { waitFor } from '../support/bot.js';
import { uniqueDbName } from '../support/db.js';
import {
  ShiftedClock,
  call,
  closedEvents,
  resultMessages,
  startTestSystem,
  unitWithShortBallot,
} from '../jobs/support.js';
import { FAULT_TEST_TIMEOUT_MS } from './support.js';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const systems: System[] = [];
const workers: OutboxWorker[] = [];
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await systems[0]?.connection.dropDatabase().catch(() => undefined);
  for (const system of systems) await system.stop();
});

describe('two schedulers and two outbox workers on one database', () => {
  it('close each ballot once and send each message once', async () => {
    const clock = new ShiftedClock();
    const dbName = uniqueDbName('fault_two');
    const [one, two] = await Promise.all([
      startTestSystem(dbName, clock, { scheduler: true }),
      startTestSystem(dbName, clock, { scheduler: true }),
    ]);
    systems.push(one, two);
    const sent: string[] = [];
    for (const system of [one, two]) {
      workers.push(
        await startOutboxWorker({
          outbox: system.models.outbox,
          // The wall clock: the test's clock is set back while ballots open, and a claim stamped five
          // days ago would look like a dead worker's to the other.
          clock: systemClock,
          log: createLogger({ level: 'silent' }),
          limits: { perGroupPerSecond: 100, perMinute: 100_000 },
          quietHours: { startMinute: 0, endMinute: 0 },
          pollMs: 20,
          // WeChat's side: what each worker handed over, by message.
          send: async (to, text) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            sent.push(`${to.kind}:${to.id}:${text}`);
          },
        }),
      );
    }
    const ballots = [];
    for (let i = 0; i < 4; i++) ballots.push(await unitWithShortBallot(i % 2 ? two : one, clock, 3000));
    // Generous waits: on a loaded 2-core machine the schedulers' polls fall behind (CI once took
    // more than 20 s); what is checked is that each ballot closes once, not how fast.
    for (const { ballotId } of ballots) {
      await waitFor(
        async () => (await call(one, 'GET', `/api/v1/ballots/${ballotId}`)).body.status === 'closed',
        60_000,
      );
    }
    await waitFor(
      async () => (await one.models.outbox.countDocuments({ status: { $ne: 'sent' } })) === 0,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (const { unitId, ballotId } of ballots) {
      expect(await closedEvents(one, unitId)).toBe(1);
      expect(await resultMessages(one, unitId, ballotId)).toHaveLength(1);
    }
    const queued = await one.models.outbox.countDocuments();
    expect(queued).toBeGreaterThanOrEqual(ballots.length);
    const twice = sent.filter((line, i) => sent.indexOf(line) !== i);
    expect(twice).toEqual([]);
    expect(sent).toHaveLength(queued);
  });
});
