import { describe, expect, it } from '@jest/globals';
import { isRestDay, isWorkingDay, type HolidayTable } from '../../../domain/calendar/index.js';
import { DomainError } from '../../../domain/errors.js';
import { loadHolidayTable } from '../../../lib/holidays.js';

/** The real calendar: chinese-days' published notices plus config/holidays.json, loaded once. */
const table: HolidayTable = loadHolidayTable();

/** A tiny hand-made table: published through 2020, one holiday, one make-up Sunday, one provisional holiday. */
const tiny: HolidayTable = {
  publishedThrough: 2020,
  holidays: new Map([
    ['2020-01-01', 'New Year'],
    ['2021-01-04', 'ignored: 2021 is not published'],
  ]),
  makeupWorkdays: new Set(['2020-01-05', '2021-01-09']),
  provisionalHolidays: new Map([
    ['2021-01-01', 'New Year (computed)'],
    ['2020-01-06', 'ignored: 2020 is published'],
  ]),
};

describe('isWorkingDay on the published calendar', () => {
  it('sees data published through at least 2026', () => {
    expect(table.publishedThrough).toBeGreaterThanOrEqual(2026);
  });

  it.each([
    ['2025-10-01', false, 'holiday', '国庆节', 'National Day'],
    ['2025-10-06', false, 'holiday', '中秋', 'Mid-Autumn inside the National Day week'],
    ['2025-10-08', false, 'holiday', '国庆节', 'last day of the 2025 National Day week (a Wednesday)'],
    ['2025-10-09', true, 'weekday', undefined, 'first working day after it'],
    ['2025-10-11', true, 'makeup_workday', undefined, 'a make-up Saturday'],
    ['2025-09-28', true, 'makeup_workday', undefined, 'a make-up Sunday'],
    ['2025-10-12', false, 'weekend', undefined, 'an ordinary Sunday'],
    ['2025-01-28', false, 'holiday', '春节', '除夕 2025'],
    ['2026-02-14', true, 'makeup_workday', undefined, 'the Saturday before Spring Festival 2026'],
    ['2026-02-23', false, 'holiday', '春节', 'a Monday of Spring Festival 2026'],
    ['2026-01-04', true, 'makeup_workday', undefined, 'the make-up Sunday after New Year 2026'],
    ['2026-06-19', false, 'holiday', '端午', 'Dragon Boat 2026'],
    ['2026-03-04', true, 'weekday', undefined, 'an ordinary Wednesday'],
  ] as const)('%s: working=%s (%s %s) — %s', (on, working, kind, holiday, _why) => {
    const status = isWorkingDay(on, table);
    expect(status).toEqual({ working, provisional: false, kind, ...(holiday ? { holiday } : {}) });
    expect(isRestDay(on, table)).toBe(!working);
  });
});

describe('isWorkingDay beyond the published calendar', () => {
  it.each([
    ['2030-10-01', false, 'holiday', '国庆节'],
    ['2030-10-04', true, 'weekday', undefined],
    ['2030-10-05', false, 'weekend', undefined],
    ['2030-02-02', false, 'holiday', '春节'],
    ['2030-02-05', false, 'holiday', '春节'],
    ['2030-02-06', true, 'weekday', undefined],
    ['2030-04-05', false, 'holiday', '清明'],
  ] as const)('%s is provisional: working=%s (%s)', (on, working, kind, holiday) => {
    expect(isWorkingDay(on, table)).toEqual({
      working,
      provisional: true,
      kind,
      ...(holiday ? { holiday } : {}),
    });
  });

  it('marks the first day after the last published year provisional, and the day before not', () => {
    const last = `${table.publishedThrough}-12-31`;
    const next = `${table.publishedThrough + 1}-01-01`;
    expect(isWorkingDay(last, table).provisional).toBe(false);
    expect(isWorkingDay(next, table)).toMatchObject({ working: false, provisional: true, holiday: '元旦' });
  });
});

describe('isWorkingDay reads each list only for its own years', () => {
  it.each([
    ['2020-01-01', { working: false, provisional: false, kind: 'holiday', holiday: 'New Year' }],
    ['2020-01-05', { working: true, provisional: false, kind: 'makeup_workday' }],
    ['2020-01-06', { working: true, provisional: false, kind: 'weekday' }],
    ['2020-01-11', { working: false, provisional: false, kind: 'weekend' }],
    ['2021-01-01', { working: false, provisional: true, kind: 'holiday', holiday: 'New Year (computed)' }],
    ['2021-01-04', { working: true, provisional: true, kind: 'weekday' }],
    ['2021-01-09', { working: false, provisional: true, kind: 'weekend' }],
    ['1999-12-31', { working: true, provisional: false, kind: 'weekday' }],
  ] as const)('%s → %o', (on, expected) => {
    expect(isWorkingDay(on, tiny)).toEqual(expected);
  });

  it('refuses an invalid day with invalid_date naming "on"', () => {
    expect(() => isWorkingDay('2025-02-30', tiny)).toThrow(DomainError);
    try {
      isRestDay('2025-2-3', tiny);
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ field: 'on' });
    }
    expect.assertions(2);
  });
});
