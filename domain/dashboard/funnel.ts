/**
 * The funnel of the cases in a sub-district or district: for each stage of the process, how many
 * cases reached it, and how long they took in it — from the times at which their streams changed
 * stage ({@link StageChange}). Pure: `now` is passed in.
 */
import { stagesFrom, type Stage } from '../case/index.js';
import type { StageChange } from './history.js';

const MS_PER_DAY = 86_400_000;

/**
 * The stages of the funnel, in process order: from canvassing (the unit registered) through the vote,
 * publicity, the application, the works and the handover, to the elevator registered and in service.
 * Stages no case has reached yet count 0.
 */
export const FUNNEL_STAGES: readonly Stage[] = stagesFrom('canvassing');

/** One stage of the funnel. */
export interface FunnelRow {
  readonly stage: Stage;
  /** Cases whose stream entered the stage at least once. */
  readonly reached: number;
  /** Cases in the stage now. */
  readonly current: number;
  /** Cases that entered the stage and are no longer in it: their time in it is known. */
  readonly left: number;
  /**
   * The median over the cases that `left` of each one's whole time in the stage (every visit added
   * up: a ballot that failed and a second one are one time at `voting`), in days to one decimal;
   * null when no case has left the stage.
   */
  readonly medianDays: number | null;
}

/**
 * The median of `values`: the middle one, or the mean of the two middle ones for an even count;
 * undefined for none. The input is not changed.
 */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds as days, to one decimal. */
export function daysOf(ms: number): number {
  return Math.round(ms / (MS_PER_DAY / 10)) / 10;
}

/** How long one case spent in one stage, and whether it is there now. */
export interface StageTime {
  readonly ms: number;
  readonly current: boolean;
}

/**
 * The time one case spent in each stage it entered, from its stage changes (in any order; a repeated
 * seq counts once): each visit lasts from the change that entered the stage to the next change, and
 * the last one until `now`. A visit whose end precedes its start (two servers' clocks apart) counts 0.
 */
export function timeInStages(changes: readonly StageChange[], now: Date): Map<Stage, StageTime> {
  const bySeq = new Map(changes.map((change) => [change.seq, change]));
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const times = new Map<Stage, StageTime>();
  ordered.forEach((change, index) => {
    const next = ordered[index + 1];
    const end = next === undefined ? now : next.at;
    const ms = Math.max(0, end.getTime() - change.at.getTime());
    const before = times.get(change.to)?.ms ?? 0;
    times.set(change.to, { ms: before + ms, current: next === undefined });
  });
  return times;
}

/**
 * The funnel over `histories` (each case's stage changes) at `now`, one row per {@link FUNNEL_STAGES}
 * stage, in order. See {@link FunnelRow} for what each figure counts.
 */
export function funnel(histories: readonly (readonly StageChange[])[], now: Date): FunnelRow[] {
  const times = histories.map((changes) => timeInStages(changes, now));
  return FUNNEL_STAGES.map((stage) => {
    const visits = times.flatMap((time) => {
      const spent = time.get(stage);
      return spent === undefined ? [] : [spent];
    });
    const finished = visits.filter((visit) => !visit.current).map((visit) => visit.ms);
    const middle = median(finished);
    return {
      stage,
      reached: visits.length,
      current: visits.length - finished.length,
      left: finished.length,
      medianDays: middle === undefined ? null : daysOf(middle),
    };
  });
}
