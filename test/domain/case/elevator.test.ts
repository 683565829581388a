/**
 * The elevator in service (domain.md §7), as the pure decider sees it: the elevator is recorded once it
 * is handed over (never before), with a well-formed rescue code, service line and contract, maintenance
 * at most every 15 days, and keeps the id it was first recorded with; visits are logged under ids of
 * their own and of TSG T5002's kinds, and signed off one at a time (the one named, else the latest
 * waiting); a periodic inspection renews the certificate; an alarm is recorded once per `alarmId`, never
 * dated more than five minutes ahead, not at all while one of its kind is open, and acknowledged once. The state helpers say when maintenance is
 * next due (the latest visit, in whatever order logged, plus the interval) and when the periodic
 * inspection must be requested (one calendar month before the certificate expires).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ALARM_KINDS,
  decide,
  evolve,
  inspectionRequestBy,
  lastMaintainedOn,
  maintenanceDueOn,
  requireElevator,
  VISIT_KINDS,
  type CaseCommand,
  type CaseCommandData,
  type CaseEvent,
  type CaseState,
  type ElevatorState,
} from '../../../domain/case/index.js';
import { isDomainError, type DomainError } from '../../../domain/errors.js';
import { fastCheckSeed } from '../../support/fast-check.js';
import { at, fold, given, historyThrough, historyUntil, run } from './support.js';

const seed = fastCheckSeed('case/elevator.test.ts');

/** 2025-09-19, 10:00 in Hangzhou: a month after use registration. */
const NOW = at(200);

type RecordData = CaseCommandData['RecordElevator'];

const RECORD: RecordData = {
  elevatorId: 'el_0123456789ab',
  registrationCode: '3110-3301-0020-25',
  rescueCode: '33010600042',
  maker: '奥的斯',
  model: 'GeN2-MRL',
  maintainer: { name: '杭州安达电梯维保', serviceLine: '0571-8888 6666' },
  contractFrom: '2025-08-20',
  contractTo: '2026-08-19',
  maintenanceIntervalDays: 15,
  certificateExpiresOn: '2026-08-19',
  recordedOn: '2025-09-19',
};

const record = (data: Partial<RecordData> = {}): CaseCommand => ({
  type: 'RecordElevator',
  data: { ...RECORD, ...data },
});
const visit = (
  visitId: string,
  visitedOn: string,
  data: Partial<CaseCommandData['LogMaintenanceVisit']> = {},
): CaseCommand => ({
  type: 'LogMaintenanceVisit',
  data: { visitId, visitedOn, kind: 'half_monthly', ...data },
});
const confirm = (visitId?: string): CaseCommand => ({
  type: 'ConfirmMaintenanceVisit',
  data: visitId === undefined ? {} : { visitId },
});
const inspection = (data: Partial<CaseCommandData['RecordPeriodicInspection']> = {}): CaseCommand => ({
  type: 'RecordPeriodicInspection',
  data: { inspectedOn: '2026-07-20', passed: true, ...data },
});
const alarm = (alarmId: string, data: Partial<CaseCommandData['RecordAlarm']> = {}): CaseCommand => ({
  type: 'RecordAlarm',
  data: {
    alarmId,
    kind: 'entrapment',
    occurredAt: new Date(NOW.getTime() - 60_000),
    source: 'monitoring',
    ...data,
  },
});
const acknowledge = (alarmId: string): CaseCommand => ({ type: 'AcknowledgeAlarm', data: { alarmId } });

/** Use registered: the elevator is in service. */
const SERVICE = historyThrough('UseRegistered');

/** The events after `commands` are decided in turn on `from` at `now` (each must be decided). */
function after(from: readonly CaseEvent[], ...commands: CaseCommand[]): CaseEvent[] {
  return run(
    commands.map((command) => ({ command, now: NOW })),
    from,
  ).events;
}

/** The refusal of `command` on the state after `events` (fails when it is decided). */
function refusal(events: readonly CaseEvent[], command: CaseCommand, now = NOW): DomainError {
  try {
    decide(command, fold(events), { now });
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error(`${command.type} was decided`);
}

/** Expects a `validation_error` naming `field`, and nothing decided. */
function invalidField(events: readonly CaseEvent[], command: CaseCommand, field: string, now = NOW): void {
  const error = refusal(events, command, now);
  expect({ code: error.code, details: error.details }).toEqual({
    code: 'validation_error',
    details: { field },
  });
}

const RECORDED = after(SERVICE, record());
const elevatorAfter = (events: readonly CaseEvent[]): ElevatorState => requireElevator(fold(events));

describe('recording the elevator', () => {
  it('records it in service with its record as given, and no visits, inspections or alarms yet', () => {
    given(SERVICE)
      .when(record(), NOW)
      .then([{ type: 'ElevatorRecorded', data: RECORD }]);
    expect(elevatorAfter(RECORDED)).toEqual({ ...RECORD, visits: [], inspections: [], alarms: [] });
  });

  it('records it once handed over, before use registration (the elevator is already in use)', () => {
    const handedOver = historyThrough('HandedOver');
    expect(fold(handedOver).stage).toBe('registration');
    given(handedOver)
      .when(record(), NOW)
      .then([{ type: 'ElevatorRecorded', data: RECORD }]);
  });

  it('is refused before handover (wrong_stage), and before the unit is registered', () => {
    const accepted = historyThrough('UserUnitNamed');
    expect(fold(accepted).stage).toBe('handover');
    expect(refusal(accepted, record())).toMatchObject({
      code: 'wrong_stage',
      details: { stage: 'handover' },
    });
    expect(refusal(historyUntil('works'), record())).toMatchObject({
      code: 'wrong_stage',
      details: { stage: 'works' },
    });
    expect(refusal(historyUntil('canvassing'), record()).code).toBe('wrong_stage');
    expect(refusal([], record()).code).toBe('unit_not_registered');
  });

  it('leaves out the registration code and the certificate when they are not given', () => {
    const { registrationCode: _code, certificateExpiresOn: _expires, ...bare } = RECORD;
    const [event] = given(SERVICE)
      .when({ type: 'RecordElevator', data: bare }, NOW)
      .then([{ type: 'ElevatorRecorded', data: bare }]);
    expect(Object.keys(event!.data).sort()).toEqual(Object.keys(bare).sort());
  });

  it('takes a maintenance interval from 1 to 15 days, and refuses 16, 0 and a fraction (TSG T5002)', () => {
    for (const days of [1, 7, 15]) {
      given(SERVICE)
        .when(record({ maintenanceIntervalDays: days }), NOW)
        .then([{ type: 'ElevatorRecorded', data: { ...RECORD, maintenanceIntervalDays: days } }]);
    }
    for (const days of [16, 0, -1, 7.5, Number.NaN]) {
      invalidField(SERVICE, record({ maintenanceIntervalDays: days }), 'maintenanceIntervalDays');
    }
    expect(refusal(SERVICE, record({ maintenanceIntervalDays: 16 })).message).toMatch(/15 days/);
  });

  it('needs the contract to end on or after the day it starts', () => {
    invalidField(SERVICE, record({ contractFrom: '2025-08-20', contractTo: '2025-08-19' }), 'contractTo');
    given(SERVICE)
      .when(record({ contractFrom: '2025-08-20', contractTo: '2025-08-20' }), NOW)
      .events();
    invalidField(SERVICE, record({ contractFrom: '2025/08/20' }), 'contractFrom');
    invalidField(SERVICE, record({ contractTo: '2026-13-01' }), 'contractTo');
  });

  it('takes a rescue code of letters, digits and - (at most 32), and refuses any other shape', () => {
    for (const rescueCode of ['1', 'A-12', 'x'.repeat(32)]) {
      given(SERVICE).when(record({ rescueCode }), NOW).events();
    }
    for (const rescueCode of ['', '96 333', '救援码1', 'a_b', 'x'.repeat(33)]) {
      invalidField(SERVICE, record({ rescueCode }), 'rescueCode');
    }
  });

  it('takes a service line of digits, +, - and spaces (3 to 20), and refuses any other shape', () => {
    for (const serviceLine of ['110', '+86 571-8888-6666', '1'.repeat(20)]) {
      given(SERVICE)
        .when(record({ maintainer: { name: '维保公司', serviceLine } }), NOW)
        .events();
    }
    for (const serviceLine of ['12', '0571-8888x', '电话', '1'.repeat(21), '']) {
      invalidField(
        SERVICE,
        record({ maintainer: { name: '维保公司', serviceLine } }),
        'maintainer.serviceLine',
      );
    }
  });

  it('takes a registration code of letters, digits and - (at most 40), and refuses any other shape', () => {
    given(SERVICE)
      .when(record({ registrationCode: 'A'.repeat(40) }), NOW)
      .events();
    for (const registrationCode of ['', 'A'.repeat(41), '注册码', '31 10']) {
      invalidField(SERVICE, record({ registrationCode }), 'registrationCode');
    }
  });

  it('refuses an empty id, maker, model or maintainer name, and malformed days', () => {
    invalidField(SERVICE, record({ elevatorId: ' ' }), 'elevatorId');
    invalidField(SERVICE, record({ maker: '' }), 'maker');
    invalidField(SERVICE, record({ model: '  ' }), 'model');
    invalidField(SERVICE, record({ maintainer: { name: '', serviceLine: '110' } }), 'maintainer.name');
    invalidField(SERVICE, record({ certificateExpiresOn: '2026-8-19' }), 'certificateExpiresOn');
    invalidField(SERVICE, record({ recordedOn: '' }), 'recordedOn');
  });

  it('replaces the record under the id first recorded, keeping its visits, inspections and alarms', () => {
    const history = after(
      RECORDED,
      visit('v1', '2025-09-20'),
      inspection({ inspectedOn: '2025-09-20' }),
      alarm('a1'),
    );
    const replaced = after(history, record({ maker: '三菱', maintenanceIntervalDays: 10 }));
    const elevator = elevatorAfter(replaced);
    expect(elevator).toMatchObject({
      elevatorId: RECORD.elevatorId,
      maker: '三菱',
      maintenanceIntervalDays: 10,
    });
    expect(elevator.visits.map((v) => v.visitId)).toEqual(['v1']);
    expect(elevator.inspections).toHaveLength(1);
    expect(elevator.alarms.map((a) => a.alarmId)).toEqual(['a1']);
  });

  it('refuses another id once recorded, naming the one recorded', () => {
    const error = refusal(RECORDED, record({ elevatorId: 'el_ffffffffffff' }));
    expect({ code: error.code, details: error.details }).toEqual({
      code: 'validation_error',
      details: { field: 'elevatorId' },
    });
    expect(error.message).toContain(RECORD.elevatorId);
  });
});

describe('maintenance visits', () => {
  it('needs the elevator recorded first', () => {
    expect(refusal(SERVICE, visit('v1', '2025-09-20')).code).toBe('elevator_not_recorded');
    expect(refusal(SERVICE, confirm()).code).toBe('elevator_not_recorded');
  });

  it('logs a visit of each of TSG T5002’s kinds, with notes when given', () => {
    for (const kind of VISIT_KINDS) {
      given(RECORDED)
        .when(visit('v1', '2025-09-20', { kind }), NOW)
        .then([{ type: 'MaintenanceVisitLogged', data: { visitId: 'v1', visitedOn: '2025-09-20', kind } }]);
    }
    const logged = after(RECORDED, visit('v1', '2025-09-20', { kind: 'quarterly', notes: '更换门机皮带' }));
    expect(elevatorAfter(logged).visits).toEqual([
      { visitId: 'v1', visitedOn: '2025-09-20', kind: 'quarterly', notes: '更换门机皮带' },
    ]);
  });

  it('refuses a kind TSG T5002 does not have, a visit id already logged, and empty or malformed fields', () => {
    invalidField(RECORDED, visit('v1', '2025-09-20', { kind: 'monthly' as never }), 'kind');
    const logged = after(RECORDED, visit('v1', '2025-09-20'));
    const error = refusal(logged, visit('v1', '2025-09-21'));
    expect({ code: error.code, details: error.details }).toEqual({
      code: 'validation_error',
      details: { field: 'visitId' },
    });
    expect(error.message).toContain('v1');
    invalidField(RECORDED, visit('', '2025-09-20'), 'visitId');
    invalidField(RECORDED, visit('v1', '20250920'), 'visitedOn');
    invalidField(RECORDED, visit('v1', '2025-09-20', { notes: ' ' }), 'notes');
  });

  describe('signing a visit off', () => {
    const three = after(
      RECORDED,
      visit('v1', '2025-09-05'),
      visit('v2', '2025-09-12'),
      visit('v3', '2025-09-19'),
    );

    it('signs off the latest visit waiting when none is named, at the moment it is asked', () => {
      given(three)
        .when(confirm(), NOW)
        .then([
          { type: 'MaintenanceVisitConfirmed', data: { visitId: 'v3', confirmedAt: NOW.toISOString() } },
        ]);
      const v3Done = after(three, confirm('v3'));
      given(v3Done)
        .when(confirm(), NOW)
        .then([
          { type: 'MaintenanceVisitConfirmed', data: { visitId: 'v2', confirmedAt: NOW.toISOString() } },
        ]);
      expect(elevatorAfter(after(v3Done, confirm())).visits.map((v) => [v.visitId, v.confirmedAt])).toEqual([
        ['v1', undefined],
        ['v2', NOW.toISOString()],
        ['v3', NOW.toISOString()],
      ]);
    });

    it('signs off the visit named, even when a later one waits', () => {
      given(three)
        .when(confirm('v1'), NOW)
        .then([
          { type: 'MaintenanceVisitConfirmed', data: { visitId: 'v1', confirmedAt: NOW.toISOString() } },
        ]);
    });

    it('finds none waiting when none was logged or all are signed off (visit_not_found, no id)', () => {
      const none = refusal(RECORDED, confirm());
      expect({ code: none.code, details: none.details }).toEqual({ code: 'visit_not_found', details: {} });
      const allDone = after(three, confirm(), confirm(), confirm());
      const done = refusal(allDone, confirm());
      expect({ code: done.code, details: done.details }).toEqual({ code: 'visit_not_found', details: {} });
    });

    it('refuses a visit id never logged (visit_not_found naming it)', () => {
      const error = refusal(three, confirm('v9'));
      expect({ code: error.code, details: error.details }).toEqual({
        code: 'visit_not_found',
        details: { visitId: 'v9' },
      });
    });

    it('refuses a visit already signed off (visit_already_confirmed naming it)', () => {
      const error = refusal(after(three, confirm('v2')), confirm('v2'));
      expect({ code: error.code, details: error.details }).toEqual({
        code: 'visit_already_confirmed',
        details: { visitId: 'v2' },
      });
    });
  });
});

describe('periodic inspections', () => {
  it('needs the elevator recorded first', () => {
    expect(refusal(SERVICE, inspection()).code).toBe('elevator_not_recorded');
  });

  it('records a passed inspection and the new certificate’s expiry', () => {
    given(RECORDED)
      .when(inspection({ certificateExpiresOn: '2027-08-19', reportRef: 'DJ-2026-07' }), NOW)
      .then([
        {
          type: 'PeriodicInspectionRecorded',
          data: {
            inspectedOn: '2026-07-20',
            passed: true,
            certificateExpiresOn: '2027-08-19',
            reportRef: 'DJ-2026-07',
          },
        },
      ]);
    const renewed = elevatorAfter(after(RECORDED, inspection({ certificateExpiresOn: '2027-08-19' })));
    expect(renewed.certificateExpiresOn).toBe('2027-08-19');
    expect(renewed.inspections).toEqual([
      { inspectedOn: '2026-07-20', passed: true, certificateExpiresOn: '2027-08-19' },
    ]);
  });

  it('keeps the certificate it had when the inspection names no new one', () => {
    given(RECORDED)
      .when(inspection({ passed: false }), NOW)
      .then([{ type: 'PeriodicInspectionRecorded', data: { inspectedOn: '2026-07-20', passed: false } }]);
    const failed = elevatorAfter(after(RECORDED, inspection({ passed: false })));
    expect(failed.certificateExpiresOn).toBe('2026-08-19');
    expect(failed.inspections).toEqual([{ inspectedOn: '2026-07-20', passed: false }]);
  });

  it('refuses a result that is not true or false, and malformed days and references', () => {
    invalidField(RECORDED, inspection({ passed: 'yes' as never }), 'passed');
    invalidField(RECORDED, inspection({ inspectedOn: '2026-07' }), 'inspectedOn');
    invalidField(RECORDED, inspection({ certificateExpiresOn: 'next year' }), 'certificateExpiresOn');
    invalidField(RECORDED, inspection({ reportRef: '' }), 'reportRef');
  });
});

describe('alarms', () => {
  it('need the elevator recorded first', () => {
    expect(refusal(SERVICE, alarm('a1')).code).toBe('elevator_not_recorded');
    expect(refusal(SERVICE, acknowledge('a1')).code).toBe('elevator_not_recorded');
  });

  it('records an alarm of each kind, its moment as an ISO instant, and its detail when given', () => {
    const occurredAt = new Date('2025-09-19T01:58:30.000Z');
    for (const kind of ALARM_KINDS) {
      given(RECORDED)
        .when(alarm('a1', { kind, occurredAt }), NOW)
        .then([
          {
            type: 'AlarmRecorded',
            data: { alarmId: 'a1', kind, occurredAt: '2025-09-19T01:58:30.000Z', source: 'monitoring' },
          },
        ]);
    }
    const recorded = after(RECORDED, alarm('a1', { occurredAt, source: '96333', detail: '3 楼平层困人' }));
    expect(elevatorAfter(recorded).alarms).toEqual([
      {
        alarmId: 'a1',
        kind: 'entrapment',
        occurredAt: '2025-09-19T01:58:30.000Z',
        source: '96333',
        detail: '3 楼平层困人',
      },
    ]);
  });

  it('records an alarm once: the same alarmId again decides nothing, whatever it says', () => {
    const once = after(RECORDED, alarm('a1'));
    given(once).when(alarm('a1'), NOW).then([]);
    given(once)
      .when(alarm('a1', { kind: 'fault', occurredAt: new Date(NOW.getTime() + 3_600_000) }), NOW)
      .then([]);
    // Another kind: one of the same kind would add nothing while a1 is open (the next test).
    given(once)
      .when(alarm('a2', { kind: 'fault' }), NOW)
      .then([
        expect.objectContaining({ type: 'AlarmRecorded', data: expect.objectContaining({ alarmId: 'a2' }) }),
      ]);
  });

  it('adds nothing for a new alarm of a kind already open, and records it once that one is acknowledged', () => {
    const open = after(RECORDED, alarm('a1'));
    // A flapping sensor: new ids of the same kind add nothing while one is being dealt with.
    given(open).when(alarm('a2'), NOW).then([]);
    given(open)
      .when(alarm('a2', { kind: 'entrapment', source: '96333', detail: '又困人' }), NOW)
      .then([]);
    given(open)
      .when(alarm('a2', { kind: 'offline' }), NOW)
      .then([
        expect.objectContaining({
          type: 'AlarmRecorded',
          data: expect.objectContaining({ alarmId: 'a2', kind: 'offline' }),
        }),
      ]);
    const taken = after(open, acknowledge('a1'));
    given(taken)
      .when(alarm('a2'), NOW)
      .then([
        expect.objectContaining({
          type: 'AlarmRecorded',
          data: expect.objectContaining({ alarmId: 'a2', kind: 'entrapment' }),
        }),
      ]);
    expect(elevatorAfter(after(taken, alarm('a2'))).alarms.map((a) => [a.alarmId, a.kind])).toEqual([
      ['a1', 'entrapment'],
      ['a2', 'entrapment'],
    ]);
  });

  it('takes an alarm dated up to five minutes ahead (a sender’s clock running fast), not more', () => {
    given(RECORDED)
      .when(alarm('a1', { occurredAt: new Date(NOW.getTime() + 5 * 60_000) }), NOW)
      .events();
    invalidField(
      RECORDED,
      alarm('a1', { occurredAt: new Date(NOW.getTime() + 5 * 60_000 + 1) }),
      'occurredAt',
    );
    expect(
      refusal(RECORDED, alarm('a1', { occurredAt: new Date(NOW.getTime() + 3_600_000) })).message,
    ).toMatch(/future/);
  });

  it('refuses an unknown kind, an empty id, source or detail, and an invalid moment', () => {
    invalidField(RECORDED, alarm('a1', { kind: 'fire' as never }), 'kind');
    invalidField(RECORDED, alarm(' '), 'alarmId');
    invalidField(RECORDED, alarm('a1', { source: '' }), 'source');
    invalidField(RECORDED, alarm('a1', { detail: ' ' }), 'detail');
    invalidField(RECORDED, alarm('a1', { occurredAt: new Date('not a moment') }), 'occurredAt');
  });

  it('is acknowledged once, at the moment it is taken on; again decides nothing', () => {
    // Two kinds, so both are open at once (a second of the same kind would add nothing).
    const two = after(RECORDED, alarm('a1'), alarm('a2', { kind: 'fault' }));
    given(two)
      .when(acknowledge('a1'), NOW)
      .then([{ type: 'AlarmAcknowledged', data: { alarmId: 'a1', acknowledgedAt: NOW.toISOString() } }]);
    const taken = after(two, acknowledge('a1'));
    given(taken).when(acknowledge('a1'), at(201)).then([]);
    expect(elevatorAfter(taken).alarms.map((a) => [a.alarmId, a.acknowledgedAt])).toEqual([
      ['a1', NOW.toISOString()],
      ['a2', undefined],
    ]);
  });

  it('refuses to acknowledge an alarm never recorded (alarm_not_found naming it)', () => {
    const error = refusal(after(RECORDED, alarm('a1')), acknowledge('a9'));
    expect({ code: error.code, details: error.details }).toEqual({
      code: 'alarm_not_found',
      details: { alarmId: 'a9' },
    });
  });
});

describe('folding the elevator’s events', () => {
  it('changes nothing when an event of the elevator meets a case without one', () => {
    const state: CaseState = fold(SERVICE);
    const orphans: CaseEvent[] = [
      { type: 'MaintenanceVisitLogged', data: { visitId: 'v1', visitedOn: '2025-09-20', kind: 'annual' } },
      { type: 'MaintenanceVisitConfirmed', data: { visitId: 'v1', confirmedAt: NOW.toISOString() } },
      { type: 'PeriodicInspectionRecorded', data: { inspectedOn: '2025-09-20', passed: true } },
      {
        type: 'AlarmRecorded',
        data: { alarmId: 'a1', kind: 'fault', occurredAt: NOW.toISOString(), source: 'monitoring' },
      },
      { type: 'AlarmAcknowledged', data: { alarmId: 'a1', acknowledgedAt: NOW.toISOString() } },
    ];
    for (const event of orphans) expect(evolve(state, event)).toBe(state);
  });

  it('says the elevator is not recorded until it is', () => {
    let code: string | undefined;
    try {
      requireElevator(fold(SERVICE));
    } catch (error) {
      code = isDomainError(error) ? error.code : 'not a domain error';
    }
    expect(code).toBe('elevator_not_recorded');
    expect(requireElevator(fold(RECORDED)).elevatorId).toBe(RECORD.elevatorId);
  });
});

describe('when maintenance is due', () => {
  it('is the day recorded plus the interval before any visit', () => {
    const elevator = elevatorAfter(RECORDED);
    expect(lastMaintainedOn(elevator)).toBe('2025-09-19');
    expect(maintenanceDueOn(elevator)).toBe('2025-10-04');
  });

  it('is the latest visit plus the interval, across a month and a year', () => {
    const tenDays = after(SERVICE, record({ maintenanceIntervalDays: 10 }));
    const elevator = elevatorAfter(after(tenDays, visit('v2', '2025-12-25'), visit('v1', '2025-12-10')));
    expect(lastMaintainedOn(elevator)).toBe('2025-12-25');
    expect(maintenanceDueOn(elevator)).toBe('2026-01-04');
  });

  it('does not go back for a visit logged late from before the record began', () => {
    const elevator = elevatorAfter(after(RECORDED, visit('old', '2025-09-01')));
    expect(lastMaintainedOn(elevator)).toBe('2025-09-19');
    expect(maintenanceDueOn(elevator)).toBe('2025-10-04');
  });

  it('is always the latest of the record’s day and the visits’ days, plus the interval, in any order logged', () => {
    const start = Date.UTC(2025, 8, 19);
    const dayOf = (offset: number) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.integer({ min: -30, max: 400 }), { maxLength: 12 }),
        fc.func(fc.integer()),
        (interval, offsets, rank) => {
          const shuffled = offsets
            .map((offset, index) => ({ offset, index, key: rank(offset, index) }))
            .sort((a, b) => a.key - b.key || a.index - b.index);
          const events = after(
            SERVICE,
            record({ maintenanceIntervalDays: interval }),
            ...shuffled.map(({ offset, index }) => visit(`v${index}`, dayOf(offset))),
          );
          const latest = Math.max(0, ...offsets);
          const elevator = elevatorAfter(events);
          expect(lastMaintainedOn(elevator)).toBe(dayOf(latest));
          expect(maintenanceDueOn(elevator)).toBe(dayOf(latest + interval));
        },
      ),
      { seed, numRuns: 150 },
    );
  });
});

describe('when the periodic inspection must be requested', () => {
  it.each([
    ['2026-08-19', '2026-07-19'],
    ['2026-03-31', '2026-02-28'],
    ['2024-03-31', '2024-02-29'],
    ['2026-03-28', '2026-02-28'],
    ['2026-05-31', '2026-04-30'],
    ['2026-01-15', '2025-12-15'],
    ['2026-01-31', '2025-12-31'],
    ['2026-12-31', '2026-11-30'],
  ])('one calendar month before %s: %s', (expiresOn, requestBy) => {
    expect(inspectionRequestBy(expiresOn)).toBe(requestBy);
  });

  it('is always in the month before, on the same day or the month’s last day when it has none', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const expiresOn = date.toISOString().slice(0, 10);
          const [year, month, dayOfMonth] = expiresOn.split('-').map(Number) as [number, number, number];
          const requestBy = inspectionRequestBy(expiresOn);
          const back = new Date(Date.UTC(year, month - 2, 1));
          const lastDay = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
          expect(requestBy.slice(0, 7)).toBe(back.toISOString().slice(0, 7));
          expect(Number(requestBy.slice(8))).toBe(Math.min(dayOfMonth, lastDay));
          expect(requestBy < expiresOn).toBe(true);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
