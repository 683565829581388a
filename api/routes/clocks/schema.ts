import { z } from 'zod';
import { ALERT_KINDS } from '../../../domain/case/index.js';
import { CLOCK_KINDS } from '../../../domain/clocks/index.js';
import { named } from '../../openapi/registry.js';
import { KeyNumber, pagedList } from '../../pagination.js';
import { UnitParams } from '../units/schema.js';
import { Instant, pageView, Whole } from '../views.js';

const Days = (max: number) => z.number().int().min(1).max(max);
const Steps = z
  .object({
    negotiation: Days(120),
    committee: Days(120),
    subdistrict: Days(120),
    hearing: Days(120),
  })
  .partial()
  .strict();

/** `PATCH /units/:unitId/clock-settings`: any part of the settings; what is left out stays. */
export const ChangeClockSettingsBody = z
  .object({
    ballotReminderDays: z.array(Days(365)).max(10),
    remindDayBeforeClose: z.boolean(),
    noticeTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is a time of day as HH:MM (e.g. "10:00")'),
    publicityDays: Days(90),
    quorumStallDays: Days(365),
    objectionAnswerWorkingDays: Days(120),
    mediationStepWorkingDays: Steps,
    alertAckWorkingDays: Days(60),
    care: z
      .object({
        quorumStallDays: Days(365),
        objectionAnswerWorkingDays: Days(120),
        mediationStepWorkingDays: Steps,
        alertAckWorkingDays: Days(60),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type ChangeClockSettingsBody = z.infer<typeof ChangeClockSettingsBody>;

/** `/units/:unitId/alerts/:alertId`. */
export const AlertParams = UnitParams.extend({ alertId: z.string().max(32) });

/** `POST /units/:unitId/alerts/:alertId/ack`: who acknowledges (default: the API caller). */
export const AcknowledgeAlertBody = z.object({ by: z.string().trim().min(1).max(128).optional() }).strict();

// ——— Answers ———

const StepDays = z.strictObject({
  negotiation: Whole,
  committee: Whole,
  subdistrict: Whole,
  hearing: Whole,
});

const ThresholdsShape = {
  quorumStallDays: Whole,
  objectionAnswerWorkingDays: Whole,
  mediationStepWorkingDays: StepDays,
  alertAckWorkingDays: Whole,
};

/** The thresholds a unit with elderly or disabled residents shortens. */
const StallThresholdsView = z.strictObject(ThresholdsShape);

/** A unit's clock settings: reminders, publicity length, stall and escalation thresholds. */
export const ClockSettingsView = named(
  'ClockSettings',
  z.strictObject({
    ballotReminderDays: z.array(Whole),
    remindDayBeforeClose: z.boolean(),
    noticeTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    publicityDays: Whole,
    ...ThresholdsShape,
    care: StallThresholdsView,
  }),
);

/** `…/clock-settings`: the settings in force beside the defaults, and every clock running, soonest first. */
export const ClocksView = named(
  'Clocks',
  z.strictObject({
    unitId: z.string(),
    settings: ClockSettingsView,
    custom: z.boolean(),
    defaults: ClockSettingsView,
    care: z.boolean(),
    thresholdsInForce: StallThresholdsView,
    clocks: z.array(z.strictObject({ key: z.string(), kind: z.enum(CLOCK_KINDS), dueAt: Instant })),
  }),
);

/** `PATCH …/clock-settings`: as read, and whether the change was recorded (nothing when nothing changed). */
export const ClocksChangedView = named('ClocksChanged', ClocksView.extend({ recorded: z.boolean() }));

const AlertLevel = z.enum(['committee', 'subdistrict', 'district']);

/**
 * An alert: `open` until acknowledged; `skipped`, the levels it passed over for having no contact
 * recorded; `unreached`, no one at its level nor above was told.
 */
export const AlertView = named(
  'Alert',
  z.strictObject({
    alertId: z.string(),
    kind: z.enum(ALERT_KINDS),
    key: z.string(),
    level: AlertLevel,
    raisedAt: Instant,
    levelSince: Instant,
    ballotId: z.string().optional(),
    objectionId: z.string().optional(),
    acknowledgedAt: Instant.optional(),
    acknowledgedBy: z.string().optional(),
    skipped: z.array(AlertLevel),
    unreached: z.boolean(),
    open: z.boolean(),
  }),
);

/** `GET /units/:unitId/alerts`: a page of the alerts, in the order raised. */
export const AlertsView = pageView('Alerts', AlertView);

/** `POST …/alerts/:alertId/ack`: the alert, and whether this acknowledgement was recorded now. */
export const AlertAcknowledgedView = named(
  'AlertAcknowledged',
  z.strictObject({ alert: AlertView, recorded: z.boolean() }),
);
/**
 * `GET /units/:unitId/alerts` pages the alerts in the order raised, by their position (from 1): an
 * alert acknowledged between two pages keeps its place (`open` says which are still open).
 */
export const AlertsList = pagedList('alerts', z.tuple([KeyNumber]));
