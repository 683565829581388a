import { fastCheckSeed } from '../../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addCalendarDays,
  isWorkingDay,
  MAX_PERIOD_LENGTH,
  periodEnd,
  shanghaiDayOf,
  type HolidayTable,
  type PeriodUnit,
} from '../../../domain/calendar/index.js';
import { loadHolidayTable } from '../../../lib/holidays.js';
import { caught } from '../support.js';

const seed = fastCheckSeed('period.test.ts');

/** The real calendar: chinese-days' published notices plus config/holidays.json, loaded once. */
const table: HolidayTable = loadHolidayTable();

const MS_PER_DAY = 86_400_000;
const yearOf = (on: string): number => Number(on.slice(0, 4));

describe('periodEnd in calendar days (Civil Code arts. 201–203)', () => {
  it.each([
    // [why, from, length, nominalEndsOn, endsOn]
    ['an ordinary 10-day publicity ends on its tenth day', '2025-03-03', 10, '2025-03-13', '2025-03-13'],
    ['a period ending on an ordinary Saturday moves to Monday', '2025-03-05', 10, '2025-03-15', '2025-03-17'],
    [
      'a period ending on National Day moves past the 2025 National Day/Mid-Autumn week',
      '2025-09-21',
      10,
      '2025-10-01',
      '2025-10-09',
    ],
    ['a period ending on a make-up Saturday stays there', '2025-10-01', 10, '2025-10-11', '2025-10-11'],
    ['a period ending on a make-up Sunday stays there', '2025-09-18', 10, '2025-09-28', '2025-09-28'],
    ['a period ending in Spring Festival 2026 moves past it', '2026-02-10', 10, '2026-02-20', '2026-02-24'],
    [
      'a period ending on 除夕 2025 moves past the Spring Festival week',
      '2025-01-18',
      10,
      '2025-01-28',
      '2025-02-05',
    ],
    [
      'a period ending on a make-up Saturday after Spring Festival stays',
      '2026-02-18',
      10,
      '2026-02-28',
      '2026-02-28',
    ],
    [
      'a period ending on New Year 2026 moves to the make-up Sunday',
      '2025-12-22',
      10,
      '2026-01-01',
      '2026-01-04',
    ],
    [
      'one day from a Friday lands on Saturday and moves to Monday',
      '2025-03-07',
      1,
      '2025-03-08',
      '2025-03-10',
    ],
    ['the start day is not counted even when it is a holiday', '2025-10-01', 1, '2025-10-02', '2025-10-09'],
    ['a 30-day period across the Labour Day week', '2025-04-01', 30, '2025-05-01', '2025-05-06'],
  ])('%s', (_why, from, length, nominalEndsOn, endsOn) => {
    expect(periodEnd(from, length, 'day', table)).toEqual({
      from,
      length,
      unit: 'day',
      nominalEndsOn,
      endsOn,
      endsAt: new Date(`${endsOn}T16:00:00.000Z`),
      provisional: false,
    });
  });
});

describe('periodEnd in working days', () => {
  it.each([
    ['3 working days from a Friday', '2025-03-07', 3, '2025-03-12'],
    ['3 working days across National Day 2025 count the make-up Saturday', '2025-09-30', 3, '2025-10-11'],
    [
      '10 working days across Spring Festival 2026 count both make-up Saturdays',
      '2026-02-12',
      10,
      '2026-03-04',
    ],
    ['10 working days across National Day 2026', '2026-09-28', 10, '2026-10-16'],
    ['1 working day from inside a holiday week', '2025-10-03', 1, '2025-10-09'],
    ['1 working day from a Saturday before a make-up Sunday', '2025-09-27', 1, '2025-09-28'],
    ['10 working days across Labour Day 2025 skip the whole week', '2025-04-25', 10, '2025-05-13'],
  ])('%s', (_why, from, length, endsOn) => {
    expect(periodEnd(from, length, 'workday', table)).toEqual({
      from,
      length,
      unit: 'workday',
      nominalEndsOn: endsOn,
      endsOn,
      endsAt: new Date(`${endsOn}T16:00:00.000Z`),
      provisional: false,
    });
  });
});

describe('periodEnd beyond the published calendar', () => {
  it.each([
    ['day', '2030-09-21', 10, '2030-10-04', 'ends on provisional National Day 2030 and moves past it'],
    ['day', '2030-01-31', 2, '2030-02-06', 'ends on a provisional 除夕 that is a Saturday'],
    [
      'day',
      '2030-03-26',
      10,
      '2030-04-08',
      'ends on provisional Qingming 2030 (a Friday), moves past the weekend',
    ],
    ['workday', '2030-09-30', 3, '2030-10-08', 'counts past provisional National Day 2030'],
    ['day', '2035-06-01', 10, '2035-06-11', 'a year past the computed holidays reads as plain weeks'],
  ] as const)('%s %s + %i → %s, provisional (%s)', (unit, from, length, endsOn, _why) => {
    expect(periodEnd(from, length, unit, table)).toMatchObject({ endsOn, provisional: true });
  });

  it('is provisional when a working-day count crosses into an unpublished year', () => {
    const from = `${table.publishedThrough}-12-24`;
    expect(periodEnd(from, 10, 'workday', table).provisional).toBe(true);
    expect(periodEnd(`${table.publishedThrough}-12-01`, 3, 'workday', table).provisional).toBe(false);
  });

  it('turns provisional only when the art. 203 extension reaches an unpublished year', () => {
    const tiny: HolidayTable = {
      publishedThrough: 2020,
      holidays: new Map([['2020-12-31', 'Eve']]),
      makeupWorkdays: new Set(),
      provisionalHolidays: new Map([['2021-01-01', 'New Year']]),
    };
    // 2020-12-30 + 1 day = 2020-12-31 (rest) → 2021-01-01 (provisional rest) → 2021-01-04 Monday.
    expect(periodEnd('2020-12-30', 1, 'day', tiny)).toMatchObject({
      endsOn: '2021-01-04',
      provisional: true,
    });
    expect(periodEnd('2020-12-29', 1, 'day', tiny)).toMatchObject({
      endsOn: '2020-12-30',
      provisional: false,
    });
    expect(periodEnd('2020-12-29', 1, 'workday', tiny)).toMatchObject({
      endsOn: '2020-12-30',
      provisional: false,
    });
  });
});

describe('periodEnd refuses bad input', () => {
  it.each(['2025-02-30', '2025-2-3', ''])(
    'refuses the start day %j as invalid_date naming "from"',
    (from) => {
      const error = caught(() => periodEnd(from, 10, 'day', table));
      expect(error.code).toBe('invalid_date');
      expect(error.details).toEqual({ field: 'from', value: from });
    },
  );

  it.each([0, -1, 3651, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the length %p as invalid_period_length',
    (length) => {
      for (const unit of ['day', 'workday'] as const) {
        const error = caught(() => periodEnd('2025-03-03', length, unit, table));
        expect(error.code).toBe('invalid_period_length');
        expect(error.details).toEqual({ field: 'length', value: length, min: 1, max: 3650 });
      }
    },
  );

  it('accepts the longest period of 3650 days and working days', () => {
    expect(periodEnd('2025-03-03', MAX_PERIOD_LENGTH, 'day', table).nominalEndsOn).toBe('2035-03-01');
    const long = periodEnd('2020-01-01', MAX_PERIOD_LENGTH, 'workday', table);
    expect(isWorkingDay(long.endsOn, table).working).toBe(true);
  });

  it('refuses a period running past 9999-12-31', () => {
    expect(caught(() => periodEnd('9999-12-30', 5, 'day', table)).code).toBe('invalid_date');
  });
});

describe('periodEnd properties', () => {
  const firstDay = Date.UTC(2004, 0, 1) / MS_PER_DAY;
  const lastDay = Date.UTC(2035, 11, 31) / MS_PER_DAY;
  const anyFrom = fc
    .integer({ min: firstDay, max: lastDay })
    .map((n) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10));
  const anyUnit = fc.constantFrom<PeriodUnit>('day', 'workday');
  const anyLength = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 400 }));

  /** Every day from `first` to `last` inclusive. */
  function daysBetween(first: string, last: string): string[] {
    const days: string[] = [];
    for (let on = first; on <= last; on = addCalendarDays(on, 1)) days.push(on);
    return days;
  }

  it('always ends on a working day no earlier than from + length', () => {
    fc.assert(
      fc.property(anyFrom, anyLength, anyUnit, (from, length, unit) => {
        const end = periodEnd(from, length, unit, table);
        expect(end.endsOn >= addCalendarDays(from, length)).toBe(true);
        expect(isWorkingDay(end.endsOn, table).working).toBe(true);
        if (unit === 'day') {
          // …and on the first working day from the nominal last day on.
          expect(end.nominalEndsOn).toBe(addCalendarDays(from, length));
          const before = daysBetween(end.nominalEndsOn, addCalendarDays(end.endsOn, -1));
          expect(before.every((on) => !isWorkingDay(on, table).working)).toBe(true);
        } else {
          // …and exactly `length` working days lie after `from`, up to and including the end.
          const counted = daysBetween(addCalendarDays(from, 1), end.endsOn);
          expect(counted.filter((on) => isWorkingDay(on, table).working)).toHaveLength(length);
        }
      }),
      { seed },
    );
  });

  it('is monotone in length: one more working day ends strictly later, one more day never earlier', () => {
    fc.assert(
      fc.property(anyFrom, anyLength, (from, length) => {
        const workdays = periodEnd(from, length, 'workday', table).endsOn;
        expect(periodEnd(from, length + 1, 'workday', table).endsOn > workdays).toBe(true);
        const days = periodEnd(from, length, 'day', table).endsOn;
        expect(periodEnd(from, length + 1, 'day', table).endsOn >= days).toBe(true);
      }),
      { seed },
    );
  });

  it('ends at exactly 16:00Z of endsOn (24:00 in Shanghai)', () => {
    fc.assert(
      fc.property(anyFrom, anyLength, anyUnit, (from, length, unit) => {
        const { endsOn, endsAt } = periodEnd(from, length, unit, table);
        expect(endsAt.toISOString()).toBe(`${endsOn}T16:00:00.000Z`);
        expect(shanghaiDayOf(new Date(endsAt.getTime() - 1))).toBe(endsOn);
        expect(shanghaiDayOf(endsAt)).toBe(addCalendarDays(endsOn, 1));
      }),
      { seed },
    );
  });

  it('is provisional exactly when a day it examined lies beyond publishedThrough', () => {
    fc.assert(
      fc.property(anyFrom, anyLength, anyUnit, (from, length, unit) => {
        const end = periodEnd(from, length, unit, table);
        const examined =
          unit === 'day'
            ? daysBetween(end.nominalEndsOn, end.endsOn)
            : daysBetween(addCalendarDays(from, 1), end.endsOn);
        expect(end.provisional).toBe(examined.some((on) => yearOf(on) > table.publishedThrough));
      }),
      { seed },
    );
  });
});
