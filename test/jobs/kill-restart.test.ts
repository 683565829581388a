/**
 * The process as an operator runs it (`node --import tsx main.ts`), killed with SIGKILL before a
 * ballot's `closesAt` and restarted after it: the ballot closes once on restart, marked late, and its
 * result is announced once.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { System } from '../../system.js';
import { waitFor } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { ADMIN_TOKEN } from '../support/http.js';
import {
  FAST_SWEEP,
  ShiftedClock,
  call,
  closedEvents,
  resultMessages,
  startTestSystem,
  unitWithShortBallot,
} from './support.js';

const dbName = uniqueDbName('kill');
let admin: System | undefined;
afterAll(async () => {
  await admin?.connection.dropDatabase().catch(() => undefined);
  await admin?.stop();
});

/** Starts main.ts on the test database with fast sweeps; resolves once it listens. */
async function launch(): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MONGODB_URI: testServerUri(),
      JIATI_DB_NAME: dbName,
      JIATI_BOT: '0',
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...FAST_SWEEP,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`exited:\n${lines.join('\n')}`);
    return lines.some((line) => line.includes('jiati is listening'));
  }, 45_000);
  return { child, exited };
}

// Two launches of the app (up to 45 s each on a loaded machine) and the restart's sweep (up to 60 s):
// more than jest's default minute, though each wait is bounded.
jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a ballot whose process was killed before closesAt', () => {
  it('closes once on restart, marked late, and is announced once', async () => {
    const first = await launch();
    const clock = new ShiftedClock();
    // The committee's side: the same database, no scheduler of its own.
    admin = await startTestSystem(dbName, clock, { scheduler: false });
    const { unitId, ballotId, closesAt } = await unitWithShortBallot(admin, clock, 4000);
    const deadline = () =>
      admin!.models.deadlines.findOne({ caseId: unitId, kind: 'ballot.close' }).lean<DeadlineDoc>().exec();
    expect(await deadline()).toMatchObject({ status: 'pending' });

    // Killed before the deadline; nothing sweeps while it is down.
    expect(Date.now()).toBeLessThan(closesAt!.getTime());
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(closesAt!.getTime() + 2000 - Date.now());
    expect((await call(admin, 'GET', `/api/v1/ballots/${ballotId}`)).body.status).toBe('open');
    expect(await deadline()).toMatchObject({ status: 'pending', attempts: 0 });

    const second = await launch();
    try {
      await waitFor(async () => (await deadline())?.status === 'done', 60_000);
      await sleep(1000);
      const ballot = (await call(admin, 'GET', `/api/v1/ballots/${ballotId}`)).body;
      expect(ballot).toMatchObject({ status: 'closed', late: true, result: { passed: true } });
      expect(new Date(ballot.closedAt).getTime()).toBeGreaterThan(closesAt!.getTime() + 2000);
      expect(await deadline()).toMatchObject({ status: 'done', late: true, attempts: 1 });
      expect(await closedEvents(admin, unitId)).toBe(1);
      expect(await resultMessages(admin, unitId, ballotId)).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
