import type { Dashboard, CommunityBlock } from '../../commands/dashboard.js';
import { shanghaiDayOf } from '../../domain/calendar/index.js';
import {
  DEADLINE_WINDOW_DAYS,
  STALLED_AFTER_DAYS,
  type OpenDispute,
  type StalledUnit,
  type UpcomingDeadline,
} from '../../domain/dashboard/index.js';
import {
  DEADLINE_WORDS,
  GROUND_WORDS,
  STAGE_WORDS,
  boardSummary,
  dueWords,
  mediationWords,
  nextStepWords,
  quietWords,
} from '../../messages/index.js';

const named = (item: { readonly name?: string }) => (item.name === undefined ? {} : { name: item.name });

function presentStalled(unit: StalledUnit) {
  return {
    unitId: unit.unitId,
    ...named(unit),
    stage: unit.stage,
    stageLabel: STAGE_WORDS[unit.stage],
    lastEventOn: unit.lastEventOn,
    days: unit.days,
    label: quietWords(unit.days),
  };
}

function presentDispute(dispute: OpenDispute) {
  return {
    unitId: dispute.unitId,
    ...named(dispute),
    objectionId: dispute.objectionId,
    ground: dispute.ground,
    groundLabel: GROUND_WORDS[dispute.ground],
    filedAt: dispute.filedAt.toISOString(),
    filedOn: shanghaiDayOf(dispute.filedAt),
    ...(dispute.level === undefined ? {} : { level: dispute.level }),
    levelLabel: mediationWords(dispute.level),
    steps: dispute.steps,
    next: [...dispute.next],
    nextLabel: nextStepWords(dispute.next),
    care: dispute.care,
  };
}

function presentDeadline(deadline: UpcomingDeadline) {
  return {
    unitId: deadline.unitId,
    ...named(deadline),
    kind: deadline.kind,
    label: DEADLINE_WORDS[deadline.kind],
    dueAt: deadline.dueAt.toISOString(),
    dueOn: deadline.dueOn,
    dueLabel: dueWords(deadline.dueAt),
    provisional: deadline.provisional,
    ...(deadline.ref === undefined ? {} : { ref: deadline.ref }),
  };
}

function presentBlock({ community, subdistrict, board }: CommunityBlock) {
  return {
    id: community.placeId,
    name: community.name,
    ...(subdistrict === undefined
      ? {}
      : { subdistrict: { id: subdistrict.placeId, name: subdistrict.name } }),
    units: board.units,
    summary: boardSummary(board, STALLED_AFTER_DAYS, DEADLINE_WINDOW_DAYS),
    byStage: board.byStage.map(({ stage, count }) => ({ stage, label: STAGE_WORDS[stage], count })),
    stalled: board.stalled.map(presentStalled),
    disputes: board.disputes.map(presentDispute),
    deadlines: board.deadlines.map(presentDeadline),
  };
}

/**
 * Shows the dashboard: when it was read (and today in Asia/Shanghai), the thresholds it applied, one
 * block per community and, for the officers, the funnel. Every code beside its plain-Chinese label;
 * instants in UTC, days in Asia/Shanghai. No personal data: units by id and name, objections by
 * reference and ground, never an objector.
 */
export function presentDashboard(dashboard: Dashboard) {
  return {
    asOf: dashboard.now.toISOString(),
    today: shanghaiDayOf(dashboard.now),
    stalledAfterDays: STALLED_AFTER_DAYS,
    deadlineWindowDays: DEADLINE_WINDOW_DAYS,
    communities: dashboard.communities.map(presentBlock),
    ...(dashboard.funnel === undefined
      ? {}
      : {
          funnel: {
            cases: dashboard.funnel.cases,
            stages: dashboard.funnel.stages.map((row) => ({
              stage: row.stage,
              label: STAGE_WORDS[row.stage],
              reached: row.reached,
              current: row.current,
              left: row.left,
              medianDays: row.medianDays,
            })),
          },
        }),
  };
}
