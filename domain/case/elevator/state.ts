/** What a case knows of its elevator in service (domain.md §7). */
import { addCalendarDays } from '../../calendar/index.js';
import { fail } from '../checks.js';
import type { AlarmKind, ElevatorCommandData, VisitKind } from './commands.js';

/** One maintenance visit; `confirmedAt` once the 使用单位 signed it off. */
export interface VisitState {
  readonly visitId: string;
  readonly visitedOn: string;
  readonly kind: VisitKind;
  readonly notes?: string;
  readonly confirmedAt?: string;
}

/** One alarm; `acknowledgedAt` once someone took it on. */
export interface AlarmState {
  readonly alarmId: string;
  readonly kind: AlarmKind;
  readonly occurredAt: string;
  readonly source: string;
  readonly detail?: string;
  readonly acknowledgedAt?: string;
}

/** One periodic inspection. */
export type PeriodicInspectionState = ElevatorCommandData['RecordPeriodicInspection'];

/** The elevator: its record and what happened to it. */
export interface ElevatorState extends Omit<ElevatorCommandData['RecordElevator'], 'certificateExpiresOn'> {
  readonly certificateExpiresOn?: string;
  readonly visits: readonly VisitState[];
  readonly inspections: readonly PeriodicInspectionState[];
  readonly alarms: readonly AlarmState[];
}

/** The part of a case's state that its elevator keeps. */
export interface ElevatorSlice {
  /** The unit's elevator, once recorded (domain.md §7: one unit, one elevator). */
  readonly elevator?: ElevatorState;
}

/** The unit's elevator, or `elevator_not_recorded`. */
export function requireElevator(state: ElevatorSlice): ElevatorState {
  if (state.elevator === undefined) fail('elevator_not_recorded', 'Record the elevator first.');
  return state.elevator;
}

/** The day of the last maintenance visit, or the day the record began when none was logged yet. */
export function lastMaintainedOn(elevator: ElevatorState): string {
  return elevator.visits.reduce(
    (latest, visit) => (visit.visitedOn > latest ? visit.visitedOn : latest),
    elevator.recordedOn,
  );
}

/** The last day the next maintenance visit may come (its 24:00): the last visit plus the interval. */
export function maintenanceDueOn(elevator: ElevatorState): string {
  return addCalendarDays(lastMaintainedOn(elevator), elevator.maintenanceIntervalDays);
}

/**
 * The day the periodic inspection must be requested by: one calendar month before the certificate
 * expires (domain.md §7), the same day of the month, or the month's last day when it has none.
 */
export function inspectionRequestBy(expiresOn: string): string {
  const [year, month, dayOfMonth] = expiresOn.split('-').map(Number) as [number, number, number];
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const lastDay = new Date(Date.UTC(previous.year, previous.month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${previous.year}-${pad(previous.month)}-${pad(Math.min(dayOfMonth, lastDay))}`;
}
