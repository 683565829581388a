import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { periodEnd } from '../../../domain/calendar/index.js';
import type { CaseCommand, CaseEvent } from '../../../domain/case/index.js';
import {
  CLOCK_KINDS,
  CLOCK_LATENESS,
  DEFAULT_CLOCK_SETTINGS,
  clockExpired,
  localTimeAt,
  planCaseClocks,
  planClocks,
  refuseUnplannableClocks,
  REGISTRATION_REMIND_DAYS_BEFORE,
  REVIEW_OPINION_WORKING_DAYS,
  SUPPLEMENT_REMIND_DAYS,
  USER_UNIT_WORKING_DAYS,
} from '../../../domain/clocks/index.js';
import { loadHolidayTable } from '../../../lib/holidays.js';
import { fastCheckSeed } from '../../support/fast-check.js';
import { FLATS, at, fold, historyThrough, historyUntil, run } from '../case/support.js';

const table = loadHolidayTable();
const seed = fastCheckSeed('clocks/plan.test.ts');
const plan = (events: readonly CaseEvent[]) => planClocks(fold(events), table);
const keys = (events: readonly CaseEvent[]) => plan(events).map((clock) => clock.key);
const settings = (change: object): CaseCommand => ({ type: 'SetClockSettings', data: { change } });
/** Ballot b1 opens on day 14 (Mon 2025-03-17 10:00 Shanghai) and closes on day 21. 101 is elderly. */
const voting = historyUntil('voting');

describe('ballot clocks', () => {
  it('closes at closesAt and reminds on day 3 and the day before close, at 10:00 Shanghai', () => {
    expect(plan(voting)).toEqual([
      {
        key: 'ballot.remind:b1:2025-03-19',
        kind: 'ballot.remind',
        dueAt: new Date('2025-03-19T02:00:00.000Z'),
        data: { ballotId: 'b1', day: '2025-03-19' },
        // A reminder belongs to its day: it expires at 24:00 Shanghai.
        expiresAt: new Date('2025-03-19T16:00:00.000Z'),
      },
      {
        key: 'ballot.remind:b1:2025-03-23',
        kind: 'ballot.remind',
        dueAt: new Date('2025-03-23T02:00:00.000Z'),
        data: { ballotId: 'b1', day: '2025-03-23' },
        expiresAt: new Date('2025-03-23T16:00:00.000Z'),
      },
      { key: 'ballot.close:b1', kind: 'ballot.close', dueAt: at(21), data: { ballotId: 'b1' } },
    ]);
  });

  it('alerts on no quorum after the (care) threshold, when it falls inside the ballot', () => {
    // 101 is elderly: the care threshold (10 days) applies and falls after the close (7 days).
    expect(keys(voting)).not.toContain('ballot.stall:b1');
    const shorter = run(
      [{ command: settings({ care: { quorumStallDays: 5 } }), now: at(15) }],
      voting,
    ).events;
    expect(plan(shorter).find((clock) => clock.kind === 'ballot.stall')).toEqual({
      key: 'ballot.stall:b1',
      kind: 'ballot.stall',
      dueAt: at(19),
      data: { ballotId: 'b1' },
      // Visiting the non-voters is moot once the ballot has closed.
      expiresAt: at(21),
    });
    // Without elderly or disabled residents the ordinary threshold applies.
    const plain = FLATS.map(({ elderly: _elderly, ...flat }) => flat);
    const ordinary = run(
      [
        { command: { type: 'UpdateRoster', data: { flats: plain, reason: '过户' } }, now: at(15) },
        { command: settings({ quorumStallDays: 6, care: { quorumStallDays: 5 } }), now: at(15) },
      ],
      voting,
    ).events;
    expect(plan(ordinary).find((clock) => clock.kind === 'ballot.stall')?.dueAt).toEqual(at(20));
  });

  it('merges reminder days that fall on one day, and never plans one outside the ballot', () => {
    const events = run(
      [{ command: settings({ ballotReminderDays: [1, 6, 7, 30], noticeTime: '09:30' }), now: at(14, 1) }],
      voting,
    ).events;
    // Day 1 at 09:30 is before the 10:00 opening; day 7 is the day before close; day 30 is after it.
    expect(keys(events)).toEqual([
      'ballot.remind:b1:2025-03-22',
      'ballot.remind:b1:2025-03-23',
      'ballot.close:b1',
    ]);
  });

  it('stops every ballot clock once the ballot closes', () => {
    expect(plan(historyUntil('agreement'))).toEqual([]);
  });

  it('never plans a reminder before the ballot opens or at or after it closes (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 23 }),
        (days, dayBefore, hour) => {
          const events = run(
            [
              {
                command: settings({
                  ballotReminderDays: days,
                  remindDayBeforeClose: dayBefore,
                  noticeTime: `${String(hour).padStart(2, '0')}:00`,
                }),
                now: at(14, 1),
              },
            ],
            voting,
          ).events;
          const ballot = fold(events).ballots[0]!;
          for (const clock of plan(events).filter((c) => c.kind === 'ballot.remind')) {
            expect(clock.dueAt.getTime()).toBeGreaterThan(new Date(ballot.opensAt).getTime());
            expect(clock.dueAt.getTime()).toBeLessThan(new Date(ballot.closesAt!).getTime());
          }
          const remindKeys = keys(events);
          expect(new Set(remindKeys).size).toBe(remindKeys.length);
        },
      ),
      { seed },
    );
  });
});

describe('publicity clocks', () => {
  it('reminds at the midpoint and ends at 24:00 of the last day', () => {
    // Signed 2025-03-25, ending 2025-04-07: the midpoint is 6 days after signing.
    expect(plan(historyUntil('publicity'))).toEqual([
      {
        key: 'publicity.midpoint:2025-03-25',
        kind: 'publicity.midpoint',
        dueAt: localTimeAt('2025-03-31', '10:00'),
        data: { endsOn: '2025-04-07' },
        // "Object before the end" is moot once publicity has ended.
        expiresAt: new Date('2025-04-07T16:00:00.000Z'),
      },
      {
        key: 'publicity.end:2025-03-25',
        kind: 'publicity.end',
        dueAt: new Date('2025-04-07T16:00:00.000Z'),
        data: { endsOn: '2025-04-07' },
      },
    ]);
  });
});

describe('objection and alert clocks', () => {
  const publicity = historyUntil('publicity');
  const objection: CaseCommand = {
    type: 'FileObjection',
    data: {
      objectionId: 'o1',
      named: true,
      written: true,
      ground: 'daylight',
      channel: 'paper',
      filedAt: at(25),
      objector: { name: '张某', room: '101' },
    },
  };
  const filed = run([{ command: objection, now: at(25) }], publicity).events;

  it('expects the first mediation step within the (care) working days of filing', () => {
    const clock = plan(filed).find((c) => c.kind === 'objection.stall');
    // Filed Fri 2025-03-28; 3 working days (care) → Wed 2025-04-02.
    expect(clock).toEqual({
      key: 'objection.stall:o1:0',
      kind: 'objection.stall',
      dueAt: periodEnd('2025-03-28', 3, 'workday', table).endsAt,
      data: { objectionId: 'o1', steps: 0, expected: 'committee' },
    });
    expect(clock?.dueAt).toEqual(new Date('2025-04-02T16:00:00.000Z'));
  });

  it('moves the deadline with each step, and stops once the objection is resolved', () => {
    const failed = run(
      [
        {
          command: {
            type: 'RecordMediation',
            data: {
              objectionId: 'o1',
              level: 'committee',
              heldOn: '2025-04-01',
              participants: ['居委会'],
              outcome: 'failed',
            },
          },
          now: at(29),
        },
      ],
      filed,
    ).events;
    expect(plan(failed).find((c) => c.kind === 'objection.stall')).toMatchObject({
      key: 'objection.stall:o1:1',
      dueAt: periodEnd('2025-04-01', 10, 'workday', table).endsAt,
      data: { expected: 'subdistrict' },
    });
    const resolved = run(
      [
        {
          command: {
            type: 'RecordMediation',
            data: {
              objectionId: 'o1',
              level: 'subdistrict',
              heldOn: '2025-04-03',
              participants: ['街道'],
              outcome: 'resolved',
            },
          },
          now: at(31),
        },
      ],
      failed,
    ).events;
    expect(plan(resolved).some((c) => c.kind === 'objection.stall')).toBe(false);
  });

  it('escalates an unacknowledged alert level by level, and stops at the district or once acknowledged', () => {
    const raise: CaseCommand = {
      type: 'RaiseAlert',
      data: { alertId: 'a1', kind: 'objection_unanswered', key: 'objection.stall:o1:0', objectionId: 'o1' },
    };
    const raised = run([{ command: raise, now: at(30) }], filed).events;
    // Raised Wed 2025-04-02; 2 working days (care), skipping the Qingming holiday (04-04 to 04-06).
    expect(plan(raised).find((c) => c.kind === 'alert.escalate')).toEqual({
      key: 'alert.escalate:a1:committee',
      kind: 'alert.escalate',
      dueAt: periodEnd('2025-04-02', 2, 'workday', table).endsAt,
      data: { alertId: 'a1', from: 'committee' },
    });
    const up = (from: string, now: Date) => ({
      command: { type: 'EscalateAlert', data: { alertId: 'a1', from } } as CaseCommand,
      now,
    });
    const sub = run([up('committee', at(40))], raised).events;
    expect(keys(sub)).toContain('alert.escalate:a1:subdistrict');
    const district = run([up('subdistrict', at(45))], sub).events;
    expect(keys(district).some((key) => key.startsWith('alert.escalate'))).toBe(false);
    const acknowledged = run(
      [{ command: { type: 'AcknowledgeAlert', data: { alertId: 'a1', by: 'admin' } }, now: at(41) }],
      sub,
    ).events;
    expect(keys(acknowledged).some((key) => key.startsWith('alert.escalate'))).toBe(false);
  });
});

describe('clocks after the vote', () => {
  const accepted = historyThrough('ApplicationAccepted');
  const summary = (events: readonly CaseEvent[]) =>
    plan(events).map((clock) => ({
      kind: clock.kind,
      dueAt: clock.dueAt.toISOString(),
      expires: clock.expiresAt,
    }));

  it('expects every convened opinion within 3 working days of acceptance, and the conclusion by 24:00 of its due day', () => {
    // Accepted on Sunday 13 April 2025: the working days after it are Mon 14, Tue 15, Wed 16.
    expect(REVIEW_OPINION_WORKING_DAYS).toBe(3);
    // Each deadline is reminded at 10:00 of its last day, moot at that day's 24:00.
    expect(summary(accepted)).toEqual([
      {
        kind: 'review.remind',
        dueAt: '2025-04-16T02:00:00.000Z',
        expires: new Date('2025-04-16T16:00:00.000Z'),
      },
      { kind: 'review.opinions', dueAt: '2025-04-16T16:00:00.000Z', expires: undefined },
      {
        kind: 'review.remind',
        dueAt: '2025-04-27T02:00:00.000Z',
        expires: new Date('2025-04-27T16:00:00.000Z'),
      },
      { kind: 'review.overdue', dueAt: '2025-04-27T16:00:00.000Z', expires: undefined },
    ]);
    expect(plan(accepted).map((clock) => clock.data)).toEqual([
      { acceptedOn: '2025-04-13', dueOn: '2025-04-16', what: 'opinions' },
      { acceptedOn: '2025-04-13' },
      { acceptedOn: '2025-04-13', dueOn: '2025-04-27', what: 'conclusion' },
      { acceptedOn: '2025-04-13', dueOn: '2025-04-27' },
    ]);
  });

  it('keeps the opinions clock while one department is missing, drops it when all are in, and drops both at the conclusion', () => {
    expect(keys(historyThrough('ReviewOpinionRecorded', 1))).toEqual([
      'review.remind:opinions:2025-04-13',
      'review.opinions:2025-04-13',
      'review.remind:conclusion:2025-04-27',
      'review.overdue:2025-04-13',
    ]);
    expect(keys(historyThrough('ReviewOpinionRecorded', 2))).toEqual([
      'review.remind:conclusion:2025-04-27',
      'review.overdue:2025-04-13',
    ]);
    expect(keys(historyThrough('JointReviewConcluded'))).toEqual([]);
  });

  it('reminds of missing materials 7 days after the notice at 10:00, until they are supplied', () => {
    // Notified Thursday 10 April 2025: reminded Thursday 17 April, 10:00 in Hangzhou (02:00 UTC).
    expect(SUPPLEMENT_REMIND_DAYS).toBe(7);
    expect(summary(historyThrough('IncompleteMaterialsNotified'))).toEqual([
      { kind: 'application.supplement', dueAt: '2025-04-17T02:00:00.000Z', expires: undefined },
    ]);
    expect(keys(historyThrough('IncompleteMaterialsNotified'))).toEqual([
      'application.supplement:2025-04-10:1',
    ]);
    expect(keys(historyThrough('MaterialsSupplemented'))).toEqual([]);
  });

  it('plans no overall deadline when acceptance kept none', () => {
    const submitted = historyThrough('MaterialsSupplemented');
    const { events } = run(
      [
        {
          command: { type: 'AcceptApplication', data: { acceptedOn: '2025-04-13', departments: ['规划'] } },
          now: at(41),
        },
      ],
      submitted,
    );
    expect(keys(events)).toEqual(['review.remind:opinions:2025-04-13', 'review.opinions:2025-04-13']);
  });

  it('alerts 5 working days after completion acceptance while no 使用单位 is named, and stops once one is', () => {
    // Accepted on Saturday 2 August 2025: Mon 4 to Fri 8 August are the five working days.
    expect(USER_UNIT_WORKING_DAYS).toBe(5);
    expect(summary(historyThrough('CompletionAccepted'))).toEqual([
      { kind: 'handover.user_unit', dueAt: '2025-08-08T16:00:00.000Z', expires: undefined },
    ]);
    expect(keys(historyThrough('UserUnitNamed'))).toEqual([]);
  });

  it('reminds a week before use registration is due, moot once the due day ends, and alerts at its 24:00', () => {
    expect(REGISTRATION_REMIND_DAYS_BEFORE).toBe(7);
    const dueAt = new Date('2025-09-04T16:00:00.000Z');
    expect(summary(historyThrough('HandedOver'))).toEqual([
      { kind: 'registration.remind', dueAt: '2025-08-28T02:00:00.000Z', expires: dueAt },
      { kind: 'registration.overdue', dueAt: dueAt.toISOString(), expires: undefined },
    ]);
    expect(keys(historyThrough('UseRegistered'))).toEqual([]);
  });

  it('sends no reminder that would fall on or before the handover day', () => {
    const named = historyThrough('UserUnitNamed');
    const handOver = (useRegistrationDueOn: string): CaseCommand => ({
      type: 'HandOver',
      data: { handedOverOn: '2025-08-05', enteredUseOn: '2025-08-05', useRegistrationDueOn, documents: [] },
    });
    expect(keys(run([{ command: handOver('2025-08-12'), now: at(155) }], named).events)).toEqual([
      'registration.overdue:2025-08-12',
    ]);
    expect(keys(run([{ command: handOver('2025-08-13'), now: at(155) }], named).events)).toEqual([
      'registration.remind:2025-08-13',
      'registration.overdue:2025-08-13',
    ]);
  });
});

/** The elevator recorded after use registration, its certificate to expire, and someone trapped. */
function inService(extra: readonly { command: CaseCommand; now: Date }[] = []): CaseEvent[] {
  return run(
    [
      {
        command: {
          type: 'RecordElevator',
          data: {
            elevatorId: 'el_1',
            rescueCode: '33010001',
            maker: '某电梯公司',
            model: 'HOME-1',
            maintainer: { name: '某维保', serviceLine: '0571-88880000' },
            contractFrom: '2025-08-21',
            contractTo: '2026-08-20',
            maintenanceIntervalDays: 15,
            certificateExpiresOn: '2026-08-31',
            recordedOn: '2025-08-21',
          },
        },
        now: at(171),
      },
      {
        command: {
          type: 'RecordAlarm',
          data: { alarmId: 'a1', kind: 'entrapment', occurredAt: at(172), source: '96333' },
        },
        now: at(172),
      },
      ...extra,
    ],
    historyThrough('UseRegistered'),
  ).events;
}

describe('the elevator’s clocks in service', () => {
  const summary = (events: readonly CaseEvent[]) =>
    plan(events)
      .filter((clock) =>
        ['maintenance.overdue', 'inspection.remind', 'alarm.unanswered', 'alert.escalate'].includes(
          clock.kind,
        ),
      )
      .map((clock) => ({
        key: clock.key,
        dueAt: clock.dueAt.toISOString(),
        expires: clock.expiresAt?.toISOString(),
      }));

  it('alerts maintenance at 24:00 of the interval’s last day, reminds the inspection 14 days before a month ahead of expiry, and an entrapment 5 minutes on', () => {
    expect(summary(inService())).toEqual(
      [
        // Recorded 21 August 2025, no visit yet: due by 5 September, 24:00 in Hangzhou.
        { key: 'maintenance.overdue:2025-09-05', dueAt: '2025-09-05T16:00:00.000Z', expires: undefined },
        {
          key: 'alarm.unanswered:a1',
          dueAt: new Date(at(172).getTime() + 5 * 60_000).toISOString(),
          expires: undefined,
        },
        // Expires 31 August 2026: requested by 31 July, reminded 17 July at 10:00; moot once it expired.
        {
          key: 'inspection.remind:2026-08-31',
          dueAt: '2026-07-17T02:00:00.000Z',
          expires: '2026-08-31T16:00:00.000Z',
        },
      ].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
    );
  });

  it('moves maintenance on with each visit, and drops the entrapment once taken on', () => {
    const visited = inService([
      {
        command: {
          type: 'LogMaintenanceVisit',
          data: { visitId: 'v1', visitedOn: '2025-09-01', kind: 'half_monthly' },
        },
        now: at(182),
      },
      { command: { type: 'AcknowledgeAlarm', data: { alarmId: 'a1' } }, now: at(182) },
    ]);
    expect(summary(visited).map((clock) => clock.key)).toEqual([
      'maintenance.overdue:2025-09-16',
      'inspection.remind:2026-08-31',
    ]);
  });

  it('climbs an entrapment alert within minutes, and stops once the alarm is taken on', () => {
    const raised = inService([
      {
        command: {
          type: 'RaiseAlert',
          data: { alertId: 'TX-1', kind: 'entrapment_unanswered', key: 'alarm.unanswered:a1' },
        },
        now: new Date(at(172).getTime() + 5 * 60_000),
      },
    ]);
    const climbing = summary(raised).filter((clock) => clock.key.startsWith('alert.escalate'));
    expect(climbing).toEqual([
      {
        key: 'alert.escalate:TX-1:committee',
        dueAt: new Date(at(172).getTime() + 15 * 60_000).toISOString(),
        expires: undefined,
      },
    ]);
    // No second raise is planned once the alert exists.
    expect(summary(raised).some((clock) => clock.key === 'alarm.unanswered:a1')).toBe(false);
    const taken = inService([
      ...[
        {
          command: {
            type: 'RaiseAlert',
            data: { alertId: 'TX-1', kind: 'entrapment_unanswered', key: 'alarm.unanswered:a1' },
          } as CaseCommand,
          now: new Date(at(172).getTime() + 5 * 60_000),
        },
      ],
      {
        command: { type: 'AcknowledgeAlarm', data: { alarmId: 'a1' } },
        now: new Date(at(172).getTime() + 7 * 60_000),
      },
    ]);
    expect(summary(taken).filter((clock) => clock.key.startsWith('alert.escalate'))).toEqual([]);
  });

  it('keeps climbing a maintenance alert for a visit before its due day, and stops it for one on the due day', () => {
    const raise = {
      command: {
        type: 'RaiseAlert',
        data: { alertId: 'MO-1', kind: 'maintenance_overdue', key: 'maintenance.overdue:2025-09-05' },
      } as CaseCommand,
      now: new Date('2025-09-05T16:00:00.000Z'),
    };
    const visitOn = (visitedOn: string) => ({
      command: {
        type: 'LogMaintenanceVisit',
        data: { visitId: `v-${visitedOn}`, visitedOn, kind: 'half_monthly' },
      } as CaseCommand,
      now: new Date('2025-09-06T02:00:00.000Z'),
    });
    const climbing = (events: readonly CaseEvent[]) =>
      summary(events)
        .map((clock) => clock.key)
        .filter((key) => key.startsWith('alert.escalate'));
    expect(climbing(inService([raise]))).toEqual(['alert.escalate:MO-1:committee']);
    // A visit the day before it was due does not answer the alert raised for that due day.
    expect(climbing(inService([raise, visitOn('2025-09-04')]))).toEqual(['alert.escalate:MO-1:committee']);
    // A visit on the due day itself (logged late) does.
    expect(climbing(inService([raise, visitOn('2025-09-05')]))).toEqual([]);
  });
});

describe('the running-cost reminders', () => {
  /** The key the owners agreed on 2025-03-26: by area, the top floor alone pays (601: 7,250 of 15,250; 602: 8,000). */
  const keyed = run(
    [
      {
        command: {
          type: 'SetRunningCostKey',
          data: { key: { scheme: { kind: 'area' }, exemptFloors: [1, 2, 3, 4, 5] }, agreedOn: '2025-03-26' },
        },
        now: at(23),
      },
    ],
    historyThrough('AgreementSigned'),
  ).events;
  const bill = (billId: string, billedOn: string): CaseCommand => ({
    type: 'RecordRunningBill',
    data: {
      billId,
      kind: 'maintenance',
      amountFen: 15_250,
      periodFrom: billedOn,
      periodTo: '2026-03-31',
      billedOn,
    },
  });
  const pay = (paymentId: string, room: string, amountFen: number): CaseCommand => ({
    type: 'RecordRunningPayment',
    data: { paymentId, room, amountFen, paidOn: '2025-05-20' },
  });
  /** April's bill and May's, each 7,250 for 601 and 8,000 for 602; then `commands`. */
  const billed = (...commands: CaseCommand[]) =>
    run(
      [bill('april', '2025-04-01'), bill('may', '2025-05-10'), ...commands].map((command) => ({
        command,
        now: at(80),
      })),
      keyed,
    ).events;
  const arrears = (events: readonly CaseEvent[]) =>
    plan(events).filter((clock) => clock.kind === 'running.arrears');

  it('plans none before the key, nor while no flat owes anything', () => {
    expect(arrears(historyThrough('AgreementSigned'))).toEqual([]);
    expect(arrears(keyed)).toEqual([]);
  });

  it('reminds each flat owing 30 and 60 days after its oldest unsettled bill, at 10:00 Shanghai, each moot at the next one’s time', () => {
    // Each holds until the next one's time: two picked up late together say it once.
    expect(arrears(billed())).toEqual([
      {
        key: 'running.arrears:f10:2025-04-01:1',
        kind: 'running.arrears',
        dueAt: new Date('2025-05-01T02:00:00.000Z'),
        expiresAt: new Date('2025-05-31T02:00:00.000Z'),
        data: { room: '601', since: '2025-04-01' },
      },
      {
        key: 'running.arrears:f11:2025-04-01:1',
        kind: 'running.arrears',
        dueAt: new Date('2025-05-01T02:00:00.000Z'),
        expiresAt: new Date('2025-05-31T02:00:00.000Z'),
        data: { room: '602', since: '2025-04-01' },
      },
      {
        key: 'running.arrears:f10:2025-04-01:2',
        kind: 'running.arrears',
        dueAt: new Date('2025-05-31T02:00:00.000Z'),
        // The last one holds as long again: 90 days after the bill.
        expiresAt: new Date('2025-06-30T02:00:00.000Z'),
        data: { room: '601', since: '2025-04-01' },
      },
      {
        key: 'running.arrears:f11:2025-04-01:2',
        kind: 'running.arrears',
        dueAt: new Date('2025-05-31T02:00:00.000Z'),
        expiresAt: new Date('2025-06-30T02:00:00.000Z'),
        data: { room: '602', since: '2025-04-01' },
      },
    ]);
    // At the unit's notice time.
    const early = run([{ command: settings({ noticeTime: '08:30' }), now: at(80) }], billed()).events;
    expect(
      arrears(early).map((clock) => [clock.dueAt.toISOString(), clock.expiresAt!.toISOString()]),
    ).toEqual([
      ['2025-05-01T00:30:00.000Z', '2025-05-31T00:30:00.000Z'],
      ['2025-05-01T00:30:00.000Z', '2025-05-31T00:30:00.000Z'],
      ['2025-05-31T00:30:00.000Z', '2025-06-30T00:30:00.000Z'],
      ['2025-05-31T00:30:00.000Z', '2025-06-30T00:30:00.000Z'],
    ]);
    expect(CLOCK_LATENESS['running.arrears']).toBe('expires');
  });

  it('moves a flat’s reminders to its next bill once a payment settles the oldest, and keeps them for a part still owed', () => {
    // One fen of April's part still owed: the reminders still date from April.
    expect(arrears(billed(pay('p1', '601', 7_249))).map((clock) => clock.key)).toEqual([
      'running.arrears:f10:2025-04-01:1',
      'running.arrears:f11:2025-04-01:1',
      'running.arrears:f10:2025-04-01:2',
      'running.arrears:f11:2025-04-01:2',
    ]);
    expect(
      arrears(billed(pay('p1', '601', 7_250))).map((clock) => ({
        key: clock.key,
        dueAt: clock.dueAt.toISOString(),
        data: clock.data,
      })),
    ).toEqual([
      {
        key: 'running.arrears:f11:2025-04-01:1',
        dueAt: '2025-05-01T02:00:00.000Z',
        data: { room: '602', since: '2025-04-01' },
      },
      {
        key: 'running.arrears:f11:2025-04-01:2',
        dueAt: '2025-05-31T02:00:00.000Z',
        data: { room: '602', since: '2025-04-01' },
      },
      {
        key: 'running.arrears:f10:2025-05-10:1',
        dueAt: '2025-06-09T02:00:00.000Z',
        data: { room: '601', since: '2025-05-10' },
      },
      {
        key: 'running.arrears:f10:2025-05-10:2',
        dueAt: '2025-07-09T02:00:00.000Z',
        data: { room: '601', since: '2025-05-10' },
      },
    ]);
  });

  it('drops a flat’s reminders once all it owes is paid, and every one once every flat has paid', () => {
    expect(arrears(billed(pay('p1', '601', 14_500))).map((clock) => clock.key)).toEqual([
      'running.arrears:f11:2025-04-01:1',
      'running.arrears:f11:2025-04-01:2',
    ]);
    expect(arrears(billed(pay('p1', '601', 14_500), pay('p2', '602', 16_000)))).toEqual([]);
  });
});

describe('the registry of clock kinds', () => {
  it('lists exactly the kinds the planner produces, and each clock key starts with its kind', () => {
    const voting = run(
      [{ command: settings({ care: { quorumStallDays: 5 } }), now: at(15) }],
      historyUntil('voting'),
    ).events;
    const publicity = historyUntil('publicity');
    const objection: CaseCommand = {
      type: 'FileObjection',
      data: {
        objectionId: 'o1',
        named: true,
        written: true,
        ground: 'daylight',
        channel: 'paper',
        filedAt: at(25),
      },
    };
    const raise: CaseCommand = {
      type: 'RaiseAlert',
      data: { alertId: 'a1', kind: 'objection_unanswered', key: 'objection.stall:o1:0', objectionId: 'o1' },
    };
    const alerted = run(
      [
        { command: objection, now: at(25) },
        { command: raise, now: at(26) },
      ],
      publicity,
    ).events;
    const later = [
      'IncompleteMaterialsNotified',
      'ApplicationAccepted',
      'CompletionAccepted',
      'HandedOver',
    ] as const;
    const clocks = [
      voting,
      publicity,
      alerted,
      ...later.map((type) => historyThrough(type)),
      inService(),
      // A bill under the running-cost key, unpaid: its reminders.
      inService([
        {
          command: {
            type: 'SetRunningCostKey',
            data: { key: { scheme: { kind: 'area' } }, agreedOn: '2025-08-21' },
          },
          now: at(173),
        },
        {
          command: {
            type: 'RecordRunningBill',
            data: {
              billId: 'b1',
              kind: 'electricity',
              amountFen: 60_000,
              periodFrom: '2025-08-01',
              periodTo: '2025-08-31',
              billedOn: '2025-09-01',
            },
          },
          now: at(182),
        },
      ]),
    ].flatMap(plan);
    expect(new Set(clocks.map((clock) => clock.kind))).toEqual(new Set(CLOCK_KINDS));
    expect(CLOCK_KINDS).toHaveLength(new Set(CLOCK_KINDS).size);
    for (const clock of clocks) expect(clock.key.startsWith(`${clock.kind}:`)).toBe(true);
  });

  it('gives every clock of a kind that expires its moment after its due time, and no other clock one', () => {
    const voting = run(
      [{ command: settings({ care: { quorumStallDays: 5 } }), now: at(15) }],
      historyUntil('voting'),
    ).events;
    const clocks = [voting, historyUntil('publicity'), historyThrough('HandedOver')].flatMap(plan);
    expect(Object.keys(CLOCK_LATENESS).sort()).toEqual([...CLOCK_KINDS].sort());
    for (const clock of clocks) {
      if (CLOCK_LATENESS[clock.kind] === 'runs-late') expect(clock.expiresAt).toBeUndefined();
      else expect(clock.expiresAt!.getTime()).toBeGreaterThan(clock.dueAt.getTime());
    }
    const expiring = clocks.filter((clock) => clock.expiresAt !== undefined).map((clock) => clock.kind);
    expect(new Set(expiring)).toEqual(
      new Set(['ballot.remind', 'ballot.stall', 'publicity.midpoint', 'registration.remind']),
    );
    // A clock is moot from its expiry on, not a millisecond before.
    const midpoint = clocks.find((clock) => clock.kind === 'publicity.midpoint')!;
    expect(clockExpired(midpoint, new Date(midpoint.expiresAt!.getTime() - 1))).toBe(false);
    expect(clockExpired(midpoint, midpoint.expiresAt!)).toBe(true);
    expect(clockExpired({}, new Date(8.64e15))).toBe(false);
  });

  it('lets the no-quorum alert of a ballot with no close run however late', () => {
    const until = historyUntil('voting');
    const openEnded = until.map((event) =>
      event.type === 'BallotOpened'
        ? ({ ...event, data: { ...event.data, closesAt: undefined } } as CaseEvent)
        : event,
    );
    const shorter = run(
      [{ command: settings({ care: { quorumStallDays: 5 } }), now: at(15) }],
      openEnded,
    ).events;
    const stall = plan(shorter).find((clock) => clock.kind === 'ballot.stall')!;
    expect(stall).toMatchObject({ key: 'ballot.stall:b1', dueAt: at(19) });
    expect(stall).not.toHaveProperty('expiresAt');
  });

  it('lets a reminder on the last voting day expire at the close, not at the end of its day', () => {
    // Reminders every day at 09:00; the ballot closes at 10:00 on day 21 (2025-03-24).
    const events = run(
      [
        {
          command: settings({ ballotReminderDays: [1, 2, 3, 4, 5, 6, 7, 8], noticeTime: '09:00' }),
          now: at(14, 1),
        },
      ],
      historyUntil('voting'),
    ).events;
    const reminders = plan(events).filter((c) => c.kind === 'ballot.remind');
    expect(reminders.at(-1)).toMatchObject({ key: 'ballot.remind:b1:2025-03-24', expiresAt: at(21) });
    expect(reminders.at(-2)).toMatchObject({
      key: 'ballot.remind:b1:2025-03-23',
      expiresAt: new Date('2025-03-23T16:00:00.000Z'),
    });
  });
});

describe('parts whose clocks cannot be planned', () => {
  const opened = voting.find((event) => event.type === 'BallotOpened')!;
  /** A second ballot closing in the year 9999, as stored before dates were bounded. */
  const legacy = [
    ...voting,
    {
      ...opened,
      data: { ...opened.data, ballotId: 'b9', purpose: 'other', closesAt: '9999-12-31T23:59:59.000Z' },
    } as CaseEvent,
  ];

  it('are listed by part, while every other part is still planned', () => {
    const { clocks, failures } = planCaseClocks(fold(legacy), table);
    expect(failures).toEqual([{ scope: 'ballot:b9', code: 'invalid_date', message: expect.any(String) }]);
    expect(clocks.map((clock) => clock.key)).toEqual(keys(voting));
    expect(planClocks(fold(legacy), table)).toEqual(plan(voting));
  });

  it('refuse a change that breaks a part, but not a change to a case already broken', () => {
    expect(() => refuseUnplannableClocks(fold(voting), fold(legacy), table)).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: { field: 'ballot:b9', reason: 'invalid_date' },
      }),
    );
    const changed = run([{ command: settings({ publicityDays: 12 }), now: at(15) }], legacy).state;
    expect(() => refuseUnplannableClocks(fold(legacy), changed, table)).not.toThrow();
    expect(() => refuseUnplannableClocks(fold(voting), fold(voting), table)).not.toThrow();
  });

  it('report an error that is not the domain’s as internal_error', () => {
    const state = fold(voting);
    // Settings damaged past what the decider would ever store: reading the care thresholds throws.
    const broken = { ...state, clockSettings: { ...DEFAULT_CLOCK_SETTINGS, care: null } };
    expect(planCaseClocks(broken as never, table).failures).toEqual([
      { scope: 'ballot:b1', code: 'internal_error', message: expect.any(String) },
    ]);
  });
});
