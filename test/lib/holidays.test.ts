import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { isRestDay } from '../../domain/calendar/index.js';
import {
  DEFAULT_HOLIDAYS_FILE,
  HolidayFile,
  HolidayFileError,
  loadHolidayTable,
  statutoryHolidays,
} from '../../lib/holidays.js';

const table = loadHolidayTable();
const scratch = mkdtempSync(path.join(tmpdir(), 'jiati-holidays-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
/** Writes `content` (JSON unless a string) to a fresh scratch file and returns its path. */
function holidayFile(content: unknown): string {
  files += 1;
  const file = path.join(scratch, `holidays-${files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function loadError(content: unknown): HolidayFileError {
  try {
    loadHolidayTable({ file: holidayFile(content) });
  } catch (error) {
    if (error instanceof HolidayFileError) return error;
    throw error;
  }
  throw new Error('expected a HolidayFileError');
}

/**
 * A made-up year for the loader's mechanics only — NOT a State Council notice. It uses a year far
 * after any published one, so it can never be mistaken for real data.
 */
const fakeYear = (year: number) => ({
  holidays: { [`${year}-01-01`]: '元旦', [`${year}-01-02`]: '元旦' },
  makeupWorkdays: [] as string[],
});

describe('loadHolidayTable with the shipped data', () => {
  it('covers the notices 2004 through at least 2026 from chinese-days', () => {
    expect(table.firstYear).toBe(2004);
    expect(table.publishedThrough).toBeGreaterThanOrEqual(2026);
    expect(table.provisionalThrough).toBe(table.publishedThrough + 5);
  });

  it.each([
    ['2025-10-01', '国庆节'],
    ['2025-10-06', '中秋'],
    ['2025-01-28', '春节'],
    ['2026-02-23', '春节'],
    ['2026-04-06', '清明'],
    ['2015-09-03', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日'],
  ])('names the published rest day %s %s', (on, name) => {
    expect(table.holidays.get(on)).toBe(name);
  });

  it.each(['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28'])(
    'lists the make-up workday %s',
    (on) => {
      expect(table.makeupWorkdays.has(on)).toBe(true);
    },
  );

  it('keeps published and provisional dates apart', () => {
    for (const on of table.holidays.keys())
      expect(Number(on.slice(0, 4))).toBeLessThanOrEqual(table.publishedThrough);
    for (const on of table.provisionalHolidays.keys()) {
      expect(Number(on.slice(0, 4))).toBeGreaterThan(table.publishedThrough);
      expect(Number(on.slice(0, 4))).toBeLessThanOrEqual(table.provisionalThrough);
    }
    expect(table.provisionalHolidays.size).toBe(5 * 13 - countCoincidences(table.publishedThrough + 1, 5));
  });

  it('ships a config/holidays.json that validates', () => {
    expect(DEFAULT_HOLIDAYS_FILE.endsWith(path.join('config', 'holidays.json'))).toBe(true);
    expect(HolidayFile.safeParse(JSON.parse(readFileSync(DEFAULT_HOLIDAYS_FILE, 'utf8'))).success).toBe(true);
  });
});

/** How many of `count` years from `first` have Mid-Autumn on 1–3 October (13 statutory dates become 12). */
function countCoincidences(first: number, count: number): number {
  let n = 0;
  for (let year = first; year < first + count; year += 1) {
    if ([...statutoryHolidays(year).values()].some((name) => name.includes('、'))) n += 1;
  }
  return n;
}

describe('statutoryHolidays (rules in force from 2025)', () => {
  it.each([2025, 2026])('%i: every computed statutory day is a rest day of the published notice', (year) => {
    const computed = statutoryHolidays(year);
    expect(computed.size).toBe(13);
    for (const [on, name] of computed) {
      expect([on, table.holidays.has(on)]).toEqual([on, true]);
      // The notice names the same festival (2025 folds Mid-Autumn into the National Day week).
      expect(table.holidays.get(on)).toBe(name);
    }
  });

  it('computes 2026 exactly as the statutory core of the 2026 notice', () => {
    expect([...statutoryHolidays(2026)]).toEqual([
      ['2026-01-01', '元旦'],
      ['2026-02-16', '春节'],
      ['2026-02-17', '春节'],
      ['2026-02-18', '春节'],
      ['2026-02-19', '春节'],
      ['2026-04-05', '清明'],
      ['2026-05-01', '劳动节'],
      ['2026-05-02', '劳动节'],
      ['2026-06-19', '端午'],
      ['2026-09-25', '中秋'],
      ['2026-10-01', '国庆节'],
      ['2026-10-02', '国庆节'],
      ['2026-10-03', '国庆节'],
    ]);
  });

  it('agrees with every published notice 2008–2024 on the days the older rules shared', () => {
    // Before 2025: 春节 was 正月初一–初三 (no 除夕) and 劳动节 one day; the other dates were the same.
    // Checked as rest days, not as map entries: the package omits a few weekend days inside a holiday
    // range (2011-06-05, 2012-06-23, 2015-06-21), which rest anyway.
    for (let year = 2008; year <= 2024; year += 1) {
      const computed = [...statutoryHolidays(year)];
      const eve = computed.find(([, name]) => name === '春节')![0];
      for (const [on] of computed) {
        if (on === eve || on.endsWith('-05-02')) continue;
        expect([on, isRestDay(on, table)]).toEqual([on, true]);
      }
    }
  });

  it.each([
    // Official dates (Purple Mountain Observatory almanac): 春节 = 正月初一, 除夕 the day before.
    [2027, '2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'],
    [2029, '2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'],
    [2030, '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
  ])('%i: 春节 %s, 清明 %s, 端午 %s, 中秋 %s', (year, springFestival, qingming, dragonBoat, midAutumn) => {
    const computed = statutoryHolidays(year);
    const eve = new Date(Date.parse(`${springFestival}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect([...computed].filter(([, name]) => name === '春节')[0]).toEqual([eve, '春节']);
    expect(computed.get(springFestival)).toBe('春节');
    expect(computed.get(qingming)).toBe('清明');
    expect(computed.get(dragonBoat)).toBe('端午');
    expect(computed.get(midAutumn)).toMatch(/中秋/);
  });

  it('joins the names when Mid-Autumn falls in the National Day days (2028)', () => {
    expect(statutoryHolidays(2028).get('2028-10-03')).toBe('中秋、国庆节');
    expect(statutoryHolidays(2028).size).toBe(12);
  });

  it('matches the ICU Chinese calendar for 2031–2099', () => {
    // 2027 and 2030 are left out above: their new moons fall within minutes of Beijing midnight and
    // ICU's approximate astronomy lands on the other side; the official dates are pinned above.
    const lunar = new Intl.DateTimeFormat('en-US-u-ca-chinese', {
      timeZone: 'UTC',
      month: 'numeric',
      day: 'numeric',
    });
    const read = (on: string): string => lunar.format(new Date(`${on}T00:00:00Z`));
    for (let year = 2031; year <= 2099; year += 1) {
      const computed = [...statutoryHolidays(year)];
      const spring = computed.filter(([, name]) => name === '春节').map(([on]) => read(on));
      expect([year, spring.slice(1)]).toEqual([year, ['1/1', '1/2', '1/3']]);
      expect([year, spring[0]]).toEqual([year, expect.stringMatching(/^12\/(29|30)$/)]);
      for (const [on, name] of computed) {
        if (name === '端午') expect([year, read(on)]).toEqual([year, '5/5']);
        if (name.includes('中秋')) expect([year, read(on)]).toEqual([year, '8/15']);
      }
    }
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'gives the same dates in a process running in %s',
    (tz) => {
      const script = `import('./lib/holidays.ts').then((m) => {
        const out = [];
        for (let y = 2027; y <= 2040; y += 1) out.push(...m.statutoryHolidays(y));
        process.stdout.write(JSON.stringify(out));
      });`;
      const output = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: path.resolve(DEFAULT_HOLIDAYS_FILE, '..', '..'),
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
        },
      );
      const here: [string, string][] = [];
      for (let y = 2027; y <= 2040; y += 1) here.push(...statutoryHolidays(y));
      expect(JSON.parse(output)).toEqual(here);
    },
  );

  it.each([1900, 2100, 2026.5])('refuses the year %p', (year) => {
    expect(() => statutoryHolidays(year)).toThrow(RangeError);
  });
});

describe('loadHolidayTable with a project holiday file', () => {
  it('adds a year after the packaged data, raising publishedThrough and moving the provisional years', () => {
    const next = table.publishedThrough + 1;
    const loaded = loadHolidayTable({ file: holidayFile({ years: { [next]: fakeYear(next) } }) });
    expect(loaded.publishedThrough).toBe(next);
    expect(loaded.holidays.get(`${next}-01-02`)).toBe('元旦');
    expect(loaded.provisionalHolidays.has(`${next}-01-01`)).toBe(false);
    expect(loaded.provisionalHolidays.has(`${next + 1}-01-01`)).toBe(true);
    expect(loaded.provisionalThrough).toBe(next + 5);
  });

  it('replaces a packaged year entirely', () => {
    const loaded = loadHolidayTable({
      file: holidayFile({
        years: {
          2025: {
            source: 'https://www.gov.cn/example',
            holidays: { '2025-01-01': '元旦' },
            makeupWorkdays: ['2025-01-04'],
          },
        },
      }),
    });
    expect(loaded.publishedThrough).toBe(table.publishedThrough);
    expect(loaded.holidays.get('2025-01-01')).toBe('元旦');
    expect(loaded.holidays.has('2025-10-01')).toBe(false);
    expect(loaded.makeupWorkdays.has('2025-01-04')).toBe(true);
    expect(loaded.makeupWorkdays.has('2025-10-11')).toBe(false);
    expect(loaded.holidays.get('2026-10-01')).toBe('国庆节');
  });

  it('computes provisional years only through throughYear', () => {
    const none = loadHolidayTable({ throughYear: table.publishedThrough });
    expect(none.provisionalHolidays.size).toBe(0);
    expect(none.provisionalThrough).toBe(table.publishedThrough);
    const far = loadHolidayTable({ throughYear: 2099 });
    expect(far.provisionalHolidays.has('2099-10-01')).toBe(true);
    expect(() => loadHolidayTable({ throughYear: 2100 })).toThrow(RangeError);
    expect(() => loadHolidayTable({ throughYear: 2030.5 })).toThrow(RangeError);
  });

  it.each([
    [
      { years: { 2030: { holidays: { '2030-02-30': '春节' } } } },
      'years.2030.holidays.2030-02-30',
      'not a real date',
    ],
    [{ years: { 2030: { holidays: { '2030-2-3': '春节' } } } }, 'years.2030.holidays.2030-2-3', 'YYYY-MM-DD'],
    [
      { years: { 2030: { holidays: { '2031-01-01': '元旦' } } } },
      'years.2030.holidays.2031-01-01',
      'not in 2030',
    ],
    [
      { years: { 2030: { holidays: { '2030-01-01': ' ' } } } },
      'years.2030.holidays.2030-01-01',
      'holiday name',
    ],
    [
      { years: { 2030: { holidays: {}, makeupWorkdays: ['2030-01-07'] } } },
      'years.2030.makeupWorkdays.0',
      'weekday',
    ],
    [
      { years: { 2030: { holidays: {}, makeupWorkdays: ['2031-01-04'] } } },
      'years.2030.makeupWorkdays.0',
      'not in',
    ],
    [
      { years: { 2030: { holidays: { '2030-01-05': '元旦' }, makeupWorkdays: ['2030-01-05'] } } },
      'years.2030.makeupWorkdays.0',
      'also listed as a holiday',
    ],
    [{ years: { 2030: { holidays: {}, makeupWorkday: [] } } }, 'years.2030.makeupWorkday', 'not a known key'],
    [{ years: { 30: { holidays: {} } } }, 'years.30', 'four digits'],
    [{ years: { 2030: { holidays: {}, source: 'gov.cn' } } }, 'years.2030.source', ''],
    [{ year: {} }, 'year', 'not a known key'],
    [{}, 'years', ''],
    ['{ "years": ', '(file)', 'not valid JSON'],
  ])('refuses %j, naming %s', (content, key, problem) => {
    const error = loadError(content);
    expect(error.key).toBe(key);
    expect(error.message).toContain(`: ${key}: `);
    expect(error.message).toContain(problem);
  });

  it('refuses a year that skips an unpublished one, naming it', () => {
    const skip = table.publishedThrough + 2;
    const error = loadError({ years: { [skip]: fakeYear(skip) } });
    expect(error.key).toBe(`years.${skip}`);
    expect(error.message).toContain(`year ${skip - 1} is missing`);
  });

  it('counts the further problems in one message', () => {
    const error = loadError({
      years: { 2030: { holidays: { '2030-02-30': '', '2030-13-01': '' }, makeupWorkdays: ['x', 'y'] } },
    });
    expect(error.message).toMatch(/and \d+ more problems\)$/);
    const one = loadError({ years: { 2030: { holidays: { '2030-02-30': 'x', '2030-01-01': '' } } } });
    expect(one.message).toMatch(/and 1 more problem\)$/);
  });

  it('refuses a file it was told to read that does not exist', () => {
    const file = path.join(scratch, 'missing.json');
    expect(() => loadHolidayTable({ file })).toThrow(HolidayFileError);
    expect(() => loadHolidayTable({ file })).toThrow(/cannot be read/);
  });
});
