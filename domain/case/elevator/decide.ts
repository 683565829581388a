/**
 * The elevator in service (domain.md §7): recorded once it is handed over, maintained at most every
 * 15 days (the contract may say less), each visit signed off by the 使用单位, inspected periodically;
 * an alarm is recorded once however often it is sent, and taken on once.
 */
import { day, defined, fail, instant, invalid, optionalText, requireStage, text } from '../checks.js';
import type { Handlers } from '../state.js';
import {
  ALARM_KINDS,
  MAX_MAINTENANCE_INTERVAL_DAYS,
  VISIT_KINDS,
  type ElevatorCommandData,
} from './commands.js';
import type { ElevatorEventData } from './events.js';
import { requireElevator } from './state.js';

type Handler<K extends keyof ElevatorCommandData> = Handlers<ElevatorCommandData, ElevatorEventData>[K];

/** An alarm dated this far ahead of the server's clock is taken as its sender's clock running fast. */
const ALARM_CLOCK_SKEW_MS = 5 * 60_000;

function code(value: string, field: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) invalid(field, `${field} is ${what}.`);
  return value;
}

const recordElevator: Handler<'RecordElevator'> = (data, state) => {
  // Handed over (in use, registration pending) or registered: the elevator exists and runs.
  requireStage(state, ['registration', 'in_service']);
  const elevatorId = text(data.elevatorId, 'elevatorId');
  if (state.elevator !== undefined && state.elevator.elevatorId !== elevatorId) {
    invalid('elevatorId', `The unit's elevator is ${state.elevator.elevatorId}.`);
  }
  const interval = data.maintenanceIntervalDays;
  if (!Number.isInteger(interval) || interval < 1 || interval > MAX_MAINTENANCE_INTERVAL_DAYS) {
    invalid('maintenanceIntervalDays', 'Maintenance comes at least every 15 days (TSG T5002).');
  }
  const contractFrom = day(data.contractFrom, 'contractFrom');
  const contractTo = day(data.contractTo, 'contractTo');
  if (contractTo < contractFrom) invalid('contractTo', 'The contract ends after it starts.');
  return [
    {
      type: 'ElevatorRecorded',
      data: defined({
        elevatorId,
        registrationCode:
          data.registrationCode === undefined
            ? undefined
            : code(
                data.registrationCode,
                'registrationCode',
                /^[0-9A-Za-z-]{1,40}$/,
                'letters, digits and -',
              ),
        rescueCode: code(data.rescueCode, 'rescueCode', /^[0-9A-Za-z-]{1,32}$/, 'the 96333 rescue code'),
        maker: text(data.maker, 'maker'),
        model: text(data.model, 'model'),
        maintainer: {
          name: text(data.maintainer.name, 'maintainer.name'),
          serviceLine: code(
            data.maintainer.serviceLine,
            'maintainer.serviceLine',
            /^[0-9+\- ]{3,20}$/,
            'a phone number',
          ),
        },
        contractFrom,
        contractTo,
        maintenanceIntervalDays: interval,
        certificateExpiresOn:
          data.certificateExpiresOn === undefined
            ? undefined
            : day(data.certificateExpiresOn, 'certificateExpiresOn'),
        recordedOn: day(data.recordedOn, 'recordedOn'),
      }),
    },
  ];
};

const logMaintenanceVisit: Handler<'LogMaintenanceVisit'> = (data, state) => {
  const elevator = requireElevator(state);
  const visitId = text(data.visitId, 'visitId');
  if (elevator.visits.some((visit) => visit.visitId === visitId)) {
    invalid('visitId', `A visit ${visitId} is already logged.`);
  }
  if (!VISIT_KINDS.includes(data.kind)) invalid('kind', `kind is one of ${VISIT_KINDS.join(', ')}.`);
  return [
    {
      type: 'MaintenanceVisitLogged',
      data: defined({
        visitId,
        visitedOn: day(data.visitedOn, 'visitedOn'),
        kind: data.kind,
        notes: optionalText(data.notes, 'notes'),
      }),
    },
  ];
};

const confirmMaintenanceVisit: Handler<'ConfirmMaintenanceVisit'> = (data, state, now) => {
  const elevator = requireElevator(state);
  const visit =
    data.visitId === undefined
      ? elevator.visits.findLast((candidate) => candidate.confirmedAt === undefined)
      : elevator.visits.find((candidate) => candidate.visitId === data.visitId);
  if (visit === undefined) {
    fail('visit_not_found', 'No maintenance visit waits to be signed off.', {
      ...(data.visitId === undefined ? {} : { visitId: data.visitId }),
    });
  }
  if (visit.confirmedAt !== undefined) {
    fail('visit_already_confirmed', `Visit ${visit.visitId} is already signed off.`, {
      visitId: visit.visitId,
    });
  }
  return [
    { type: 'MaintenanceVisitConfirmed', data: { visitId: visit.visitId, confirmedAt: now.toISOString() } },
  ];
};

const recordPeriodicInspection: Handler<'RecordPeriodicInspection'> = (data, state) => {
  requireElevator(state);
  if (typeof data.passed !== 'boolean') invalid('passed', 'passed is true or false.');
  return [
    {
      type: 'PeriodicInspectionRecorded',
      data: defined({
        inspectedOn: day(data.inspectedOn, 'inspectedOn'),
        passed: data.passed,
        certificateExpiresOn:
          data.certificateExpiresOn === undefined
            ? undefined
            : day(data.certificateExpiresOn, 'certificateExpiresOn'),
        reportRef: optionalText(data.reportRef, 'reportRef'),
      }),
    },
  ];
};

const recordAlarm: Handler<'RecordAlarm'> = (data, state, now) => {
  const elevator = requireElevator(state);
  const alarmId = text(data.alarmId, 'alarmId');
  // Monitoring systems send again until they hear back: the same alarm is recorded once.
  if (elevator.alarms.some((alarm) => alarm.alarmId === alarmId)) return [];
  if (!ALARM_KINDS.includes(data.kind)) invalid('kind', `kind is one of ${ALARM_KINDS.join(', ')}.`);
  // While an alarm of the kind is open, a flapping sensor's next ones add nothing: one is being dealt with.
  if (elevator.alarms.some((alarm) => alarm.kind === data.kind && alarm.acknowledgedAt === undefined)) {
    return [];
  }
  const occurredAt = instant(data.occurredAt, 'occurredAt');
  if (data.occurredAt.getTime() > now.getTime() + ALARM_CLOCK_SKEW_MS) {
    invalid('occurredAt', 'occurredAt is in the future.');
  }
  return [
    {
      type: 'AlarmRecorded',
      data: defined({
        alarmId,
        kind: data.kind,
        occurredAt,
        source: text(data.source, 'source'),
        detail: optionalText(data.detail, 'detail'),
      }),
    },
  ];
};

const acknowledgeAlarm: Handler<'AcknowledgeAlarm'> = (data, state, now) => {
  const elevator = requireElevator(state);
  const alarm = elevator.alarms.find((candidate) => candidate.alarmId === data.alarmId);
  if (alarm === undefined) fail('alarm_not_found', `No alarm ${data.alarmId}.`, { alarmId: data.alarmId });
  if (alarm.acknowledgedAt !== undefined) return [];
  return [{ type: 'AlarmAcknowledged', data: { alarmId: alarm.alarmId, acknowledgedAt: now.toISOString() } }];
};

const replaceAlarmKey: Handler<'ReplaceAlarmKey'> = (_data, state, now) => {
  const elevator = requireElevator(state);
  return [
    { type: 'AlarmKeyReplaced', data: { elevatorId: elevator.elevatorId, replacedAt: now.toISOString() } },
  ];
};

/** The elevator command handlers. */
export const elevatorHandlers: Handlers<ElevatorCommandData, ElevatorEventData> = {
  RecordElevator: recordElevator,
  LogMaintenanceVisit: logMaintenanceVisit,
  ConfirmMaintenanceVisit: confirmMaintenanceVisit,
  RecordPeriodicInspection: recordPeriodicInspection,
  RecordAlarm: recordAlarm,
  AcknowledgeAlarm: acknowledgeAlarm,
  ReplaceAlarmKey: replaceAlarmKey,
};
