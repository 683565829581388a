/**
 * Instants as residents read them in chat. Instants are stored in UTC (conventions.md §3) and shown in
 * the display time zone — Asia/Shanghai unless configured (`JIATI_DISPLAY_TZ`).
 */

/** The time zone of every time the bot shows unless the caller passes another. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Only the numeric parts are used, so the locale's own punctuation never reaches the text.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const documentFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A UTC instant as a printed record shows it, with the year (a record is filed for years):
 * `2025-03-10T08:05:00Z` → `2025年3月10日 16:05` in Asia/Shanghai.
 *
 * @throws RangeError for an invalid `Date` or an unknown time zone.
 */
export function formatDocumentTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let formatter = documentFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    documentFormatters.set(timeZone, formatter);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter.formatToParts(at)) parts[part.type] = part.value;
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/**
 * A UTC instant as a chat time in `timeZone`: month and day without leading zeros, 24-hour clock with
 * them — `2025-11-25T06:05:00Z` → `11月25日 14:05`; `2025-11-25T16:30:00Z` → `11月26日 00:30` (already
 * the next day in Shanghai). No year: a ballot or notice lives within weeks.
 *
 * @throws RangeError for an invalid `Date` or an unknown time zone (a bug upstream; config validates
 *   the zone at start).
 */
export function formatChatTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}
