/**
 * When the bot may speak: quiet hours, rate limits and retry back-off for the outbox. Pure and
 * deterministic: every function takes `now` and does no I/O, so the worker's timing rules are tested
 * as a table (test/bot/outbox-policy.test.ts).
 */
import type { OutboxPriority } from '../models/outbox.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Asia/Shanghai is UTC+8 all year: China has had no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 60 * MINUTE_MS;

/**
 * A daily quiet window in Asia/Shanghai time, as minutes after midnight: from `startMinute`
 * (included) to `endMinute` (excluded). It crosses midnight when `startMinute > endMinute`
 * (21:30–08:00); it is empty (no quiet hours) when they are equal.
 */
export interface QuietHours {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** 21:30–08:00 Asia/Shanghai. */
export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 21 * 60 + 30, endMinute: 8 * 60 };

/** Milliseconds since Shanghai midnight of `now`, and that midnight as a UTC instant. */
function shanghaiDay(now: Date): { msOfDay: number; midnightMs: number } {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const msOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  return { msOfDay, midnightMs: now.getTime() - msOfDay };
}

/** Whether `now` falls in the quiet window. */
export function isQuietAt(now: Date, quietHours: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const { startMinute, endMinute } = quietHours;
  const minute = Math.floor(shanghaiDay(now).msOfDay / MINUTE_MS);
  if (startMinute === endMinute) return false;
  return startMinute < endMinute
    ? minute >= startMinute && minute < endMinute
    : minute >= startMinute || minute < endMinute;
}

/**
 * The earliest instant from `now` on at which a message of `priority` may be sent as far as quiet
 * hours go: `now` for a reply (it answers the person who just spoke) or outside quiet hours, else the
 * window's next end (08:00 Asia/Shanghai by default).
 */
export function nextAllowedAt(
  now: Date,
  priority: OutboxPriority,
  quietHours: QuietHours = DEFAULT_QUIET_HOURS,
): Date {
  if (priority !== 'notice' || !isQuietAt(now, quietHours)) return now;
  const { midnightMs } = shanghaiDay(now);
  const endToday = midnightMs + quietHours.endMinute * MINUTE_MS;
  return new Date(endToday > now.getTime() ? endToday : endToday + DAY_MS);
}

/** How fast the bot may speak. `Infinity` turns a limit off. */
export interface OutboxLimits {
  /** At most this many messages in any one second, per group (`groupKey`). */
  readonly perGroupPerSecond: number;
  /** At most this many messages in any one minute, for the whole bot account. */
  readonly perMinute: number;
}

/** ≤ 1 message/s per group, ≤ 40/min per bot account. */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { perGroupPerSecond: 1, perMinute: 40 };

/**
 * A sliding-window rate limiter over booked send times. Deterministic given `now`; `now` should not
 * go backwards between calls (times older than the window before `now` are forgotten).
 */
export interface SendLimiter {
  /** The earliest instant ≥ `now` at which a message of `groupKey` may be sent; books nothing. */
  peek(groupKey: string | null, now: Date): Date;
  /** Like {@link peek}, and books that instant: the caller sends then (not earlier). */
  reserve(groupKey: string | null, now: Date): Date;
}

/** At most `limit` booked times in any half-open window `[x, x + windowMs)`. */
interface Window {
  readonly windowMs: number;
  readonly limit: number;
}

/** The number of `times` (sorted) in `[from, to)`. */
function countIn(times: readonly number[], from: number, to: number): number {
  return lowerBound(times, to) - lowerBound(times, from);
}

function lowerBound(times: readonly number[], value: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether one more booking at `t` keeps every window of `times` within the limit. A window that holds
 * `t` and the most booked times can be taken to start at `t` or at a booked time in `(t − W, t]`.
 */
function fits(times: readonly number[], t: number, { windowMs, limit }: Window): boolean {
  if (times.length === 0 || times[times.length - 1]! <= t) {
    return countIn(times, t - windowMs + 1, t + 1) + 1 <= limit;
  }
  if (countIn(times, t, t + windowMs) + 1 > limit) return false;
  for (let i = lowerBound(times, t - windowMs + 1); i < times.length && times[i]! <= t; i++) {
    if (countIn(times, times[i]!, times[i]! + windowMs) + 1 > limit) return false;
  }
  return true;
}

function insertSorted(times: number[], t: number): void {
  times.splice(lowerBound(times, t + 1), 0, t);
}

/**
 * Creates the limiter of one bot account: `limits.perGroupPerSecond` per group per second, and
 * `limits.perMinute` in all. A message with no `groupKey` counts against the account only. The next
 * allowed instant is the earliest one at which both windows have room; it can only be `now` or the
 * moment a booked time leaves a window, so those are the only candidates tried.
 */
export function createSendLimiter(limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS): SendLimiter {
  if (!(limits.perGroupPerSecond >= 1 && limits.perMinute >= 1)) {
    throw new RangeError('outbox limits must be at least 1 (Infinity turns a limit off)');
  }
  const group: Window = { windowMs: 1000, limit: limits.perGroupPerSecond };
  const account: Window = { windowMs: MINUTE_MS, limit: limits.perMinute };
  const byGroup = new Map<string, number[]>();
  const all: number[] = [];

  const forget = (times: number[], now: number, windowMs: number) => {
    const keep = lowerBound(times, now - windowMs);
    if (keep > 0) times.splice(0, keep);
  };

  const find = (groupKey: string | null, now: Date): { at: number; groupTimes: number[] | undefined } => {
    const t0 = now.getTime();
    forget(all, t0, account.windowMs);
    let groupTimes = groupKey === null ? undefined : byGroup.get(groupKey);
    if (groupTimes) {
      forget(groupTimes, t0, group.windowMs);
      if (groupTimes.length === 0) {
        byGroup.delete(groupKey!);
        groupTimes = undefined;
      }
    }
    const checks: [number[], Window][] = [];
    if (Number.isFinite(account.limit)) checks.push([all, account]);
    if (groupTimes && Number.isFinite(group.limit)) checks.push([groupTimes, group]);
    const candidates = [t0];
    for (const [times, window] of checks) {
      for (const t of times) if (t + window.windowMs > t0) candidates.push(t + window.windowMs);
    }
    candidates.sort((a, b) => a - b);
    for (const t of candidates) {
      if (checks.every(([times, window]) => fits(times, t, window))) return { at: t, groupTimes };
    }
    /* c8 ignore next -- the last candidate is past every booked time, so it always fits */
    return { at: candidates[candidates.length - 1]!, groupTimes };
  };

  return {
    peek: (groupKey, now) => new Date(find(groupKey, now).at),
    reserve(groupKey, now) {
      const { at, groupTimes } = find(groupKey, now);
      if (Number.isFinite(account.limit)) insertSorted(all, at);
      if (groupKey !== null && Number.isFinite(group.limit)) {
        const times = groupTimes ?? [];
        if (!groupTimes) byGroup.set(groupKey, times);
        insertSorted(times, at);
      }
      return new Date(at);
    },
  };
}

/**
 * How long to wait before retrying a send that failed `attempts` times: 2^attempts seconds (2 s, 4 s,
 * 8 s…), at most `capMs`.
 */
export function retryDelayMs(attempts: number, capMs: number): number {
  return Math.min(2 ** attempts * 1000, capMs);
}
