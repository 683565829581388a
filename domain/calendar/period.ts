/**
 * Legal periods (期间) counted in days or in working days: publicity (公示, 10 days), the joint review
 * (10 working days), departments' written opinions (3 working days)…
 */
import { DomainError } from '../errors.js';
import { dayNumberOf, dayOfNumber, endOfDayAt } from './day.js';
import { statusOfDayNumber, type HolidayTable } from './working-days.js';

/** `'day'`: calendar days (Civil Code arts. 201–203). `'workday'`: working days of the holiday table. */
export type PeriodUnit = 'day' | 'workday';

/** Shortest and longest period accepted, in its unit. Ten years covers every period of the domain. */
export const MIN_PERIOD_LENGTH = 1;
export const MAX_PERIOD_LENGTH = 3650;

/** Where a period ends. */
export interface PeriodEnd {
  /** The start day as given; it is not counted. */
  readonly from: string;
  readonly length: number;
  readonly unit: PeriodUnit;
  /**
   * The last day before art. 203 moves it off a rest day: `from + length` for `'day'`. For `'workday'`
   * it equals `endsOn`, which is a working day by construction.
   */
  readonly nominalEndsOn: string;
  /** The last day of the period (Asia/Shanghai). */
  readonly endsOn: string;
  /** The instant the period ends: 24:00 of `endsOn` in Asia/Shanghai, i.e. 16:00Z of `endsOn`. */
  readonly endsAt: Date;
  /**
   * True when a day examined (for `'day'`: the nominal last day onward; for `'workday'`: every day
   * counted) lies in a year after `table.publishedThrough`: show it as provisional and recompute once
   * that year's notice is loaded.
   */
  readonly provisional: boolean;
}

/**
 * The end of a period of `length` days or working days that starts on `from`.
 *
 * - `'day'`: the start day is not counted (art. 201), so the nominal last day is `from + length`; if it
 *   is a rest day (a holiday, or a weekend day that is not a make-up workday), the period ends on the
 *   next working day instead (art. 203 para. 1).
 * - `'workday'`: counts `length` working days strictly after `from` — make-up Saturdays count,
 *   holidays and ordinary weekends don't; the last one counted is the last day.
 *
 * Either way the last day ends at 24:00 Asia/Shanghai (art. 203 para. 2), returned as `endsAt`.
 * `length` must be an integer 1–3650 (else DomainError `invalid_period_length`, `details.field =
 * 'length'`); `from` must be a valid day (else `invalid_date`, `details.field = 'from'`).
 *
 * Source: Civil Code arts. 201–203; the working-day calendar of the State Council yearly holiday notice
 * (via `table`); domain.md §3–4. Confidence: high for the counting rules and published years; results
 * that reach past `table.publishedThrough` are `provisional`. Art. 203 literally says the day after the
 * statutory rest ends; reading it as "the next working day" (so a holiday running into a weekend moves
 * the end past the weekend) follows domain.md and common practice.
 */
export function periodEnd(from: string, length: number, unit: PeriodUnit, table: HolidayTable): PeriodEnd {
  const start = dayNumberOf(from, 'from');
  if (!Number.isInteger(length) || length < MIN_PERIOD_LENGTH || length > MAX_PERIOD_LENGTH) {
    throw new DomainError(
      'invalid_period_length',
      `length must be a whole number from ${MIN_PERIOD_LENGTH} to ${MAX_PERIOD_LENGTH}`,
      { field: 'length', value: length, min: MIN_PERIOD_LENGTH, max: MAX_PERIOD_LENGTH },
    );
  }

  let provisional = false;
  let day: number;
  let nominal: number;
  if (unit === 'day') {
    nominal = start + length;
    day = nominal;
    for (;;) {
      const status = statusOfDayNumber(day, table);
      provisional ||= status.provisional;
      if (status.working) break;
      day += 1;
    }
  } else {
    day = start;
    let counted = 0;
    while (counted < length) {
      day += 1;
      const status = statusOfDayNumber(day, table);
      provisional ||= status.provisional;
      if (status.working) counted += 1;
    }
    nominal = day;
  }

  const endsOn = dayOfNumber(day, 'endsOn');
  return {
    from,
    length,
    unit,
    nominalEndsOn: dayOfNumber(nominal, 'endsOn'),
    endsOn,
    endsAt: endOfDayAt(endsOn),
    provisional,
  };
}
