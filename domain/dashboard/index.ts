/**
 * The dashboards of the staff (`GET /api/v1/dashboard`): each community's board — units by stage,
 * stalled cases, open objections, deadlines of the coming days — and, for the officers above the
 * communities, the funnel of every case from canvassing to the elevator in service. Pure functions
 * of the cases' states (each unit's {@link BoardEntry}), their stage changes (read off their
 * streams) and `now`.
 */
export { stageChanges, stageHistoryAgrees } from './history.js';
export type { StageChange, TimedEvent } from './history.js';
export { FUNNEL_STAGES, daysOf, funnel, median, timeInStages } from './funnel.js';
export type { FunnelRow, StageTime } from './funnel.js';
export {
  DEADLINE_KINDS,
  DEADLINE_WINDOW_DAYS,
  STALLED_AFTER_DAYS,
  boardEntryOf,
  communityBoard,
} from './board.js';
export type {
  BoardEntry,
  BoardUnit,
  CommunityBoard,
  DeadlineEntry,
  DeadlineKind,
  DisputeEntry,
  OpenDispute,
  StalledUnit,
  UpcomingDeadline,
} from './board.js';
