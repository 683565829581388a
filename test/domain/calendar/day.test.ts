import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addCalendarDays,
  dayOfWeek,
  endOfDayAt,
  parseDay,
  shanghaiDayOf,
} from '../../../domain/calendar/index.js';
import { DomainError } from '../../../domain/errors.js';
import { caught } from '../support.js';

const seed = fastCheckSeed('day.test.ts');

const MS_PER_DAY = 86_400_000;
/** Any day of years 1000–9999 (where `Date#toISOString` spells the year with four digits). */
const anyDayNumber = fc.integer({
  min: Date.UTC(1000, 0, 1) / MS_PER_DAY,
  max: Date.UTC(9999, 11, 31) / MS_PER_DAY,
});
const isoDay = (dayNumber: number): string => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

describe('parseDay', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2025-12-31'])(
    'accepts the real date %s',
    (text) => {
      expect(parseDay(text)).toBe(text);
    },
  );

  it.each([
    ['2025-02-30', 'a day February does not have'],
    ['2025-02-29', '29 February outside a leap year'],
    ['2100-02-29', '29 February of a century year that is not a leap year'],
    ['2025-2-3', 'an unpadded month and day'],
    ['', 'the empty string'],
    ['2025-13-01', 'month 13'],
    ['2025-00-10', 'month 0'],
    ['2025-01-00', 'day 0'],
    ['2025-04-31', '31 April'],
    ['0000-01-01', 'year 0'],
    ['２０２５-01-01', 'full-width digits'],
    [' 2025-01-01', 'a leading space'],
    ['2025-01-01T00:00:00Z', 'a timestamp'],
    ['2025/01/01', 'slashes'],
  ])('refuses %j (%s) as invalid_date naming the field', (text) => {
    const error = caught(() => parseDay(text, 'startsOn'));
    expect(error.code).toBe('invalid_date');
    expect(error.details).toEqual({ field: 'startsOn', value: text });
    expect(error.message).toContain('startsOn');
  });

  it('names the field "date" by default and survives a non-string from untyped input', () => {
    expect(caught(() => parseDay(undefined as unknown as string)).details).toEqual({
      field: 'date',
      value: 'undefined',
    });
  });

  it('accepts exactly the days Date.UTC can spell (property)', () => {
    fc.assert(
      fc.property(anyDayNumber, (dayNumber) => {
        expect(parseDay(isoDay(dayNumber))).toBe(isoDay(dayNumber));
      }),
      { seed },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
          if (real) expect(parseDay(text)).toBe(text);
          else expect(() => parseDay(text)).toThrow(DomainError);
        },
      ),
      { seed },
    );
  });
});

describe('addCalendarDays', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2025-09-21', 10, '2025-10-01'],
    ['2025-03-01', 0, '2025-03-01'],
    ['2000-01-01', 3650, '2009-12-29'],
  ])('%s + %i days is %s', (on, n, expected) => {
    expect(addCalendarDays(on, n)).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses the offset %p', (n) => {
    const error = caught(() => addCalendarDays('2025-01-01', n));
    expect(error.code).toBe('invalid_period_length');
    expect(error.details).toMatchObject({ field: 'n' });
  });

  it.each([
    ['0001-01-01', -1],
    ['9999-12-31', 1],
  ])('refuses to leave the years 0001–9999 (%s %+i)', (on, n) => {
    expect(caught(() => addCalendarDays(on, n)).details).toEqual({ field: 'result' });
  });

  it('refuses an invalid start day, naming it "on"', () => {
    expect(caught(() => addCalendarDays('2025-02-30', 1)).details).toMatchObject({ field: 'on' });
  });

  it('agrees with UTC Date arithmetic and undoes itself (property)', () => {
    fc.assert(
      fc.property(anyDayNumber, fc.integer({ min: -4000, max: 4000 }), (dayNumber, n) => {
        fc.pre(dayNumber + n >= Date.UTC(1000, 0, 1) / MS_PER_DAY);
        fc.pre(dayNumber + n <= Date.UTC(9999, 11, 31) / MS_PER_DAY);
        const later = addCalendarDays(isoDay(dayNumber), n);
        expect(later).toBe(isoDay(dayNumber + n));
        expect(addCalendarDays(later, -n)).toBe(isoDay(dayNumber));
      }),
      { seed },
    );
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['1970-01-01', 4],
    ['2025-10-01', 3],
    ['2025-10-11', 6],
    ['2025-09-28', 0],
    ['1969-12-31', 3],
    ['0001-01-01', 1],
  ])('%s is weekday %i (0 = Sunday)', (on, expected) => {
    expect(dayOfWeek(on)).toBe(expected);
  });

  it('matches Date#getUTCDay (property)', () => {
    fc.assert(
      fc.property(anyDayNumber, (dayNumber) => {
        expect(dayOfWeek(isoDay(dayNumber))).toBe(new Date(dayNumber * MS_PER_DAY).getUTCDay());
      }),
      { seed },
    );
  });
});

describe('shanghaiDayOf', () => {
  it.each([
    ['2025-09-30T15:59:59.999Z', '2025-09-30'],
    ['2025-09-30T16:00:00.000Z', '2025-10-01'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('reads %s as the Shanghai day %s', (at, expected) => {
    expect(shanghaiDayOf(new Date(at))).toBe(expected);
  });

  it('refuses an invalid Date, naming "at"', () => {
    const error = caught(() => shanghaiDayOf(new Date(Number.NaN)));
    expect(error.code).toBe('invalid_date');
    expect(error.details).toEqual({ field: 'at' });
  });

  it('refuses an instant whose year has more than four digits', () => {
    expect(caught(() => shanghaiDayOf(new Date(8.64e15))).details).toEqual({ field: 'at' });
  });

  it('is the UTC day eight hours later (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(shanghaiDayOf(new Date(ms))).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
      { seed },
    );
  });
});

describe('endOfDayAt', () => {
  it.each([
    ['2025-10-09', '2025-10-09T16:00:00.000Z'],
    ['2025-12-31', '2025-12-31T16:00:00.000Z'],
    ['2024-02-29', '2024-02-29T16:00:00.000Z'],
  ])('ends %s at 24:00 Shanghai = %s', (on, expected) => {
    expect(endOfDayAt(on).toISOString()).toBe(expected);
  });

  it('is the first instant of the next Shanghai day', () => {
    const at = endOfDayAt('2025-10-09');
    expect(shanghaiDayOf(at)).toBe('2025-10-10');
    expect(shanghaiDayOf(new Date(at.getTime() - 1))).toBe('2025-10-09');
  });

  it('refuses an invalid day, naming "on"', () => {
    expect(caught(() => endOfDayAt('2025-2-3')).details).toMatchObject({ field: 'on' });
  });
});
