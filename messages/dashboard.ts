/**
 * The words of the staff's dashboards (`GET /api/v1/dashboard`): stages, deadlines, the rungs of the
 * mediation ladder and each community's one-line summary, in plain Chinese; days and times in
 * Asia/Shanghai. Pure: no I/O, no clock.
 */
import { addCalendarDays, shanghaiDayOf } from '../domain/calendar/index.js';
import type { MediationLevel } from '../domain/case/index.js';
import type { CommunityBoard, DeadlineKind } from '../domain/dashboard/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { STEP_WORDS } from './clocks.js';
import { dayWords } from './publicity.js';

/** What ends, for each kind of deadline on the board. */
export const DEADLINE_WORDS: Readonly<Record<DeadlineKind, string>> = {
  'ballot.close': '表决截止',
  'ballot.stall': '表决参与人数检查（不到三分之二会提醒居委会）',
  'publicity.end': '公示期满',
  'objection.stall': '异议下一步协商或调解的期限',
  'alert.escalate': '提醒无人确认，将转给上一级',
  'review.opinions': '联合审查部门意见期限',
  'joint_review.due': '联合审查期限',
  'handover.user_unit': '确定使用单位的期限',
  'registration.overdue': '使用登记期限（进入使用后 30 天）',
};

/** A rung of the mediation ladder in words; none yet: `还没有协商或调解`. */
export function mediationWords(level: MediationLevel | undefined): string {
  return level === undefined ? '还没有协商或调解' : STEP_WORDS[level];
}

/** The rungs the next step may take, in words: `双方协商或居委会调解`; none (after a hearing): `无`. */
export function nextStepWords(levels: readonly MediationLevel[]): string {
  return levels.length === 0 ? '无' : levels.map((level) => STEP_WORDS[level]).join('或');
}

/** How long a case has been quiet: `已经 20 天没有新进展`. */
export function quietWords(days: number): string {
  return `已经 ${days} 天没有新进展`;
}

/**
 * When a deadline falls, in Asia/Shanghai: `3月13日 10:00`; a period that ends at midnight is said
 * the way the law counts it, at 24:00 of its last day (`4月7日 24:00`, Civil Code art. 203).
 */
export function dueWords(at: Date): string {
  const shown = formatChatTime(at, DEFAULT_TIME_ZONE);
  if (!shown.endsWith(' 00:00')) return shown;
  return `${dayWords(addCalendarDays(shanghaiDayOf(at), -1))} 24:00`;
}

/**
 * A community's board in one line: `共 12 个单元；2 个单元超过 14 天没有新进展；1 件异议还没有解决；
 * 未来 7 天有 3 个期限到期。`
 */
export function boardSummary(board: CommunityBoard, stalledAfterDays: number, windowDays: number): string {
  const parts = [
    `共 ${board.units} 个单元`,
    board.stalled.length === 0
      ? `没有超过 ${stalledAfterDays} 天没进展的单元`
      : `${board.stalled.length} 个单元超过 ${stalledAfterDays} 天没有新进展`,
    board.disputes.length === 0 ? '没有未解决的异议' : `${board.disputes.length} 件异议还没有解决`,
    board.deadlines.length === 0
      ? `未来 ${windowDays} 天没有期限到期`
      : `未来 ${windowDays} 天有 ${board.deadlines.length} 个期限到期`,
  ];
  return `${parts.join('；')}。`;
}
