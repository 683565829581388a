/**
 * One community's board, as its residents' committee and the officers above it read it: its units by
 * stage, the cases that have gone quiet, the objections still open and where they stand on the
 * mediation ladder, and the legal periods and clocks that end in the coming days (domain.md §3, §8).
 *
 * Two steps, both pure. {@link boardEntryOf} takes from a case's state the little its line on the
 * board needs beyond its stage and name — open objections, every deadline its clocks plan — which
 * the read side keeps in the unit's listing beside its view (a few hundred bytes instead of the whole
 * state, so a thousand units are read at once). {@link communityBoard} turns the lines of a
 * community's units, the day of each one's last event and `now` into the board.
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
 * the mediation ladder and of an alert's acknowledgement — and after the vote the departments'
 * opinions and the joint review's deadline (domain.md §4), the 使用单位 before handover and use
 * registration (domain.md §5). The reminders and publicity's midpoint notice are messages, not ends,
 * and are left out.
 */
export const DEADLINE_KINDS = [
  'ballot.close',
  'ballot.stall',
  'publicity.end',
  'objection.stall',
  'alert.escalate',
  'review.opinions',
  'joint_review.due',
  'handover.user_unit',
  'registration.overdue',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** An effective objection still open, as a unit's entry keeps it (instants as ISO-8601 UTC text). */
export interface DisputeEntry {
  readonly objectionId: string;
  readonly ground: ObjectionGround;
  readonly filedAt: string;
  /** The highest rung reached by the steps still standing; absent before the first step. */
  readonly level?: MediationLevel;
  /** Mediation steps still standing. */
  readonly steps: number;
  /** The rungs the next step may be held at. */
  readonly next: readonly MediationLevel[];
}

/** A deadline a unit's clocks plan, as its entry keeps it: what ends, when, and what it belongs to. */
export interface DeadlineEntry {
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  /** The ballot, objection or alert it belongs to. */
  readonly ref?: string;
}

/**
 * What a unit's line on the board needs from its state beyond its stage and name: JSON-safe, so it is
 * stored as it is. Its deadlines are planned on the holiday calendar of the moment (like the stored
 * deadlines, they are planned again when the case changes and by the hourly reconcile).
 */
export interface BoardEntry {
  /** Elderly or disabled residents: more mediation effort is due (domain.md §3). */
  readonly care: boolean;
  readonly disputes: readonly DisputeEntry[];
  /** Every deadline planned now, soonest first, whenever it falls. */
  readonly deadlines: readonly DeadlineEntry[];
}

/** The clocks the board lists, as the deadline each ends (the joint review's is `joint_review.due`). */
const CLOCK_DEADLINES: Readonly<Partial<Record<ClockKind, DeadlineKind>>> = {
  'ballot.close': 'ballot.close',
  'ballot.stall': 'ballot.stall',
  'publicity.end': 'publicity.end',
  'objection.stall': 'objection.stall',
  'alert.escalate': 'alert.escalate',
  'review.opinions': 'review.opinions',
  'review.overdue': 'joint_review.due',
  'handover.user_unit': 'handover.user_unit',
  'registration.overdue': 'registration.overdue',
};

const rank = (level: MediationLevel) => MEDIATION_LEVELS.indexOf(level);

function disputesOf(state: CaseState): DisputeEntry[] {
  return openObjections(state).map((objection) => {
    const levels = standingMediations(objection).map((session) => session.level);
    // The ladder is only ever climbed (`nextMediationLevels`): the highest rung is the last reached.
    const highest = levels.length === 0 ? undefined : MEDIATION_LEVELS[Math.max(...levels.map(rank))];
    return {
      objectionId: objection.objectionId,
      ground: objection.ground,
      filedAt: objection.filedAt,
      ...(highest === undefined ? {} : { level: highest }),
      steps: levels.length,
      next: nextMediationLevels(levels),
    };
  });
}

function deadlinesOf(state: CaseState, table: HolidayTable): DeadlineEntry[] {
  const deadline = (kind: DeadlineKind, dueAt: Date, ref?: string | number): DeadlineEntry => ({
    kind,
    dueAt: dueAt.toISOString(),
    ...(ref === undefined ? {} : { ref: String(ref) }),
  });
  // A part whose clocks cannot be planned has no deadline to show (its alert says so).
  const found: DeadlineEntry[] = [];
  for (const clock of planCaseClocks(state, table).clocks) {
    const kind = CLOCK_DEADLINES[clock.kind];
    if (kind === undefined) continue;
    const { ballotId, objectionId, alertId } = clock.data;
    found.push(deadline(kind, clock.dueAt, ballotId ?? objectionId ?? alertId));
  }
  return found.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/**
 * A unit's entry on the board ({@link BoardEntry}): whether its residents need more care, its
 * effective objections still open with their rung on the mediation ladder, and every deadline
 * ({@link DEADLINE_KINDS}) its clocks plan on the holiday calendar `table` (so working-day limits skip
 * holidays and keep make-up workdays).
 */
export function boardEntryOf(state: CaseState, table: HolidayTable): BoardEntry {
  return {
    care: state.needsExtraMediationCare,
    disputes: disputesOf(state),
    deadlines: deadlinesOf(state, table),
  };
}

/** One unit as the board reads it: its id, name and stage, its entry and the day of its last event. */
export interface BoardUnit {
  readonly unitId: string;
  readonly name?: string;
  readonly stage: Stage;
  readonly entry: BoardEntry;
  /** The Asia/Shanghai day its stream's last event was appended on; unknown makes it never stalled. */
  readonly lastEventOn?: string;
}

/** A unit with no event for {@link STALLED_AFTER_DAYS} days or more. */
export interface StalledUnit {
  readonly unitId: string;
  readonly name?: string;
  readonly stage: Stage;
  /** The Asia/Shanghai day of the last event. */
  readonly lastEventOn: string;
  /** Calendar days from that day to today. */
  readonly days: number;
}

/** An effective objection still open, and where it stands on the mediation ladder (domain.md §3). */
export interface OpenDispute extends Omit<DisputeEntry, 'filedAt'> {
  readonly unitId: string;
  readonly name?: string;
  readonly filedAt: Date;
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

const named = (unit: BoardUnit) => (unit.name === undefined ? {} : { name: unit.name });

/** Days from `from` to `to` (both `YYYY-MM-DD`). */
const daysBetween = (from: string, to: string): number => dayNumberOf(to, 'to') - dayNumberOf(from, 'from');

function stalledOf(unit: BoardUnit, todayOn: string): StalledUnit[] {
  const { lastEventOn, stage } = unit;
  if (lastEventOn === undefined || stage === 'in_service') return [];
  const days = daysBetween(lastEventOn, todayOn);
  if (days < STALLED_AFTER_DAYS) return [];
  return [{ unitId: unit.unitId, ...named(unit), stage, lastEventOn, days }];
}

/** The first difference that is not 0: sorts by several keys in turn. */
const order = (...differences: number[]) => differences.find((difference) => difference !== 0) ?? 0;

/**
 * The board of one community's `units` at `now`: units by stage, stalled units (no event for
 * {@link STALLED_AFTER_DAYS} Shanghai days, not in service), open effective objections with their rung
 * on the ladder, and the deadlines their entries plan from `now` until 24:00 of the
 * {@link DEADLINE_WINDOW_DAYS}th day after today, each marked provisional when its day lies in a
 * year the holiday calendar `table` has no published notice for.
 */
export function communityBoard(units: readonly BoardUnit[], now: Date, table: HolidayTable): CommunityBoard {
  const todayOn = shanghaiDayOf(now);
  const until = endOfDayAt(addCalendarDays(todayOn, DEADLINE_WINDOW_DAYS)).getTime();
  const disputes = units.flatMap((unit) =>
    unit.entry.disputes.map((dispute): OpenDispute => ({
      unitId: unit.unitId,
      ...named(unit),
      ...dispute,
      filedAt: new Date(dispute.filedAt),
      care: unit.entry.care,
    })),
  );
  const deadlines = units.flatMap((unit) =>
    unit.entry.deadlines.flatMap((deadline): UpcomingDeadline[] => {
      const dueAt = new Date(deadline.dueAt);
      if (dueAt.getTime() < now.getTime() || dueAt.getTime() >= until) return [];
      // A period ends at 24:00 of its last day, which is 00:00 of the next: name the last day.
      const dueOn = shanghaiDayOf(new Date(dueAt.getTime() - 1));
      return [
        {
          unitId: unit.unitId,
          ...named(unit),
          kind: deadline.kind,
          dueAt,
          dueOn,
          provisional: Number(dueOn.slice(0, 4)) > table.publishedThrough,
          ...(deadline.ref === undefined ? {} : { ref: deadline.ref }),
        },
      ];
    }),
  );
  return {
    units: units.length,
    byStage: FUNNEL_STAGES.map((stage) => ({
      stage,
      count: units.filter((unit) => unit.stage === stage).length,
    })),
    stalled: units
      .flatMap((unit) => stalledOf(unit, todayOn))
      .sort((a, b) => order(b.days - a.days, a.unitId.localeCompare(b.unitId))),
    disputes: disputes.sort((a, b) =>
      order(
        a.filedAt.getTime() - b.filedAt.getTime(),
        a.unitId.localeCompare(b.unitId),
        a.objectionId.localeCompare(b.objectionId),
      ),
    ),
    deadlines: deadlines.sort((a, b) =>
      order(
        a.dueAt.getTime() - b.dueAt.getTime(),
        a.unitId.localeCompare(b.unitId),
        a.kind.localeCompare(b.kind),
      ),
    ),
  };
}
