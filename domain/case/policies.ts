/**
 * Who may do what, in one place: each guarded action and the roles that allow it.
 *
 * - In chat ({@link POLICIES}), a person's roles in a unit are those the unit's case records for their
 *   contact (`ContactRoleRecorded`). The domain's deciders, the commands and the bot's help ask here.
 * - Over the API ({@link STAFF_POLICIES}), a person signs in with their own token, which names one role
 *   and the scope they work in (an {@link Actor}). They reach only the units under their scope
 *   ({@link unitInScope}: any other unit is answered as one that does not exist), and there take only
 *   the actions their role allows. The platform administrator may take every action on every unit.
 *
 * A rule changes in one line here.
 */
import { DomainError } from '../errors.js';
import type { Place, Scope, StaffRole } from '../platform/places.js';
import type { ContactRole } from './bindings/commands.js';
import type { BindingSlice } from './bindings/state.js';
import type { CaseEventType } from './events.js';

/** What kind of caller acted: the platform administrator, a staff role, a resident's contact, a job. */
export type ActorKind = 'admin' | StaffRole | 'resident' | 'system';

/** One flat a resident is bound to (as an owner, co-owner or proxy), as their session sees it. */
export interface ResidentFlat {
  readonly unitId: string;
  readonly room: string;
}

/**
 * Where a caller may reach: the whole platform (the administrator), one place or unit (a staff
 * member), or the flats a resident is bound to (`flats`: their units' shared data, their own flats in
 * full).
 */
export type ActorScope =
  { readonly kind: 'platform' } | Scope | { readonly kind: 'flats'; readonly flats: readonly ResidentFlat[] };

/**
 * A caller as the policies see them: who (`kind` and `id`, as the events record them), their roles and
 * their scope. A staff token gives one role (the token's) and the token's scope; a chat contact's
 * roles are those its unit's case records.
 */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
  readonly roles: readonly ContactRole[];
  readonly scope: ActorScope;
}

/** The platform administrator (the bootstrap token, `JIATI_ADMIN_TOKEN`). */
export const PLATFORM_ADMIN: Actor = { kind: 'admin', id: 'admin', roles: [], scope: { kind: 'platform' } };

/** Whether `actor` is the platform administrator, who may reach every unit and take every action. */
export function isPlatformAdmin(actor: Pick<Actor, 'kind' | 'scope'>): boolean {
  return actor.kind === 'admin' && actor.scope.kind === 'platform';
}

/**
 * The roles that allow each guarded action, in the order a role is named for it (the first the
 * person holds is the one recorded as acting).
 */
export const POLICIES = {
  /** `提醒`: remind the flats that have not voted. */
  remind: ['committee', 'applicant'],
  /** `收到 YY-1`: the committee receives objections (domain.md §3); the applicant answers them. */
  acknowledge_objection: ['committee', 'applicant'],
  /** `收到 TX-1`: an alert is acknowledged by whoever it went to, or the applicant representative. */
  acknowledge_alert: ['committee', 'subdistrict', 'district', 'applicant', 'user_unit'],
  /** `维保确认`: the 使用单位 signs off a maintenance visit (domain.md §7). */
  confirm_maintenance: ['user_unit'],
} as const satisfies Readonly<Record<string, readonly ContactRole[]>>;

export type PolicyAction = keyof typeof POLICIES;

/** The person's roles in the unit, in the order the case recorded them. */
export function rolesOf(state: BindingSlice, contactId: string): ContactRole[] {
  return state.contactRoles.filter((record) => record.contactId === contactId).map((record) => record.role);
}

/** The role in which `actor` may take `action` (the policy's first that they hold), if any. */
export function roleFor<A extends PolicyAction>(
  action: A,
  actor: Pick<Actor, 'roles'>,
): (typeof POLICIES)[A][number] | undefined {
  const allowed: readonly (typeof POLICIES)[A][number][] = POLICIES[action];
  return allowed.find((role) => actor.roles.includes(role));
}

/** Whether `actor` may take `action`. */
export function may(action: PolicyAction, actor: Pick<Actor, 'roles'>): boolean {
  return roleFor(action, actor) !== undefined;
}

/**
 * The role in which `actor` takes `action`; refuses with `forbidden` `{ action }` when they hold none of
 * the policy's roles. A refusal is always this thrown error, never a result: transports word it by the
 * action (`messages/`).
 */
export function requireRole<A extends PolicyAction>(
  action: A,
  actor: Pick<Actor, 'roles'>,
): (typeof POLICIES)[A][number] {
  const role = roleFor(action, actor);
  if (role === undefined) {
    throw new DomainError('forbidden', `The action ${action} needs one of: ${POLICIES[action].join(', ')}.`, {
      action,
    });
  }
  return role;
}

/** Whether a value names a guarded action (for reading `forbidden` details). */
export function isPolicyAction(value: unknown): value is PolicyAction {
  return typeof value === 'string' && Object.hasOwn(POLICIES, value);
}

/**
 * The API's actions and the staff roles that may take each, on a unit (or place) in their scope. The
 * platform administrator may take every one; an empty list means the administrator alone. Reading
 * is open to every role within its scope; changing follows the work of each (domain.md §1): the
 * residents' committee registers units, keeps rosters, runs the ballot and enters paper votes and
 * objections; the applicant representative publishes plans, binds the group and signs the agreement
 * for their unit; the sub-district mediates; the district and sub-district otherwise read.
 */
export const STAFF_POLICIES = {
  /** Read a unit, its plans, ballots, tallies, ballot records and objections (residents too: their own). */
  read_unit: ['district', 'subdistrict', 'committee', 'applicant'],
  /**
   * Read the dashboard of the communities in one's scope (units by stage, stalled cases, open
   * objections, deadlines; the funnel for the officers above the communities). An applicant
   * representative's scope is one unit, which `read_unit` already shows whole.
   */
  read_dashboard: ['district', 'subdistrict', 'committee'],
  /** List the units within one's scope (an applicant representative: their own). */
  list_units: ['district', 'subdistrict', 'committee', 'applicant'],
  /** Read a unit's staff work: who is bound, the door-to-door worklist, alerts, clock settings. */
  read_roster: ['district', 'subdistrict', 'committee', 'applicant'],
  /** Read who one is signed in as (every caller). */
  read_self: ['district', 'subdistrict', 'committee', 'applicant', 'maintainer', 'user_unit'],
  /** Bind one's own flat with its slip's code, and sign one's session out (residents alone). */
  bind_flat: [],
  sign_out: [],
  /** Allow, and see, one's own reminders in the mini-program (residents alone). */
  allow_reminders: [],
  /** Vote for one's own flats, and file one's own objection (residents alone: staff enter paper). */
  cast_own_vote: [],
  file_own_objection: [],
  /** Read the places above and within one's scope; compute a legal period. */
  read_places: ['district', 'subdistrict', 'committee', 'applicant'],
  read_calendar: ['district', 'subdistrict', 'committee', 'applicant'],
  /** Create districts, sub-districts and communities; move a unit to another community. */
  create_place: [],
  place_unit: [],
  /** Change a unit's legal periods and alert settings. */
  change_clock_settings: [],
  register_unit: ['committee'],
  update_roster: ['committee'],
  record_proxy: ['committee'],
  issue_binding_codes: ['committee'],
  record_contact_role: ['committee'],
  publish_plan: ['committee', 'applicant'],
  issue_group_code: ['committee', 'applicant'],
  open_ballot: ['committee'],
  close_ballot: ['committee'],
  cancel_ballot: ['committee'],
  /** Enter a paper, proxy or in-person vote (domain.md §2: entered by a committee member). */
  enter_vote: ['committee'],
  sign_agreement: ['committee', 'applicant'],
  /** Enter a named written objection, or its withdrawal (objections are filed with the committee). */
  enter_objection: ['committee'],
  /** Record a mediation step or hearing, or withdraw one (committee, then sub-district: domain.md §3). */
  record_mediation: ['committee', 'subdistrict'],
  acknowledge_alert: ['district', 'subdistrict', 'committee', 'applicant'],
  /** Hand in the application and supply what it lacks (domain.md §4: the applicants, helped by the committee). */
  submit_application: ['committee', 'applicant'],
  /** Notify missing materials, accept, record the departments' opinions and conclude (the district authority). */
  review_application: ['district'],
  /** Record the works, the 使用单位, handover and use registration as each happens (domain.md §5). */
  record_works: ['committee', 'applicant'],
  /** Record a payment received towards a flat's agreed share, or cancel one recorded in error (domain.md §6). */
  record_payment: ['committee', 'applicant'],
  /**
   * Read a unit's documents (materials may hold owners' personal data: staff only, never residents),
   * and file or withdraw one (the applicants and the committee hand them in; the district files what
   * it issues).
   */
  read_documents: ['district', 'subdistrict', 'committee', 'applicant'],
  file_document: ['district', 'committee', 'applicant'],
  /** Record a step of the subsidy claim or a household's provident-fund withdrawal (domain.md §6). */
  record_claim: ['committee', 'applicant'],
  /** See one's own flats' share, paid and due (residents alone: staff have no flats of their own). */
  read_own_costs: [],
  /** Read the unit's elevator: its record, visits, inspections and alarms (residents too). */
  read_elevator: ['district', 'subdistrict', 'committee', 'applicant', 'maintainer', 'user_unit'],
  /** Record the elevator after handover, replace its alarm key, record a periodic inspection. */
  record_elevator: ['committee', 'applicant', 'user_unit'],
  /** Log a maintenance visit (the maintainer, with its own token, on its own unit's elevator). */
  log_maintenance: ['maintainer'],
  /** Sign a maintenance visit off (the 使用单位; in chat `维保确认`). */
  confirm_maintenance: ['user_unit'],
  /** Read the running costs and every flat's running account (the 使用单位 collects them). */
  read_running: ['district', 'subdistrict', 'committee', 'applicant', 'user_unit'],
  /** Record the running-cost key, its bills and income, and households' payments (domain.md §6). */
  record_running: ['committee', 'user_unit'],
  /** Take an alarm on. */
  acknowledge_alarm: ['district', 'subdistrict', 'committee', 'maintainer', 'user_unit'],
  /** Issue, list and revoke tokens (see {@link ISSUABLE_ROLES}: which roles, within which scope). */
  manage_tokens: ['committee'],
} as const satisfies Readonly<Record<string, readonly StaffRole[]>>;

export type StaffAction = keyof typeof STAFF_POLICIES;

/**
 * The roles a staff member may issue tokens for, within their own scope: a committee member for
 * fellow members of their community and for the applicant representative of a unit in it. The
 * platform administrator issues any role in any scope.
 */
export const ISSUABLE_ROLES: Readonly<Partial<Record<StaffRole, readonly StaffRole[]>>> = {
  committee: ['committee', 'applicant', 'maintainer', 'user_unit'],
};

/**
 * What a signed-in resident may do over the API (the mini-program), within their own units: read the
 * unit's shared data — its plans, ballots and tallies, the named record of a closed ballot, its
 * objections — and the legal calendar; see who they are signed in as, bind a flat with its slip's code
 * and sign out; vote for their own flats and file their own objection. What they see of their neighbours is narrowed by
 * {@link personalDataView}; rosters, bindings, worklists, alerts and clocks are staff work.
 */
export const RESIDENT_ACTIONS: readonly StaffAction[] = [
  'read_unit',
  'read_calendar',
  'read_self',
  'bind_flat',
  'sign_out',
  'allow_reminders',
  'read_own_costs',
  'read_elevator',
  'cast_own_vote',
  'file_own_objection',
];

/** Whether `actor` may take the API's `action` (on something already found to be in their scope). */
export function mayTake(action: StaffAction, actor: Pick<Actor, 'kind' | 'scope' | 'roles'>): boolean {
  if (isPlatformAdmin(actor)) return true;
  if (actor.kind === 'resident') return RESIDENT_ACTIONS.includes(action);
  const allowed: readonly StaffRole[] = STAFF_POLICIES[action];
  return actor.roles.some((role) => allowed.includes(role));
}

/** Refuses with `forbidden` `{ action }` unless `actor` may take `action` ({@link mayTake}). */
export function requireAction(action: StaffAction, actor: Pick<Actor, 'kind' | 'scope' | 'roles'>): void {
  if (!mayTake(action, actor)) {
    throw new DomainError('forbidden', `The action ${action} is not open to this role.`, { action });
  }
}

/** Whether `actor` may issue a token for `role` (its scope is checked apart, by {@link placeInScope}). */
export function mayIssueRole(actor: Pick<Actor, 'kind' | 'scope' | 'roles'>, role: StaffRole): boolean {
  if (isPlatformAdmin(actor)) return true;
  return actor.roles.some((held) => ISSUABLE_ROLES[held]?.includes(role) === true);
}

/** Where a unit sits: its id, its community and the places above (absent for a unit never placed). */
export interface UnitPlacement {
  readonly unitId: string;
  readonly communityId?: string;
  readonly subdistrictId?: string;
  readonly districtId?: string;
}

/**
 * Whether the unit lies in `actor`'s scope: any unit for the platform administrator; for a staff
 * member, a unit in their district, sub-district or community, or (the applicant representative)
 * their own unit. A unit placed in no community is the administrator's alone.
 */
export function unitInScope(actor: Pick<Actor, 'kind' | 'scope'>, unit: UnitPlacement): boolean {
  if (isPlatformAdmin(actor)) return true;
  const { scope } = actor;
  switch (scope.kind) {
    case 'platform':
      return false;
    case 'unit':
      return unit.unitId === scope.id;
    case 'flats':
      return scope.flats.some((flat) => flat.unitId === unit.unitId);
    case 'community':
      return unit.communityId === scope.id;
    case 'subdistrict':
      return unit.subdistrictId === scope.id;
    case 'district':
      return unit.districtId === scope.id;
  }
}

/**
 * Whether the place is `actor`'s scope or lies within it (a community of their sub-district, say).
 * An applicant representative's scope is a unit, so no place lies within it.
 */
export function placeInScope(
  actor: Pick<Actor, 'kind' | 'scope'>,
  place: Pick<Place, 'placeId' | 'subdistrictId' | 'districtId'>,
): boolean {
  if (isPlatformAdmin(actor)) return true;
  const { scope } = actor;
  switch (scope.kind) {
    case 'platform':
    case 'unit':
    case 'flats':
      return false;
    case 'community':
      return place.placeId === scope.id;
    case 'subdistrict':
      return place.placeId === scope.id || place.subdistrictId === scope.id;
    case 'district':
      return place.placeId === scope.id || place.districtId === scope.id;
  }
}

/**
 * How much of a unit's personal data `actor` sees (owners' and objectors' names, phones):
 * - `names`: names, and phones masked (`138****5678`) — the platform administrator, and the
 *   residents' committee of the unit's own community (it keeps the roll);
 * - otherwise rooms only, except `ownRooms` — a resident's own flats in that unit, shown in full.
 * The law's exception (the named record of a closed ballot, published to the unit's owners) is the
 * record's own rule (`mayReadNamedRecord`).
 */
export interface PersonalDataView {
  readonly names: boolean;
  readonly ownRooms: readonly string[];
}

/** The {@link PersonalDataView} of `actor` on a unit of `placement` (already found in their scope). */
export function personalDataView(
  actor: Pick<Actor, 'kind' | 'scope' | 'roles'>,
  placement: UnitPlacement,
): PersonalDataView {
  if (isPlatformAdmin(actor)) return { names: true, ownRooms: [] };
  const { scope } = actor;
  if (scope.kind === 'flats') {
    const ownRooms = scope.flats.filter((flat) => flat.unitId === placement.unitId).map((flat) => flat.room);
    return { names: false, ownRooms };
  }
  const committee =
    actor.roles.includes('committee') && scope.kind === 'community' && scope.id === placement.communityId;
  return { names: committee, ownRooms: [] };
}

/**
 * Whether `actor` may read a ballot's named record (each flat's owners by name and how they voted):
 * whoever sees names ({@link personalDataView}), and — once the ballot has closed, when the law makes
 * it public to them — the unit's owners (a resident bound to one of its flats). Other staff see the
 * record by room only.
 */
export function namedRecordOpenTo(
  view: PersonalDataView,
  actor: Pick<Actor, 'kind'>,
  closed: boolean,
): boolean {
  return view.names || (actor.kind === 'resident' && closed && view.ownRooms.length > 0);
}

/**
 * The steps of a case every reader of the unit sees in its milestones (`GET
 * /units/:unitId/milestones`, the mini-program's home): what the whole unit was told in its group —
 * the plan, each ballot opened and its result, the agreement and publicity, and each step from the
 * application to use registration. Never who voted how, who is bound, who objected, or staff work.
 */
export const MILESTONE_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'UnitRegistered',
  'PlanPublished',
  'BallotOpened',
  'BallotClosed',
  'BallotCancelled',
  'AgreementSigned',
  'PublicityEnded',
  'ApplicationSubmitted',
  'IncompleteMaterialsNotified',
  'MaterialsSupplemented',
  'ApplicationAccepted',
  'JointReviewConcluded',
  'PipelineRelocationRecorded',
  'InstallationNotified',
  'ConstructionStarted',
  'ConstructionCompleted',
  'SupervisionInspectionRecorded',
  'CompletionAccepted',
  'UserUnitNamed',
  'HandedOver',
  'UseRegistered',
]);
