/**
 * Every clock a case has running now: which effects are due when. A pure function of the
 * case state and the holiday calendar, so the scheduler never has to remember what it scheduled —
 * after each event the command layer re-plans and keeps the stored deadlines in step (new ones
 * scheduled, moved ones rescheduled, vanished ones cancelled), and a due deadline runs only while
 * the plan still holds it (the case is still where the deadline expected it).
 *
 * Keys are stable: the same thing due gets the same key (`ballot.remind:<ballotId>:<day>`), so a
 * re-plan never duplicates and each effect has its dedupe key.
 */
import { dayNumberOf } from '../calendar/day.js';
import { addCalendarDays, periodEnd, shanghaiDayOf, type HolidayTable } from '../calendar/index.js';
import {
  clockSettingsOf,
  lastMaintainedOn,
  nextMediationLevels,
  standingMediations,
  type AlertState,
  type BallotState,
  type CaseState,
  type ObjectionState,
} from '../case/index.js';
import { DomainError } from '../errors.js';
import { registrationClocks, reviewClocks, supplementClocks, userUnitClocks } from './after-vote.js';
import { arrearsClocks, elevatorClocks, ENTRAPMENT_ESCALATE_MINUTES } from './in-service.js';
import { localTimeAt, MS_PER_DAY, type PlannedClock } from './kinds.js';
import { thresholdsFor } from './settings.js';

export { CLOCK_KINDS, CLOCK_LATENESS, clockExpired, localTimeAt } from './kinds.js';
export type { ClockKind, PlannedClock } from './kinds.js';

/** The earlier of two instants, the second possibly absent. */
function earlier(a: Date, b: Date | undefined): Date {
  return b !== undefined && b.getTime() < a.getTime() ? b : a;
}

/** Days from `a` to `b` (both `YYYY-MM-DD`). */
function daysBetween(a: string, b: string): number {
  return dayNumberOf(b, 'b') - dayNumberOf(a, 'a');
}

/** The clocks of one open ballot: its close, the reminder days inside it, and its no-quorum alert. */
function ballotClocks(state: CaseState, ballot: BallotState): PlannedClock[] {
  const settings = clockSettingsOf(state);
  const thresholds = thresholdsFor(settings, state.needsExtraMediationCare);
  const clocks: PlannedClock[] = [];
  const opensAt = new Date(ballot.opensAt);
  const closesAt = ballot.closesAt === undefined ? undefined : new Date(ballot.closesAt);
  const before = (at: Date) => at > opensAt && (closesAt === undefined || at < closesAt);
  if (closesAt !== undefined) {
    clocks.push({
      key: `ballot.close:${ballot.ballotId}`,
      kind: 'ballot.close',
      dueAt: closesAt,
      data: { ballotId: ballot.ballotId },
    });
  }
  // Day 1 is the opening day; the last voting day is the day closesAt falls in (24:00 ends the day before).
  const opensOn = shanghaiDayOf(opensAt);
  const days = settings.ballotReminderDays.map((n) => addCalendarDays(opensOn, n - 1));
  if (settings.remindDayBeforeClose && closesAt !== undefined) {
    days.push(addCalendarDays(shanghaiDayOf(new Date(closesAt.getTime() - 1)), -1));
  }
  for (const day of [...new Set(days)].sort()) {
    const dueAt = localTimeAt(day, settings.noticeTime);
    if (before(dueAt)) {
      // A reminder belongs to its day, and never outlives the ballot.
      clocks.push({
        key: `ballot.remind:${ballot.ballotId}:${day}`,
        kind: 'ballot.remind',
        dueAt,
        data: { ballotId: ballot.ballotId, day },
        expiresAt: earlier(localTimeAt(addCalendarDays(day, 1), '00:00'), closesAt),
      });
    }
  }
  const stallAt = new Date(opensAt.getTime() + thresholds.quorumStallDays * MS_PER_DAY);
  if (ballot.purpose === 'elevator' && before(stallAt)) {
    // Its point is to reach the non-voters while they can still vote.
    clocks.push({
      key: `ballot.stall:${ballot.ballotId}`,
      kind: 'ballot.stall',
      dueAt: stallAt,
      data: { ballotId: ballot.ballotId },
      ...(closesAt === undefined ? {} : { expiresAt: closesAt }),
    });
  }
  return clocks;
}

function publicityClocks(state: CaseState): PlannedClock[] {
  const publicity = state.publicity;
  if (publicity === undefined || publicity.endedAt !== undefined || state.stage !== 'publicity') return [];
  const settings = clockSettingsOf(state);
  const endsAt = new Date(publicity.endsAt);
  const midday = addCalendarDays(
    publicity.signedOn,
    Math.floor(daysBetween(publicity.signedOn, publicity.endsOn) / 2),
  );
  const midpoint = localTimeAt(midday, settings.noticeTime);
  const clocks: PlannedClock[] = [];
  if (midpoint > new Date(publicity.startedAt) && midpoint < endsAt) {
    // It tells the group how long objections stay open: moot once publicity has ended.
    clocks.push({
      key: `publicity.midpoint:${publicity.signedOn}`,
      kind: 'publicity.midpoint',
      dueAt: midpoint,
      data: { endsOn: publicity.endsOn },
      expiresAt: endsAt,
    });
  }
  clocks.push({
    key: `publicity.end:${publicity.signedOn}`,
    kind: 'publicity.end',
    dueAt: endsAt,
    data: { endsOn: publicity.endsOn },
  });
  return clocks;
}

/** The overdue-step clock of one open effective objection (none when the ladder is done). */
function objectionClocks(state: CaseState, objection: ObjectionState, table: HolidayTable): PlannedClock[] {
  const thresholds = thresholdsFor(clockSettingsOf(state), state.needsExtraMediationCare);
  // Withdrawn steps do not count: the ladder stands where the steps still standing left it.
  const standing = standingMediations(objection);
  const next = nextMediationLevels(standing.map((session) => session.level)).at(-1);
  if (next === undefined) return [];
  const steps = standing.length;
  const from = steps === 0 ? shanghaiDayOf(new Date(objection.filedAt)) : standing.at(-1)!.heldOn;
  const length =
    steps === 0 ? thresholds.objectionAnswerWorkingDays : thresholds.mediationStepWorkingDays[next];
  const { endsAt } = periodEnd(from, length, 'workday', table);
  return [
    {
      key: `objection.stall:${objection.objectionId}:${steps}`,
      kind: 'objection.stall',
      dueAt: endsAt,
      data: { objectionId: objection.objectionId, steps, expected: next },
    },
  ];
}

/** The escalation clock of one unacknowledged alert below the top level. */
function alertClocks(state: CaseState, alert: AlertState, table: HolidayTable): PlannedClock[] {
  if (alert.kind === 'entrapment_unanswered') {
    // Someone is trapped: each level has minutes, not working days, and once the alarm itself is
    // taken on (by anyone, at any level) the alert stops climbing.
    const alarmId = alert.key.slice('alarm.unanswered:'.length);
    if (
      state.elevator?.alarms.some((alarm) => alarm.alarmId === alarmId && alarm.acknowledgedAt !== undefined)
    ) {
      return [];
    }
    return [
      {
        key: `alert.escalate:${alert.alertId}:${alert.level}`,
        kind: 'alert.escalate',
        dueAt: new Date(Date.parse(alert.levelSince) + ENTRAPMENT_ESCALATE_MINUTES * 60_000),
        data: { alertId: alert.alertId, from: alert.level, afterMinutes: ENTRAPMENT_ESCALATE_MINUTES },
      },
    ];
  }
  if (alert.kind === 'maintenance_overdue' && state.elevator !== undefined) {
    // A visit on or after the day it was due (logged late, or made late) answers the alert: it stops.
    const dueOn = alert.key.slice('maintenance.overdue:'.length);
    if (lastMaintainedOn(state.elevator) >= dueOn) return [];
  }
  const thresholds = thresholdsFor(clockSettingsOf(state), state.needsExtraMediationCare);
  const { endsAt } = periodEnd(
    shanghaiDayOf(new Date(alert.levelSince)),
    thresholds.alertAckWorkingDays,
    'workday',
    table,
  );
  return [
    {
      key: `alert.escalate:${alert.alertId}:${alert.level}`,
      kind: 'alert.escalate',
      dueAt: endsAt,
      data: { alertId: alert.alertId, from: alert.level },
    },
  ];
}

/**
 * A part of a case whose clocks could not be planned: `scope` names it (`ballot:<id>`, `publicity`,
 * `objection:<id>`, `alert:<id>`), `code` says why (a domain error code, or `internal_error`).
 */
export interface ClockPlanFailure {
  readonly scope: string;
  readonly code: string;
  readonly message: string;
}

/** Every clock a case has running, and the parts whose clocks could not be computed. */
export interface ClockPlan {
  readonly clocks: readonly PlannedClock[];
  readonly failures: readonly ClockPlanFailure[];
}

/**
 * The clocks of a case now, ordered by due time then key: ballots closing, reminders of non-voters on
 * the configured days (never outside the ballot), a stalled ballot, publicity's midpoint and end,
 * overdue mediation steps of open effective objections, escalation of unacknowledged alerts, and
 * after the vote the joint review's opinions and deadline, the 使用单位 before handover, and use
 * registration. Thresholds are the care ones for units with elderly or disabled residents.
 *
 * Each ballot, the publicity period, each objection, each alert and each later step is planned on its own
 * (conventions.md §9, "one bad case never stops the others", applied within a case too): a part whose
 * dates cannot be computed is listed in `failures` and the others still run.
 */
export function planCaseClocks(state: CaseState, table: HolidayTable): ClockPlan {
  const clocks: PlannedClock[] = [];
  const failures: ClockPlanFailure[] = [];
  const plan = (scope: string, part: () => PlannedClock[]) => {
    try {
      clocks.push(...part());
    } catch (error) {
      failures.push({
        scope,
        code: error instanceof DomainError ? error.code : 'internal_error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  for (const ballot of state.ballots) {
    if (ballot.status === 'open') plan(`ballot:${ballot.ballotId}`, () => ballotClocks(state, ballot));
  }
  plan('publicity', () => publicityClocks(state));
  for (const objection of state.objections) {
    if (objection.effective && objection.status === 'open') {
      plan(`objection:${objection.objectionId}`, () => objectionClocks(state, objection, table));
    }
  }
  for (const alert of state.alerts) {
    if (alert.acknowledgedAt === undefined && alert.level !== 'district') {
      plan(`alert:${alert.alertId}`, () => alertClocks(state, alert, table));
    }
  }
  plan('application', () => supplementClocks(state));
  plan('review', () => reviewClocks(state, table));
  plan('handover', () => userUnitClocks(state, table));
  plan('registration', () => registrationClocks(state));
  plan('elevator', () => elevatorClocks(state));
  plan('running', () => arrearsClocks(state));
  clocks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
  return { clocks, failures };
}

/** The clocks of a case now: {@link planCaseClocks} without the failures. */
export function planClocks(state: CaseState, table: HolidayTable): PlannedClock[] {
  return [...planCaseClocks(state, table).clocks];
}

/**
 * Refuses a change that would leave a part of the case whose clocks cannot be planned, when that part
 * could be planned before (conventions.md §9, "refuse before you append"): a ballot closing in the year
 * 9999 was once stored and then broke every later change of its unit. A part already broken before
 * does not block other changes (an alert about it, or the cancellation that mends it). Throws
 * `validation_error` naming the part and the reason.
 */
export function refuseUnplannableClocks(before: CaseState, after: CaseState, table: HolidayTable): void {
  const { failures } = planCaseClocks(after, table);
  if (failures.length === 0) return;
  const known = new Set(planCaseClocks(before, table).failures.map((failure) => failure.scope));
  const fresh = failures.find((failure) => !known.has(failure.scope));
  if (fresh === undefined) return;
  throw new DomainError(
    'validation_error',
    `This change would leave ${fresh.scope} with dates its clocks cannot keep (${fresh.message}).`,
    { field: fresh.scope, reason: fresh.code },
  );
}
