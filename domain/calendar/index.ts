/**
 * The calendar of legal periods: calendar days as `YYYY-MM-DD` (Asia/Shanghai), working days from a
 * State Council holiday table passed in, and period ends under Civil Code arts. 201–203.
 */
export { addCalendarDays, dayOfWeek, endOfDayAt, parseDay, shanghaiDayOf } from './day.js';
export {
  isRestDay,
  isWorkingDay,
  type DayKind,
  type HolidayTable,
  type WorkingDayStatus,
} from './working-days.js';
export {
  MAX_PERIOD_LENGTH,
  MIN_PERIOD_LENGTH,
  periodEnd,
  type PeriodEnd,
  type PeriodUnit,
} from './period.js';
