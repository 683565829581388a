/**
 * The registry of clock kinds and what a planned clock is: the one list that planning, the command
 * layer's handlers and its notices share, what each kind is worth when it runs late, and the clock
 * times on the Asia/Shanghai calendar they are due at.
 */
import { dayNumberOf } from '../calendar/day.js';
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
  'running.arrears': 'expires',
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

export const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `HH:MM` on day `on` in Asia/Shanghai (UTC+8, no daylight saving). */
export function localTimeAt(on: string, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(dayNumberOf(on, 'on') * MS_PER_DAY - SHANGHAI_OFFSET_MS + (hours * 60 + minutes) * 60_000);
}
