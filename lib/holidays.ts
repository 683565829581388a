/**
 * Loads the mainland-China working-day calendar: the State Council's yearly holiday notices as shipped
 * by the `chinese-days` package (maintained dataset; 2004 onward), extended or corrected by a project
 * file (`config/holidays.json`) so a newly published year can go live without a release, plus
 * provisional statutory holidays computed for the years no notice covers yet.
 *
 * The result is a plain object whose shape matches the domain's `HolidayTable`
 * (`domain/calendar/working-days.ts`); this module stays project-agnostic and does not import it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { z } from 'zod';

/** A holiday calendar as data (structurally the domain's `HolidayTable`, with two facts more). */
export interface LoadedHolidayTable {
  /** First year the published data covers (earlier years read as plain weeks). */
  readonly firstYear: number;
  /** Last year covered by a published State Council notice. */
  readonly publishedThrough: number;
  /** Last year for which `provisionalHolidays` were computed (later years: weekends only). */
  readonly provisionalThrough: number;
  /** Date → holiday name: every rest day the notices announce (statutory days and 调休 days). */
  readonly holidays: ReadonlyMap<string, string>;
  /** Weekend dates the notices make working days (调休上班). */
  readonly makeupWorkdays: ReadonlySet<string>;
  /** Date → holiday name: statutory dates for publishedThrough+1 … provisionalThrough. */
  readonly provisionalHolidays: ReadonlyMap<string, string>;
}

/** Options of {@link loadHolidayTable}. */
export interface LoadHolidayTableOptions {
  /** The project holiday file; defaults to {@link DEFAULT_HOLIDAYS_FILE}. Choosing it from env is the caller's job. */
  readonly file?: string;
  /** Compute provisional holidays through this year (default: publishedThrough + 5; at most 2099). */
  readonly throughYear?: number;
}

/** `config/holidays.json` at the repository root. */
export const DEFAULT_HOLIDAYS_FILE = fileURLToPath(new URL('../config/holidays.json', import.meta.url));

/** The last year the lunar tables of `chinese-days` can serve (its data ends with lunar 2100). */
export const LAST_COMPUTABLE_YEAR = 2099;

/** The holiday file or the packaged data is unusable. `key` names the offending entry (`years.2027.holidays.2027-02-30`). */
export class HolidayFileError extends Error {
  override readonly name = 'HolidayFileError';
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}: ${key}: ${problem}`);
  }
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** Whether a `YYYY-MM-DD` string names a real Gregorian date. */
function isRealDay(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

const utcDayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const msOfDay = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number): string => utcDayOf(msOfDay(day) + n * MS_PER_DAY);
const isWeekend = (day: string): boolean => new Date(msOfDay(day)).getUTCDay() % 6 === 0;

const Day = z
  .string()
  .regex(DAY_PATTERN, 'must be written YYYY-MM-DD')
  .refine(isRealDay, 'is not a real date');

/** One published year in the holiday file: the notice's rest days and make-up workdays. */
export const HolidayFileYear = z.strictObject({
  /** Where the notice was published (gov.cn address), for the record. */
  source: z.url().optional(),
  holidays: z.record(Day, z.string().trim().min(1, 'needs a holiday name')),
  makeupWorkdays: z.array(Day).default([]),
});
export type HolidayFileYear = z.infer<typeof HolidayFileYear>;

/**
 * The project holiday file: `{ "years": { "2027": { "holidays": { "2027-01-01": "元旦", … },
 * "makeupWorkdays": ["2027-…"] } } }`. A year listed here replaces the packaged data for that year
 * entirely (copy a whole notice, not a correction of one day).
 */
export const HolidayFile = z
  .strictObject({
    /** Free text for whoever edits the file. */
    $comment: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/, 'a year must be four digits'), HolidayFileYear),
  })
  .superRefine((file, ctx) => {
    for (const [year, entry] of Object.entries(file.years)) {
      for (const day of Object.keys(entry.holidays)) {
        if (!day.startsWith(`${year}-`)) {
          ctx.addIssue({
            code: 'custom',
            path: ['years', year, 'holidays', day],
            message: `is not in ${year}`,
          });
        }
      }
      entry.makeupWorkdays.forEach((day, index) => {
        const path = ['years', year, 'makeupWorkdays', index];
        if (!day.startsWith(`${year}-`)) {
          ctx.addIssue({ code: 'custom', path, message: `${day} is not in ${year}` });
        } else if (!isWeekend(day)) {
          ctx.addIssue({ code: 'custom', path, message: `${day} is a weekday, not a make-up weekend day` });
        } else if (entry.holidays[day] !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `${day} is also listed as a holiday` });
        }
      });
    }
  });
export type HolidayFile = z.infer<typeof HolidayFile>;

/** The shape of `chinese-days/dist/chinese-days.json`: date → "English name,中文名,statutory days". */
const PackageData = z.object({
  holidays: z.record(Day, z.string()),
  workdays: z.record(Day, z.string()),
});

interface YearData {
  holidays: Map<string, string>;
  makeupWorkdays: Set<string>;
}

function describeIssue(issue: z.core.$ZodIssue): { key: string; problem: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return { key: [...path, issue.keys[0]].join('.'), problem: 'is not a known key' };
  }
  const key = path.join('.') || '(file)';
  if (issue.code === 'invalid_key') return { key, problem: issue.issues[0]?.message ?? issue.message };
  return { key, problem: issue.message };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // An unknown key first: a misspelt key usually explains the "missing" one reported beside it.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const [first, ...rest] = issues;
  const { key, problem } = describeIssue(first!);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new HolidayFileError(file, key, problem + more);
}

let packageYears: ReadonlyMap<number, YearData> | undefined;

/** The notices shipped with `chinese-days`, by year (read once). */
function readPackageYears(): ReadonlyMap<number, YearData> {
  if (packageYears) return packageYears;
  const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
  const data = parseOrThrow(PackageData, JSON.parse(readFileSync(file, 'utf8')), file);
  const years = new Map<number, YearData>();
  const yearOf = (day: string): YearData => {
    const year = Number(day.slice(0, 4));
    let entry = years.get(year);
    if (!entry) years.set(year, (entry = { holidays: new Map(), makeupWorkdays: new Set() }));
    return entry;
  };
  for (const [day, label] of Object.entries(data.holidays)) {
    // "National Day,国庆节,3" → 国庆节
    yearOf(day).holidays.set(day, label.split(',')[1] ?? label);
  }
  for (const day of Object.keys(data.workdays)) yearOf(day).makeupWorkdays.add(day);
  packageYears = years;
  return years;
}

/** The years of the holiday file (none when the default file is absent). */
function readFileYears(file: string, optional: boolean): Map<number, YearData> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new HolidayFileError(file, '(file)', `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HolidayFileError(file, '(file)', `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseOrThrow(HolidayFile, json, file);
  return new Map(
    Object.entries(parsed.years).map(([year, entry]) => [
      Number(year),
      { holidays: new Map(Object.entries(entry.holidays)), makeupWorkdays: new Set(entry.makeupWorkdays) },
    ]),
  );
}

/** Solar day of lunar `month`/`day` (not a leap month) of lunar year `lunarYear`, from the `chinese-days` tables. */
function lunarToSolar(lunarYear: number, month: number, day: number): string {
  // chinese-days' own converter reads its result with local-time getters (wrong west of UTC); its
  // month-length tables are plain numbers, so count days from lunar 1900-01-01 = 1900-01-31 here.
  let offset = 0;
  for (let year = 1900; year < lunarYear; year += 1) {
    for (let m = 1; m <= 12; m += 1) offset += chineseDays.monthDays(year, m);
    offset += chineseDays.getYearLeapMonth(year).days;
  }
  const leap = chineseDays.getYearLeapMonth(lunarYear);
  for (let m = 1; m < month; m += 1) {
    offset += chineseDays.monthDays(lunarYear, m);
    if (m === leap.leapMonth) offset += leap.days;
  }
  return utcDayOf(Date.UTC(1900, 0, 31) + (offset + day - 1) * MS_PER_DAY);
}

/** The Qingming solar term (清明) day of `year`. */
function qingmingOf(year: number): string {
  const reported = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  // chinese-days builds the day at UTC midnight and formats it with local-time getters, so a process
  // west of UTC gets the day before. Undo that: if the reported day's UTC midnight reads as another
  // local date, the true day is the next one.
  const reportedDate = Number(reported.slice(8, 10));
  const qingming = new Date(msOfDay(reported)).getDate() === reportedDate ? reported : addDays(reported, 1);
  if (!new RegExp(`^${year}-04-0[4-6]$`).test(qingming)) {
    throw new Error(`chinese-days gave ${reported} for Qingming ${year}; expected 4–6 April`);
  }
  return qingming;
}

/**
 * The statutory holidays of `year` (全体公民放假的节日) under 全国年节及纪念日放假办法 art. 2 as revised
 * by State Council Decree 795 (2024), in force from 2025: 元旦 1 Jan; 春节 除夕 (the last day of lunar
 * month 12) to 正月初三, 4 days; 清明 the Qingming solar-term day; 劳动节 1–2 May; 端午 lunar 5-5;
 * 中秋 lunar 8-15; 国庆节 1–3 Oct. Thirteen days. When two fall on one date the names are joined (、).
 *
 * Not included: the weekday 补假 the same measures grant when a holiday falls on a weekend, and the
 * 调休 swaps of each notice; neither has a fixed date until the notice is published.
 * Lunar dates and the solar term come from the `chinese-days` tables (1900–2100). Confidence: high
 * for the dates listed (checked against the published 2025 and 2026 notices and the ICU Chinese calendar).
 */
export function statutoryHolidays(year: number): Map<string, string> {
  if (!Number.isInteger(year) || year < 1901 || year > LAST_COMPUTABLE_YEAR) {
    throw new RangeError(`statutory holidays can be computed for 1901–${LAST_COMPUTABLE_YEAR}, not ${year}`);
  }
  const days = new Map<string, string>();
  const add = (day: string, name: string): void => {
    const existing = days.get(day);
    days.set(day, existing === undefined ? name : `${existing}、${name}`);
  };
  add(`${year}-01-01`, '元旦');
  const newYear = lunarToSolar(year, 1, 1);
  for (let n = -1; n <= 2; n += 1) add(addDays(newYear, n), '春节');
  add(qingmingOf(year), '清明');
  add(`${year}-05-01`, '劳动节');
  add(`${year}-05-02`, '劳动节');
  add(lunarToSolar(year, 5, 5), '端午');
  add(lunarToSolar(year, 8, 15), '中秋');
  for (const day of ['10-01', '10-02', '10-03']) add(`${year}-${day}`, '国庆节');
  return new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Builds the holiday table: the notices shipped with `chinese-days`, then each year of the holiday
 * file (`options.file`, default {@link DEFAULT_HOLIDAYS_FILE}; a missing default file counts as empty)
 * replacing that year, then {@link statutoryHolidays} for every year after the last published one up
 * to `options.throughYear` (default publishedThrough + 5).
 *
 * Throws {@link HolidayFileError} naming the bad key when the file does not validate, or when it skips
 * a year (a year after the packaged data must follow the one before it, so no unpublished year is
 * mistaken for a published one without holidays); a RangeError for a `throughYear` past 2099.
 *
 * Source: State Council yearly holiday notices (via `chinese-days`, which cites each gov.cn notice);
 * 全国年节及纪念日放假办法 (rev. 2024) for provisional years. Confidence: high for published years.
 */
export function loadHolidayTable(options: LoadHolidayTableOptions = {}): LoadedHolidayTable {
  const file = options.file ?? DEFAULT_HOLIDAYS_FILE;
  const fromPackage = readPackageYears();
  const fromFile = readFileYears(file, options.file === undefined);

  const packageLast = Math.max(...fromPackage.keys());
  const fileYears = [...fromFile.keys()].sort((a, b) => a - b);
  for (const year of fileYears) {
    if (year > packageLast + 1 && !fromFile.has(year - 1)) {
      throw new HolidayFileError(
        file,
        `years.${year}`,
        `year ${year - 1} is missing; add published years in order`,
      );
    }
  }

  const years = new Map([...fromPackage, ...fromFile]);
  const firstYear = Math.min(...years.keys());
  const publishedThrough = Math.max(...years.keys());
  const provisionalThrough = options.throughYear ?? Math.min(publishedThrough + 5, LAST_COMPUTABLE_YEAR);
  if (!Number.isInteger(provisionalThrough) || provisionalThrough > LAST_COMPUTABLE_YEAR) {
    throw new RangeError(
      `throughYear must be a whole year up to ${LAST_COMPUTABLE_YEAR}, not ${provisionalThrough}`,
    );
  }

  const holidays = new Map<string, string>();
  const makeupWorkdays = new Set<string>();
  for (const year of [...years.keys()].sort((a, b) => a - b)) {
    const data = years.get(year)!;
    for (const [day, name] of data.holidays) holidays.set(day, name);
    for (const day of data.makeupWorkdays) makeupWorkdays.add(day);
  }
  const provisionalHolidays = new Map<string, string>();
  for (let year = publishedThrough + 1; year <= provisionalThrough; year += 1) {
    for (const [day, name] of statutoryHolidays(year)) provisionalHolidays.set(day, name);
  }

  return {
    firstYear,
    publishedThrough,
    provisionalThrough: Math.max(provisionalThrough, publishedThrough),
    holidays,
    makeupWorkdays,
    provisionalHolidays,
  };
}
