/**
 * One community's board, as its residents' committee and the officers above it read it: its units by
 * stage, the cases that have gone quiet, the objections still open and where they stand on the
 * mediation ladder, and the legal periods and clocks that end in the coming days (domain.md §3, §8).
 * Pure: the states, the time of each case's last event, `now` and the holiday calendar are passed in.
 */
import { addCalendarDays, endOfDayAt, shanghaiDayOf, type HolidayTable } from '../calendar/index.js';
import { dayNumberOf } from '../calendar/day.js';
import {
  MEDIATION_LEVELS,
  nextMediationLevels,
  openObjections,
  standingMediations,
  type CaseState,
  type MediationLevel,
  type ObjectionGround,
  type Stage,
} from '../case/index.js';
import { DEFAULT_CLOCK_SETTINGS, planCaseClocks, type ClockKind } from '../clocks/index.js';
import { FUNNEL_STAGES } from './funnel.js';

/**
 * A case with no event for this many days (Asia/Shanghai calendar days) is stalled: the same 14 days
 * after which an open ballot still short of the participation threshold alerts the committee
 * (`quorumStallDays`, domain/clocks/settings.ts), applied to every stage. A case in service is done,
 * never stalled.
 */
export const STALLED_AFTER_DAYS = DEFAULT_CLOCK_SETTINGS.quorumStallDays;

/** Deadlines are listed from now to 24:00 (Asia/Shanghai) of the day this many days after today. */
export const DEADLINE_WINDOW_DAYS = 7;

/**
 * What the board lists as deadlines: the clocks that end something — a ballot's close, its
 * participation check, the end of publicity (Civil Code arts. 201–203), the working-day limits of
 * the mediation ladder and of an alert's acknowledgement — and the joint review's 10 working days
 * (domain.md §4). The reminders and publicity's midpoint notice are messages, not ends, and are left out.
 */
export const DEADLINE_KINDS = [
  'ballot.close',
  'ballot.stall',
  'publicity.end',
  'objection.stall',
  'alert.escalate',
  'joint_review.due',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** One unit as the board reads it: its id, its name, its state and the time of its last event. */
export interface BoardUnit {
  readonly unitId: string;
  readonly name?: string;
  readonly state: CaseState;
  /** When its stream's last event was appended; unknown (undefined) makes it never stalled. */
  readonly lastEventAt?: Date;
}

/** A unit with no event for {@link STALLED_AFTER_DAYS} days or more. */
export interface StalledUnit {
  readonly unitId: string;
  readonly name?: string;
  readonly stage: Stage;
  readonly lastEventAt: Date;
  /** The Asia/Shanghai day of the last event. */
  readonly lastEventOn: string;
  /** Calendar days from that day to today. */
  readonly days: number;
}

/** An effective objection still open, and where it stands on the mediation ladder (domain.md §3). */
export interface OpenDispute {
  readonly unitId: string;
  readonly name?: string;
  readonly objectionId: string;
  readonly ground: ObjectionGround;
  readonly filedAt: Date;
  /** The highest rung reached by the steps still standing; absent before the first step. */
  readonly level?: MediationLevel;
  /** Mediation steps still standing. */
  readonly steps: number;
  /** The rungs the next step may be held at. */
  readonly next: readonly MediationLevel[];
  /** Elderly or disabled residents: more mediation effort is due (domain.md §3). */
  readonly care: boolean;
}

/** A legal period or clock of a unit that ends within the window. */
export interface UpcomingDeadline {
  readonly unitId: string;
  readonly name?: string;
  readonly kind: DeadlineKind;
  readonly dueAt: Date;
  /** The Asia/Shanghai day it ends on (a period ending at 24:00 ends on that day, not the next). */
  readonly dueOn: string;
  /** The day lies in a year the State Council has not published its holidays for yet. */
  readonly provisional: boolean;
  /** The ballot, objection or alert it belongs to. */
  readonly ref?: string;
}

/** One community's board. */
export interface CommunityBoard {
  readonly units: number;
  /** Each stage of {@link FUNNEL_STAGES}, in order, with how many of the units are at it now. */
  readonly byStage: readonly { readonly stage: Stage; readonly count: number }[];
  /** Most days quiet first. */
  readonly stalled: readonly StalledUnit[];
  /** Earliest filed first. */
  readonly disputes: readonly OpenDispute[];
  /** Soonest first. */
  readonly deadlines: readonly UpcomingDeadline[];
}

const CLOCK_DEADLINES: ReadonlySet<string> = new Set<ClockKind>([
  'ballot.close',
  'ballot.stall',
  'publicity.end',
  'objection.stall',
  'alert.escalate',
]);

const named = (unit: BoardUnit) => (unit.name === undefined ? {} : { name: unit.name });

/** Days from `from` to `to` (both `YYYY-MM-DD`). */
const daysBetween = (from: string, to: string): number => dayNumberOf(to, 'to') - dayNumberOf(from, 'from');

function stalledOf(unit: BoardUnit, todayOn: string): StalledUnit[] {
  const { lastEventAt } = unit;
  if (lastEventAt === undefined || unit.state.stage === 'in_service') return [];
  const lastEventOn = shanghaiDayOf(lastEventAt);
  const days = daysBetween(lastEventOn, todayOn);
  if (days < STALLED_AFTER_DAYS) return [];
  return [{ unitId: unit.unitId, ...named(unit), stage: unit.state.stage, lastEventAt, lastEventOn, days }];
}

function disputesOf(unit: BoardUnit): OpenDispute[] {
  return openObjections(unit.state).map((objection) => {
    const standing = standingMediations(objection);
    const levels = standing.map((session) => session.level);
    // The ladder is only ever climbed (`nextMediationLevels`): the highest rung is the last reached.
    const highest = levels.length === 0 ? undefined : MEDIATION_LEVELS[Math.max(...levels.map(rank))];
    return {
      unitId: unit.unitId,
      ...named(unit),
      objectionId: objection.objectionId,
      ground: objection.ground,
      filedAt: new Date(objection.filedAt),
      ...(highest === undefined ? {} : { level: highest }),
      steps: standing.length,
      next: nextMediationLevels(levels),
      care: unit.state.needsExtraMediationCare,
    };
  });
}

const rank = (level: MediationLevel) => MEDIATION_LEVELS.indexOf(level);

function deadlinesOf(unit: BoardUnit, now: Date, until: Date, table: HolidayTable): UpcomingDeadline[] {
  const within = (at: Date) => at.getTime() >= now.getTime() && at.getTime() < until.getTime();
  const deadline = (kind: DeadlineKind, dueAt: Date, ref?: string | number): UpcomingDeadline => {
    // A period ends at 24:00 of its last day, which is 00:00 of the next: name the last day.
    const dueOn = shanghaiDayOf(new Date(dueAt.getTime() - 1));
    return {
      unitId: unit.unitId,
      ...named(unit),
      kind,
      dueAt,
      dueOn,
      provisional: Number(dueOn.slice(0, 4)) > table.publishedThrough,
      ...(ref === undefined ? {} : { ref: String(ref) }),
    };
  };
  const found: UpcomingDeadline[] = [];
  for (const clock of planCaseClocks(unit.state, table).clocks) {
    if (!CLOCK_DEADLINES.has(clock.kind) || !within(clock.dueAt)) continue;
    const { ballotId, objectionId, alertId } = clock.data;
    found.push(deadline(clock.kind as DeadlineKind, clock.dueAt, ballotId ?? objectionId ?? alertId));
  }
  const review = unit.state.application?.reviewDueOn;
  if (unit.state.stage === 'joint_review' && review !== undefined && within(endOfDayAt(review))) {
    found.push(deadline('joint_review.due', endOfDayAt(review)));
  }
  return found;
}

/**
 * The board of one community's `units` at `now`: units by stage, stalled units (no event for
 * {@link STALLED_AFTER_DAYS} Shanghai days, not in service), open effective objections with their rung
 * on the ladder, and the deadlines ({@link DEADLINE_KINDS}) due from `now` until 24:00 of the
 * {@link DEADLINE_WINDOW_DAYS}th day after today, as the unit's clocks plan them on the holiday
 * calendar `table` (so working-day limits skip holidays and keep make-up workdays).
 */
export function communityBoard(units: readonly BoardUnit[], now: Date, table: HolidayTable): CommunityBoard {
  const todayOn = shanghaiDayOf(now);
  const until = endOfDayAt(addCalendarDays(todayOn, DEADLINE_WINDOW_DAYS));
  /** The first difference that is not 0: sorts by several keys in turn. */
  const order = (...differences: number[]) => differences.find((difference) => difference !== 0) ?? 0;
  return {
    units: units.length,
    byStage: FUNNEL_STAGES.map((stage) => ({
      stage,
      count: units.filter((unit) => unit.state.stage === stage).length,
    })),
    stalled: units
      .flatMap((unit) => stalledOf(unit, todayOn))
      .sort((a, b) => order(b.days - a.days, a.unitId.localeCompare(b.unitId))),
    disputes: units
      .flatMap(disputesOf)
      .sort((a, b) =>
        order(
          a.filedAt.getTime() - b.filedAt.getTime(),
          a.unitId.localeCompare(b.unitId),
          a.objectionId.localeCompare(b.objectionId),
        ),
      ),
    deadlines: units
      .flatMap((unit) => deadlinesOf(unit, now, until, table))
      .sort((a, b) =>
        order(
          a.dueAt.getTime() - b.dueAt.getTime(),
          a.unitId.localeCompare(b.unitId),
          a.kind.localeCompare(b.kind),
        ),
      ),
  };
}
