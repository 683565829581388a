/**
 * One case = one building unit's elevator project, kept as one append-only event stream
 * (conventions.md §8) [Decider]: commands are decided into events by {@link decide}, and the state is
 * the fold of the events by {@link evolve}. From registering the unit, through the vote (Civil Code
 * art. 278), publicity and objections, the application and joint review, to works, handover and use
 * registration (domain.md §2–§5; Hangzhou 2021 implementing opinions).
 *
 * Each concern has its folder with its commands, events, state, `decide.ts` and `evolve.ts`: `unit/`,
 * `bindings/`, `plans/`, `ballots/`, `publicity/`, `application/`, `works/`, `payments/`, `documents/`,
 * `claims/`, `elevator/` (the elevator in service, domain.md §7), `running/` (its running costs) and
 * `alerts/`. The top-level
 * `decide.ts` and `evolve.ts` only compose them; this module is the one public surface.
 */
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';

export { CASE_ERROR_CODES } from './codes.js';
export { STAGES, STAGE_TRANSITIONS, canMove, isAtOrAfter, stagesFrom } from './stages.js';
export type { Stage } from './stages.js';
export type * from './commands.js';
export type * from './events.js';
export { decide } from './decide.js';
export type { DecideContext } from './decide.js';
export { evolve } from './evolve.js';
export { initialState } from './state.js';
export type { CaseState } from './state.js';

export type * from './unit/commands.js';
export type * from './unit/events.js';
export type * from './unit/state.js';
export { requireFlatOf } from './unit/state.js';
export { rosterChanges } from './unit/decide.js';

export { CONTACT_ROLES, HOUSEHOLD_ROLES } from './bindings/commands.js';
export type * from './bindings/commands.js';
export { findHousehold, hasContactRole } from './bindings/state.js';
export type * from './bindings/state.js';

export type * from './plans/state.js';

export { BALLOT_PURPOSES, ENTERED_VOTE_CHANNELS } from './ballots/commands.js';
export type * from './ballots/commands.js';
export { DEFAULT_MINIMUM_OPEN_DAYS } from './ballots/decide.js';
export {
  ballotTally,
  countedVotes,
  findBallot,
  flatStanding,
  openElevatorBallot,
  roomsToReconfirm,
} from './ballots/state.js';
export type * from './ballots/state.js';
export { WORKLIST_REASONS, ballotWorklist, namedRecord } from './ballots/record.js';
export type * from './ballots/record.js';

export { ENTERED_OBJECTION_CHANNELS, WITHDRAWN_BY } from './publicity/commands.js';
export type * from './publicity/commands.js';
export {
  COVERED_GROUNDS,
  MEDIATION_LEVELS,
  MEDIATION_OUTCOMES,
  OBJECTION_GROUNDS,
  assessObjection,
  nextMediationLevels,
  statusAfterMediation,
} from './publicity/objections.js';
export type * from './publicity/objections.js';
export { findObjection, openObjections, standingMediations } from './publicity/state.js';
export type * from './publicity/state.js';

export type * from './application/commands.js';
export type * from './application/state.js';

export type * from './works/commands.js';
export type * from './works/state.js';
export type * from './payments/commands.js';
export type * from './payments/state.js';
export { agreedShares, flatCosts, householdAccount } from './payments/state.js';
export type * from './documents/commands.js';
export type * from './documents/checklists.js';
export type * from './documents/state.js';
export { DOCUMENT_TYPES } from './documents/commands.js';
export { CHECKLIST_KINDS, DEFAULT_CHECKLISTS, checklistItem } from './documents/checklists.js';
export { checklistStatus, requireDocument } from './documents/state.js';
export type * from './claims/commands.js';
export type * from './claims/state.js';
export { CLAIM_STATUSES, FUNDS } from './claims/commands.js';
export { NEXT_STATUSES, claimOf, claimsOverview } from './claims/state.js';
export type * from './elevator/commands.js';
export type * from './elevator/state.js';
export { ALARM_KINDS, MAX_MAINTENANCE_INTERVAL_DAYS, VISIT_KINDS } from './elevator/commands.js';
export {
  inspectionRequestBy,
  lastMaintainedOn,
  maintenanceDueOn,
  requireElevator,
} from './elevator/state.js';
export type * from './running/commands.js';
export type * from './running/events.js';
export type * from './running/state.js';
export { BILL_KINDS, INCOME_SOURCES } from './running/commands.js';
export { requireRunning, runningAccounts } from './running/state.js';

export type * from './alerts/commands.js';
export { ALERT_KINDS } from './alerts/commands.js';
export { ALERT_LEVELS, alertReach, clockSettingsOf, findAlert } from './alerts/state.js';

export { ALERT_REF_PREFIX, EXAMPLE_REFERENCE, OBJECTION_REF_PREFIX, isAlertRef } from './refs.js';
export {
  ISSUABLE_ROLES,
  PLATFORM_ADMIN,
  POLICIES,
  STAFF_POLICIES,
  isPlatformAdmin,
  isPolicyAction,
  may,
  MILESTONE_EVENTS,
  mayIssueRole,
  mayTake,
  namedRecordOpenTo,
  personalDataView,
  placeInScope,
  RESIDENT_ACTIONS,
  requireAction,
  requireRole,
  roleFor,
  rolesOf,
  unitInScope,
} from './policies.js';
export type {
  Actor,
  ActorKind,
  ActorScope,
  PersonalDataView,
  PolicyAction,
  ResidentFlat,
  StaffAction,
  UnitPlacement,
} from './policies.js';
export type * from './alerts/state.js';

/** The case decider as one value, for the stream runner: `{ initialState, evolve, decide }`. */
export const caseDecider = { initialState, evolve, decide } as const;
