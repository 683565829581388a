/**
 * The clocks of a case: its settings (reminder days, publicity length, stall and
 * escalation thresholds, with the legal defaults) and {@link planClocks}, every deadline a case has
 * running now, as a pure function of its state and the holiday calendar.
 */
export { CLOCK_KINDS, CLOCK_LATENESS, clockExpired, localTimeAt } from './kinds.js';
export type { ClockKind, PlannedClock } from './kinds.js';
export { planCaseClocks, planClocks, refuseUnplannableClocks } from './plan.js';
export type { ClockPlan, ClockPlanFailure } from './plan.js';
export {
  REGISTRATION_REMIND_DAYS_BEFORE,
  REVIEW_OPINION_WORKING_DAYS,
  SUPPLEMENT_REMIND_DAYS,
  USER_UNIT_WORKING_DAYS,
} from './after-vote.js';
export {
  ARREARS_REMIND_DAYS,
  ENTRAPMENT_ALERT_MINUTES,
  ENTRAPMENT_ESCALATE_MINUTES,
  INSPECTION_REMIND_DAYS_BEFORE,
} from './in-service.js';
export { DEFAULT_CLOCK_SETTINGS, changeClockSettings, thresholdsFor } from './settings.js';
export type { ClockSettings, ClockSettingsChange, StallThresholds } from './settings.js';
