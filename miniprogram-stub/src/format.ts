/** Numbers and times as residents read them: yuan with fen, and Beijing time without a time zone. */

/** `4117647` fen → `41,176.47 元`. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${cents} 元`;
}

/** An instant in UTC → `3月10日 10:00` in Beijing time (UTC+8 all year; no Intl on old phones). */
export function beijingTime(iso: string): string {
  const at = new Date(Date.parse(iso) + 8 * 3_600_000);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${hh}:${mm}`;
}

/** An instant in UTC → `2025年3月3日` in Beijing time (a case's history spans years). */
export function beijingDay(iso: string): string {
  const at = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${at.getUTCFullYear()}年${at.getUTCMonth() + 1}月${at.getUTCDate()}日`;
}

/** A permille coefficient → `0.7`. */
export function permille(value: number): string {
  return String(value / 1000);
}
