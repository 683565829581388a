/**
 * The clocks of the elevator in service (domain.md §6–7): maintenance overdue, the periodic
 * inspection's request, an entrapment no one takes on, and running costs still owed.
 */
import { addCalendarDays, endOfDayAt } from '../calendar/index.js';
import {
  clockSettingsOf,
  inspectionRequestBy,
  lastMaintainedOn,
  maintenanceDueOn,
  runningAccounts,
  type CaseState,
} from '../case/index.js';
import { localTimeAt, type PlannedClock } from './kinds.js';

/** An entrapment no one took on within this many minutes becomes an alert to the committee. */
export const ENTRAPMENT_ALERT_MINUTES = 5;
/** An entrapment alert climbs a level after this many minutes unacknowledged. */
export const ENTRAPMENT_ESCALATE_MINUTES = 10;
/** The periodic inspection is reminded this many days before the day it must be requested by. */
export const INSPECTION_REMIND_DAYS_BEFORE = 14;

/**
 * The elevator's clocks in service (domain.md §7): maintenance overdue at 24:00 of the last day its
 * interval allows; the periodic inspection reminded {@link INSPECTION_REMIND_DAYS_BEFORE} days before
 * the day it must be requested by (one month before the certificate expires; moot once it has
 * expired); each entrapment not taken on within {@link ENTRAPMENT_ALERT_MINUTES} minutes.
 */
export function elevatorClocks(state: CaseState): PlannedClock[] {
  const elevator = state.elevator;
  if (elevator === undefined) return [];
  const dueOn = maintenanceDueOn(elevator);
  const clocks: PlannedClock[] = [
    {
      key: `maintenance.overdue:${dueOn}`,
      kind: 'maintenance.overdue',
      dueAt: endOfDayAt(dueOn),
      data: { dueOn, lastOn: lastMaintainedOn(elevator) },
    },
  ];
  const expiresOn = elevator.certificateExpiresOn;
  if (expiresOn !== undefined) {
    const requestBy = inspectionRequestBy(expiresOn);
    clocks.push({
      key: `inspection.remind:${expiresOn}`,
      kind: 'inspection.remind',
      dueAt: localTimeAt(
        addCalendarDays(requestBy, -INSPECTION_REMIND_DAYS_BEFORE),
        clockSettingsOf(state).noticeTime,
      ),
      data: { expiresOn, requestBy },
      expiresAt: endOfDayAt(expiresOn),
    });
  }
  const raised = new Set(state.alerts.map((alert) => alert.key));
  for (const alarm of elevator.alarms) {
    const key = `alarm.unanswered:${alarm.alarmId}`;
    if (alarm.kind !== 'entrapment' || alarm.acknowledgedAt !== undefined || raised.has(key)) continue;
    clocks.push({
      key,
      kind: 'alarm.unanswered',
      dueAt: new Date(Date.parse(alarm.occurredAt) + ENTRAPMENT_ALERT_MINUTES * 60_000),
      data: { alarmId: alarm.alarmId },
    });
  }
  return clocks;
}

/** A running-cost debt is reminded this many days after its oldest unpaid bill, and again as many later. */
export const ARREARS_REMIND_DAYS = 30;

/**
 * The running-cost reminders (domain.md §6): for each flat owing, its household is reminded privately
 * {@link ARREARS_REMIND_DAYS} days after the oldest bill it has not settled, and once more as many days
 * later; a payment that settles that bill moves the debt's date, and so its reminders.
 */
export function arrearsClocks(state: CaseState): PlannedClock[] {
  if (state.running === undefined) return [];
  const noticeTime = clockSettingsOf(state).noticeTime;
  return runningAccounts(
    state,
    state.flats.map((flat) => flat.room),
  ).flatMap((account) =>
    account.owedSince === undefined || account.balanceFen <= 0
      ? []
      : [1, 2].map((n) => ({
          // Keys show up in logs: the flat by its place in the roster, never its room (personal data).
          key: `running.arrears:f${state.flats.findIndex((flat) => flat.room === account.room)}:${account.owedSince}:${n}`,
          kind: 'running.arrears' as const,
          dueAt: localTimeAt(addCalendarDays(account.owedSince!, ARREARS_REMIND_DAYS * n), noticeTime),
          data: { room: account.room, since: account.owedSince! },
          // Each reminder holds until the next one's time: two picked up late together say it once.
          expiresAt: localTimeAt(
            addCalendarDays(account.owedSince!, ARREARS_REMIND_DAYS * (n + 1)),
            noticeTime,
          ),
        })),
  );
}
