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
import {
  addCalendarDays,
  endOfDayAt,
  periodEnd,
  shanghaiDayOf,
  type HolidayTable,
} from '../calendar/index.js';
import {
  clockSettingsOf,
  inspectionRequestBy,
  lastMaintainedOn,
  maintenanceDueOn,
  nextMediationLevels,
  runningAccounts,
  standingMediations,
  type AlertState,
  type BallotState,
  type CaseState,
  type ObjectionState,
} from '../case/index.js';
import { DomainError } from '../errors.js';
import { thresholdsFor } from './settings.js';

/**
 * Every kind of clock the planner sets, in process order: the one registry that planning, the command
 * layer's handlers and its notices share, so a kind added here is a kind each of them must learn. A
 * clock's key starts with its kind (`ballot.remind:<ballotId>:<day>`).
 */
export const CLOCK_KINDS = [
  /** Close the ballot at `closesAt` and announce the result. */
  'ballot.close',
  /** Remind the households that have not voted, privately. */
  'ballot.remind',
  /** No quorum yet after the configured days: alert the committee. */
  'ballot.stall',
  /** Remind the group halfway through publicity. */
  'publicity.midpoint',
  /** End publicity and announce it. */
  'publicity.end',
  /** An effective objection's next mediation step is overdue: alert the committee. */
  'objection.stall',
  /** An alert no one acknowledged in time goes one level up. */
  'alert.escalate',
  /** Missing materials still not supplied some days after the notice: remind the applicants privately. */
  'application.supplement',
  /** The morning the departments' opinions, or the review's conclusion, fall due: remind the district. */
  'review.remind',
  /** A convened department has not given its opinion within its working days: alert the committee. */
  'review.opinions',
  /** The joint review passed its overall deadline without a conclusion: alert the committee. */
  'review.overdue',
  /** The completed elevator has no 使用单位 named some working days after acceptance: alert. */
  'handover.user_unit',
  /** Remind the group and the applicants that use registration is due soon. */
  'registration.remind',
  /** Use registration is overdue: alert the committee. */
  'registration.overdue',
  /** The elevator went past its maintenance interval with no visit logged: alert. */
  'maintenance.overdue',
  /** Remind the 使用单位 and the committee to request the periodic inspection in time. */
  'inspection.remind',
  /** Someone is trapped and no one took the alarm on within minutes: alert, climbing within minutes. */
  'alarm.unanswered',
  /** A flat's running costs still owed a month (then two) after the bill: remind the household privately. */
  'running.arrears',
] as const;

/** What a due clock does (one of {@link CLOCK_KINDS}); the command layer has one handler per kind. */
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * What a clock of each kind is worth when it runs late: the process was down, and the sweeper catches
 * up on everything due meanwhile at once, in no promised order (conventions.md §9, "a notice whose
 * moment has passed is not sent").
 *
 * - `runs-late`: a legal step (a ballot closes, publicity ends), or an alert about a stall the handler
 *   checks again when it runs (still no next mediation step, still unacknowledged). Late, it is as
 *   true as on time: it runs, and is recorded late.
 * - `expires`: a notice about a moment still ahead of it — vote before the close, object before
 *   publicity ends, visit the non-voters while the ballot is open, a reminder that belongs to its day.
 *   The planner gives such a clock `expiresAt`, that moment; from then on its notice would contradict
 *   the one that supersedes it (the result, the end of publicity), so the clock is dropped with a log
 *   line instead of run. A message it did queue carries the moment it speaks of to the outbox (the
 *   end of publicity; for a reminder, the close, as a reminder held overnight by quiet hours still
 *   holds in the morning) and is dropped, never sent, once that has passed.
 */
export const CLOCK_LATENESS: Readonly<Record<ClockKind, 'runs-late' | 'expires'>> = {
  'ballot.close': 'runs-late',
  'ballot.remind': 'expires',
  'ballot.stall': 'expires',
  'publicity.midpoint': 'expires',
  'publicity.end': 'runs-late',
  'objection.stall': 'runs-late',
  'alert.escalate': 'runs-late',
  'application.supplement': 'runs-late',
  'review.remind': 'expires',
  'review.opinions': 'runs-late',
  'review.overdue': 'runs-late',
  'handover.user_unit': 'runs-late',
  'registration.remind': 'expires',
  'registration.overdue': 'runs-late',
  'maintenance.overdue': 'runs-late',
  'inspection.remind': 'expires',
  'alarm.unanswered': 'runs-late',
  'running.arrears': 'runs-late',
};

/**
 * One clock: its dedupe key within the case, what it does, when, and what it needs to do it; for a
 * kind that `expires` ({@link CLOCK_LATENESS}), the moment after which its effect is moot.
 */
export interface PlannedClock {
  readonly key: string;
  readonly kind: ClockKind;
  readonly dueAt: Date;
  readonly data: Readonly<Record<string, string | number>>;
  readonly expiresAt?: Date;
}

/** Whether `clock` has passed its moment at `now` (see {@link CLOCK_LATENESS}): its effect is moot. */
export function clockExpired(clock: Pick<PlannedClock, 'expiresAt'>, now: Date): boolean {
  return clock.expiresAt !== undefined && now.getTime() >= clock.expiresAt.getTime();
}

/** The earlier of two instants, the second possibly absent. */
function earlier(a: Date, b: Date | undefined): Date {
  return b !== undefined && b.getTime() < a.getTime() ? b : a;
}

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `HH:MM` on day `on` in Asia/Shanghai (UTC+8, no daylight saving). */
export function localTimeAt(on: string, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(dayNumberOf(on, 'on') * MS_PER_DAY - SHANGHAI_OFFSET_MS + (hours * 60 + minutes) * 60_000);
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
    // A visit logged after the day it was due answers the alert: it stops climbing.
    const dueOn = alert.key.slice('maintenance.overdue:'.length);
    if (lastMaintainedOn(state.elevator) > dueOn) return [];
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

/** An entrapment no one took on within this many minutes becomes an alert to the committee. */
export const ENTRAPMENT_ALERT_MINUTES = 5;
/** An entrapment alert climbs a level after this many minutes unacknowledged. */
export const ENTRAPMENT_ESCALATE_MINUTES = 10;
/** The periodic inspection is reminded this many days before the day it must be requested by. */
export const INSPECTION_REMIND_DAYS_BEFORE = 14;

/**
 * The elevator's clocks in service (domain.md §7): maintenance overdue at 24:00 of the last day its
 * interval allows; the periodic inspection reminded {@link INSPECTION_REMIND_DAYS_BEFORE} days before
 * the day it must be requested by (one month before the certificate expires; moot once it has
 * expired); each entrapment not taken on within {@link ENTRAPMENT_ALERT_MINUTES} minutes.
 */
function elevatorClocks(state: CaseState): PlannedClock[] {
  const elevator = state.elevator;
  if (elevator === undefined) return [];
  const dueOn = maintenanceDueOn(elevator);
  const clocks: PlannedClock[] = [
    {
      key: `maintenance.overdue:${dueOn}`,
      kind: 'maintenance.overdue',
      dueAt: endOfDayAt(dueOn),
      data: { dueOn, lastOn: lastMaintainedOn(elevator) },
    },
  ];
  const expiresOn = elevator.certificateExpiresOn;
  if (expiresOn !== undefined) {
    const requestBy = inspectionRequestBy(expiresOn);
    clocks.push({
      key: `inspection.remind:${expiresOn}`,
      kind: 'inspection.remind',
      dueAt: localTimeAt(
        addCalendarDays(requestBy, -INSPECTION_REMIND_DAYS_BEFORE),
        clockSettingsOf(state).noticeTime,
      ),
      data: { expiresOn, requestBy },
      expiresAt: endOfDayAt(expiresOn),
    });
  }
  const raised = new Set(state.alerts.map((alert) => alert.key));
  for (const alarm of elevator.alarms) {
    const key = `alarm.unanswered:${alarm.alarmId}`;
    if (alarm.kind !== 'entrapment' || alarm.acknowledgedAt !== undefined || raised.has(key)) continue;
    clocks.push({
      key,
      kind: 'alarm.unanswered',
      dueAt: new Date(Date.parse(alarm.occurredAt) + ENTRAPMENT_ALERT_MINUTES * 60_000),
      data: { alarmId: alarm.alarmId },
    });
  }
  return clocks;
}

/** A running-cost debt is reminded this many days after its oldest unpaid bill, and again as many later. */
export const ARREARS_REMIND_DAYS = 30;

/**
 * The running-cost reminders (domain.md §6): for each flat owing, its household is reminded privately
 * {@link ARREARS_REMIND_DAYS} days after the oldest bill it has not settled, and once more as many days
 * later; a payment that settles that bill moves the debt's date, and so its reminders.
 */
function arrearsClocks(state: CaseState): PlannedClock[] {
  if (state.running === undefined) return [];
  const noticeTime = clockSettingsOf(state).noticeTime;
  return runningAccounts(
    state,
    state.flats.map((flat) => flat.room),
  ).flatMap((account) =>
    account.owedSince === undefined || account.balanceFen <= 0
      ? []
      : [1, 2].map((n) => ({
          key: `running.arrears:${account.room}:${account.owedSince}:${n}`,
          kind: 'running.arrears' as const,
          dueAt: localTimeAt(addCalendarDays(account.owedSince!, ARREARS_REMIND_DAYS * n), noticeTime),
          data: { room: account.room, since: account.owedSince! },
        })),
  );
}

/** Each convened department gives its written opinion within this many working days of acceptance (domain.md §4). */
export const REVIEW_OPINION_WORKING_DAYS = 3;
/** Missing materials not supplied are reminded this many days after the district's notice. */
export const SUPPLEMENT_REMIND_DAYS = 7;

/** The 使用单位 is named within this many working days of completion acceptance, before handover. */
export const USER_UNIT_WORKING_DAYS = 5;
/** Use registration is reminded this many days before it is due (domain.md §5: within 30 days of use). */
export const REGISTRATION_REMIND_DAYS_BEFORE = 7;

/**
 * The clocks of the joint review under way: the departments' opinions (the committee is alerted when
 * one is missing {@link REVIEW_OPINION_WORKING_DAYS} working days after acceptance) and the overall
 * deadline (`reviewDueOn`, kept at acceptance; alerted at its 24:00 when no conclusion is recorded);
 * each reminded to the district and the committee at the notice time of its last day (moot at 24:00).
 */
function reviewClocks(state: CaseState, table: HolidayTable): PlannedClock[] {
  const application = state.application;
  if (state.stage !== 'joint_review' || application?.acceptedOn === undefined) return [];
  const acceptedOn = application.acceptedOn;
  const clocks: PlannedClock[] = [];
  const given = new Set(application.opinions.map((opinion) => opinion.department));
  const noticeTime = clockSettingsOf(state).noticeTime;
  if (application.departments.some((department) => !given.has(department))) {
    const { endsOn, endsAt } = periodEnd(acceptedOn, REVIEW_OPINION_WORKING_DAYS, 'workday', table);
    clocks.push({
      key: `review.remind:opinions:${acceptedOn}`,
      kind: 'review.remind',
      dueAt: localTimeAt(endsOn, noticeTime),
      data: { acceptedOn, dueOn: endsOn, what: 'opinions' },
      expiresAt: endsAt,
    });
    clocks.push({
      key: `review.opinions:${acceptedOn}`,
      kind: 'review.opinions',
      dueAt: endsAt,
      data: { acceptedOn },
    });
  }
  if (application.reviewDueOn !== undefined) {
    clocks.push({
      key: `review.remind:conclusion:${application.reviewDueOn}`,
      kind: 'review.remind',
      dueAt: localTimeAt(application.reviewDueOn, noticeTime),
      data: { acceptedOn, dueOn: application.reviewDueOn, what: 'conclusion' },
      expiresAt: endOfDayAt(application.reviewDueOn),
    });
    clocks.push({
      key: `review.overdue:${acceptedOn}`,
      kind: 'review.overdue',
      dueAt: endOfDayAt(application.reviewDueOn),
      data: { acceptedOn, dueOn: application.reviewDueOn },
    });
  }
  return clocks;
}

/**
 * The reminder of missing materials (domain.md §4): while the applicants have not supplied what the
 * district's notice listed, they and the committee are reminded privately
 * {@link SUPPLEMENT_REMIND_DAYS} days after it, at the notice time.
 */
function supplementClocks(state: CaseState): PlannedClock[] {
  const application = state.application;
  if (state.stage !== 'application' || application?.awaitingSupplement !== true) return [];
  const notifiedOn = application.notifiedOn;
  if (notifiedOn === undefined) return [];
  return [
    {
      key: `application.supplement:${notifiedOn}:${application.notices}`,
      kind: 'application.supplement',
      dueAt: localTimeAt(
        addCalendarDays(notifiedOn, SUPPLEMENT_REMIND_DAYS),
        clockSettingsOf(state).noticeTime,
      ),
      data: { notifiedOn },
    },
  ];
}

/** The 使用单位 clock: completion accepted, no 使用单位 named in time → alert (HZ-2021 item 15). */
function userUnitClocks(state: CaseState, table: HolidayTable): PlannedClock[] {
  const acceptedOn = state.works.completionAcceptedOn;
  if (state.stage !== 'handover' || state.userUnit !== undefined || acceptedOn === undefined) return [];
  const { endsAt } = periodEnd(acceptedOn, USER_UNIT_WORKING_DAYS, 'workday', table);
  return [
    {
      key: `handover.user_unit:${acceptedOn}`,
      kind: 'handover.user_unit',
      dueAt: endsAt,
      data: { acceptedOn, workingDays: USER_UNIT_WORKING_DAYS },
    },
  ];
}

/**
 * The use-registration clocks, from handover until registration (domain.md §5): a reminder
 * {@link REGISTRATION_REMIND_DAYS_BEFORE} days before it is due (moot once the due day has ended), and
 * the overdue alert at the due day's 24:00.
 */
function registrationClocks(state: CaseState): PlannedClock[] {
  const service = state.service;
  if (service === undefined || service.registeredOn !== undefined) return [];
  const dueOn = service.useRegistrationDueOn;
  const dueAt = endOfDayAt(dueOn);
  const clocks: PlannedClock[] = [];
  const remindAt = localTimeAt(
    addCalendarDays(dueOn, -REGISTRATION_REMIND_DAYS_BEFORE),
    clockSettingsOf(state).noticeTime,
  );
  if (remindAt > endOfDayAt(service.handedOverOn)) {
    clocks.push({
      key: `registration.remind:${dueOn}`,
      kind: 'registration.remind',
      dueAt: remindAt,
      data: { dueOn },
      expiresAt: dueAt,
    });
  }
  clocks.push({ key: `registration.overdue:${dueOn}`, kind: 'registration.overdue', dueAt, data: { dueOn } });
  return clocks;
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
