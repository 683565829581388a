/**
 * Alerts that would reach nobody, on the real handlers, the real sweep and the embedded database, with
 * a fixed clock: an alert due at a level with no contact recorded goes on to the first level up that
 * has one, and with no one there nor above it is marked unreached; either way the platform admins
 * (`JIATI_ADMIN_CONTACTS`) are told privately, a log line says so, the stream records it and
 * `GET /units/:unitId/alerts` shows it. Before, such an alert was marked raised or escalated and told
 * no one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { periodEnd, shanghaiDayOf } from '../../domain/calendar/index.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import type { OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { heardFrom } from '../support/contacts.js';
import { uniqueDbName } from '../support/db.js';
import { bindTestGroup } from '../support/groups.js';
import type { Json } from '../support/http.js';
import { flats } from '../support/units.js';
import { call, startTestSystem, sweepNow } from './support.js';

const DAY = 86_400_000;
/** Monday 2025-06-09, 10:00 in Hangzhou. */
const T0 = new Date('2025-06-09T02:00:00.000Z');

const clock = new FixedClock(T0);
const logLines: string[] = [];
let system: System;

beforeAll(async () => {
  system = await startTestSystem(uniqueDbName('alert_reach'), clock, {
    scheduler: false,
    env: { JIATI_ADMIN_CONTACTS: 'wx-admin, wx-admin2' },
    log: createLogger({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  });
});
afterAll(async () => {
  await system.connection.dropDatabase().catch(() => undefined);
  await system.stop();
});

const message = (id: string) => system.models.outbox.findById(id).lean<OutboxDoc>().exec();
const alertsOf = async (unitId: string) =>
  (await call(system, 'GET', `/api/v1/units/${unitId}/alerts`)).body.items as Json[];
/** pino's numbers for the levels these lines are logged at. */
const LEVELS = { warn: 40, error: 50 } as const;
const logged = (alertId: string, level: keyof typeof LEVELS, words: string) =>
  logLines
    .filter((line) => line.includes(words) && line.includes(`"alertId":"${alertId}"`))
    .map((line) => JSON.parse(line) as Json)
    .filter((line) => line.level === LEVELS[level]);

/**
 * A unit of 6 flats bound to its group with `contacts` recorded and its elevator ballot open from now
 * for 10 days, set to alert after 2 days without quorum; then the clock is moved past that and the
 * sweep raises the alert. Returns the alert as the API shows it.
 */
async function stalledUnit(contacts: readonly [string, string][]): Promise<{ unitId: string; alert: Json }> {
  clock.set(T0);
  const registered = await call(system, 'POST', '/api/v1/units', { name: '无人接收单元', flats: flats(6) });
  expect(registered.status).toBe(201);
  const unitId = registered.body.id as string;
  await bindTestGroup(system.commands, `room-${unitId}`, unitId, clock.now());
  for (const [contactId, role] of contacts) {
    await heardFrom(system.models, contactId);
    const recorded = await call(system, 'POST', `/api/v1/units/${unitId}/contacts`, { contactId, role });
    expect(recorded.status).toBe(201);
  }
  expect(
    (await call(system, 'POST', `/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status,
  ).toBe(201);
  const settings = await call(system, 'PATCH', `/api/v1/units/${unitId}/clock-settings`, {
    quorumStallDays: 2,
  });
  expect(settings.status).toBe(200);
  const opened = await call(system, 'POST', `/api/v1/units/${unitId}/ballots`, {
    title: '加装电梯表决',
    matter: 'major',
    closesAt: new Date(T0.getTime() + 10 * DAY).toISOString(),
  });
  expect(opened.status).toBe(201);
  clock.set(new Date(T0.getTime() + 2 * DAY + 1000));
  await sweepNow(system);
  const [alert] = await alertsOf(unitId);
  expect(alert).toMatchObject({ kind: 'no_quorum', open: true });
  return { unitId, alert: alert! };
}

/** Moves the clock past the alert's escalation and sweeps. */
async function escalate(alert: Json): Promise<void> {
  const due = periodEnd(
    shanghaiDayOf(new Date(alert.levelSince as string)),
    3,
    'workday',
    system.commands.holidays,
  ).endsAt;
  clock.set(new Date(due.getTime() + 1000));
  await sweepNow(system);
}

describe('an alert with no committee contact recorded', () => {
  it('goes to the sub-district, tells the admins, and says so in the stream and the API', async () => {
    const { unitId, alert } = await stalledUnit([['wx-street', 'subdistrict']]);
    const ref = alert.alertId as string;
    expect(alert).toMatchObject({ level: 'subdistrict', skipped: ['committee'], unreached: false });
    const raised = await system.models.caseEvents.findOne({ caseId: unitId, type: 'AlertRaised' }).lean();
    expect(raised!.data).toMatchObject({ alertId: ref, level: 'subdistrict', skipped: ['committee'] });

    const toStreet = await message(`alert:${unitId}:${ref}:subdistrict:wx-street`);
    expect(toStreet!.text).toContain(`【已转街道 ${ref}】无人接收单元（居委会没有登记联系人）`);
    expect(toStreet!.text).toContain(`跟进后请回复：收到 ${ref}`);
    for (const admin of ['wx-admin', 'wx-admin2']) {
      const toAdmin = await message(`alert-admin:${unitId}:${ref}:subdistrict:${admin}`);
      expect(toAdmin).toMatchObject({ to: { kind: 'contact', id: admin }, priority: 'notice' });
      expect(toAdmin!.text).toContain(`【提醒已越级 ${ref}】无人接收单元`);
      expect(toAdmin!.text).toContain('居委会没有登记联系人，这条提醒已直接转给街道。');
    }
    expect(logged(ref, 'warn', 'alert passed over levels with no contact recorded')).toEqual([
      expect.objectContaining({ alertLevel: 'subdistrict', skipped: ['committee'], adminContacts: 2 }),
    ]);

    // Unacknowledged, it climbs to the district, where no one is recorded either: unreached.
    await escalate(alert);
    const [climbed] = await alertsOf(unitId);
    expect(climbed).toMatchObject({
      alertId: ref,
      level: 'district',
      skipped: ['committee'],
      unreached: true,
      open: true,
    });
    const escalated = await system.models.caseEvents
      .findOne({ caseId: unitId, type: 'AlertEscalated' })
      .lean();
    expect(escalated!.data).toMatchObject({ from: 'subdistrict', to: 'district', unreached: true });
    const toAdmin = await message(`alert-admin:${unitId}:${ref}:district:wx-admin`);
    expect(toAdmin!.text).toContain(`【提醒无人接收 ${ref}】无人接收单元`);
    expect(toAdmin!.text).toContain('区住建部门没有登记联系人，这条提醒没有发给任何人。');
    expect(logged(ref, 'error', 'alert reached no one')).toEqual([
      expect.objectContaining({ alertLevel: 'district', adminContacts: 2 }),
    ]);
    // Acknowledged by the admin over the API, it is closed.
    const acked = await call(system, 'POST', `/api/v1/units/${unitId}/alerts/${ref}/ack`, {});
    expect(acked).toMatchObject({ status: 200, body: { alert: { unreached: true, open: false } } });
  });
});

describe('an alert with no contact recorded at any level', () => {
  it('stays with the committee marked unreached, and only the admins are told', async () => {
    const { unitId, alert } = await stalledUnit([['wx-applicant', 'applicant']]);
    const ref = alert.alertId as string;
    expect(alert).toMatchObject({ level: 'committee', skipped: [], unreached: true });
    const raised = await system.models.caseEvents.findOne({ caseId: unitId, type: 'AlertRaised' }).lean();
    expect(raised!.data).toMatchObject({ level: 'committee', unreached: true });

    const queued = await system.models.outbox
      .find({ _id: { $regex: `^alert(-admin)?:${unitId}:${ref}:` } })
      .lean<OutboxDoc[]>();
    expect(queued.map((m) => m._id).sort()).toEqual([
      `alert-admin:${unitId}:${ref}:committee:wx-admin`,
      `alert-admin:${unitId}:${ref}:committee:wx-admin2`,
    ]);
    expect(queued[0]!.text).toContain('居委会、街道、区住建部门都没有登记联系人，这条提醒没有发给任何人。');
    expect(queued[0]!.text).toContain('请在管理后台为本单元登记居委会、街道、区住建部门的联系人');
    expect(logged(ref, 'error', 'alert reached no one')).toHaveLength(1);

    // A sub-district officer recorded meanwhile gets it when it climbs.
    await heardFrom(system.models, 'wx-street2');
    const recorded = await call(system, 'POST', `/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-street2',
      role: 'subdistrict',
    });
    expect(recorded.status).toBe(201);
    await escalate(alert);
    const [climbed] = await alertsOf(unitId);
    expect(climbed).toMatchObject({ level: 'subdistrict', unreached: false });
    const toStreet = await message(`alert:${unitId}:${ref}:subdistrict:wx-street2`);
    expect(toStreet!.text).toContain(`【已转街道 ${ref}】无人接收单元（下一级 3 个工作日没有确认）`);
    expect(await message(`alert-admin:${unitId}:${ref}:subdistrict:wx-admin`)).toBeNull();
  });
});
