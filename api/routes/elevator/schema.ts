import { z } from 'zod';
import { ALARM_KINDS, VISIT_KINDS } from '../../../domain/case/index.js';
import { named } from '../../openapi/registry.js';
import { Day as DayView, Instant } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-06-02');

/** `PUT /units/:unitId/elevator`: the elevator's record. */
export const RecordElevatorBody = z.object({
  registrationCode: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,40}$/, 'letters, digits and -')
    .optional(),
  rescueCode: z.string().regex(/^[0-9A-Za-z-]{1,32}$/, 'is the 96333 rescue code on the car’s sign'),
  maker: z.string().trim().min(1).max(60),
  model: z.string().trim().min(1).max(60),
  maintainer: z.object({
    name: z.string().trim().min(1).max(60),
    serviceLine: z.string().regex(/^[0-9+\- ]{3,20}$/, 'is a phone number'),
  }),
  contractFrom: Day,
  contractTo: Day,
  /** Left out: as recorded before, or 15 days on the first record. */
  maintenanceIntervalDays: z.number().int().min(1).max(15, 'is at most 15 days (TSG T5002)').optional(),
  certificateExpiresOn: Day.optional(),
});

/** `POST /units/:unitId/elevator/visits`: a maintenance visit. */
export const LogVisitBody = z.object({
  visitedOn: Day.optional(),
  kind: z.enum(VISIT_KINDS),
  notes: z.string().trim().min(1).max(500).optional(),
});

/** `POST /units/:unitId/elevator/visits/confirmation`: the 使用单位 signs a visit off (the latest when none is named). */
export const ConfirmVisitBody = z.object({ visitId: z.string().trim().min(1).max(64).optional() });

/** `POST /units/:unitId/elevator/inspections`: a periodic inspection. */
export const PeriodicInspectionBody = z.object({
  inspectedOn: Day.optional(),
  passed: z.boolean(),
  certificateExpiresOn: Day.optional(),
  reportRef: z.string().trim().min(1).max(64).optional(),
});

export const AlarmParams = z.object({
  unitId: z.string().max(64),
  alarmId: z.string().trim().min(1).max(64),
});
export const ElevatorParams = z.object({ elevatorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** `POST /elevators/:elevatorId/alarms`: the alarm, signed (see the route). */
export const AlarmBody = z.object({
  alarmId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)'),
  kind: z.enum(ALARM_KINDS),
  occurredAt: z.iso.datetime(),
  source: z.string().trim().min(1).max(60).optional(),
  detail: z.string().trim().min(1).max(500).optional(),
});

export const ElevatorView = named(
  'Elevator',
  z.strictObject({
    elevatorId: z.string(),
    registrationCode: z.string().optional(),
    rescueCode: z.string(),
    maker: z.string(),
    model: z.string(),
    maintainer: z.strictObject({ name: z.string(), serviceLine: z.string() }),
    contractFrom: DayView,
    contractTo: DayView,
    maintenanceIntervalDays: z.number().int(),
    certificateExpiresOn: DayView.optional(),
    recordedOn: DayView,
    visits: z.array(
      z.strictObject({
        visitId: z.string(),
        visitedOn: DayView,
        kind: z.enum(VISIT_KINDS),
        notes: z.string().optional(),
        confirmedAt: Instant.optional(),
      }),
    ),
    inspections: z.array(
      z.strictObject({
        inspectedOn: DayView,
        passed: z.boolean(),
        certificateExpiresOn: DayView.optional(),
        reportRef: z.string().optional(),
      }),
    ),
    alarms: z.array(
      z.strictObject({
        alarmId: z.string(),
        kind: z.enum(ALARM_KINDS),
        occurredAt: Instant,
        source: z.string(),
        detail: z.string().optional(),
        acknowledgedAt: Instant.optional(),
      }),
    ),
    /** When the next maintenance visit is due at the latest (24:00 of this day). */
    maintenanceDueOn: DayView,
  }),
);

/** The unit's elevator; `alarmKey` only in the answer that made or replaced it (shown once). */
export const ElevatorAnswer = named(
  'ElevatorAnswer',
  z.strictObject({
    unitId: z.string(),
    elevator: ElevatorView,
    alarmKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    visitId: z.string().optional(),
  }),
);

/** `POST /elevators/:elevatorId/alarms`: taken (`recorded: false` when the same alarm came before). */
export const AlarmTakenView = named(
  'AlarmTaken',
  z.strictObject({ alarmId: z.string(), recorded: z.boolean() }),
);
