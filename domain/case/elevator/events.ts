/** The events of the elevator in service (domain.md §7). */
import type { AlarmKind, ElevatorCommandData, VisitKind } from './commands.js';

/** The data of each elevator event, by event type. */
export interface ElevatorEventData {
  /** The elevator's record, as recorded or replaced. */
  ElevatorRecorded: ElevatorCommandData['RecordElevator'];
  /** A maintenance visit was logged. */
  MaintenanceVisitLogged: {
    readonly visitId: string;
    readonly visitedOn: string;
    readonly kind: VisitKind;
    readonly notes?: string;
  };
  /** The 使用单位 signed a visit off. */
  MaintenanceVisitConfirmed: { readonly visitId: string; readonly confirmedAt: string };
  /** A periodic inspection was recorded. */
  PeriodicInspectionRecorded: ElevatorCommandData['RecordPeriodicInspection'];
  /** An alarm came in. */
  AlarmRecorded: {
    readonly alarmId: string;
    readonly kind: AlarmKind;
    readonly occurredAt: string;
    readonly source: string;
    readonly detail?: string;
  };
  /** An alarm was taken on. */
  AlarmAcknowledged: { readonly alarmId: string; readonly acknowledgedAt: string };
  /** The alarm key was replaced: alarms signed with the old one are refused from now on. */
  AlarmKeyReplaced: { readonly elevatorId: string; readonly replacedAt: string };
}
