/**
 * Notices after downtime, on the real handlers, the real sweep, the real outbox worker and the
 * embedded database, with a fixed clock moved past what was due while "down". A notice whose moment
 * passed is dropped, never sent after the notice that supersedes it: the group once got publicity's
 * midpoint notice ("object before the end") after its end notice, because both were swept at once
 * and went out in the order of their ids.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startOutboxWorker, type OutboxWorker } from '../../bot/outbox-worker.js';
import { addCalendarDays, shanghaiDayOf } from '../../domain/calendar/index.js';
import { localTimeAt } from '../../domain/clocks/index.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc, OutboxRecipient } from '../../models/outbox.js';
import { publicityEndedNotice } from '../../messages/clocks.js';
import type { System } from '../../system.js';
import { waitFor } from '../support/bot.js';
import { uniqueDbName } from '../support/db.js';
import { bindTestGroup } from '../support/groups.js';
import { flats } from '../support/units.js';
import { call, startTestSystem, sweepNow } from './support.js';

const DAY = 86_400_000;
/** Monday 2025-06-09, 10:00 in Hangzhou. */
const T0 = new Date('2025-06-09T02:00:00.000Z');
const MIDPOINT_WORDS = '公示已经过半';

const clock = new FixedClock(T0);
const logLines: string[] = [];
let system: System;
const workers: OutboxWorker[] = [];

beforeAll(async () => {
  system = await startTestSystem(uniqueDbName('late_notices'), clock, {
    scheduler: false,
    log: createLogger({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});
afterAll(async () => {
  await system.connection.dropDatabase().catch(() => undefined);
  await system.stop();
});

/** What the worker said, to whom, in order. */
function startSending(): { to: OutboxRecipient; text: string }[] {
  const said: { to: OutboxRecipient; text: string }[] = [];
  void startOutboxWorker({
    outbox: system.models.outbox,
    send: async (to, text) => void said.push({ to, text }),
    clock,
    log: system.commands.log,
    pollMs: 20,
    limits: { perGroupPerSecond: Infinity, perMinute: Infinity },
  }).then((worker) => workers.push(worker));
  return said;
}

const deadline = (id: string) => system.models.deadlines.findById(id).lean<DeadlineDoc>().exec();
const message = (id: string) => system.models.outbox.findById(id).lean<OutboxDoc>().exec();

/**
 * A unit of 6 flats bound to its group, whose elevator ballot passed and closed, with the agreement
 * signed now: publicity is running, its midpoint and end planned.
 */
async function unitInPublicity(): Promise<{
  unitId: string;
  roomId: string;
  midpointKey: string;
  endKey: string;
  midpointAt: Date;
  endsAt: Date;
  endsOn: string;
}> {
  const registered = await call(system, 'POST', '/api/v1/units', { name: '停机测试单元', flats: flats(6) });
  expect(registered.status).toBe(201);
  const unitId = registered.body.id as string;
  const roomId = `room-${unitId}`;
  await bindTestGroup(system.commands, roomId, unitId, clock.now());
  expect(
    (await call(system, 'POST', `/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
  ).toBe(201);
  const closesAt = new Date(clock.now().getTime() + 6 * DAY);
  const opened = await call(system, 'POST', `/api/v1/units/${unitId}/ballots`, {
    title: '加装电梯表决',
    matter: 'major',
    planVersion: 1,
    closesAt: closesAt.toISOString(),
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
  clock.set(new Date(closesAt.getTime() + 1000));
  await sweepNow(system);
  expect((await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.status).toBe('closed');
  expect((await call(system, 'POST', `/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
  const publicity = (await system.commands.cases.load(unitId)).state.publicity!;
  const midpointKey = `publicity.midpoint:${unitId}:${publicity.signedOn}`;
  const endKey = `publicity.end:${unitId}:${publicity.signedOn}`;
  const midpoint = await deadline(midpointKey);
  expect(midpoint).toMatchObject({ status: 'pending' });
  expect(await deadline(endKey)).toMatchObject({ status: 'pending', dueAt: new Date(publicity.endsAt) });
  return {
    unitId,
    roomId,
    midpointKey,
    endKey,
    midpointAt: midpoint!.dueAt,
    endsAt: new Date(publicity.endsAt),
    endsOn: publicity.endsOn,
  };
}

describe('after the process was down past the publicity midpoint and its end', () => {
  it('the group gets the end notice and never the midpoint notice', async () => {
    const unit = await unitInPublicity();
    // Down from before the midpoint until 09:00 the morning after publicity ended. One at a time,
    // earliest first: the midpoint runs before the end, as it would have on time.
    clock.set(localTimeAt(addCalendarDays(unit.endsOn, 1), '09:00'));
    const stats = await sweepNow(system, { concurrency: 1 });
    expect(stats).toMatchObject({ skipped: 1, failed: 0 });
    expect(await deadline(unit.midpointKey)).toMatchObject({ status: 'skipped', late: true });
    expect(await deadline(unit.endKey)).toMatchObject({ status: 'done', late: true });
    expect((await system.commands.cases.load(unit.unitId)).state.stage).toBe('application');
    expect(await message(`clock:${unit.midpointKey}`)).toBeNull();
    const dropped = logLines.filter(
      (line) => line.includes('clock dropped: its moment passed') && line.includes(unit.midpointKey),
    );
    expect(dropped).toHaveLength(1);
    expect(JSON.parse(dropped[0]!)).toMatchObject({
      kind: 'publicity.midpoint',
      expiresAt: unit.endsAt.toISOString(),
    });

    const said = startSending();
    await waitFor(async () => (await message(`clock:${unit.endKey}`))?.status === 'sent');
    const toGroup = said.filter((m) => m.to.id === unit.roomId).map((m) => m.text);
    expect(toGroup.at(-1)).toBe(publicityEndedNotice(0));
    expect(toGroup.some((text) => text.includes(MIDPOINT_WORDS))).toBe(false);
  });

  it('a midpoint notice held by quiet hours past the end is dropped, never sent after the end notice', async () => {
    const unit = await unitInPublicity();
    const said = startSending();
    // What the group was told so far goes out at once (it is 10:00).
    await waitFor(
      async () =>
        (await system.models.outbox.countDocuments({ 'to.id': unit.roomId, status: { $ne: 'sent' } })) === 0,
    );
    said.splice(0);
    // Down until 23:00 on the last day of publicity: the midpoint still holds and is queued, but it is
    // quiet hours, so the outbox holds it until 08:00 — after publicity has ended.
    clock.set(localTimeAt(unit.endsOn, '23:00'));
    await sweepNow(system);
    expect(await deadline(unit.midpointKey)).toMatchObject({ status: 'done', late: true });
    const morning = localTimeAt(addCalendarDays(unit.endsOn, 1), '08:00');
    await waitFor(
      async () => (await message(`clock:${unit.midpointKey}`))?.notBefore.getTime() === morning.getTime(),
    );
    expect(await message(`clock:${unit.midpointKey}`)).toMatchObject({
      status: 'pending',
      expiresAt: unit.endsAt,
    });

    clock.set(new Date(unit.endsAt.getTime() + 1000));
    await sweepNow(system);
    expect(await deadline(unit.endKey)).toMatchObject({ status: 'done' });
    clock.set(new Date(morning.getTime() + 1000));
    await waitFor(async () => (await message(`clock:${unit.endKey}`))?.status === 'sent');
    await waitFor(async () => (await message(`clock:${unit.midpointKey}`))?.status === 'expired');
    const toGroup = said.filter((m) => m.to.id === unit.roomId).map((m) => m.text);
    expect(toGroup).toEqual([publicityEndedNotice(0)]);
    expect(
      logLines.some(
        (line) =>
          line.includes('outbox notice dropped: its moment passed') && line.includes(unit.midpointKey),
      ),
    ).toBe(true);
    expect(shanghaiDayOf(morning)).toBe(addCalendarDays(unit.endsOn, 1));
  });
});
