import { fastCheckSeed } from '../support/fast-check.js';
/**
 * The outbox's timing rules, pure: quiet hours in Asia/Shanghai, the per-group and per-account
 * sliding-window limiter, retry back-off, and the configuration they are read from.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createSendLimiter,
  DEFAULT_QUIET_HOURS,
  isQuietAt,
  nextAllowedAt,
  retryDelayMs,
  type QuietHours,
} from '../../bot/outbox-policy.js';
import { loadConfig } from '../../lib/config.js';

const seed = fastCheckSeed('outbox-policy.test.ts');

/** An instant given as Asia/Shanghai wall time (UTC+8, no DST). */
const shanghai = (local: string) => new Date(`${local}+08:00`);
const iso = (date: Date) => date.toISOString();
const window = (start: string, end: string): QuietHours => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { startMinute: minutes(start), endMinute: minutes(end) };
};

describe('quiet hours (default 21:30–08:00 Asia/Shanghai)', () => {
  it.each([
    ['2025-03-03T21:29:00', '2025-03-03T21:29:00', 'just before quiet hours: at once'],
    ['2025-03-03T21:29:59.999', '2025-03-03T21:29:59.999', 'the last millisecond before: at once'],
    ['2025-03-03T21:30:00', '2025-03-04T08:00:00', 'at 21:30: the next morning at 08:00'],
    ['2025-03-03T23:59:59', '2025-03-04T08:00:00', 'before midnight: the next morning'],
    ['2025-03-04T00:00:00', '2025-03-04T08:00:00', 'at midnight: the same morning'],
    ['2025-03-04T07:59:00', '2025-03-04T08:00:00', 'at 07:59: one minute later'],
    ['2025-03-04T07:59:59.999', '2025-03-04T08:00:00', 'the last millisecond of quiet hours'],
    ['2025-03-04T08:00:00', '2025-03-04T08:00:00', 'at 08:00: at once'],
    ['2025-12-31T22:00:00', '2026-01-01T08:00:00', 'across a year end'],
  ])('a notice at %s Shanghai goes at %s (%s)', (at, expected) => {
    expect(iso(nextAllowedAt(shanghai(at), 'notice'))).toBe(iso(shanghai(expected)));
  });

  it.each(['2025-03-03T21:30:00', '2025-03-04T02:00:00', '2025-03-04T07:59:00', '2025-03-04T12:00:00'])(
    'a reply at %s Shanghai goes at once',
    (at) => {
      expect(iso(nextAllowedAt(shanghai(at), 'reply'))).toBe(iso(shanghai(at)));
    },
  );

  it('computes in Shanghai time whatever the process time zone: 22:00 Shanghai is 14:00 UTC', () => {
    expect(isQuietAt(new Date('2025-03-03T14:00:00Z'))).toBe(true);
    expect(isQuietAt(new Date('2025-03-03T13:29:00Z'))).toBe(false);
    expect(iso(nextAllowedAt(new Date('2025-03-03T14:00:00Z'), 'notice'))).toBe('2025-03-04T00:00:00.000Z');
  });

  it.each([
    // a window that does not cross midnight: 12:00–14:00
    [window('12:00', '14:00'), '2025-03-03T11:59:00', '2025-03-03T11:59:00'],
    [window('12:00', '14:00'), '2025-03-03T12:00:00', '2025-03-03T14:00:00'],
    [window('12:00', '14:00'), '2025-03-03T13:59:00', '2025-03-03T14:00:00'],
    [window('12:00', '14:00'), '2025-03-03T14:00:00', '2025-03-03T14:00:00'],
    [window('12:00', '14:00'), '2025-03-03T23:00:00', '2025-03-03T23:00:00'],
    // a window that starts at midnight
    [window('00:00', '06:00'), '2025-03-03T00:00:00', '2025-03-03T06:00:00'],
    [window('00:00', '06:00'), '2025-03-02T23:59:00', '2025-03-02T23:59:00'],
    // start = end: no quiet hours at all
    [window('22:00', '22:00'), '2025-03-03T22:00:00', '2025-03-03T22:00:00'],
    [window('22:00', '22:00'), '2025-03-03T03:00:00', '2025-03-03T03:00:00'],
  ])('with quiet hours %j a notice at %s Shanghai goes at %s', (quiet, at, expected) => {
    expect(iso(nextAllowedAt(shanghai(at), 'notice', quiet))).toBe(iso(shanghai(expected)));
  });

  it('never sends a notice inside quiet hours and never delays one past the next end (property)', () => {
    const quietHours = fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }))
      .map(([startMinute, endMinute]) => ({ startMinute, endMinute }));
    const instants = fc
      .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(quietHours, instants, (quiet, now) => {
        const at = nextAllowedAt(now, 'notice', quiet);
        expect(at.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
        expect(isQuietAt(at, quiet)).toBe(false);
        if (at.getTime() > now.getTime()) {
          expect(isQuietAt(new Date(at.getTime() - 1), quiet)).toBe(true);
        }
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('the send limiter (default ≤ 1/s per group, ≤ 40/min per account)', () => {
  const T = Date.parse('2025-03-03T02:00:00Z');
  const at = (ms: number) => new Date(T + ms);
  const offsets = (dates: Date[]) => dates.map((d) => d.getTime() - T);

  it('spaces the messages of one group one second apart', () => {
    const limiter = createSendLimiter();
    expect(offsets([0, 0, 0, 0].map(() => limiter.reserve('g1', at(0))))).toEqual([0, 1000, 2000, 3000]);
  });

  it('lets another group and a private message go at once', () => {
    const limiter = createSendLimiter();
    limiter.reserve('g1', at(0));
    expect(offsets([limiter.reserve('g2', at(0)), limiter.reserve(null, at(0))])).toEqual([0, 0]);
    expect(offsets([limiter.reserve('g1', at(0))])).toEqual([1000]);
  });

  it.each([
    [999, 1000],
    [1000, 1000],
    [1500, 1500],
  ])('after a send at 0, a group asking at %i ms may send at %i ms', (asked, allowed) => {
    const limiter = createSendLimiter();
    limiter.reserve('g1', at(0));
    expect(offsets([limiter.reserve('g1', at(asked))])).toEqual([allowed]);
  });

  it('peeks without booking', () => {
    const limiter = createSendLimiter();
    limiter.reserve('g1', at(0));
    expect(offsets([limiter.peek('g1', at(0)), limiter.peek('g1', at(0))])).toEqual([1000, 1000]);
    expect(offsets([limiter.peek('g2', at(0))])).toEqual([0]);
  });

  it('holds the 41st message of a minute until the first leaves the window', () => {
    const limiter = createSendLimiter();
    const sent = Array.from({ length: 41 }, (_, i) => limiter.reserve(`g${i}`, at(i * 100)));
    expect(offsets(sent.slice(0, 40))).toEqual(Array.from({ length: 40 }, (_, i) => i * 100));
    expect(offsets(sent.slice(40))).toEqual([60_000]);
    // the 42nd waits for the second to leave
    expect(offsets([limiter.reserve('g99', at(4100))])).toEqual([60_100]);
  });

  it('fills a free slot before a booked future one when both limits allow it', () => {
    const limiter = createSendLimiter({ perGroupPerSecond: 1, perMinute: 3 });
    expect(offsets([limiter.reserve('g1', at(0)), limiter.reserve('g1', at(0))])).toEqual([0, 1000]);
    expect(offsets([limiter.reserve('g2', at(0))])).toEqual([0]);
    // three in [0, 60 000) now: the next goes when the first leaves the window
    expect(offsets([limiter.reserve('g3', at(0))])).toEqual([60_000]);
  });

  it('turns a limit off with Infinity, and refuses a limit below 1', () => {
    const off = createSendLimiter({ perGroupPerSecond: Infinity, perMinute: Infinity });
    expect(offsets(Array.from({ length: 100 }, () => off.reserve('g1', at(0))))).toEqual(Array(100).fill(0));
    expect(() => createSendLimiter({ perGroupPerSecond: 0, perMinute: 40 })).toThrow(RangeError);
  });

  it('never books two sends of a group less than 1 s apart, nor 41 in any 60 s (property)', () => {
    const step = fc.record({
      group: fc.constantFrom('g1', 'g2', 'g3', null),
      waitMs: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 70_000 }),
      ),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 150 }), (steps) => {
        const limiter = createSendLimiter();
        let now = T;
        const booked: { group: string | null; at: number }[] = [];
        for (const { group, waitMs } of steps) {
          now += waitMs;
          const slot = limiter.reserve(group, new Date(now)).getTime();
          expect(slot).toBeGreaterThanOrEqual(now);
          booked.push({ group, at: slot });
        }
        for (const group of ['g1', 'g2', 'g3']) {
          const times = booked
            .filter((b) => b.group === group)
            .map((b) => b.at)
            .sort((a, b) => a - b);
          for (let i = 1; i < times.length; i++)
            expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
        }
        const all = booked.map((b) => b.at).sort((a, b) => a - b);
        for (let i = 40; i < all.length; i++) expect(all[i]! - all[i - 40]!).toBeGreaterThanOrEqual(60_000);
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe('retry back-off', () => {
  it.each([
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [10, 600_000],
    [30, 600_000],
  ])('after %i failed attempts waits %i ms (capped at 10 min)', (attempts, ms) => {
    expect(retryDelayMs(attempts, 600_000)).toBe(ms);
  });
});

describe('outbox configuration', () => {
  const token = 'a-token-of-sixteen+';

  it('defaults to 1/s per group, 40/min, quiet 21:30–08:00 and a 500 ms poll', () => {
    expect(loadConfig({ JIATI_ADMIN_TOKEN: token })).toMatchObject({
      outboxPerGroupPerSecond: 1,
      outboxPerMinute: 40,
      quietHours: DEFAULT_QUIET_HOURS,
      outboxPollMs: 500,
    });
  });

  it('reads every outbox setting', () => {
    expect(
      loadConfig({
        JIATI_ADMIN_TOKEN: token,
        JIATI_OUTBOX_PER_GROUP_PER_SECOND: '2',
        JIATI_OUTBOX_PER_MINUTE: '20',
        JIATI_QUIET_HOURS: '12:00-14:30',
        JIATI_OUTBOX_POLL_MS: '100',
      }),
    ).toMatchObject({
      outboxPerGroupPerSecond: 2,
      outboxPerMinute: 20,
      quietHours: { startMinute: 720, endMinute: 870 },
      outboxPollMs: 100,
    });
  });

  it.each([
    ['JIATI_QUIET_HOURS', '21:30', /^Configuration error: JIATI_QUIET_HOURS must be HH:MM-HH:MM/],
    ['JIATI_QUIET_HOURS', '24:00-08:00', /^Configuration error: JIATI_QUIET_HOURS .*\(got "24:00-08:00"\)$/],
    ['JIATI_QUIET_HOURS', '9:30-08:00', /^Configuration error: JIATI_QUIET_HOURS /],
    ['JIATI_OUTBOX_PER_GROUP_PER_SECOND', '0', /^Configuration error: JIATI_OUTBOX_PER_GROUP_PER_SECOND /],
    ['JIATI_OUTBOX_PER_MINUTE', 'many', /^Configuration error: JIATI_OUTBOX_PER_MINUTE /],
    ['JIATI_OUTBOX_POLL_MS', '5', /^Configuration error: JIATI_OUTBOX_POLL_MS /],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ JIATI_ADMIN_TOKEN: token, [name]: value })).toThrow(message);
  });
});
