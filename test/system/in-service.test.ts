/**
 * The elevator in service (domain.md §7) on the real parts at once: the embedded database, the Koa API
 * over HTTP, Agenda with the deadline sweeper, and the bot on the Wechaty mock puppet, with the real
 * quiet hours (21:30–08:00 Shanghai). The clock is the wall clock shifted by the test. The case is taken
 * to handover by the commands themselves; from there everything goes through the API and the chat: the
 * committee records the contacts and issues the maintainer's and the 使用单位's tokens, hands the
 * elevator over and records it. Over a stretch of the year two visits move the maintenance clock, each
 * signed off with `维保确认`; a missed visit is alerted privately to the committee at 24:00 of its due
 * day (held until quiet hours end), climbs to the sub-district three working days on, and a visit after
 * it raises nothing new; the periodic inspection is reminded to the 使用单位 and the committee at 10:00
 * fourteen days before the day it must be requested by; an entrapment signed at 02:00 reaches the group
 * at once, with the 96333 rescue code and the maintainer's line, and the 使用单位 and the committee
 * privately; unanswered, it is alerted to the committee five minutes on and to the sub-district ten
 * minutes later, until the alarm is taken on through the API and the climbing stops. Every clock runs
 * once and never before its time; every message is said once, to whom it was due, never early.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { castVote } from '../../commands/cast-vote.js';
import { closeBallot } from '../../commands/close-ballot.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { publishPlan } from '../../commands/publish-plan.js';
import { registerUnit } from '../../commands/register-unit.js';
import { signAgreement } from '../../commands/sign-agreement.js';
import {
  acknowledged,
  alarmNotice,
  alertNotice,
  handedOverNotice,
  inspectionDueNotice,
  unitBoundNotice,
  USE_REGISTERED_NOTICE,
  userUnitNotice,
  visitConfirmedMessage,
} from '../../messages/index.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import type { System } from '../../system.js';
import { expectError } from '../support/api-helpers.js';
import { waitFor } from '../support/bot.js';
import { adminAt } from '../support/commands.js';
import type { Json, Reply } from '../support/http.js';
import { givenUnitAtHandover } from '../support/lifecycle-fixtures.js';
import { SIGNED_MS } from '../support/publicity-fixtures.js';
import { sleep, SystemWorld } from '../support/system-world.js';
import { flats, rooms } from '../support/units.js';

const UNIT = '乙3幢1单元';
const MAINTAINER = { name: '杭州某电梯维保公司', serviceLine: '0571-86001234' };
const RESCUE_CODE = '33010688017';
const ALARM_ID = 'ALM-20250520-0007';
/** 02:00 Tuesday 20 May 2025 in Shanghai: someone is trapped. */
const ENTRAPMENT_AT = new Date('2025-05-19T18:00:00.000Z');

let unitId: string;
const world = new SystemWorld({
  name: 'in_service',
  caseId: () => unitId,
  // The real quiet hours: an entrapment at 02:00 must not wait for them to end.
  env: { JIATI_QUIET_HOURS: '21:30-08:00' },
});
const {
  clock,
  said,
  logLines,
  fired,
  setNow,
  place,
  api,
  post,
  events,
  say,
  inGroup,
  privately,
  groupHears,
  pendingDeadline,
  pendingOf,
  deadlineById,
} = world;
let system: System;
let communityId: string;
let committeeToken: string;
let maintainerToken: string;
let userUnitToken: string;
let alarmKey: string;
let elevatorId: string;
let group: mock.RoomMock;
/** 张主任 of the 居委会, 王经理 of the 物业 (the 使用单位), 陈科长 of the 街道, 李科长 of the 区住建部门. */
let committee: mock.ContactMock;
let userUnit: mock.ContactMock;
let subdistrict: mock.ContactMock;
let district: mock.ContactMock;
let resident: mock.ContactMock;
/** The maintenance alert and the entrapment alert, as the API showed them when raised. */
let maintenanceAlert: Json;
let entrapmentAlert: Json;

/** `at` (an instant the API showed) lies between `from` and `to`, both included. */
function expectBetween(at: string, from: Date, to: Date): void {
  expect(Date.parse(at)).toBeGreaterThanOrEqual(from.getTime());
  expect(Date.parse(at)).toBeLessThanOrEqual(to.getTime());
}

const asCommittee = (tail: string, body: unknown = {}) =>
  post(`/units/${unitId}${tail}`, body, committeeToken);
const elevatorNow = async () => (await api('GET', `/units/${unitId}/elevator`)).body.elevator as Json;

/** Posts an alarm to the public endpoint: the raw body signed as the monitoring system signs it. */
async function sendAlarm(raw: string, key: string, timestamp: string): Promise<Reply> {
  const signature = createHmac('sha256', key).update(`${timestamp}.${raw}`).digest('hex');
  const response = await fetch(`${system.url}/api/v1/elevators/${elevatorId}/alarms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-jiati-timestamp': timestamp,
      'x-jiati-signature': `sha256=${signature}`,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

/** Waits (a few seconds) until `contact` has heard `text` privately; then says which it heard if not. */
async function hearsPrivately(contact: mock.ContactMock, text: string): Promise<void> {
  await waitFor(() => privately(contact).includes(text), 5000).catch(() => undefined);
  expect(privately(contact)).toContain(text);
}

/**
 * The case's pending clock of `kind`, its only one, run on time (see `runOnTime`). Returns it as the
 * sweeper left it (`done`).
 */
async function fireOnTime(kind: string): Promise<DeadlineDoc> {
  const pending = await pendingDeadline(kind);
  expect(pending).not.toBeNull();
  expect(await pendingOf(kind)).toHaveLength(1);
  return world.runOnTime(pending!);
}

/**
 * A private notice held by quiet hours: a minute before `releaseAt` (08:00) the contact has not heard
 * it; just after, they have.
 */
async function heldUntil(contact: mock.ContactMock, text: string, releaseAt: string): Promise<void> {
  // Outbox polls with the clock still in the night.
  await sleep(600);
  expect(privately(contact)).not.toContain(text);
  setNow(new Date(Date.parse(releaseAt) - 60_000));
  await sleep(600);
  expect(privately(contact)).not.toContain(text);
  setNow(new Date(Date.parse(releaseAt) + 1000));
  await hearsPrivately(contact, text);
}

/** The case's alerts as the API shows them to the committee. */
async function alerts(): Promise<Json[]> {
  const reply = await api('GET', `/units/${unitId}/alerts`, undefined, committeeToken);
  expect(reply.status).toBe(200);
  return reply.body.items as Json[];
}
/** The one alert the case raised of `kind`. */
async function alertOf(kind: string): Promise<Json> {
  const found = (await alerts()).filter((alert) => alert.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/**
 * {@link UNIT}, four flats in 乙社区, by the commands themselves on their own dates (the clock stands
 * before all of them, so no clock of theirs runs): the ballot passed on paper and the agreement signed
 * on 10 March, publicity to 24:00 20 March. `givenUnitAtHandover` takes it on to completion acceptance
 * on 21 March.
 */
async function givenSignedUnit(ctx: CommandContext): Promise<string> {
  const start = adminAt(0);
  const registered = await registerUnit(ctx, { name: UNIT, flats: flats(4), communityId }, start);
  const id = registered.unitId;
  await publishPlan(ctx, { unitId: id, planVersion: 1, title: '方案一' }, start);
  const { ballot } = await openBallot(
    ctx,
    { unitId: id, title: '加装电梯', matter: 'major', closesAt: adminAt(SIGNED_MS).now },
    start,
  );
  for (const room of rooms(4)) {
    await castVote(
      ctx,
      { ballotId: ballot.ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
      start,
    );
  }
  await closeBallot(ctx, ballot.ballotId, adminAt(SIGNED_MS));
  await signAgreement(ctx, { unitId: id }, adminAt(SIGNED_MS));
  return id;
}

beforeAll(async () => {
  // Monday 2025-03-03, 08:00 in Hangzhou: before every date the setup's commands carry.
  setNow('2025-03-03T00:00:00.000Z');
  system = await world.start();
  committee = world.contact('张主任');
  userUnit = world.contact('王经理');
  subdistrict = world.contact('陈科长');
  district = world.contact('李科长');
  resident = world.contact('301的住户');
  group = world.createGroup(`${UNIT}加梯群`, [committee, userUnit, resident]);
}, 60_000);

afterAll(() => world.stop());

describe('an elevator in service, through a stretch of its year', () => {
  it('is handed over and recorded by the committee, with the maintainer’s and the 使用单位’s own tokens', async () => {
    communityId = await place(
      'community',
      '乙社区',
      await place('subdistrict', '乙街道', await place('district', '乙区')),
    );
    unitId = await givenUnitAtHandover(system.commands, { inPublicity: givenSignedUnit });

    // Monday 24 March, 10:00: nothing the setup left is due.
    setNow('2025-03-24T02:00:00.000Z');
    expect(
      await system.models.deadlines.countDocuments({ status: 'pending', dueAt: { $lte: clock.now() } }),
    ).toBe(0);
    const issued = await post('/tokens', {
      name: '张主任',
      role: 'committee',
      scope: { kind: 'community', id: communityId },
      expiresInDays: 366,
    });
    expect(issued.status).toBe(201);
    committeeToken = issued.body.token as string;
    // The committee issues the maintainer's and the 使用单位's tokens, each for this unit alone.
    const token = async (role: string, name: string) => {
      const reply = await post(
        '/tokens',
        { name, role, scope: { kind: 'unit', id: unitId }, expiresInDays: 366 },
        committeeToken,
      );
      expect(reply.status).toBe(201);
      return reply.body.token as string;
    };
    maintainerToken = await token('maintainer', MAINTAINER.name);
    userUnitToken = await token('user_unit', '某物业公司');

    const groupCode = (await asCommittee('/group-code')).body.code as string;
    await say(committee, `绑定单元 ${groupCode}`);
    await groupHears(unitBoundNotice(UNIT));
    for (const [contact, role] of [
      [committee, 'committee'],
      [userUnit, 'user_unit'],
      [subdistrict, 'subdistrict'],
      [district, 'district'],
    ] as const) {
      expect((await asCommittee('/contacts', { contactId: contact.id, role })).status).toBe(201);
    }

    // The 使用单位 named, handed over and registered the same day: in service.
    expect((await asCommittee('/user-unit', { name: '某物业公司', kind: 'entrusted_manager' })).status).toBe(
      201,
    );
    await groupHears(userUnitNotice({ kind: 'entrusted_manager', name: '某物业公司' }));
    const handed = await asCommittee('/handover', { documents: ['产品合格证', '监督检验报告'] });
    expect(handed.body).toMatchObject({ stage: 'registration' });
    await groupHears(handedOverNotice({ enteredUseOn: '2025-03-24', useRegistrationDueOn: '2025-04-23' }));
    const registered = await asCommittee('/use-registration', { certificateNo: 'DT-330106-2025-0107' });
    expect(registered.body).toMatchObject({ stage: 'in_service' });
    await groupHears(USE_REGISTERED_NOTICE);

    // The elevator: maintained every 15 days, its certificate expiring at the end of June.
    const recorded = await api(
      'PUT',
      `/units/${unitId}/elevator`,
      {
        registrationCode: '31103301062025-0107',
        rescueCode: RESCUE_CODE,
        maker: '某电梯有限公司',
        model: 'GeN2-MR 800kg',
        maintainer: MAINTAINER,
        contractFrom: '2025-03-24',
        contractTo: '2026-03-23',
        maintenanceIntervalDays: 15,
        certificateExpiresOn: '2025-06-30',
      },
      committeeToken,
    );
    expect(recorded.status).toBe(200);
    expect(recorded.headers.get('cache-control')).toBe('no-store');
    expect(recorded.body.alarmKey).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded.body.elevator).toMatchObject({
      rescueCode: RESCUE_CODE,
      maintainer: MAINTAINER,
      maintenanceIntervalDays: 15,
      certificateExpiresOn: '2025-06-30',
      recordedOn: '2025-03-24',
      visits: [],
      alarms: [],
      maintenanceDueOn: '2025-04-08',
    });
    alarmKey = recorded.body.alarmKey as string;
    elevatorId = recorded.body.elevator.elevatorId as string;
    // The key is shown once: read again, the record has none.
    const read = await api('GET', `/units/${unitId}/elevator`, undefined, maintainerToken);
    expect(read.status).toBe(200);
    expect(read.body.alarmKey).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(alarmKey);

    // Its clocks: maintenance overdue at 24:00 of 8 April; the inspection reminded on 16 May at 10:00.
    expect(await pendingDeadline('maintenance.overdue')).toMatchObject({
      _id: `maintenance.overdue:${unitId}:2025-04-08`,
      dueAt: new Date('2025-04-08T16:00:00.000Z'),
    });
    expect(await pendingDeadline('inspection.remind')).toMatchObject({
      _id: `inspection.remind:${unitId}:2025-06-30`,
      dueAt: new Date('2025-05-16T02:00:00.000Z'),
    });
  });

  it('moves the maintenance clock with each visit the maintainer logs, each signed off with 维保确认', async () => {
    // Wednesday 2 April, 10:00: the first half-monthly visit.
    setNow('2025-04-02T02:00:00.000Z');
    const first = await post(
      `/units/${unitId}/elevator/visits`,
      { kind: 'half_monthly', notes: '曳引机、门锁回路检查正常' },
      maintainerToken,
    );
    expect(first.status).toBe(201);
    expect(first.body.elevator).toMatchObject({ maintenanceDueOn: '2025-04-17' });
    expect(first.body.elevator.visits).toEqual([
      {
        visitId: first.body.visitId,
        visitedOn: '2025-04-02',
        kind: 'half_monthly',
        notes: '曳引机、门锁回路检查正常',
      },
    ]);
    expect((await deadlineById(`maintenance.overdue:${unitId}:2025-04-08`))?.status).toBe('cancelled');
    expect(await pendingOf('maintenance.overdue')).toMatchObject([
      { _id: `maintenance.overdue:${unitId}:2025-04-17`, dueAt: new Date('2025-04-17T16:00:00.000Z') },
    ]);

    // The 使用单位 signs it off in the group; the answer comes privately.
    const groupBefore = inGroup().length;
    const asked = clock.now();
    await say(userUnit, '维保确认');
    await hearsPrivately(userUnit, visitConfirmedMessage('2025-04-02'));
    expect(inGroup().slice(groupBefore)).toEqual([]);
    expectBetween((await elevatorNow()).visits[0].confirmedAt as string, asked, clock.now());

    // Wednesday 16 April, 14:00: the second, signed off privately.
    setNow('2025-04-16T06:00:00.000Z');
    const second = await post(`/units/${unitId}/elevator/visits`, { kind: 'half_monthly' }, maintainerToken);
    expect(second.status).toBe(201);
    expect(second.body.elevator).toMatchObject({ maintenanceDueOn: '2025-05-01' });
    expect((await deadlineById(`maintenance.overdue:${unitId}:2025-04-17`))?.status).toBe('cancelled');
    expect(await pendingOf('maintenance.overdue')).toMatchObject([
      { _id: `maintenance.overdue:${unitId}:2025-05-01`, dueAt: new Date('2025-05-01T16:00:00.000Z') },
    ]);
    const askedAgain = clock.now();
    await say(userUnit, '维保确认', 'bot');
    await hearsPrivately(userUnit, visitConfirmedMessage('2025-04-16'));
    const visits = (await elevatorNow()).visits as Json[];
    expect(visits.map((visit) => [visit.visitId, visit.visitedOn, visit.kind])).toEqual([
      [first.body.visitId, '2025-04-02', 'half_monthly'],
      [second.body.visitId, '2025-04-16', 'half_monthly'],
    ]);
    expectBetween(visits[1].confirmedAt as string, askedAgain, clock.now());
    expect(await alerts()).toEqual([]);
  });

  it('alerts a missed visit to the committee at 24:00 of its due day, climbs to the sub-district, and raises nothing new after the visit', async () => {
    // No visit by 24:00 Thursday 1 May (劳动节): the committee, privately, held until 08:00.
    const overdue = await fireOnTime('maintenance.overdue');
    expect(overdue.dueAt.toISOString()).toBe('2025-05-01T16:00:00.000Z');
    maintenanceAlert = await alertOf('maintenance_overdue');
    expect(maintenanceAlert).toMatchObject({ level: 'committee', open: true, skipped: [], unreached: false });
    const raised = alertNotice({
      ref: maintenanceAlert.alertId as string,
      kind: 'maintenance_overdue',
      level: 'committee',
      unitName: UNIT,
      dueOn: '2025-05-01',
      lastOn: '2025-04-16',
      intervalDays: 15,
    });
    await heldUntil(committee, raised, '2025-05-02T00:00:00.000Z');
    expect(privately(subdistrict)).toEqual([]);
    expect(privately(userUnit)).not.toContain(raised);
    expect(inGroup()).not.toContain(raised);

    // Unacknowledged three working days (the holiday to 5 May not among them): the sub-district.
    const climb = await fireOnTime('alert.escalate');
    expect(climb.dueAt.toISOString()).toBe('2025-05-08T16:00:00.000Z');
    const escalated = alertNotice({
      ref: maintenanceAlert.alertId as string,
      kind: 'maintenance_overdue',
      level: 'subdistrict',
      unitName: UNIT,
      // The climb says the dates again: the sub-district reads what was missed, and since when.
      dueOn: '2025-05-01',
      lastOn: '2025-04-16',
      intervalDays: 15,
      escalatedAfter: 3,
    });
    await heldUntil(subdistrict, escalated, '2025-05-09T00:00:00.000Z');
    expect(await alertOf('maintenance_overdue')).toMatchObject({ level: 'subdistrict', open: true });
    setNow('2025-05-09T01:00:00.000Z');
    await say(subdistrict, `收到 ${maintenanceAlert.alertId}`, 'bot');
    await hearsPrivately(subdistrict, acknowledged(maintenanceAlert.alertId as string));
    expect(await alertOf('maintenance_overdue')).toMatchObject({ level: 'subdistrict', open: false });
    expect(
      (await deadlineById(`alert.escalate:${unitId}:${maintenanceAlert.alertId}:subdistrict`))?.status,
    ).toBe('cancelled');

    // Friday 9 May, 10:00: the visit, signed off through the API by the 使用单位; the clock moves on.
    setNow('2025-05-09T02:00:00.000Z');
    const late = await post(`/units/${unitId}/elevator/visits`, { kind: 'quarterly' }, maintainerToken);
    expect(late.status).toBe(201);
    expect(late.body.elevator).toMatchObject({ maintenanceDueOn: '2025-05-24' });
    const signed = await post(`/units/${unitId}/elevator/visits/confirmation`, {}, userUnitToken);
    expect(signed.status).toBe(201);
    expect(signed.body.visitId).toBe(late.body.visitId);
    expect(await pendingOf('maintenance.overdue')).toMatchObject([
      { _id: `maintenance.overdue:${unitId}:2025-05-24`, dueAt: new Date('2025-05-24T16:00:00.000Z') },
    ]);
    // Sweeps pass: no new alert.
    await sleep(1200);
    expect((await alerts()).map((alert) => alert.kind)).toEqual(['maintenance_overdue']);
  });

  it('reminds the 使用单位 and the committee of the periodic inspection once, at 10:00 fourteen days before it must be requested', async () => {
    const remind = await fireOnTime('inspection.remind');
    expect(remind.dueAt.toISOString()).toBe('2025-05-16T02:00:00.000Z');
    const reminder = inspectionDueNotice(UNIT, '2025-06-30');
    for (const contact of [userUnit, committee]) await hearsPrivately(contact, reminder);
    expect(privately(subdistrict)).not.toContain(reminder);
    expect(privately(district)).toEqual([]);
    expect(inGroup()).not.toContain(reminder);

    // Monday 19 May: inspected and passed; the next certificate's reminder is a year on.
    setNow('2025-05-19T02:00:00.000Z');
    const inspected = await post(
      `/units/${unitId}/elevator/inspections`,
      { passed: true, certificateExpiresOn: '2026-06-30', reportRef: 'DJ-2025-0519' },
      userUnitToken,
    );
    expect(inspected.status).toBe(201);
    expect(inspected.body.elevator).toMatchObject({
      certificateExpiresOn: '2026-06-30',
      inspections: [
        {
          inspectedOn: '2025-05-19',
          passed: true,
          certificateExpiresOn: '2026-06-30',
          reportRef: 'DJ-2025-0519',
        },
      ],
    });
    expect(await pendingOf('inspection.remind')).toMatchObject([
      { _id: `inspection.remind:${unitId}:2026-06-30`, dueAt: new Date('2026-05-16T02:00:00.000Z') },
    ]);
  });

  it('tells the group of an entrapment at 02:00 at once, alerts it up the ladder within minutes, and stops once it is taken on', async () => {
    setNow(ENTRAPMENT_AT);
    const raw = JSON.stringify({
      alarmId: ALARM_ID,
      kind: 'entrapment',
      occurredAt: ENTRAPMENT_AT.toISOString(),
      source: '96333平台',
    });
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const taken = await sendAlarm(raw, alarmKey, timestamp);
    expect({ status: taken.status, body: taken.body }).toEqual({
      status: 200,
      body: { alarmId: ALARM_ID, recorded: true },
    });
    const alarm = alarmNotice({
      unitName: UNIT,
      kind: 'entrapment',
      occurredAt: ENTRAPMENT_AT,
      rescueCode: RESCUE_CODE,
      maintainer: MAINTAINER,
    });
    expect(alarm).toContain(`96333（电梯救援码 ${RESCUE_CODE}）`);
    expect(alarm).toContain(`${MAINTAINER.name} ${MAINTAINER.serviceLine}`);
    // At once, in quiet hours: the group, and the 使用单位 and the committee privately.
    await groupHears(alarm);
    for (const contact of [userUnit, committee]) await hearsPrivately(contact, alarm);
    expect(privately(subdistrict)).not.toContain(alarm);
    expect(privately(district)).toEqual([]);

    // The same request again is a replay: refused, nothing stored.
    const before = await events();
    expectError(await sendAlarm(raw, alarmKey, timestamp), 401, 'invalid_signature', /签名/);
    expect(await events()).toBe(before);

    // Five minutes and no one took it on: the committee.
    const unanswered = await fireOnTime('alarm.unanswered');
    expect(unanswered.dueAt.toISOString()).toBe('2025-05-19T18:05:00.000Z');
    entrapmentAlert = await alertOf('entrapment_unanswered');
    expect(entrapmentAlert).toMatchObject({ level: 'committee', open: true });
    const details = {
      occurredAt: ENTRAPMENT_AT.toISOString(),
      minutes: 5,
      rescueCode: RESCUE_CODE,
      maintainerLine: `${MAINTAINER.name} ${MAINTAINER.serviceLine}`,
    };
    await hearsPrivately(
      committee,
      alertNotice({
        ref: entrapmentAlert.alertId as string,
        kind: 'entrapment_unanswered',
        level: 'committee',
        unitName: UNIT,
        ...details,
      }),
    );
    expect(privately(subdistrict).filter((text) => text.includes(entrapmentAlert.alertId as string))).toEqual(
      [],
    );

    // Ten minutes more: the sub-district.
    const climb = await fireOnTime('alert.escalate');
    expect(climb.dueAt.getTime()).toBe(Date.parse(entrapmentAlert.raisedAt as string) + 10 * 60_000);
    expectBetween(entrapmentAlert.raisedAt as string, unanswered.dueAt, fired.get(unanswered._id)!.seenAt);
    await hearsPrivately(
      subdistrict,
      alertNotice({
        ref: entrapmentAlert.alertId as string,
        kind: 'entrapment_unanswered',
        level: 'subdistrict',
        unitName: UNIT,
        ...details,
        escalatedAfterMinutes: 10,
      }),
    );
    expect(await alertOf('entrapment_unanswered')).toMatchObject({ level: 'subdistrict', open: true });
    const towardsDistrict = `alert.escalate:${unitId}:${entrapmentAlert.alertId}:subdistrict`;
    expect((await deadlineById(towardsDistrict))?.status).toBe('pending');

    // The maintainer takes the alarm on through the API: the climb towards the district is cancelled.
    setNow(new Date(ENTRAPMENT_AT.getTime() + 17 * 60_000));
    const ackedFrom = clock.now();
    const ack = await post(
      `/units/${unitId}/elevator/alarms/${ALARM_ID}/acknowledgement`,
      {},
      maintainerToken,
    );
    expect(ack.status).toBe(201);
    const [taken2] = ack.body.elevator.alarms as Json[];
    expect(ack.body.elevator.alarms).toEqual([
      {
        alarmId: ALARM_ID,
        kind: 'entrapment',
        occurredAt: ENTRAPMENT_AT.toISOString(),
        source: '96333平台',
        acknowledgedAt: taken2.acknowledgedAt,
      },
    ]);
    expectBetween(taken2.acknowledgedAt as string, ackedFrom, clock.now());
    expect((await deadlineById(towardsDistrict))?.status).toBe('cancelled');
    // Past the time it would have climbed, and on into the morning: the district hears nothing.
    const spoken = said.length;
    setNow(new Date(ENTRAPMENT_AT.getTime() + 30 * 60_000));
    await sleep(1200);
    setNow('2025-05-20T02:00:00.000Z');
    await sleep(1200);
    expect(privately(district)).toEqual([]);
    expect(said.slice(spoken)).toEqual([]);
    expect(await pendingOf('alert.escalate')).toEqual([]);
    expect((await alerts()).map((alert) => [alert.kind, alert.level])).toEqual([
      ['maintenance_overdue', 'subdistrict'],
      ['entrapment_unanswered', 'subdistrict'],
    ]);
  });

  it('ran every clock once and never before its time, and said every message once, never early', async () => {
    expect([...fired.values()].map((f) => f.deadline.kind)).toEqual([
      'maintenance.overdue',
      'alert.escalate',
      'inspection.remind',
      'alarm.unanswered',
      'alert.escalate',
    ]);
    for (const { deadline, seenAt } of fired.values()) {
      expect({
        id: deadline._id,
        status: deadline.status,
        attempts: deadline.attempts,
        late: deadline.late,
      }).toEqual({
        id: deadline._id,
        status: 'done',
        attempts: 1,
        late: false,
      });
      expect(deadline.doneAt!.getTime()).toBeGreaterThanOrEqual(deadline.dueAt.getTime());
      expect(seenAt.getTime()).toBeGreaterThanOrEqual(deadline.dueAt.getTime());
    }
    const [overdue, climbed, inspection, unanswered, urgentClimb] = [...fired.values()].map(
      (f) => f.deadline.dueAt,
    ) as [Date, Date, Date, Date, Date];
    const m = maintenanceAlert.alertId as string;
    const e = entrapmentAlert.alertId as string;
    const entrapment = {
      occurredAt: ENTRAPMENT_AT.toISOString(),
      minutes: 5,
      rescueCode: RESCUE_CODE,
      maintainerLine: `${MAINTAINER.name} ${MAINTAINER.serviceLine}`,
    };
    const alarm = alarmNotice({
      unitName: UNIT,
      kind: 'entrapment',
      occurredAt: ENTRAPMENT_AT,
      rescueCode: RESCUE_CODE,
      maintainer: MAINTAINER,
    });
    const eightAm = (day: string) => new Date(`${day}T00:00:00.000Z`);
    /** Who heard what privately, and the window it had to be said in: not before, and before. */
    const expected: [mock.ContactMock, string, Date, Date][] = [
      [
        committee,
        alertNotice({
          ref: m,
          kind: 'maintenance_overdue',
          level: 'committee',
          unitName: UNIT,
          dueOn: '2025-05-01',
          lastOn: '2025-04-16',
          intervalDays: 15,
        }),
        eightAm('2025-05-02'),
        new Date(eightAm('2025-05-02').getTime() + 60_000),
      ],
      [
        subdistrict,
        alertNotice({
          ref: m,
          kind: 'maintenance_overdue',
          level: 'subdistrict',
          unitName: UNIT,
          dueOn: '2025-05-01',
          lastOn: '2025-04-16',
          intervalDays: 15,
          escalatedAfter: 3,
        }),
        eightAm('2025-05-09'),
        new Date(eightAm('2025-05-09').getTime() + 60_000),
      ],
      [
        userUnit,
        inspectionDueNotice(UNIT, '2025-06-30'),
        inspection,
        new Date(inspection.getTime() + 60_000),
      ],
      [
        committee,
        inspectionDueNotice(UNIT, '2025-06-30'),
        inspection,
        new Date(inspection.getTime() + 60_000),
      ],
      // The alarm before its five-minute clock; the entrapment alerts before the next step, never at 08:00.
      [userUnit, alarm, ENTRAPMENT_AT, unanswered],
      [committee, alarm, ENTRAPMENT_AT, unanswered],
      [
        committee,
        alertNotice({
          ref: e,
          kind: 'entrapment_unanswered',
          level: 'committee',
          unitName: UNIT,
          ...entrapment,
        }),
        unanswered,
        urgentClimb,
      ],
      [
        subdistrict,
        alertNotice({
          ref: e,
          kind: 'entrapment_unanswered',
          level: 'subdistrict',
          unitName: UNIT,
          ...entrapment,
          escalatedAfterMinutes: 10,
        }),
        urgentClimb,
        new Date(ENTRAPMENT_AT.getTime() + 17 * 60_000),
      ],
    ];
    expect([overdue, climbed].map((at) => at.toISOString())).toEqual([
      '2025-05-01T16:00:00.000Z',
      '2025-05-08T16:00:00.000Z',
    ]);
    for (const [contact, text, from, until] of expected) {
      const times = said.filter((s) => s.listenerId === contact.id && s.text === text);
      expect({ text, times: times.length }).toEqual({ text, times: 1 });
      expect(times[0]!.at.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(times[0]!.at.getTime()).toBeLessThan(until.getTime());
    }
    // Nothing else of the kind: every 【…】 message said privately is one of those.
    expect(said.filter((s) => s.roomId === null && s.text.startsWith('【'))).toHaveLength(expected.length);
    // The group heard the case's steps and the alarm, once each, in order; the alarm at once.
    expect(inGroup()).toEqual([
      unitBoundNotice(UNIT),
      userUnitNotice({ kind: 'entrusted_manager', name: '某物业公司' }),
      handedOverNotice({ enteredUseOn: '2025-03-24', useRegistrationDueOn: '2025-04-23' }),
      USE_REGISTERED_NOTICE,
      alarm,
    ]);
    const inRoom = said.find((s) => s.roomId === group.id && s.text === alarm)!;
    expect(inRoom.at.getTime()).toBeLessThan(unanswered.getTime());
    // The answers to 维保确认 and 收到, privately, once each.
    expect(privately(userUnit).filter((text) => text.startsWith('已确认'))).toEqual([
      visitConfirmedMessage('2025-04-02'),
      visitConfirmedMessage('2025-04-16'),
    ]);
    expect(privately(subdistrict).filter((text) => text.startsWith('已记下'))).toEqual([acknowledged(m)]);
    expect(privately(district)).toEqual([]);
    expect(privately(resident)).toEqual([]);
    expect(logLines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
