/**
 * Helpers of the scheduler tests: a clock set back while a ballot opens (a ballot stays open at least
 * 5 days, and these tests wait seconds), the system on a given database, and the steps of a ballot
 * that closes a few seconds from now.
 */
import { expect } from '@jest/globals';
import { sweepDeadlines, type SweepStats } from '../../commands/kernel/sweep-deadlines.js';
import { deadlineHandlers } from '../../jobs/deadline-handlers.js';
import type { Clock } from '../../lib/clock.js';
import { loadConfig } from '../../lib/config.js';
import { createLogger, type Log } from '../../lib/log.js';
import { deadlineReader } from '../../models/deadline.js';
import { startSystem, type System } from '../../system.js';
import { testServerUri } from '../support/db.js';
import { bindTestGroup } from '../support/groups.js';
import { ADMIN_TOKEN, type Json } from '../support/http.js';
import { flats } from '../support/units.js';

const DAY = 86_400_000;

/** The wall clock, shifted by `offsetMs` (0: the real time). */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The environment the scheduler tests start with: fast sweeps, 1 s of grace. */
export const FAST_SWEEP: Record<string, string> = {
  AGENDA_PROCESS_EVERY_MS: '200',
  JIATI_DEADLINE_SWEEP_MS: '200',
  JIATI_DEADLINE_GRACE_MS: '1000',
  JIATI_DEADLINE_LEASE_MS: '3000',
  // A process killed while it ran a job holds that job's lock this long.
  JIATI_JOB_LOCK_MS: '3000',
};

/**
 * The system on database `dbName` of the test server, without the bot; `env` adds to its environment,
 * `log` replaces its silent logger.
 */
export function startTestSystem(
  dbName: string,
  clock: Clock,
  options: { scheduler: boolean; env?: Record<string, string>; log?: Log },
): Promise<System> {
  const config = loadConfig({
    MONGODB_URI: testServerUri(),
    JIATI_DB_NAME: dbName,
    JIATI_BOT: '0',
    JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
    PORT: '0',
    ...FAST_SWEEP,
    ...options.env,
  });
  return startSystem(config, {
    clock,
    log: options.log ?? createLogger({ level: 'silent' }),
    scheduler: options.scheduler,
  });
}

/**
 * One sweep of the due deadlines of `system` now (its clock), through the real handlers, as the
 * `deadlines.sweep` job runs it; `concurrency` 1 runs them one at a time, earliest first.
 */
export function sweepNow(system: System, options: { concurrency?: number } = {}): Promise<SweepStats> {
  return sweepDeadlines(
    { commands: system.commands, deadlineHandlers },
    {
      intervalMs: 1000,
      graceMs: 60_000,
      leaseMs: 300_000,
      name: `test-sweep-${Math.random().toString(36).slice(2, 8)}`,
      reader: deadlineReader(system.models.deadlines),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
    system.commands.log,
  );
}

/** Calls the API of `system` as the admin. */
export async function call(
  system: System,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/**
 * Registers a unit of 6 flats bound to group `room-<unitId>`, publishes plan 1, opens its elevator
 * ballot closing `closesInMs` from now (with the clock set back 5 days meanwhile) and enters paper
 * votes: 5 agree, 1 not voting — a pass.
 */
export async function unitWithShortBallot(
  system: System,
  clock: ShiftedClock,
  closesInMs: number | null,
): Promise<{ unitId: string; ballotId: string; closesAt: Date | null; roomId: string }> {
  const registered = await call(system, 'POST', '/api/v1/units', { name: '定时测试单元', flats: flats(6) });
  expect(registered.status).toBe(201);
  const unitId = registered.body.id as string;
  const roomId = `room-${unitId}`;
  await bindTestGroup(system.commands, roomId, unitId, clock.now());
  const plan = await call(system, 'POST', `/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '方案一',
  });
  expect(plan.status).toBe(201);
  const closesAt = closesInMs === null ? null : new Date(Date.now() + closesInMs);
  clock.offsetMs = closesAt === null ? -5 * DAY - 1000 : -5 * DAY;
  try {
    const opened = await call(system, 'POST', `/api/v1/units/${unitId}/ballots`, {
      title: '加装电梯表决',
      matter: 'major',
      planVersion: 1,
      ...(closesAt === null ? {} : { closesAt: closesAt.toISOString() }),
    });
    expect(opened.status).toBe(201);
    const ballotId = opened.body.id as string;
    for (const room of ['101', '102', '201', '202', '301']) {
      const cast = await call(system, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
        room,
        choice: 'agree',
        channel: 'paper',
        reference: `P-${room}`,
      });
      expect(cast.status).toBe(201);
    }
    return { unitId, ballotId, closesAt, roomId };
  } finally {
    clock.offsetMs = 0;
  }
}

/** The `BallotClosed` events of a unit's stream. */
export function closedEvents(system: System, unitId: string): Promise<number> {
  return system.models.caseEvents.countDocuments({ caseId: unitId, type: 'BallotClosed' });
}

/** The result announcements queued for a ballot. */
export function resultMessages(system: System, unitId: string, ballotId: string) {
  return system.models.outbox
    .find({ _id: `result:${unitId}:${ballotId}` })
    .lean()
    .exec();
}
