import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { STAGE_TRANSITIONS, type Stage } from '../../../domain/case/index.js';
import {
  FUNNEL_STAGES,
  daysOf,
  funnel,
  median,
  timeInStages,
  type StageChange,
} from '../../../domain/dashboard/index.js';
import { fastCheckSeed } from '../../support/fast-check.js';

const seed = fastCheckSeed('dashboard/funnel.test.ts');
const params = { seed, numRuns: 300 };
const DAY = 86_400_000;
const T0 = Date.parse('2025-03-03T02:00:00.000Z');
const day = (n: number) => new Date(T0 + n * DAY);

/** A history from stages entered on the given days (the first from `new`). */
function history(...moves: [Stage, number][]): StageChange[] {
  return moves.map(([to, on], index) => ({
    seq: index + 1,
    from: index === 0 ? 'new' : moves[index - 1]![0],
    to,
    at: day(on),
  }));
}

const row = (rows: ReturnType<typeof funnel>, stage: Stage) => rows.find((r) => r.stage === stage)!;

describe('median', () => {
  it.each([
    [[], undefined],
    [[7], 7],
    [[1, 3], 2],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input as it was', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('daysOf', () => {
  it('turns milliseconds into days to one decimal', () => {
    expect(daysOf(3 * DAY)).toBe(3);
    expect(daysOf(1.5 * DAY)).toBe(1.5);
    expect(daysOf(DAY / 3)).toBe(0.3);
  });
});

describe('timeInStages', () => {
  it('adds up the visits of a stage entered twice, and marks the stage the case is in now', () => {
    const changes = history(
      ['canvassing', 0],
      ['planning', 2],
      ['voting', 5],
      ['planning', 9],
      ['voting', 10],
    );
    const times = timeInStages(changes, day(20));
    expect(times.get('canvassing')).toEqual({ ms: 2 * DAY, current: false });
    expect(times.get('planning')).toEqual({ ms: 4 * DAY, current: false });
    expect(times.get('voting')).toEqual({ ms: 14 * DAY, current: true });
    expect(times.has('agreement')).toBe(false);
  });

  it('reads changes in any order, counts a repeated one once, and never a negative time', () => {
    const [a, b, c] = history(['canvassing', 0], ['planning', 3], ['voting', 2]);
    const times = timeInStages([c!, a!, b!, a!], day(4));
    expect(times.get('canvassing')).toEqual({ ms: 3 * DAY, current: false });
    expect(times.get('planning')).toEqual({ ms: 0, current: false });
    expect(times.get('voting')).toEqual({ ms: 2 * DAY, current: true });
  });
});

describe('funnel', () => {
  it('counts the cases that reached each stage and the median days of those that left it', () => {
    const rows = funnel(
      [
        history(['canvassing', 0], ['planning', 4], ['voting', 10], ['agreement', 17]),
        history(['canvassing', 0], ['planning', 6], ['voting', 8]),
        history(['canvassing', 1], ['planning', 3]),
        history(['canvassing', 2]),
      ],
      day(30),
    );
    expect(rows.map((r) => r.stage)).toEqual(FUNNEL_STAGES);
    expect(row(rows, 'canvassing')).toEqual({
      stage: 'canvassing',
      reached: 4,
      current: 1,
      left: 3,
      medianDays: 4, // 4, 6 and 2 days
    });
    expect(row(rows, 'planning')).toEqual({
      stage: 'planning',
      reached: 3,
      current: 1,
      left: 2,
      medianDays: 4,
    }); // 6 and 2
    expect(row(rows, 'voting')).toEqual({ stage: 'voting', reached: 2, current: 1, left: 1, medianDays: 7 });
    expect(row(rows, 'agreement')).toEqual({
      stage: 'agreement',
      reached: 1,
      current: 1,
      left: 0,
      medianDays: null,
    });
    for (const stage of FUNNEL_STAGES.slice(4)) {
      expect(row(rows, stage)).toEqual({ stage, reached: 0, current: 0, left: 0, medianDays: null });
    }
  });

  it('of no case is every stage at 0', () => {
    expect(funnel([], day(0)).every((r) => r.reached === 0 && r.medianDays === null)).toBe(true);
  });
});

/** A case's way through the stage graph: each move along `STAGE_TRANSITIONS`, after 0–60 days. */
const historyArb: fc.Arbitrary<StageChange[]> = fc
  .tuple(
    fc.integer({ min: 0, max: 365 * DAY }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 60 * DAY })), { maxLength: 14 }),
  )
  .map(([start, steps]) => {
    const changes: StageChange[] = [{ seq: 1, from: 'new', to: 'canvassing', at: new Date(T0 + start) }];
    for (const [pick, wait] of steps) {
      const last = changes.at(-1)!;
      const next = STAGE_TRANSITIONS[last.to];
      if (next.length === 0) break;
      changes.push({
        seq: last.seq + 1 + (pick % 3),
        from: last.to,
        to: next[pick % next.length]!,
        at: new Date(last.at.getTime() + wait),
      });
    }
    return changes;
  });

const casesArb = fc.array(historyArb, { maxLength: 25 });
const nowOf = (cases: readonly StageChange[][], extra: number) =>
  new Date(Math.max(T0 + 400 * DAY, ...cases.flatMap((c) => c.map((x) => x.at.getTime()))) + extra);

describe('funnel properties', () => {
  it('median lies between the least and the greatest value, whatever their order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 40 }),
        (values) => {
          const m = median(values)!;
          expect(m).toBeGreaterThanOrEqual(Math.min(...values));
          expect(m).toBeLessThanOrEqual(Math.max(...values));
          expect(median([...values].reverse())).toBe(m);
          if (values.length % 2 === 1) expect(values).toContain(m);
          // One value added below and one above leave the middle where it was.
          expect(median([...values, Math.min(...values) - 1, Math.max(...values) + 1])).toBe(m);
        },
      ),
      params,
    );
  });

  it('counts every case in the one stage it is in now, and as many left a stage as reached it and are not in it', () => {
    fc.assert(
      fc.property(casesArb, fc.nat(30 * DAY), (cases, extra) => {
        const rows = funnel(cases, nowOf(cases, extra));
        expect(rows.reduce((sum, r) => sum + r.current, 0)).toBe(cases.length);
        for (const r of rows) {
          expect(r.current + r.left).toBe(r.reached);
          expect(r.reached).toBe(cases.filter((c) => c.some((change) => change.to === r.stage)).length);
          expect(r.medianDays === null).toBe(r.left === 0);
        }
      }),
      params,
    );
  });

  it('does not depend on the order of the cases', () => {
    fc.assert(
      fc.property(casesArb, fc.nat(30 * DAY), (cases, extra) => {
        const now = nowOf(cases, extra);
        expect(funnel([...cases].reverse(), now)).toEqual(funnel(cases, now));
      }),
      params,
    );
  });

  it("splits each case's whole time since its registration among its stages, and puts each median among the times it summarises", () => {
    fc.assert(
      fc.property(casesArb, fc.nat(30 * DAY), (cases, extra) => {
        const now = nowOf(cases, extra);
        const times = cases.map((c) => timeInStages(c, now));
        cases.forEach((c, index) => {
          const total = [...times[index]!.values()].reduce((sum, time) => sum + time.ms, 0);
          expect(total).toBe(now.getTime() - c[0]!.at.getTime());
        });
        for (const r of funnel(cases, now)) {
          if (r.medianDays === null) continue;
          const finished = times.flatMap((t) => {
            const spent = t.get(r.stage);
            return spent === undefined || spent.current ? [] : [spent.ms];
          });
          expect(r.medianDays).toBeGreaterThanOrEqual(daysOf(Math.min(...finished)));
          expect(r.medianDays).toBeLessThanOrEqual(daysOf(Math.max(...finished)));
          expect(r.medianDays).toBe(daysOf(median(finished)!));
        }
      }),
      params,
    );
  });
});
