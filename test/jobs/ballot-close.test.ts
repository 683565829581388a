/**
 * Ballots close themselves at `closesAt` on real Agenda and the embedded database:
 * not before, once, announced once in the group with the four checks; a manual close announces the
 * same way; two systems sweeping the same database still close and announce once.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { DeadlineDoc } from '../../models/deadline.js';
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
} from './support.js';

const systems: System[] = [];
afterEach(async () => {
  await systems[0]?.connection.dropDatabase().catch(() => undefined);
  while (systems.length > 0) await systems.pop()!.stop();
});

async function start(dbName: string, clock: ShiftedClock, scheduler = true): Promise<System> {
  const system = await startTestSystem(dbName, clock, { scheduler });
  systems.push(system);
  return system;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a ballot with closesAt', () => {
  it('closes itself at closesAt, not before, and announces the result once', async () => {
    const clock = new ShiftedClock();
    const system = await start(uniqueDbName('close'), clock);
    const { unitId, ballotId, closesAt, roomId } = await unitWithShortBallot(system, clock, 3000);

    // Still open just before its closesAt.
    await sleep(Math.max(0, closesAt!.getTime() - Date.now() - 400));
    expect((await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.status).toBe('open');

    await waitFor(
      async () => (await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.status === 'closed',
    );
    const ballot = (await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body;
    expect(new Date(ballot.closedAt).getTime()).toBeGreaterThanOrEqual(closesAt!.getTime());
    expect(ballot).toMatchObject({ status: 'closed', late: false, result: { passed: true } });

    await sleep(1000);
    expect(await closedEvents(system, unitId)).toBe(1);
    const [result, ...more] = await resultMessages(system, unitId, ballotId);
    expect(more).toEqual([]);
    expect(result).toMatchObject({ to: { kind: 'room', id: roomId }, priority: 'notice' });
    expect(result!.text).toMatch(/^表决已在 .* 结束，结果：通过。/);
    expect(result!.text).toContain('参加表决的户数 5 户，至少要 4 户：已达到');
    expect(result!.text).toContain('同意的户数 5 户，至少要 4 户：已达到');
    const deadline = await system.models.deadlines
      .findOne({ caseId: unitId, kind: 'ballot.close' })
      .lean<DeadlineDoc>()
      .exec();
    expect(deadline).toMatchObject({ kind: 'ballot.close', status: 'done', late: false, attempts: 1 });

    // Closing it again through the API is refused and announces nothing new.
    const again = await call(system, 'POST', `/api/v1/ballots/${ballotId}/close`);
    expect(again.body.error).toBe('ballot_closed');
    expect(await resultMessages(system, unitId, ballotId)).toHaveLength(1);
  });

  it('announces a close through the API the same way', async () => {
    const clock = new ShiftedClock();
    const system = await start(uniqueDbName('manual'), clock, false);
    const { unitId, ballotId } = await unitWithShortBallot(system, clock, null);
    const closed = await call(system, 'POST', `/api/v1/ballots/${ballotId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', late: false, result: { passed: true } });
    const [result] = await resultMessages(system, unitId, ballotId);
    expect(result!.text).toMatch(/结果：通过。/);
    // Its clocks are gone: nothing of it is left pending for later (a clock already due, if any, skips).
    expect(
      await system.models.deadlines.countDocuments({
        caseId: unitId,
        status: 'pending',
        dueAt: { $gt: new Date() },
      }),
    ).toBe(0);
  });

  it('closes and announces once with two schedulers on the same database', async () => {
    const clock = new ShiftedClock();
    const dbName = uniqueDbName('two');
    const [one, two] = await Promise.all([start(dbName, clock), start(dbName, clock)]);
    const ballots = [];
    for (let i = 0; i < 3; i++) ballots.push(await unitWithShortBallot(i % 2 ? two! : one!, clock, 2500));
    for (const { ballotId } of ballots) {
      await waitFor(
        async () => (await call(one!, 'GET', `/api/v1/ballots/${ballotId}`)).body.status === 'closed',
      );
    }
    await sleep(1000);
    for (const { unitId, ballotId } of ballots) {
      expect(await closedEvents(one!, unitId)).toBe(1);
      expect(await resultMessages(one!, unitId, ballotId)).toHaveLength(1);
    }
    // The recurring jobs only (verify chains, sweep deadlines, reconcile clocks, repair hooks): no job
    // per ballot.
    expect(await one!.connection.db!.collection('agendaJobs').countDocuments()).toBe(4);
  });
});
