/**
 * Working days and rest days of the mainland-China calendar, read from a {@link HolidayTable} that the
 * caller passes in (loaded by `lib/holidays.ts`), so the rules stay pure and tests pin the data.
 */
import { dayNumberOf, dayOfNumber, weekdayOfNumber, yearOfNumber } from './day.js';

/**
 * The State Council holiday calendar as data.
 *
 * - Years up to `publishedThrough` follow the published yearly notices (国务院办公厅关于某年部分节假日
 *   安排的通知): `holidays` are the rest days they announce (statutory days plus the days moved next to
 *   them, 调休), `makeupWorkdays` the weekend days they turn into working days (调休上班).
 * - Later years have no notice yet: only ordinary weekends and `provisionalHolidays` (the statutory
 *   dates of the 全国年节及纪念日放假办法, computed) are rest days, and every answer about them is
 *   marked provisional, to be recomputed when the notice arrives.
 *
 * Dates are `YYYY-MM-DD` in Asia/Shanghai. Years before the first year the data covers are read as
 * plain weeks (weekends rest), not provisional.
 */
export interface HolidayTable {
  /** Last year covered by a published State Council notice. */
  readonly publishedThrough: number;
  /** Date → holiday name, for published years: every rest day a notice announces. */
  readonly holidays: ReadonlyMap<string, string>;
  /** Weekend dates that a notice makes working days (调休上班), for published years. */
  readonly makeupWorkdays: ReadonlySet<string>;
  /** Date → holiday name, statutory dates computed for years after `publishedThrough`. */
  readonly provisionalHolidays: ReadonlyMap<string, string>;
}

/** Why a day is or is not a working day. */
export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

/** The answer of {@link isWorkingDay}. */
export interface WorkingDayStatus {
  readonly working: boolean;
  /** True when the day lies in a year after `publishedThrough`: the answer may change with the notice. */
  readonly provisional: boolean;
  readonly kind: DayKind;
  /** The holiday's name when `kind` is `'holiday'` (e.g. `国庆节`). */
  readonly holiday?: string;
}

/** {@link isWorkingDay} for a day number already checked. Internal to `domain/calendar`. */
export function statusOfDayNumber(dayNumber: number, table: HolidayTable): WorkingDayStatus {
  const on = dayOfNumber(dayNumber, 'on');
  const weekend = weekdayOfNumber(dayNumber) % 6 === 0;
  const provisional = yearOfNumber(dayNumber) > table.publishedThrough;
  const holiday = provisional ? table.provisionalHolidays.get(on) : table.holidays.get(on);
  if (holiday !== undefined) return { working: false, provisional, kind: 'holiday', holiday };
  if (!weekend) return { working: true, provisional, kind: 'weekday' };
  if (!provisional && table.makeupWorkdays.has(on)) {
    return { working: true, provisional, kind: 'makeup_workday' };
  }
  return { working: false, provisional, kind: 'weekend' };
}

/**
 * Whether `on` is a working day: a make-up weekend day (调休上班) is one; a holiday of the notice and
 * an ordinary Saturday or Sunday are not; any other Monday–Friday is. For a year after
 * `table.publishedThrough` only weekends and the computed statutory dates rest, and the answer is
 * `provisional`. An invalid `on` is a DomainError `invalid_date`.
 *
 * Source: State Council yearly holiday notice (国务院办公厅关于部分节假日安排的通知), read through the table;
 * 全国年节及纪念日放假办法 (rev. 2024, in force 2025) art. 2 for provisional years. Confidence: high for
 * published years; provisional years omit the weekday 补假 and 调休 a future notice will add.
 */
export function isWorkingDay(on: string, table: HolidayTable): WorkingDayStatus {
  return statusOfDayNumber(dayNumberOf(on, 'on'), table);
}

/**
 * Whether `on` is a rest day (法定休假日 in the sense of Civil Code art. 203: a holiday or a weekend day
 * that is not a make-up workday). The negation of {@link isWorkingDay}'s `working`.
 *
 * Source: Civil Code art. 203; State Council yearly holiday notice. Confidence: high for published years.
 */
export function isRestDay(on: string, table: HolidayTable): boolean {
  return !isWorkingDay(on, table).working;
}
