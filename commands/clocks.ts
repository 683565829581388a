/**
 * The case's clocks kept in step with its state. `domain/clocks` plans every
 * deadline a case has running as a pure function of its state; this module stores that plan as
 * deadlines for the one sweeper job and runs each kind when due:
 *
 * - after every appended event, {@link syncClocks} compares the plan before and after and schedules,
 *   moves or cancels only what changed (a vote changes no clock, so it costs nothing);
 * - {@link reconcileClocks} (hourly, and at start) replans every case and repairs what a crash between
 *   an event and its sync left behind;
 * - each handler (`clock-handlers.ts`) first checks the deadline is still in the case's plan, with
 *   the same due time (the case is still where it expected), and does nothing otherwise;
 * - a clock whose moment has passed (its `expiresAt`, for the kinds that expire: see `CLOCK_LATENESS`)
 *   is dropped with a log line rather than run late, and the notices a clock queues carry the moment
 *   they speak of to the outbox (publicity's end, a ballot's close), which drops them once it has
 *   passed: after downtime, no notice goes out after the one that supersedes it.
 *
 * Deadline keys are the plan's keys with the case id after the kind: `ballot.remind:<caseId>:<ballotId>:<day>`.
 */
import type { CaseState } from '../domain/case/index.js';
import {
  CLOCK_KINDS,
  planCaseClocks,
  planClocks,
  type ClockPlanFailure,
  type PlannedClock,
} from '../domain/clocks/index.js';
import { readCaseClockKeys, writeCaseClockKeys, type DeadlineDoc } from '../models/deadline.js';
import { findByIds } from '../models/slots.js';
import { raiseAlert } from './alerts.js';
import type { AfterAppend, CommandContext } from './kernel/context.js';
import { syncUnitListing } from './kernel/case-view.js';
import { cancelDeadlines, scheduleDeadline } from './kernel/deadlines.js';
import { loadCase } from './kernel/read.js';

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
