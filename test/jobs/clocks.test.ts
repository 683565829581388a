/**
 * The case clocks on real Agenda and the embedded database, with a clock moved
 * forward instead of waiting days: reminders to non-voters on day 3 (once, never on a later day, never
 * after close), a stalled ballot alerting the committee and climbing to the sub-district when no one
 * acknowledges, publicity ending by itself (its midpoint, missed, never sent), and a reminder due in
 * quiet hours held until 08:00.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { deadlineKey } from '../../commands/clocks.js';
import { addCalendarDays, periodEnd, shanghaiDayOf } from '../../domain/calendar/index.js';
import { localTimeAt } from '../../domain/clocks/index.js';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/log.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { startSystem, type System } from '../../system.js';
import { waitFor } from '../support/bot.js';
import { testServerUri, uniqueDbName } from '../support/db.js';
import { heardFrom } from '../support/contacts.js';
import { bindTestGroup } from '../support/groups.js';
import { ADMIN_TOKEN } from '../support/http.js';
import { flats } from '../support/units.js';
import { FAST_SWEEP, ShiftedClock, call, startTestSystem, unitWithShortBallot } from './support.js';

const DAY = 86_400_000;
const systems: System[] = [];
afterEach(async () => {
  await systems[0]?.connection.dropDatabase().catch(() => undefined);
  while (systems.length > 0) await systems.pop()!.stop();
});

async function start(clock: ShiftedClock): Promise<System> {
  const system = await startTestSystem(uniqueDbName('clocks'), clock, { scheduler: true });
  systems.push(system);
  return system;
}

/** Moves `clock` so that it reads `at` now. */
function setNow(clock: ShiftedClock, at: Date): void {
  clock.offsetMs = at.getTime() - Date.now();
}

const deadline = (system: System, id: string) =>
  system.models.deadlines.findById(id).lean<DeadlineDoc>().exec();
const outbox = (system: System, filter: Record<string, unknown>) =>
  system.models.outbox.find(filter).lean<OutboxDoc[]>().exec();

/** A unit of 6 flats with plan 1 and an elevator ballot open now for 7 days; `wx-<room>` bound to 101–202. */
async function unitWithBallot(system: System, clock: ShiftedClock, settings?: object) {
  const registered = await call(system, 'POST', '/api/v1/units', { name: '时钟测试单元', flats: flats(6) });
  const unitId = registered.body.id as string;
  await bindTestGroup(system.commands, `room-${unitId}`, unitId, clock.now());
  expect(
    (await call(system, 'POST', `/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
  ).toBe(201);
  if (settings !== undefined) {
    const changed = await call(system, 'PATCH', `/api/v1/units/${unitId}/clock-settings`, settings);
    expect(changed.status).toBe(200);
  }
  const codes = (await call(system, 'POST', `/api/v1/units/${unitId}/binding-codes`)).body.codes as {
    room: string;
    code: string;
  }[];
  for (const { room, code } of codes.slice(0, 4)) {
    await bindHousehold(system.commands, { contactId: `wx-${room}`, code }, { now: clock.now() });
  }
  const opensAt = clock.now();
  const closesAt = new Date(opensAt.getTime() + 7 * DAY);
  const opened = await call(system, 'POST', `/api/v1/units/${unitId}/ballots`, {
    title: '加装电梯表决',
    matter: 'major',
    closesAt: closesAt.toISOString(),
  });
  expect(opened.status).toBe(201);
  return { unitId, ballotId: opened.body.id as string, opensAt, closesAt };
}

describe('reminders to non-voters', () => {
  it('go privately on day 3 to bound households that have not voted, once, and never on a later day', async () => {
    const clock = new ShiftedClock();
    const system = await start(clock);
    const { unitId, ballotId, opensAt, closesAt } = await unitWithBallot(system, clock);
    expect(
      (
        await call(system, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
          room: '101',
          choice: 'agree',
          channel: 'paper',
          reference: 'P-101',
        })
      ).status,
    ).toBe(201);

    const day3 = addCalendarDays(shanghaiDayOf(opensAt), 2);
    const dayBefore = addCalendarDays(shanghaiDayOf(new Date(closesAt.getTime() - 1)), -1);
    const day3Key = `ballot.remind:${unitId}:${ballotId}:${day3}`;
    const beforeKey = `ballot.remind:${unitId}:${ballotId}:${dayBefore}`;
    expect(await deadline(system, day3Key)).toMatchObject({
      status: 'pending',
      dueAt: localTimeAt(day3, '10:00'),
    });
    expect(await deadline(system, beforeKey)).toMatchObject({ status: 'pending' });

    // Just before 10:00 on day 3: nothing yet (never early).
    setNow(clock, new Date(localTimeAt(day3, '10:00').getTime() - 1500));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await deadline(system, day3Key))?.status).toBe('pending');

    setNow(clock, new Date(localTimeAt(day3, '10:00').getTime() + 500));
    await waitFor(async () => (await deadline(system, day3Key))?.status === 'done');
    const reminders = await outbox(system, { _id: { $regex: `^remind:${ballotId}:` } });
    expect(reminders.map((m) => m.to.id).sort()).toEqual(['wx-102', 'wx-201', 'wx-202']);
    for (const message of reminders) {
      expect(message).toMatchObject({ priority: 'notice', to: { kind: 'contact' } });
      expect(message.text).toContain('回复 1 同意，2 反对，3 弃权。');
    }

    // The day before close is skipped when the server was down all that day; the ballot then closes.
    setNow(clock, new Date(closesAt.getTime() + 1000));
    await waitFor(async () => (await deadline(system, beforeKey))?.status === 'skipped');
    await waitFor(
      async () => (await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.status === 'closed',
    );
    expect(await outbox(system, { _id: { $regex: `^remind:${ballotId}:` } })).toHaveLength(3);
  });

  it('are cancelled when the ballot closes before them', async () => {
    const clock = new ShiftedClock();
    const system = await start(clock);
    const { unitId, ballotId, closesAt } = await unitWithBallot(system, clock);
    const keys = (
      await system.models.deadlines.find({ caseId: unitId, kind: 'ballot.remind' }).lean<DeadlineDoc[]>()
    )
      .map((d) => d._id)
      .sort();
    expect(keys).toHaveLength(2);
    setNow(clock, new Date(closesAt.getTime() + 1000));
    // The ballot closes by hand through the API before the sweeper gets to the reminders.
    const closed = await call(system, 'POST', `/api/v1/ballots/${ballotId}/close`);
    expect(closed.status).toBe(200);
    for (const key of keys) {
      // Cancelled if not yet due; if due, the sweeper runs it and it skips. (While the sweeper writes
      // its outcome the document is briefly absent: deleted, then inserted again finished.)
      await waitFor(async () =>
        ['cancelled', 'skipped'].includes((await deadline(system, key))?.status ?? ''),
      );
    }
    expect(await outbox(system, { _id: { $regex: `^remind:${ballotId}:` } })).toHaveLength(0);
  });
});

describe('a stalled ballot', () => {
  it('alerts the committee, climbs to the sub-district unacknowledged, and stops once acknowledged', async () => {
    const clock = new ShiftedClock();
    const system = await start(clock);
    const { unitId, ballotId, opensAt } = await unitWithBallot(system, clock, { quorumStallDays: 2 });
    for (const [contactId, role] of [
      ['wx-committee', 'committee'],
      ['wx-street', 'subdistrict'],
    ]) {
      await heardFrom(system.models, contactId!);
      expect(
        (await call(system, 'POST', `/api/v1/units/${unitId}/contacts`, { contactId, role })).status,
      ).toBe(201);
    }
    const stallKey = `ballot.stall:${unitId}:${ballotId}`;
    const opened = new Date(
      (await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.opensAt as string,
    );
    expect(opened.getTime() - opensAt.getTime()).toBeLessThan(1000);
    expect(await deadline(system, stallKey)).toMatchObject({ dueAt: new Date(opened.getTime() + 2 * DAY) });

    setNow(clock, new Date(opened.getTime() + 2 * DAY + 500));
    await waitFor(async () => (await deadline(system, stallKey))?.status === 'done');
    const [alert] = (await call(system, 'GET', `/api/v1/units/${unitId}/alerts`)).body.items;
    expect(alert).toMatchObject({ kind: 'no_quorum', level: 'committee', ballotId, open: true });
    expect(alert.alertId).toMatch(/^TX-\d+$/);
    const [toCommittee] = await outbox(system, {
      _id: `alert:${unitId}:${alert.alertId}:committee:wx-committee`,
    });
    expect(toCommittee!.text).toContain(`【需要跟进 ${alert.alertId}】时钟测试单元`);
    expect(toCommittee!.text).toContain(`跟进后请回复：收到 ${alert.alertId}`);

    // No acknowledgement within 3 working days: the sub-district is told.
    const escalateKey = `alert.escalate:${unitId}:${alert.alertId}:committee`;
    const due = periodEnd(
      shanghaiDayOf(new Date(alert.raisedAt)),
      3,
      'workday',
      system.commands.holidays,
    ).endsAt;
    expect(await deadline(system, escalateKey)).toMatchObject({ status: 'pending', dueAt: due });
    setNow(clock, new Date(due.getTime() + 500));
    await waitFor(async () => (await deadline(system, escalateKey))?.status === 'done');
    const [toStreet] = await outbox(system, {
      _id: `alert:${unitId}:${alert.alertId}:subdistrict:wx-street`,
    });
    expect(toStreet!.text).toContain(
      `【已转街道 ${alert.alertId}】时钟测试单元（下一级 3 个工作日没有确认）`,
    );

    const acked = await call(system, 'POST', `/api/v1/units/${unitId}/alerts/${alert.alertId}/ack`, {});
    expect(acked).toMatchObject({
      status: 200,
      body: { recorded: true, alert: { level: 'subdistrict', open: false } },
    });
    expect(
      (await call(system, 'POST', `/api/v1/units/${unitId}/alerts/${alert.alertId}/ack`, {})).body.recorded,
    ).toBe(false);
    const next = await deadline(system, `alert.escalate:${unitId}:${alert.alertId}:subdistrict`);
    expect(next?.status).toBe('cancelled');
    const types = (await system.models.caseEvents.find({ caseId: unitId }).lean()).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('Alert'))).toEqual([
      'AlertRaised',
      'AlertEscalated',
      'AlertAcknowledged',
    ]);
    expect((await call(system, 'POST', `/api/v1/units/${unitId}/alerts/TX-999999/ack`, {})).status).toBe(404);
  });
});

describe('clock settings over the API', () => {
  it('shows the settings in force beside the defaults and refuses a bad change, naming the field', async () => {
    const clock = new ShiftedClock();
    const system = await start(clock);
    const { unitId } = await unitWithBallot(system, clock);
    const read = await call(system, 'GET', `/api/v1/units/${unitId}/clock-settings`);
    expect(read.body).toMatchObject({
      custom: false,
      care: false,
      settings: { publicityDays: 10, ballotReminderDays: [3] },
      defaults: { publicityDays: 10 },
    });
    expect((read.body.clocks as { kind: string }[]).map((c) => c.kind)).toEqual([
      'ballot.remind',
      'ballot.remind',
      'ballot.close',
    ]);
    const bad = await call(system, 'PATCH', `/api/v1/units/${unitId}/clock-settings`, {
      noticeTime: '25:00',
    });
    expect(bad).toMatchObject({ status: 400, body: { error: 'validation_error' } });
    const care = await call(system, 'PATCH', `/api/v1/units/${unitId}/clock-settings`, {
      care: { quorumStallDays: 0 },
    });
    expect(care).toMatchObject({ status: 400, body: { error: 'validation_error' } });
    expect((await call(system, 'GET', '/api/v1/units/u_aaaaaaaaaaaaaaaa/clock-settings')).status).toBe(404);
  });
});

describe('publicity', () => {
  it('ends by itself at 24:00 of its last day and the group is told', async () => {
    const clock = new ShiftedClock();
    const system = await start(clock);
    const { unitId, ballotId, roomId } = await unitWithShortBallot(system, clock, 1500);
    await waitFor(
      async () => (await call(system, 'GET', `/api/v1/ballots/${ballotId}`)).body.status === 'closed',
    );
    const signed = await call(system, 'POST', `/api/v1/units/${unitId}/agreement`, {});
    expect(signed.status).toBe(201);
    const { state } = await system.commands.cases.load(unitId);
    const publicity = state.publicity!;
    const endKey = `publicity.end:${unitId}:${publicity.signedOn}`;
    expect(await deadline(system, endKey)).toMatchObject({
      status: 'pending',
      dueAt: new Date(publicity.endsAt),
    });
    expect(await deadline(system, `publicity.midpoint:${unitId}:${publicity.signedOn}`)).toMatchObject({
      status: 'pending',
    });

    setNow(clock, new Date(new Date(publicity.endsAt).getTime() + 500));
    await waitFor(async () => (await deadline(system, endKey))?.status === 'done');
    expect((await system.commands.cases.load(unitId)).state.stage).toBe('application');
    const [notice] = await outbox(system, { _id: `clock:${endKey}` });
    expect(notice).toMatchObject({
      to: { kind: 'room', id: roomId },
      text: '公示已结束，没有收到有效异议。接下来申请人代表会向区里提交申请。',
    });
    // The midpoint was missed while "down": past the end, its moment has passed, so it is dropped.
    const midpointKey = `publicity.midpoint:${unitId}:${publicity.signedOn}`;
    await waitFor(async () => (await deadline(system, midpointKey))?.status === 'skipped');
    expect(await outbox(system, { _id: `clock:${midpointKey}` })).toEqual([]);
    expect(deadlineKey(unitId, { key: `publicity.end:${publicity.signedOn}`, kind: 'publicity.end' })).toBe(
      endKey,
    );
  });
});

describe('quiet hours', () => {
  it('hold a reminder due at 23:00 until 08:00 the next morning', async () => {
    const clock = new ShiftedClock();
    const config = loadConfig({
      MONGODB_URI: testServerUri(),
      JIATI_DB_NAME: uniqueDbName('quiet'),
      JIATI_BOT: '1',
      JIATI_ADMIN_TOKEN: ADMIN_TOKEN,
      PORT: '0',
      JIATI_OUTBOX_POLL_MS: '50',
      JIATI_QUIET_HOURS: '21:30-08:00',
      ...FAST_SWEEP,
    });
    const system = await startSystem(config, {
      clock,
      log: createLogger({ level: 'silent' }),
      scheduler: true,
    });
    systems.push(system);
    const mocker = system.mocker!;
    const { unitId, ballotId, opensAt } = await unitWithBallot(system, clock, { noticeTime: '23:00' });
    // wx-101 … are not WeChat contacts of the mock world: bind a real one to 302.
    const grandma = mocker.createContact({ name: '周阿姨' });
    const codes = (await call(system, 'POST', `/api/v1/units/${unitId}/binding-codes`)).body.codes as {
      room: string;
      code: string;
    }[];
    await bindHousehold(
      system.commands,
      { contactId: grandma.id, code: codes.find((c) => c.room === '302')!.code },
      {
        now: clock.now(),
      },
    );

    const day3 = addCalendarDays(shanghaiDayOf(opensAt), 2);
    setNow(clock, new Date(localTimeAt(day3, '23:00').getTime() + 500));
    const id = `remind:${ballotId}:${grandma.id}:${day3}`;
    await waitFor(async () => (await outbox(system, { _id: id })).length === 1);
    const morning = localTimeAt(addCalendarDays(day3, 1), '08:00');
    await waitFor(
      async () => (await outbox(system, { _id: id }))[0]!.notBefore.getTime() === morning.getTime(),
    );
    expect((await outbox(system, { _id: id }))[0]!.status).toBe('pending');

    setNow(clock, new Date(morning.getTime() + 500));
    await waitFor(async () => (await outbox(system, { _id: id }))[0]!.status === 'sent');
  });
});
