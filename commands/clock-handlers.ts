/**
 * What each planned clock does when it falls due (the kinds are `CLOCK_KINDS` in `domain/clocks`;
 * `ballot.close` is `close-ballot.ts`'s). Every handler first checks that the case still plans the
 * clock as it was stored (see {@link planned}), so a step done meanwhile cancels it, and a clock that
 * `expires` is dropped once its moment has passed. The sweeper job runs them (`jobs/`).
 */
import { addCalendarDays } from '../domain/calendar/index.js';
import {
  ballotTally,
  checklistStatus,
  runningAccounts,
  clockSettingsOf,
  findAlert,
  findBallot,
  findObjection,
  type AlertKind,
  type CaseState,
} from '../domain/case/index.js';
import {
  clockExpired,
  planClocks,
  ENTRAPMENT_ALERT_MINUTES,
  REVIEW_OPINION_WORKING_DAYS,
  thresholdsFor,
  type ClockKind,
  type PlannedClock,
} from '../domain/clocks/index.js';
import { votedOwners } from '../messages/ballot.js';
import { inspectionDueNotice, runningArrearsNotice } from '../messages/elevator.js';
import { enqueueMessage } from '../models/outbox.js';
import { openidOf } from './reminders.js';
import {
  publicityEndedNotice,
  publicityMidpointNotice,
  registrationDueNotice,
  reviewDueNotice,
  supplementDueNotice,
} from '../messages/clocks.js';
import { escalateAlert, raiseAlert, type AlertDetails } from './alerts.js';
import { noticeToGroup, noticeToRoles } from './announce.js';
import { deadlineKey } from './clocks.js';
import type { CommandContext } from './kernel/context.js';
import type { DeadlineHandler } from './kernel/deadlines.js';
import { loadCase } from './kernel/read.js';
import { runCaseCommand } from './kernel/run-case.js';
import { queueReminders } from './remind.js';

/**
 * The planned clock a due deadline stands for, if the case still plans it with the same due time;
 * undefined means the case moved on (and the handler skips).
 */
async function stillPlanned(
  ctx: CommandContext,
  deadline: { readonly _id: string; readonly caseId: string; readonly dueAt: Date },
): Promise<{ readonly state: CaseState; readonly clock: PlannedClock } | undefined> {
  const { state } = await loadCase(ctx, deadline.caseId);
  const clock = planClocks(state, ctx.holidays).find(
    (candidate) => deadlineKey(deadline.caseId, candidate) === deadline._id,
  );
  if (clock === undefined || clock.dueAt.getTime() !== deadline.dueAt.getTime()) return undefined;
  return { state, clock };
}

/**
 * A handler that runs only while its clock is still planned as it was, and not past its moment: a
 * clock that expired while it waited (the process was down) is dropped with a log line — a notice
 * about a moment gone would reach the group after the notice that supersedes it (the midpoint's
 * "object before the end" after the end, a reminder to vote after the close).
 */
function planned(
  work: (
    ctx: CommandContext,
    found: { readonly state: CaseState; readonly clock: PlannedClock; readonly caseId: string },
    run: { readonly now: Date; readonly late: boolean },
  ) => Promise<'done' | 'skipped'>,
): DeadlineHandler {
  return async (ctx, deadline, run) => {
    const found = await stillPlanned(ctx, deadline);
    if (found === undefined) return 'skipped';
    if (clockExpired(found.clock, run.now)) {
      ctx.log.warn(
        {
          deadline: deadline._id,
          kind: deadline.kind,
          dueAt: deadline.dueAt,
          expiresAt: found.clock.expiresAt,
          now: run.now,
        },
        'clock dropped: its moment passed before it ran',
      );
      return 'skipped';
    }
    return work(ctx, { ...found, caseId: deadline.caseId }, run);
  };
}

/**
 * `ballot.remind`: the day's private reminders to households whose vote does not count yet (one per
 * contact per day, shared with `提醒`). A reminder belongs to its day and never outlives the ballot: its
 * clock expires at the end of the day or at the close, whichever comes first, so one picked up on a
 * later day (the server was down) is dropped. Quiet hours are the outbox's: a reminder due at night
 * goes out at the end of quiet hours, unless the ballot closed meanwhile.
 */
const remindNonVoters = planned(async (ctx, { state, clock }, run) => {
  const ballot = findBallot(state, String(clock.data.ballotId))!;
  // Held by quiet hours into the next morning, it still goes, unless the ballot closed meanwhile.
  await queueReminders(ctx, state, ballot, run);
  return 'done';
});

/** `ballot.stall`: no quorum yet (both participation checks unmet) → an alert to the committee. */
const alertNoQuorum = planned(async (ctx, { state, clock, caseId }, run) => {
  const ballotId = String(clock.data.ballotId);
  const tally = ballotTally(state, ballotId)!;
  if (tally.checks.participationOwners && tally.checks.participationArea) return 'skipped';
  const ballot = findBallot(state, ballotId)!;
  await raiseAlert(
    ctx,
    caseId,
    {
      kind: 'no_quorum',
      key: clock.key,
      ballotId,
      days: Math.round((run.now.getTime() - new Date(ballot.opensAt).getTime()) / 86_400_000),
      voted: votedOwners(tally),
      households: tally.totals.owners,
    },
    run.now,
  );
  return 'done';
});

/**
 * Queues a notice in the unit's group under `clock:<deadline key>`, expiring with its clock; no group
 * bound: nothing.
 */
async function groupNotice(
  ctx: CommandContext,
  caseId: string,
  state: CaseState,
  clock: PlannedClock,
  text: string,
  now: Date,
): Promise<void> {
  await noticeToGroup(ctx, state.groupRoomId, {
    id: `clock:${deadlineKey(caseId, clock)}`,
    text,
    now,
    ...(clock.expiresAt === undefined ? {} : { expiresAt: clock.expiresAt }),
  });
}

/** `publicity.midpoint`: the group is reminded when publicity ends and how to object. */
const publicityMidpoint = planned(async (ctx, { state, clock, caseId }, run) => {
  await groupNotice(ctx, caseId, state, clock, publicityMidpointNotice(String(clock.data.endsOn)), run.now);
  return 'done';
});

/** `publicity.end`: `EndPublicity` as the system at 24:00 of the last day, then the group is told. */
const publicityEnd = planned(async (ctx, { clock, caseId }, run) => {
  const { state } = await runCaseCommand(
    ctx,
    caseId,
    { type: 'EndPublicity', data: {} },
    { actor: { kind: 'system', id: 'clocks' }, channel: 'system', now: run.now },
  );
  const open = state.objections.filter((objection) => objection.status === 'open').length;
  await groupNotice(ctx, caseId, state, clock, publicityEndedNotice(open), run.now);
  return 'done';
});

/** `objection.stall`: the next mediation step of an open effective objection is overdue → alert. */
const alertObjectionStall = planned(async (ctx, { state, clock, caseId }, run) => {
  const objectionId = String(clock.data.objectionId);
  const objection = findObjection(state, objectionId)!;
  const steps = Number(clock.data.steps);
  const thresholds = thresholdsFor(clockSettingsOf(state), state.needsExtraMediationCare);
  const expected = clock.data.expected as keyof typeof thresholds.mediationStepWorkingDays;
  await raiseAlert(
    ctx,
    caseId,
    {
      kind: steps === 0 ? 'objection_unanswered' : 'mediation_overdue',
      key: clock.key,
      objectionId,
      objectionRef: objection.objectionId,
      workingDays:
        steps === 0 ? thresholds.objectionAnswerWorkingDays : thresholds.mediationStepWorkingDays[expected],
      expected,
    },
    run.now,
  );
  return 'done';
});

/** `alert.escalate`: an alert unacknowledged in time goes one level up, and the new level is told. */
const escalate = planned(async (ctx, { state, clock, caseId }, run) => {
  const alertId = String(clock.data.alertId);
  const alert = findAlert(state, alertId)!;
  const { alertAckWorkingDays } = thresholdsFor(clockSettingsOf(state), state.needsExtraMediationCare);
  const urgent = clock.data.afterMinutes !== undefined;
  const outcome = await escalateAlert(
    ctx,
    caseId,
    {
      alertId,
      from: alert.level,
      after: urgent ? { minutes: Number(clock.data.afterMinutes) } : { workingDays: alertAckWorkingDays },
      ...(alert.kind === 'entrapment_unanswered'
        ? { details: entrapmentDetails(state, alert.key.slice('alarm.unanswered:'.length)) }
        : alert.kind === 'maintenance_overdue'
          ? { details: maintenanceDetails(state, alert.key.slice('maintenance.overdue:'.length)) }
          : {}),
    },
    run.now,
  );
  return outcome === 'unchanged' ? 'skipped' : 'done';
});

/**
 * A clock that raises one alert of `kind` when due, under its key (once, however often it runs), with
 * what `details` reads of the case and the clock.
 */
function alertWhenDue(
  kind: AlertKind,
  details: (state: CaseState, clock: PlannedClock) => AlertDetails = () => ({}),
): DeadlineHandler {
  return planned(async (ctx, { state, clock, caseId }, run) => {
    await raiseAlert(ctx, caseId, { kind, key: clock.key, ...details(state, clock) }, run.now);
    return 'done';
  });
}

/** `review.opinions`: a convened department has not given its opinion in time → alert naming them. */
const alertOpinionsLate = alertWhenDue('review_opinions_late', (state) => {
  const application = state.application!;
  const given = new Set(application.opinions.map((opinion) => opinion.department));
  return {
    departments: application.departments.filter((department) => !given.has(department)),
    workingDays: REVIEW_OPINION_WORKING_DAYS,
  };
});

/** `review.overdue` / `registration.overdue`: its due day has ended with the step not recorded → alert. */
const dueOn = (_state: CaseState, clock: PlannedClock) => ({ dueOn: String(clock.data.dueOn) });

/** `handover.user_unit`: completion accepted, no 使用单位 named in time → alert. */
const alertNoUserUnit = alertWhenDue('user_unit_missing', (_state, clock) => ({
  workingDays: Number(clock.data.workingDays),
}));

/** `application.supplement`: the applicants and the committee are reminded, privately, of what is still missing. */
const remindSupplement = planned(async (ctx, { state, clock, caseId }, run) => {
  const missing = checklistStatus(state, ctx.settings.checklists, 'application').missing;
  if (missing.length === 0) return 'skipped';
  await noticeToRoles(ctx, state, ['applicant', 'committee'], {
    id: `clock:${deadlineKey(caseId, clock)}`,
    text: supplementDueNotice(state.unit?.name ?? '本单元', String(clock.data.notifiedOn), missing),
    now: run.now,
  });
  return 'done';
});

/**
 * `review.remind`: the morning the departments' opinions or the conclusion fall due, the district and
 * the committee are reminded privately of what is still missing (nothing: nothing is sent).
 */
const remindReview = planned(async (ctx, { state, clock, caseId }, run) => {
  const application = state.application!;
  const given = new Set(application.opinions.map((opinion) => opinion.department));
  const missing = application.departments.filter((department) => !given.has(department));
  if (clock.data.what === 'opinions' && missing.length === 0) return 'skipped';
  await noticeToRoles(ctx, state, ['district', 'committee'], {
    id: `clock:${deadlineKey(caseId, clock)}`,
    text: reviewDueNotice(
      state.unit?.name ?? '本单元',
      String(clock.data.dueOn),
      clock.data.what === 'opinions' ? missing : undefined,
    ),
    now: run.now,
    ...(clock.expiresAt === undefined ? {} : { expiresAt: clock.expiresAt }),
  });
  return 'done';
});

/** What an entrapment alert says at every level: when, and whom to call. */
function entrapmentDetails(state: CaseState, alarmId: string): AlertDetails {
  const elevator = state.elevator!;
  const alarm = elevator.alarms.find((candidate) => candidate.alarmId === alarmId);
  return {
    ...(alarm === undefined ? {} : { occurredAt: alarm.occurredAt }),
    minutes: ENTRAPMENT_ALERT_MINUTES,
    rescueCode: elevator.rescueCode,
    maintainerLine: `${elevator.maintainer.name} ${elevator.maintainer.serviceLine}`,
  };
}

/** What a maintenance alert says at every level: the last visit, the day the next was due, the interval. */
function maintenanceDetails(state: CaseState, dueOn: string): AlertDetails {
  const elevator = state.elevator!;
  return {
    dueOn,
    lastOn: addCalendarDays(dueOn, -elevator.maintenanceIntervalDays),
    intervalDays: elevator.maintenanceIntervalDays,
  };
}

/** `maintenance.overdue`: no visit logged within the interval → alert (climbs the ladder as others do). */
const alertMaintenanceOverdue = alertWhenDue('maintenance_overdue', (state, clock) =>
  maintenanceDetails(state, String(clock.data.dueOn)),
);

/** `alarm.unanswered`: someone is trapped and no one took the alarm on → an alert climbing within minutes. */
const alertEntrapment = alertWhenDue('entrapment_unanswered', (state, clock) =>
  entrapmentDetails(state, String(clock.data.alarmId)),
);

/** `inspection.remind`: the 使用单位 and the committee are reminded to request the periodic inspection. */
const remindInspection = planned(async (ctx, { state, clock, caseId }, run) => {
  await noticeToRoles(ctx, state, ['user_unit', 'committee'], {
    id: `clock:${deadlineKey(caseId, clock)}`,
    text: inspectionDueNotice(state.unit?.name ?? '本单元', String(clock.data.expiresOn)),
    now: run.now,
    ...(clock.expiresAt === undefined ? {} : { expiresAt: clock.expiresAt }),
  });
  return 'done';
});

/**
 * `running.arrears`: the flat's own bound contacts (chat, not the mini-program's subscription) are
 * reminded privately of what it still owes; nothing when it was settled meanwhile.
 */
const remindArrears = planned(async (ctx, { state, clock, caseId }, run) => {
  const room = String(clock.data.room);
  const account = runningAccounts(state, [room])[0]!;
  if (account.balanceFen <= 0) return 'skipped';
  const text = runningArrearsNotice({
    unitName: state.unit?.name ?? '本单元',
    room,
    owedFen: account.balanceFen,
    since: String(clock.data.since),
  });
  const contacts = state.households
    .filter((household) => household.room === room && household.pending !== true)
    .map((household) => household.contactId)
    .filter((contactId) => openidOf(contactId) === null);
  for (const contactId of new Set(contacts)) {
    await enqueueMessage(ctx.models.outbox, {
      _id: `clock:${deadlineKey(caseId, clock)}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text,
      priority: 'notice',
      createdAt: run.now,
    });
  }
  return 'done';
});

/** `registration.remind`: the applicants and the committee are reminded, privately, by when. */
const remindRegistration = planned(async (ctx, { state, clock, caseId }, run) => {
  await noticeToRoles(ctx, state, ['applicant', 'committee'], {
    id: `clock:${deadlineKey(caseId, clock)}`,
    text: registrationDueNotice(state.unit?.name ?? '本单元', String(clock.data.dueOn)),
    now: run.now,
    ...(clock.expiresAt === undefined ? {} : { expiresAt: clock.expiresAt }),
  });
  return 'done';
});

/**
 * The handler of every planned clock but `ballot.close` (`close-ballot.ts`'s): keyed by the domain's
 * kinds, so a kind added there without a handler here does not compile.
 */
export const clockHandlers: Readonly<Record<Exclude<ClockKind, 'ballot.close'>, DeadlineHandler>> = {
  'ballot.remind': remindNonVoters,
  'ballot.stall': alertNoQuorum,
  'publicity.midpoint': publicityMidpoint,
  'publicity.end': publicityEnd,
  'objection.stall': alertObjectionStall,
  'alert.escalate': escalate,
  'application.supplement': remindSupplement,
  'review.remind': remindReview,
  'review.opinions': alertOpinionsLate,
  'review.overdue': alertWhenDue('review_overdue', dueOn),
  'handover.user_unit': alertNoUserUnit,
  'registration.remind': remindRegistration,
  'registration.overdue': alertWhenDue('registration_overdue', dueOn),
  'maintenance.overdue': alertMaintenanceOverdue,
  'inspection.remind': remindInspection,
  'alarm.unanswered': alertEntrapment,
  'running.arrears': remindArrears,
};
