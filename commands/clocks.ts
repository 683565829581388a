/**
 * The case's clocks kept in step with its state. `domain/clocks` plans every
 * deadline a case has running as a pure function of its state; this module stores that plan as
 * deadlines for the one sweeper job and runs each kind when due:
 *
 * - after every appended event, {@link syncClocks} compares the plan before and after and schedules,
 *   moves or cancels only what changed (a vote changes no clock, so it costs nothing);
 * - {@link reconcileClocks} (hourly, and at start) replans every case and repairs what a crash between
 *   an event and its sync left behind;
 * - each handler first checks the deadline is still in the case's plan, with the same due time (the
 *   case is still where it expected), and does nothing otherwise;
 * - a clock whose moment has passed (its `expiresAt`, for the kinds that expire: see `CLOCK_LATENESS`)
 *   is dropped with a log line rather than run late, and the notices a clock queues carry the moment
 *   they speak of to the outbox (publicity's end, a ballot's close), which drops them once it has
 *   passed: after downtime, no notice goes out after the one that supersedes it.
 *
 * Deadline keys are the plan's keys with the case id after the kind: `ballot.remind:<caseId>:<ballotId>:<day>`.
 */
import {
  ballotTally,
  clockSettingsOf,
  findAlert,
  findBallot,
  findObjection,
  type CaseState,
} from '../domain/case/index.js';
import {
  CLOCK_KINDS,
  clockExpired,
  planCaseClocks,
  planClocks,
  thresholdsFor,
  type ClockPlanFailure,
  type PlannedClock,
} from '../domain/clocks/index.js';
import { readCaseClockKeys, writeCaseClockKeys, type DeadlineDoc } from '../models/deadline.js';
import { findByIds } from '../models/slots.js';
import { escalateAlert, raiseAlert } from './alerts.js';
import { noticeToGroup } from './announce.js';
import { syncUnitListing } from './kernel/case-view.js';
import { loadCase } from './kernel/read.js';
import { publicityEndedNotice, publicityMidpointNotice } from '../messages/clocks.js';
import type { AfterAppend, CommandContext } from './kernel/context.js';
import {
  cancelDeadlines,
  scheduleDeadline,
  type DeadlineHandler,
  type DeadlineHandlers,
} from './kernel/deadlines.js';
import { votedOwners } from '../messages/ballot.js';
import { queueReminders } from './remind.js';
import { runCaseCommand } from './kernel/run-case.js';

/** The deadline key of a planned clock: the case id goes after the kind. */
export function deadlineKey(caseId: string, clock: Pick<PlannedClock, 'key' | 'kind'>): string {
  return `${clock.kind}:${caseId}:${clock.key.slice(clock.kind.length + 1)}`;
}

function fingerprint(clock: PlannedClock): string {
  return `${clock.dueAt.getTime()}|${JSON.stringify(clock.data)}`;
}

/**
 * Brings the stored deadlines of a case from the plan of `before` to the plan of `after`: clocks new
 * or moved are scheduled (an idempotent upsert by key), clocks gone are cancelled. Unchanged clocks
 * cost nothing — no database call at all when the plan did not change. Keys that appear or vanish are
 * first recorded for the case (`case_clocks`), so that the reconcile can find them by `_id`.
 */
export async function syncClocks(
  ctx: CommandContext,
  caseId: string,
  before: CaseState,
  after: CaseState,
): Promise<void> {
  const previous = planClocks(before, ctx.holidays);
  const was = new Map(previous.map((clock) => [clock.key, fingerprint(clock)]));
  const plan = planCaseClocks(after, ctx.holidays);
  const now = plan.clocks;
  await reportPlanFailures(ctx, caseId, after, plan.failures);
  const planned = new Set(now.map((clock) => clock.key));
  const gone = [...was.keys()].filter((key) => !planned.has(key));
  const kinds = new Map([...previous, ...now].map((clock) => [clock.key, clock]));
  if (gone.length > 0 || now.some((clock) => !was.has(clock.key))) {
    await noteClockKeys(
      ctx,
      caseId,
      [...kinds.values()].map((clock) => deadlineKey(caseId, clock)),
    );
  }
  for (const clock of now) {
    if (was.get(clock.key) === fingerprint(clock)) continue;
    await scheduleDeadline(ctx, {
      key: deadlineKey(caseId, clock),
      kind: clock.kind,
      caseId,
      dueAt: clock.dueAt,
      data: { ...clock.data },
    });
  }
  if (gone.length > 0) {
    // Not yet due only: a due deadline may be running now (its own handler may have caused this very
    // event) and is left to finish; one not yet picked up finds itself unplanned and skips.
    await cancelDeadlines(ctx, {
      caseId,
      keys: gone.map((key) => deadlineKey(caseId, kinds.get(key)!)),
      dueAfter: ctx.clock.now(),
    });
  }
}

/**
 * The after-append hook that keeps a case's clocks in step with its state (registered in
 * `compose.ts`); a crash between an event and this sync is repaired by the hourly reconcile.
 */
export const clocksAfterAppend: AfterAppend = {
  name: 'clocks',
  run: (ctx, caseId, executed) => syncClocks(ctx, caseId, executed.before, executed.state),
  repair: async (ctx, caseId) => {
    await reconcileCase(ctx, caseId);
  },
};

/** Adds `keys` to the deadline keys recorded for the case, unless they are all there already. */
async function noteClockKeys(ctx: CommandContext, caseId: string, keys: readonly string[]): Promise<void> {
  const recorded = await readCaseClockKeys(ctx.models.deadlines, caseId);
  const all = new Set([...recorded, ...keys]);
  if (all.size > recorded.length)
    await writeCaseClockKeys(ctx.models.deadlines, caseId, [...all], ctx.clock.now());
}

/**
 * What the reconcile changed: cases visited, deadlines scheduled, pending deadlines cancelled, and
 * cases it could not repair in full (reported and skipped).
 */
export interface ReconcileResult {
  readonly cases: number;
  readonly scheduled: number;
  readonly cancelled: number;
  readonly failed: number;
}

/**
 * Reports the parts of a case whose clocks cannot be planned (conventions.md §9, "one bad case never
 * stops the others"): an error line naming the case and the part, and one `clocks_failed` alert to the
 * committee per part, raised once (a part already alerted is not reported again).
 */
async function reportPlanFailures(
  ctx: CommandContext,
  caseId: string,
  state: CaseState,
  failures: readonly ClockPlanFailure[],
): Promise<void> {
  for (const failure of failures) {
    const key = `clocks_failed:${failure.scope}`;
    if (state.alerts.some((alert) => alert.key === key)) continue;
    ctx.log.error(
      { caseId, scope: failure.scope, code: failure.code },
      'case clocks cannot be planned; the committee is alerted',
    );
    try {
      await raiseAlert(ctx, caseId, { kind: 'clocks_failed', key, scope: failure.scope }, ctx.clock.now());
    } catch (error) {
      ctx.log.error(
        { err: error, caseId, scope: failure.scope },
        'alert about unplannable clocks not raised',
      );
    }
  }
}

/**
 * Replans one case and repairs its stored deadlines, by `_id` only: each planned clock's key is its
 * deadline's `_id` (missing: scheduled), and the keys recorded for the case (`case_clocks`) name the
 * ones it planned before (still pending but no longer planned: cancelled). Costs the case's own
 * clocks, whatever the `deadlines` collection holds.
 */
export async function reconcileCase(
  ctx: CommandContext,
  caseId: string,
): Promise<{ readonly scheduled: number; readonly cancelled: number; readonly failed: boolean }> {
  const [{ state, head }, recorded] = await Promise.all([
    loadCase(ctx, caseId),
    readCaseClockKeys(ctx.models.deadlines, caseId),
  ]);
  // The unit's listing carries its deadlines to the dashboards: kept in step here as well.
  await syncUnitListing(ctx, caseId, state, head).catch((error: unknown) =>
    ctx.log.warn({ err: error, caseId }, 'unit listing not repaired; tried again at the next reconcile'),
  );
  const { clocks: plan, failures } = planCaseClocks(state, ctx.holidays);
  await reportPlanFailures(ctx, caseId, state, failures);
  const keys = plan.map((clock) => deadlineKey(caseId, clock));
  const stored = await findByIds<DeadlineDoc>(ctx.models.deadlines.collection, keys);
  let scheduled = 0;
  for (const [index, clock] of plan.entries()) {
    if (stored[index] !== null) continue;
    await scheduleDeadline(ctx, {
      key: keys[index]!,
      kind: clock.kind,
      caseId,
      dueAt: clock.dueAt,
      data: { ...clock.data },
    });
    scheduled++;
  }
  // A case with a part that cannot be planned keeps its pending deadlines and their record: what it
  // planned before may still be right, and its handlers check the case before they act.
  if (failures.length > 0) return { scheduled, cancelled: 0, failed: true };
  const wanted = new Set(keys);
  const stale = recorded.filter((key) => !wanted.has(key) && isPlannedKind(key));
  const cancelled = stale.length === 0 ? 0 : await cancelDeadlines(ctx, { caseId, keys: stale });
  if (recorded.length !== keys.length || recorded.some((key) => !wanted.has(key))) {
    await writeCaseClockKeys(ctx.models.deadlines, caseId, keys, ctx.clock.now());
  }
  return { scheduled, cancelled, failed: false };
}

/**
 * Replans every case and repairs the stored deadlines (see {@link reconcileCase}): a planned clock
 * with no deadline at all is scheduled; a pending deadline its case no longer plans is cancelled. The
 * cases come from the registry, page by page by `_id`. Each case is repaired on its own: one that
 * cannot be read or planned is reported (an error line, an alert) and skipped, and the rest are still
 * repaired. Returns what it changed.
 */
export async function reconcileClocks(ctx: CommandContext): Promise<ReconcileResult> {
  let cases = 0;
  let scheduled = 0;
  let cancelled = 0;
  let failed = 0;
  for await (const caseId of ctx.streams.allCaseIds()) {
    cases++;
    try {
      const repaired = await reconcileCase(ctx, caseId);
      scheduled += repaired.scheduled;
      cancelled += repaired.cancelled;
      if (repaired.failed) failed++;
    } catch (error) {
      failed++;
      ctx.log.error({ err: error, caseId }, 'case clocks not reconciled; skipped until the next run');
    }
  }
  return { cases, scheduled, cancelled, failed };
}

/** Whether a deadline key belongs to a clock the plan makes (the kind comes first, see {@link deadlineKey}). */
function isPlannedKind(key: string): boolean {
  return CLOCK_KINDS.some((kind) => key.startsWith(`${kind}:`));
}

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
  const outcome = await escalateAlert(
    ctx,
    caseId,
    { alertId, from: alert.level, afterWorkingDays: alertAckWorkingDays },
    run.now,
  );
  return outcome === 'unchanged' ? 'skipped' : 'done';
});

/** The handlers of the planned clocks (`ballot.close` is `close-ballot.ts`'s). */
export const clockHandlers: DeadlineHandlers = {
  'ballot.remind': remindNonVoters,
  'ballot.stall': alertNoQuorum,
  'publicity.midpoint': publicityMidpoint,
  'publicity.end': publicityEnd,
  'objection.stall': alertObjectionStall,
  'alert.escalate': escalate,
};
