/**
 * The shapes of the public v1 API's answers, as far as the console reads them (README, "HTTP API";
 * `api/routes/*` and `api/presenters/*` on the server). The console is a client over HTTP and
 * nothing else: these are written out here, never imported from the server's code.
 */

export type StaffRole = 'committee' | 'applicant' | 'subdistrict' | 'district';
export type ScopeKind = 'district' | 'subdistrict' | 'community' | 'unit';

/** `GET /me`: a staff member, the administrator, or a resident (who has no business here). */
export type Me =
  | { kind: 'admin'; roles: string[]; scope: { kind: 'platform' } }
  | { kind: StaffRole; tokenId: string; roles: StaffRole[]; scope: { kind: ScopeKind; id: string } }
  | { kind: 'resident'; roles: []; flats: { unitId: string; room: string; unitName?: string }[] };

/** `GET /places`: the tree of places the caller may see. */
export interface PlaceNode {
  id: string;
  kind: 'district' | 'subdistrict' | 'community';
  name: string;
  parentId?: string;
  children?: PlaceNode[];
}

export interface Count {
  owners: number;
  area: string;
}

export interface Owner {
  name: string;
  hasPhone: boolean;
  phone?: string;
}

export interface Flat {
  room: string;
  floor: number;
  area: string;
  areaSource: 'register' | 'survey' | 'contract';
  developerStock?: boolean;
  ownerKey?: string;
  elderly?: boolean;
  disabled?: boolean;
  owners?: Owner[];
}

export interface BallotSummary {
  id: string;
  title: string;
  matter: 'major' | 'ordinary';
  purpose: string;
  status: 'open' | 'closed' | 'cancelled';
  opensAt: string;
  closesAt?: string;
  closedAt?: string;
  passed?: boolean;
  planVersion?: number;
  votesRecorded: number;
}

export interface CostScheme {
  kind: 'floor_coefficient' | 'fixed_per_floor' | 'area' | 'explicit';
  permilleByFloor?: Record<string, number>;
  fenByFloor?: Record<string, number>;
  fenByRoom?: Record<string, number>;
}

export interface CostPlan {
  totalCostFen: number;
  subsidyFen: number;
  scheme: CostScheme;
  exemptRooms?: string[];
  compensations?: { toRoom: string; amountFen: number; reason: string }[];
  compensationCapPermille?: number;
}

export interface ShareTerms {
  scheme: CostScheme['kind'];
  coefficientPermille?: number;
  areaCenti?: number;
  fixedFen?: number;
  agreedFen?: number;
  weight: number;
  totalWeight: number;
  weightScale: number;
  amountFen: number;
  exempt?: 'exempt_room' | 'exempt_floor' | 'zero_weight';
}

export interface Share {
  room: string;
  floor: number;
  payFen: number;
  receiveFen: number;
  netFen: number;
  terms: ShareTerms;
}

export interface Plan {
  version: number;
  title: string;
  summary?: string;
  documents: string[];
  publishedAt: string;
  cost?: CostPlan & { amountSharedFen: number };
  shares?: Share[];
}

/** `GET /units/:unitId`. */
export interface Unit {
  id: string;
  name?: string;
  address: Record<string, string>;
  communityId?: string;
  stage: string;
  totals: { flats: number; owners: number; area: string };
  flats: Flat[];
  plan?: Plan;
  ballots: BallotSummary[];
  seq: number;
}

/** One flat of `GET /units/:unitId/bindings`. */
export interface FlatBindings {
  room: string;
  bound: boolean;
  contacts: { contactId: string; role: string; pending?: boolean }[];
}

export interface TallyChecks {
  participationOwners: boolean;
  participationArea: boolean;
  approvalOwners: boolean;
  approvalArea: boolean;
}

/** `GET /ballots/:id/tally`. */
export interface Tally {
  ballotId: string;
  status: BallotSummary['status'];
  final: boolean;
  passed: boolean;
  totals: Count;
  participating: Count;
  agree: Count;
  oppose: Count;
  abstain: Count;
  checks: TallyChecks;
  missing: { possible: boolean; owners: number; area: string };
  conflicts: string[];
  conflictsCouldChange: boolean;
  rules: { matter: 'major' | 'ordinary'; abstentionParticipates: boolean; onCoOwnerConflict: string };
}

/** `GET /ballots/:id/worklist`. */
export interface Worklist {
  ballotId: string;
  counts: { conflict: number; reconfirm: number; unbound: number; notVoted: number };
  flats: {
    room: string;
    floor: number;
    reason: 'conflict' | 'reconfirm' | 'unbound' | 'not_voted';
    unbound: boolean;
    owners?: { name: string; phone?: string }[];
  }[];
}

export type Choice = 'agree' | 'oppose' | 'abstain';
export type VoteChannel = 'paper' | 'proxy' | 'in_person' | 'statement';

/** `POST /ballots/:id/votes` → 201. */
export interface VoteReceipt {
  id: string;
  ballotId: string;
  room: string;
  choice: Choice;
  channel: VoteChannel;
  reference?: string;
  receipt: { seq: number; hash: string; prevHash: string; at: string };
}

/** `POST /units/:unitId/plans/simulate`. */
export interface Simulation {
  unitId: string;
  stored: false;
  shares: (Share & { yuan: string; currentNetFen?: number })[];
  totals: {
    flats: number;
    totalCostFen: number;
    subsidyFen: number;
    compensationFen: number;
    amountSharedFen: number;
    payFen: number;
    receiveFen: number;
    netFen: number;
  };
  comparedWith?: { planVersion: number };
  changedRooms: string[];
}

/** One problem of a refused roster import (`details.rows` of `roster_import_invalid`). */
export interface ImportRowProblem {
  row: number;
  column: string;
  field?: string;
  message: string;
  value?: string;
}

export interface ImportFieldProblem {
  field: string;
  column?: string;
  message: string;
}

/** A staff token as `GET /tokens` lists it (never its secret). */
export interface StaffToken {
  id: string;
  name: string;
  role: StaffRole;
  scope: { kind: ScopeKind; id: string };
  issuedAt: string;
  issuedBy: { kind: string; id: string };
  expiresAt: string;
  revokedAt?: string;
  status: 'active' | 'expired' | 'revoked';
}

export interface MediationStep {
  step: number;
  level: 'negotiation' | 'committee' | 'subdistrict' | 'hearing';
  heldOn: string;
  participants: string[];
  outcome: 'resolved' | 'withdrawn' | 'failed' | 'refused';
  summary?: string;
  recordRef?: string;
  withdrawn: boolean;
}

/** One objection of `GET /units/:unitId/objections`. */
export interface Objection {
  reference: string;
  channel: string;
  named: boolean;
  written: boolean;
  ground: 'ventilation' | 'daylight' | 'passage' | 'other';
  filedAt: string;
  effective: boolean;
  ineffectiveReasons: ('anonymous' | 'oral' | 'outside_window' | 'ground_not_covered')[];
  status: 'ineffective' | 'open' | 'resolved' | 'withdrawn' | 'closed_after_hearing';
  objector?: { name?: string; room?: string; hasPhone?: boolean };
  summary?: string;
  mediations: MediationStep[];
}

/** `GET /units/:unitId/objections`: the publicity period and the gate beside a page of objections. */
export interface ObjectionsContext {
  unitId: string;
  stage: string;
  publicity?: { signedOn: string; startedAt: string; endsOn: string; endsAt: string; endedAt?: string };
  applicationBlocked: boolean;
  openObjectionIds: string[];
}

/** One alert of `GET /units/:unitId/alerts`. */
export interface Alert {
  alertId: string;
  kind:
    | 'no_quorum'
    | 'objection_unanswered'
    | 'mediation_overdue'
    | 'clocks_failed'
    | 'review_opinions_late'
    | 'review_overdue'
    | 'user_unit_missing'
    | 'registration_overdue';
  level: 'committee' | 'subdistrict' | 'district';
  raisedAt: string;
  levelSince: string;
  ballotId?: string;
  objectionId?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  open: boolean;
  skipped: string[];
  unreached: boolean;
}

/** `GET /units/:unitId/clock-settings`. */
export interface ClockSettingsView {
  unitId: string;
  settings: {
    ballotReminderDays: number[];
    remindDayBeforeClose: boolean;
    noticeTime: string;
    publicityDays: number;
    quorumStallDays: number;
    objectionAnswerWorkingDays: number;
    mediationStepWorkingDays: Record<string, number>;
    alertAckWorkingDays: number;
  };
  custom: boolean;
  care: boolean;
  thresholdsInForce: {
    quorumStallDays: number;
    objectionAnswerWorkingDays: number;
    mediationStepWorkingDays: Record<string, number>;
    alertAckWorkingDays: number;
  };
  clocks: { key: string; kind: string; dueAt: string }[];
}

/** One community's block of `GET /dashboard`. */
export interface CommunityBoard {
  id: string;
  name: string;
  subdistrict?: { id: string; name: string };
  units: number;
  summary: string;
  byStage: { stage: string; label: string; count: number }[];
  stalled: {
    unitId: string;
    name?: string;
    stage: string;
    stageLabel: string;
    lastEventOn: string;
    days: number;
    label: string;
  }[];
  disputes: {
    unitId: string;
    name?: string;
    objectionId: string;
    groundLabel: string;
    filedAt: string;
    levelLabel: string;
    steps: number;
    nextLabel: string;
    care: boolean;
  }[];
  deadlines: {
    unitId: string;
    name?: string;
    kind: string;
    label: string;
    dueAt: string;
    dueLabel: string;
    provisional: boolean;
    ref?: string;
  }[];
}

/** `GET /dashboard`. */
export interface Dashboard {
  asOf: string;
  today: string;
  stalledAfterDays: number;
  deadlineWindowDays: number;
  communities: CommunityBoard[];
  funnel?: {
    cases: number;
    stages: {
      stage: string;
      label: string;
      reached: number;
      current: number;
      left: number;
      medianDays: number | null;
    }[];
  };
}

/** One event of `GET /units/:unitId/timeline`. */
export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  channel: string;
  actor: { kind: string; id: string; role?: string };
  prevHash: string;
  hash: string;
  line: string;
}

/** `GET /units/:unitId/timeline/verify`. */
export interface ChainCheck {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string };
  brokenAt?: { seq: number; reason: string; expected: string; found: string };
}

/** `GET /units/:unitId/application`. */
export interface ApplicationStatus {
  unitId: string;
  stage: string;
  application?: {
    submittedOn: string;
    materials: string[];
    outstanding: string[];
    awaitingSupplement: boolean;
    acceptedOn?: string;
    departments: string[];
    reviewDueOn?: string;
    opinions: {
      department: string;
      opinion: 'approve' | 'approve_with_conditions' | 'reject';
      givenOn: string;
      conditions: string[];
      reasons: string[];
    }[];
  };
  jointReview?: {
    decision: 'approved' | 'rejected';
    concludedOn: string;
    reasons: string[];
    conditions: string[];
  };
}

/** `GET /units/:unitId/works`. */
export interface WorksStatus {
  unitId: string;
  stage: string;
  works: {
    pipelineRelocations: { completedOn: string; utilities: string[] }[];
    installationNotifiedOn?: string;
    installer?: string;
    constructionStartedOn?: string;
    constructionCompletedOn?: string;
    inspections: { inspectedOn: string; passed: boolean; defects: string[]; reportRef?: string }[];
    inspectionPassedOn?: string;
    completionAcceptedOn?: string;
  };
  userUnit?: { name?: string; kind: 'entrusted_manager' | 'named_person'; namedOn: string };
  service?: {
    handedOverOn: string;
    enteredUseOn: string;
    useRegistrationDueOn: string;
    documents: string[];
    registeredOn?: string;
    certificateNo?: string;
    registeredLate?: boolean;
  };
}
