/**
 * A unit's clock settings (issue 5): when reminders go out, how long publicity runs, and after how
 * long a stalled step raises an alert or an unacknowledged alert climbs the ladder (committee →
 * sub-district → district; domain.md §8). Every value has a default: the legal one where the law or
 * the city's policy names it (publicity 10 days, domain.md §3), Jiati's otherwise. Units whose
 * residents include elderly or disabled people get shorter thresholds (`care`, domain.md §3).
 */
import { DomainError } from '../errors.js';
import { MEDIATION_LEVELS, type MediationLevel } from '../case/publicity/objections.js';

/** Thresholds that a unit with elderly or disabled residents shortens. */
export interface StallThresholds {
  /** Days after a ballot opens without both participation checks met: the committee is alerted. */
  readonly quorumStallDays: number;
  /** Working days an effective objection may wait for its first mediation step. */
  readonly objectionAnswerWorkingDays: number;
  /** Working days each next mediation step may take after the last one. */
  readonly mediationStepWorkingDays: Readonly<Record<MediationLevel, number>>;
  /** Working days an alert may wait for acknowledgement before it goes one level up. */
  readonly alertAckWorkingDays: number;
}

/** Everything a unit may set; {@link DEFAULT_CLOCK_SETTINGS} holds the defaults. */
export interface ClockSettings extends StallThresholds {
  /** Days of an open ballot to remind non-voters (1 = the day it opened). Default: day 3. */
  readonly ballotReminderDays: readonly number[];
  /** Also remind non-voters on the day before the ballot closes. */
  readonly remindDayBeforeClose: boolean;
  /** The local time (Asia/Shanghai, `HH:MM`) of reminders and publicity notices. */
  readonly noticeTime: string;
  /** Publicity of the agreement and plan, in calendar days (Civil Code periods; domain.md §3). */
  readonly publicityDays: number;
  /** The shorter thresholds of a unit with elderly or disabled residents. */
  readonly care: StallThresholds;
}

/** The defaults: 10 days of publicity is the rule (domain.md §3); the rest is configurable practice. */
export const DEFAULT_CLOCK_SETTINGS: ClockSettings = {
  ballotReminderDays: [3],
  remindDayBeforeClose: true,
  noticeTime: '10:00',
  publicityDays: 10,
  quorumStallDays: 14,
  objectionAnswerWorkingDays: 5,
  mediationStepWorkingDays: { negotiation: 10, committee: 10, subdistrict: 15, hearing: 20 },
  alertAckWorkingDays: 3,
  care: {
    quorumStallDays: 10,
    objectionAnswerWorkingDays: 3,
    mediationStepWorkingDays: { negotiation: 7, committee: 7, subdistrict: 10, hearing: 15 },
    alertAckWorkingDays: 2,
  },
};

/** A partial change of settings, as a unit's committee sends it. */
export type ClockSettingsChange = Partial<
  Omit<ClockSettings, 'care' | 'mediationStepWorkingDays'> & {
    readonly mediationStepWorkingDays: Partial<Record<MediationLevel, number>>;
    readonly care: Partial<
      Omit<StallThresholds, 'mediationStepWorkingDays'> & {
        readonly mediationStepWorkingDays: Partial<Record<MediationLevel, number>>;
      }
    >;
  }
>;

function invalid(field: string, message: string): never {
  throw new DomainError('validation_error', message, { field });
}

function count(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    invalid(field, `${field} is a whole number from ${min} to ${max}.`);
  }
  return value;
}

function thresholds(value: StallThresholds, field: string): StallThresholds {
  const steps = Object.fromEntries(
    MEDIATION_LEVELS.map((level) => [
      level,
      count(value.mediationStepWorkingDays[level], `${field}mediationStepWorkingDays.${level}`, 1, 120),
    ]),
  ) as Record<MediationLevel, number>;
  return {
    quorumStallDays: count(value.quorumStallDays, `${field}quorumStallDays`, 1, 365),
    objectionAnswerWorkingDays: count(
      value.objectionAnswerWorkingDays,
      `${field}objectionAnswerWorkingDays`,
      1,
      120,
    ),
    mediationStepWorkingDays: steps,
    alertAckWorkingDays: count(value.alertAckWorkingDays, `${field}alertAckWorkingDays`, 1, 60),
  };
}

/**
 * Applies a change to settings and checks the result: whole numbers in sensible ranges, reminder days
 * distinct and at least 1, `noticeTime` a valid `HH:MM`. Throws `validation_error` naming the field.
 */
export function changeClockSettings(current: ClockSettings, change: ClockSettingsChange): ClockSettings {
  const merged = {
    ...current,
    ...change,
    mediationStepWorkingDays: { ...current.mediationStepWorkingDays, ...change.mediationStepWorkingDays },
    care: {
      ...current.care,
      ...change.care,
      mediationStepWorkingDays: {
        ...current.care.mediationStepWorkingDays,
        ...change.care?.mediationStepWorkingDays,
      },
    },
  };
  const days = merged.ballotReminderDays;
  if (!Array.isArray(days) || days.length > 10)
    invalid('ballotReminderDays', 'ballotReminderDays lists at most 10 days.');
  days.forEach((d, i) => count(d, `ballotReminderDays[${i}]`, 1, 365));
  if (new Set(days).size !== days.length)
    invalid('ballotReminderDays', 'ballotReminderDays lists a day twice.');
  if (typeof merged.remindDayBeforeClose !== 'boolean') {
    invalid('remindDayBeforeClose', 'remindDayBeforeClose is true or false.');
  }
  if (typeof merged.noticeTime !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(merged.noticeTime)) {
    invalid('noticeTime', 'noticeTime is a time of day as HH:MM.');
  }
  const ordinary = thresholds(merged, '');
  const care = thresholds(merged.care, 'care.');
  return {
    ...ordinary,
    ballotReminderDays: [...days].sort((a, b) => a - b),
    remindDayBeforeClose: merged.remindDayBeforeClose,
    noticeTime: merged.noticeTime,
    publicityDays: count(merged.publicityDays, 'publicityDays', 1, 90),
    care,
  };
}

/**
 * The thresholds that apply to a case: for a unit with elderly or disabled residents, the care ones —
 * never longer than the ordinary ones (a unit that shortens an ordinary threshold below its care one
 * gets the shorter for both).
 */
export function thresholdsFor(settings: ClockSettings, needsCare: boolean): StallThresholds {
  const ordinary: StallThresholds = {
    quorumStallDays: settings.quorumStallDays,
    objectionAnswerWorkingDays: settings.objectionAnswerWorkingDays,
    mediationStepWorkingDays: settings.mediationStepWorkingDays,
    alertAckWorkingDays: settings.alertAckWorkingDays,
  };
  if (!needsCare) return ordinary;
  const care = settings.care;
  const steps = Object.fromEntries(
    MEDIATION_LEVELS.map((level) => [
      level,
      Math.min(care.mediationStepWorkingDays[level], ordinary.mediationStepWorkingDays[level]),
    ]),
  ) as Record<MediationLevel, number>;
  return {
    quorumStallDays: Math.min(care.quorumStallDays, ordinary.quorumStallDays),
    objectionAnswerWorkingDays: Math.min(
      care.objectionAnswerWorkingDays,
      ordinary.objectionAnswerWorkingDays,
    ),
    mediationStepWorkingDays: steps,
    alertAckWorkingDays: Math.min(care.alertAckWorkingDays, ordinary.alertAckWorkingDays),
  };
}
