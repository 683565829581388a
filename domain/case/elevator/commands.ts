/**
 * The commands of the elevator in service (domain.md §7): its record (registration, the 96333 rescue
 * code, maker and model, the maintainer and its contract, the inspection certificate), the
 * maintenance visits the maintainer logs and the 使用单位 confirms, the periodic inspection, and the
 * alarms a monitoring system or the 96333 platform sends, each acknowledged by whoever takes it on.
 */

/** TSG T5002's maintenance visits, by how often their items come round. */
export const VISIT_KINDS = ['half_monthly', 'quarterly', 'half_yearly', 'annual'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** What an alarm says happened: someone trapped, a fault, or the monitoring link lost. */
export const ALARM_KINDS = ['entrapment', 'fault', 'offline'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** Maintenance at least every this many days (domain.md §7; TSG T5002). */
export const MAX_MAINTENANCE_INTERVAL_DAYS = 15;

/** The data of each elevator command, by command type. */
export interface ElevatorCommandData {
  /** Records the unit's elevator, or replaces its record (the id stays the one first recorded). */
  RecordElevator: {
    readonly elevatorId: string;
    readonly registrationCode?: string;
    readonly rescueCode: string;
    readonly maker: string;
    readonly model: string;
    readonly maintainer: { readonly name: string; readonly serviceLine: string };
    readonly contractFrom: string;
    readonly contractTo: string;
    /** Days at most between maintenance visits (the contract's; at most 15). */
    readonly maintenanceIntervalDays: number;
    /** The day the periodic inspection certificate expires. */
    readonly certificateExpiresOn?: string;
    readonly recordedOn: string;
  };
  /** One maintenance visit, logged by the maintainer. */
  LogMaintenanceVisit: {
    readonly visitId: string;
    readonly visitedOn: string;
    readonly kind: VisitKind;
    readonly notes?: string;
  };
  /** The 使用单位 signs off a visit: the one named, else the latest not yet signed. */
  ConfirmMaintenanceVisit: { readonly visitId?: string };
  /** A periodic inspection: passed or not, and when the new certificate expires. */
  RecordPeriodicInspection: {
    readonly inspectedOn: string;
    readonly passed: boolean;
    readonly certificateExpiresOn?: string;
    readonly reportRef?: string;
  };
  /** An alarm from the monitoring system or the 96333 platform (the same `alarmId` again: nothing new). */
  RecordAlarm: {
    readonly alarmId: string;
    readonly kind: AlarmKind;
    readonly occurredAt: Date;
    readonly source: string;
    readonly detail?: string;
  };
  /** Someone takes the alarm on (the same again: nothing new). */
  AcknowledgeAlarm: { readonly alarmId: string };
  /** The elevator's alarm key was replaced (the key itself never enters the stream). */
  ReplaceAlarmKey: Record<string, never>;
}
