/**
 * Calendar days of Asia/Shanghai as `YYYY-MM-DD` strings, and the two places where they meet
 * instants (UTC `Date`). China has kept UTC+8 all year since 1992 (no daylight saving), so the
 * conversion is plain arithmetic and the domain needs no time-zone database.
 *
 * Internally a day is an integer count of days since 1970-01-01 (the proleptic Gregorian calendar),
 * converted with Howard Hinnant's civil-date algorithms; `Date` is only built from explicit numbers.
 */
import { DomainError } from '../errors.js';

const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Day numbers of 0001-01-01 and 9999-12-31: the range a four-digit `YYYY` can spell. */
const FIRST_DAY_NUMBER = -719_162;
const LAST_DAY_NUMBER = 2_932_896;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The proleptic Gregorian date of a day number. */
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * The day number (days since 1970-01-01) of a `YYYY-MM-DD` string, or a DomainError
 * `invalid_date` naming `field`. Internal: callers outside `domain/calendar` work with strings.
 */
export function dayNumberOf(text: unknown, field: string): number {
  const match = typeof text === 'string' ? DAY_PATTERN.exec(text) : null;
  if (match) {
    const dayNumber = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
    // Round-tripping rejects month 13, day 0, 30 February…; year 0000 round-trips, so it is refused by name.
    if (match[1] !== '0000' && formatCivil(dayNumber) === text) return dayNumber;
  }
  throw new DomainError('invalid_date', `${field} must be a real date written YYYY-MM-DD`, {
    field,
    value: typeof text === 'string' ? text : String(text),
  });
}

function formatCivil(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The `YYYY-MM-DD` string of a day number; DomainError `invalid_date` outside years 0001–9999. Internal. */
export function dayOfNumber(dayNumber: number, field: string): string {
  if (dayNumber < FIRST_DAY_NUMBER || dayNumber > LAST_DAY_NUMBER) {
    throw new DomainError('invalid_date', `${field} falls outside the years 0001–9999`, { field });
  }
  return formatCivil(dayNumber);
}

/**
 * Checks and returns a calendar day: exactly `YYYY-MM-DD` (zero-padded, ASCII digits) naming a real
 * proleptic Gregorian date in years 0001–9999. Anything else (`2025-02-30`, `2025-2-3`, ``, a
 * timestamp) is a DomainError `invalid_date` with `details.field` set to `field`, so the transport
 * can point at the bad input.
 *
 * Source: a format rule of this project (conventions.md §3), not a legal rule. Confidence: n/a.
 */
export function parseDay(text: string, field = 'date'): string {
  dayNumberOf(text, field);
  return text;
}

/**
 * The day `n` calendar days after `on` (before it when `n` is negative). `n` must be a safe integer
 * (else DomainError `invalid_period_length`); `on` must be a valid day (else `invalid_date`).
 *
 * Source: plain Gregorian arithmetic; the legal counting rules live in {@link periodEnd}. Confidence: high.
 */
export function addCalendarDays(on: string, n: number): string {
  const start = dayNumberOf(on, 'on');
  if (!Number.isSafeInteger(n)) {
    throw new DomainError('invalid_period_length', 'a day offset must be a whole number', {
      field: 'n',
      value: n,
      min: Number.MIN_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
    });
  }
  return dayOfNumber(start + n, 'result');
}

/**
 * Day of the week of `on`: 0 = Sunday, 1 = Monday … 6 = Saturday (the numbering of `Date#getUTCDay`).
 *
 * Source: Gregorian arithmetic (1970-01-01 was a Thursday). Confidence: high.
 */
export function dayOfWeek(on: string): number {
  return weekdayOfNumber(dayNumberOf(on, 'on'));
}

/** Day of the week of a day number (0 = Sunday). Internal. */
export function weekdayOfNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The calendar year of a day number. Internal. */
export function yearOfNumber(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/**
 * The Asia/Shanghai calendar day of an instant: the UTC date of `at` + 8 hours. An invalid `Date` is
 * a DomainError `invalid_date` with `details.field = 'at'`.
 *
 * Source: China Standard Time is UTC+8 with no daylight saving since 1992. Confidence: high.
 */
export function shanghaiDayOf(at: Date): string {
  const ms = at.getTime();
  if (Number.isNaN(ms)) {
    throw new DomainError('invalid_date', 'at must be a valid instant', { field: 'at' });
  }
  return dayOfNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY), 'at');
}

/**
 * The instant at which day `on` ends in Asia/Shanghai: 24:00 of `on`, i.e. the next day's 00:00 +08:00,
 * which is 16:00Z of `on`. A deadline "on day X" is met by anything strictly before this instant.
 *
 * Source: Civil Code art. 203 para. 2 (the last day of a period ends at 24:00). Confidence: high.
 */
export function endOfDayAt(on: string): Date {
  return new Date((dayNumberOf(on, 'on') + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}
