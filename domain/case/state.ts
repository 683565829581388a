/**
 * The state of a case, folded from its events by {@link evolve}. It holds nothing the events lack,
 * so any view of a case can be rebuilt from its stream (conventions.md §8).
 */
import { DEFAULT_CLOCK_SETTINGS, type ClockSettings } from '../clocks/settings.js';
import type { CostPlan, CostShare } from '../cost/types.js';
import { buildRoster, tallyVotes } from '../vote/index.js';
import type { CastVote, Tally } from '../vote/types.js';
import type {
  AlertKind,
  AlertLevel,
  ContactRole,
  HouseholdRole,
  ObjectionChannel,
  Objector,
  ReviewOpinion,
  UnitAddress,
  UnitFlat,
  UserUnitKind,
  VoteChannel,
} from './commands.js';
import type { CaseEvent, CaseEventData } from './events.js';
import type {
  IneffectiveReason,
  MediationLevel,
  MediationOutcome,
  ObjectionGround,
  ObjectionStatus,
} from './objections.js';
import type { Stage } from './stages.js';

/** One recorded vote: what the tally needs (`seq` is its order within the ballot), and how it came. */
export interface BallotVote extends CastVote {
  readonly channel: VoteChannel;
  readonly castAt: string;
  readonly reference?: string;
  readonly proxyFor?: string;
  readonly messageId?: string;
  readonly text?: string;
}

/**
 * A plan version published while the ballot was open: the votes of `rooms` cast so far (the first
 * `beforeSeq` votes of the ballot) no longer count; those households are asked to vote again.
 */
export interface BallotReconfirmation {
  readonly planVersion: number;
  readonly beforeSeq: number;
  readonly rooms: readonly string[];
}

/**
 * A ballot of the case, with its frozen roster and rules and every vote in order. `planVersion` is the
 * plan it votes on now (it moves when a new version is published during the ballot).
 */
export interface BallotState extends Readonly<CaseEventData['BallotOpened']> {
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly votes: readonly BallotVote[];
  /** Plan versions published while it was open, oldest first (absent when none). */
  readonly reconfirmations?: readonly BallotReconfirmation[];
  readonly closedAt?: string;
  readonly late?: boolean;
  readonly result?: Tally;
  readonly cancelledAt?: string;
  readonly cancelReason?: string;
}

/** One mediation session on an objection. */
export interface MediationSession {
  readonly level: MediationLevel;
  readonly heldOn: string;
  readonly participants: readonly string[];
  readonly outcome: MediationOutcome;
  readonly summary?: string;
  readonly recordRef?: string;
}

/** An objection as recorded, with its mediation history. */
export interface ObjectionState {
  readonly objectionId: string;
  readonly named: boolean;
  readonly written: boolean;
  readonly ground: ObjectionGround;
  readonly channel: ObjectionChannel;
  readonly filedAt: string;
  readonly effective: boolean;
  readonly ineffectiveReasons: readonly IneffectiveReason[];
  readonly status: ObjectionStatus;
  readonly mediations: readonly MediationSession[];
  readonly objector?: Objector;
  readonly summary?: string;
  /** Who confirmed receiving its alert (`ObjectionAcknowledged`), in order; absent until the first. */
  readonly acknowledgements?: readonly ObjectionAcknowledgement[];
}

/** A committee member's (or the applicant representative's) confirmation of an objection's alert. */
export interface ObjectionAcknowledgement {
  readonly contactId: string;
  readonly role: ContactRole;
  readonly acknowledgedAt: string;
}

/** A published plan version, with its cost plan and the shares each household was told. */
export interface PlanState {
  readonly version: number;
  readonly title: string;
  readonly publishedAt: string;
  readonly summary?: string;
  readonly documents?: readonly string[];
  readonly cost?: CostPlan;
  readonly shares?: readonly CostShare[];
}

/** The agreement and its publicity period (domain.md §3). */
export interface PublicityState {
  readonly signedOn: string;
  readonly startedAt: string;
  readonly endsOn: string;
  readonly endsAt: string;
  readonly endedAt?: string;
}

/** A department's recorded joint-review opinion. */
export interface ReviewOpinionState {
  readonly department: string;
  readonly opinion: ReviewOpinion;
  readonly givenOn: string;
  readonly conditions: readonly string[];
  readonly reasons: readonly string[];
}

/**
 * The pending application (domain.md §4). `outstanding` lists notified items not yet supplemented;
 * `awaitingSupplement` is true from a notice until the next supplement (no second notice meanwhile).
 */
export interface ApplicationState {
  readonly submittedOn: string;
  readonly materials: readonly string[];
  readonly outstanding: readonly string[];
  readonly awaitingSupplement: boolean;
  readonly notices: number;
  readonly acceptedOn?: string;
  readonly departments: readonly string[];
  readonly reviewDueOn?: string;
  readonly opinions: readonly ReviewOpinionState[];
}

/** The last joint-review conclusion. */
export interface JointReviewState {
  readonly decision: 'approved' | 'rejected';
  readonly concludedOn: string;
  readonly reasons: readonly string[];
  readonly conditions: readonly string[];
}

/** One supervision inspection. */
export interface InspectionState {
  readonly inspectedOn: string;
  readonly passed: boolean;
  readonly defects: readonly string[];
  readonly reportRef?: string;
}

/** Pipeline relocation to completion acceptance (domain.md §5). */
export interface WorksState {
  readonly pipelineRelocations: readonly {
    readonly completedOn: string;
    readonly utilities: readonly string[];
  }[];
  readonly installationNotifiedOn?: string;
  readonly installer?: string;
  readonly constructionStartedOn?: string;
  readonly constructionCompletedOn?: string;
  readonly inspections: readonly InspectionState[];
  readonly inspectionPassedOn?: string;
  readonly completionAcceptedOn?: string;
}

/** The elevator's 使用单位 (HZ-2021 item 15). */
export interface UserUnitState {
  readonly name: string;
  readonly kind: UserUnitKind;
  readonly namedOn: string;
  readonly contact?: string;
}

/** Handover and use registration (domain.md §5). */
export interface ServiceState {
  readonly handedOverOn: string;
  readonly enteredUseOn: string;
  readonly useRegistrationDueOn: string;
  readonly documents: readonly string[];
  readonly registeredOn?: string;
  readonly certificateNo?: string;
  readonly registeredLate?: boolean;
}

/** Everything the decider knows about one case. */
export interface CaseState {
  readonly stage: Stage;
  readonly unit?: UnitAddress;
  /** When the unit was registered (`UnitRegistered`): the case began then; no filing may predate it. */
  readonly registeredAt?: string;
  readonly flats: readonly UnitFlat[];
  /**
   * Elderly or disabled people live in the unit: mediation deserves more effort (HZ-2021 item 5;
   * domain.md §3). Derived from the flats' flags.
   */
  readonly needsExtraMediationCare: boolean;
  /** The plan version in force (the last published). */
  readonly plan?: PlanState;
  /** Every published plan version, oldest first. */
  readonly plans: readonly PlanState[];
  readonly ballots: readonly BallotState[];
  /** The elevator ballot that passed (Civil Code art. 278), once one has. */
  readonly passedElevatorBallotId?: string;
  readonly publicity?: PublicityState;
  readonly objections: readonly ObjectionState[];
  readonly application?: ApplicationState;
  readonly jointReview?: JointReviewState;
  readonly works: WorksState;
  readonly userUnit?: UserUnitState;
  readonly service?: ServiceState;
  /** Who is bound to which flat, in the order they bound. */
  readonly households: readonly HouseholdBinding[];
  /** When binding codes were last issued (the rooms and codes live outside the state). */
  readonly bindingCodesIssuedAt?: string;
  /** The unit's WeChat group, once bound (`GroupBound`; one group per unit). */
  readonly groupRoomId?: string;
  /** Chat contacts with a role in the unit (`ContactRoleRecorded`), in the order recorded. */
  readonly contactRoles: readonly ContactRoleRecord[];
  /** The unit's own clock settings, once changed (else the defaults: {@link clockSettingsOf}). */
  readonly clockSettings?: ClockSettings;
  /** Alerts raised to the committee, in the order raised. */
  readonly alerts: readonly AlertState[];
}

/**
 * An alert to the committee (issue 5 item 6) and where it stands: `level` is who has it now,
 * `levelSince` when it got there; acknowledged at that level ends it.
 */
export interface AlertState {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly key: string;
  readonly level: AlertLevel;
  readonly raisedAt: string;
  readonly levelSince: string;
  readonly ballotId?: string;
  readonly objectionId?: string;
  readonly acknowledgedAt?: string;
  readonly acknowledgedBy?: string;
}

/** The clock settings in force for a case: its own, or the defaults. */
export function clockSettingsOf(state: CaseState): ClockSettings {
  return state.clockSettings ?? DEFAULT_CLOCK_SETTINGS;
}

/** The alert with this id, if any. */
export function findAlert(state: CaseState, alertId: string): AlertState | undefined {
  return state.alerts.find((alert) => alert.alertId === alertId);
}

/** A chat contact with a role in the unit. */
export interface ContactRoleRecord {
  readonly contactId: string;
  readonly role: ContactRole;
  readonly recordedAt: string;
}

/** Whether `contactId` holds `role` in the unit (any role when `role` is omitted). */
export function hasContactRole(state: CaseState, contactId: string, role?: ContactRole): boolean {
  return state.contactRoles.some((r) => r.contactId === contactId && (role === undefined || r.role === role));
}

/** A chat contact bound to a flat of the unit (issue 4 item 2). */
export interface HouseholdBinding {
  readonly room: string;
  readonly contactId: string;
  readonly role: HouseholdRole;
  readonly boundAt: string;
  /** A proxy waiting for the owner's confirmation: may not vote yet. */
  readonly pending?: boolean;
}

/** The state of a case with no events. */
export const initialState: CaseState = {
  stage: 'new',
  flats: [],
  needsExtraMediationCare: false,
  plans: [],
  ballots: [],
  objections: [],
  works: { pipelineRelocations: [], inspections: [] },
  households: [],
  contactRoles: [],
  alerts: [],
};

/** The ballot with this id, if any. */
export function findBallot(state: CaseState, ballotId: string): BallotState | undefined {
  return state.ballots.find((ballot) => ballot.ballotId === ballotId);
}

/** The binding of `contactId` to `room`, if any. */
export function findHousehold(
  state: CaseState,
  room: string,
  contactId: string,
): HouseholdBinding | undefined {
  return state.households.find((binding) => binding.room === room && binding.contactId === contactId);
}

/** The elevator ballot currently open, if any (there is at most one). */
export function openElevatorBallot(state: CaseState): BallotState | undefined {
  return state.ballots.find((ballot) => ballot.purpose === 'elevator' && ballot.status === 'open');
}

/** The objection with this id, if any. */
export function findObjection(state: CaseState, objectionId: string): ObjectionState | undefined {
  return state.objections.find((objection) => objection.objectionId === objectionId);
}

/** The effective objections still open (domain.md §3: they hold the application back). */
export function openObjections(state: CaseState): readonly ObjectionState[] {
  return state.objections.filter((objection) => objection.status === 'open');
}

/**
 * The votes of a ballot that count: all of them, except those of a flat cast before a plan version
 * that changed its share (see {@link BallotReconfirmation}); the flat counts again once it votes anew.
 */
export function countedVotes(ballot: BallotState): readonly BallotVote[] {
  const voided = ballot.reconfirmations ?? [];
  if (voided.length === 0) return ballot.votes;
  return ballot.votes.filter(
    (vote) => !voided.some((change) => vote.seq <= change.beforeSeq && change.rooms.includes(vote.room)),
  );
}

/**
 * The rooms of a ballot asked to vote again after a plan change and not yet voted since: their earlier
 * votes do not count.
 */
export function roomsToReconfirm(ballot: BallotState): readonly string[] {
  const counted = new Set(countedVotes(ballot).map((vote) => vote.room));
  const asked = new Set((ballot.reconfirmations ?? []).flatMap((change) => change.rooms));
  const voted = new Set(ballot.votes.map((vote) => vote.room));
  return [...asked].filter((room) => voted.has(room) && !counted.has(room));
}

/**
 * The tally of a ballot: live (from the counted votes so far, under the frozen roster and rules) while
 * it is open, the frozen result once closed. `undefined` for an unknown or cancelled ballot.
 */
export function ballotTally(state: CaseState, ballotId: string): Tally | undefined {
  const ballot = findBallot(state, ballotId);
  if (ballot === undefined || ballot.status === 'cancelled') return undefined;
  return ballot.result ?? tallyVotes(buildRoster(ballot.roster), ballot.rules, countedVotes(ballot));
}

function hasCareFlags(flats: readonly UnitFlat[]): boolean {
  return flats.some((flat) => flat.elderly === true || flat.disabled === true);
}

function withBallot(
  state: CaseState,
  ballotId: string,
  update: (ballot: BallotState) => BallotState,
): CaseState {
  return {
    ...state,
    ballots: state.ballots.map((ballot) => (ballot.ballotId === ballotId ? update(ballot) : ballot)),
  };
}

function withAlert(state: CaseState, alertId: string, update: (alert: AlertState) => AlertState): CaseState {
  return {
    ...state,
    alerts: state.alerts.map((alert) => (alert.alertId === alertId ? update(alert) : alert)),
  };
}

function withWorks(state: CaseState, works: Partial<WorksState>): CaseState {
  return { ...state, works: { ...state.works, ...works } };
}

function openBallot(state: CaseState, data: CaseEventData['BallotOpened']): CaseState {
  const ballot: BallotState = { ...data, status: 'open', votes: [] };
  const stage = data.purpose === 'elevator' ? 'voting' : state.stage;
  return { ...state, stage, ballots: [...state.ballots, ballot] };
}

function publishPlan(state: CaseState, data: CaseEventData['PlanPublished']): CaseState {
  const plan: PlanState = {
    version: data.planVersion,
    title: data.title,
    publishedAt: data.publishedAt,
    ...(data.summary === undefined ? {} : { summary: data.summary }),
    ...(data.documents.length === 0 ? {} : { documents: data.documents }),
    ...(data.cost === undefined ? {} : { cost: data.cost }),
    ...(data.shares === undefined ? {} : { shares: data.shares }),
  };
  const next = { ...state, plan, plans: [...state.plans, plan] };
  const during = data.ballot;
  if (during === undefined) return { ...next, stage: 'planning' };
  // Published during the open elevator ballot: the case stays in voting, the ballot moves on.
  return withBallot(next, during.ballotId, (ballot) => ({
    ...ballot,
    planVersion: data.planVersion,
    reconfirmations: [
      ...(ballot.reconfirmations ?? []),
      { planVersion: data.planVersion, beforeSeq: ballot.votes.length, rooms: during.reconfirmRooms },
    ],
  }));
}

function castVote(state: CaseState, data: CaseEventData['VoteCast']): CaseState {
  const { ballotId, ...vote } = data;
  return withBallot(state, ballotId, (ballot) => ({
    ...ballot,
    votes: [...ballot.votes, { ...vote, seq: ballot.votes.length + 1 }],
  }));
}

function closeBallot(state: CaseState, data: CaseEventData['BallotClosed']): CaseState {
  const ballot = findBallot(state, data.ballotId);
  const next = withBallot(state, data.ballotId, (open) => ({
    ...open,
    status: 'closed',
    closedAt: data.closedAt,
    late: data.late,
    result: data.result,
  }));
  if (ballot?.purpose !== 'elevator' || state.stage !== 'voting' || !data.result.passed) return next;
  return { ...next, stage: 'agreement', passedElevatorBallotId: data.ballotId };
}

function cancelBallot(state: CaseState, data: CaseEventData['BallotCancelled']): CaseState {
  const ballot = findBallot(state, data.ballotId);
  const next = withBallot(state, data.ballotId, (open) => ({
    ...open,
    status: 'cancelled',
    cancelledAt: data.cancelledAt,
    cancelReason: data.reason,
  }));
  return ballot?.purpose === 'elevator' && state.stage === 'voting' ? { ...next, stage: 'planning' } : next;
}

function fileObjection(state: CaseState, data: CaseEventData['ObjectionFiled']): CaseState {
  const objection: ObjectionState = {
    objectionId: data.objectionId,
    named: data.named,
    written: data.written,
    ground: data.ground,
    channel: data.channel,
    filedAt: data.filedAt,
    effective: data.effective,
    ineffectiveReasons: data.ineffectiveReasons,
    status: data.effective ? 'open' : 'ineffective',
    mediations: [],
    ...(data.objector === undefined ? {} : { objector: data.objector }),
    ...(data.summary === undefined ? {} : { summary: data.summary }),
  };
  return { ...state, objections: [...state.objections, objection] };
}

function acknowledgeObjection(state: CaseState, data: CaseEventData['ObjectionAcknowledged']): CaseState {
  const { objectionId, ...acknowledgement } = data;
  const objections = state.objections.map((objection) =>
    objection.objectionId === objectionId
      ? { ...objection, acknowledgements: [...(objection.acknowledgements ?? []), acknowledgement] }
      : objection,
  );
  return { ...state, objections };
}

function recordMediation(state: CaseState, data: CaseEventData['MediationRecorded']): CaseState {
  const { objectionId, objectionStatus, recordedAt: _recordedAt, ...session } = data;
  const objections = state.objections.map((objection) =>
    objection.objectionId === objectionId
      ? { ...objection, status: objectionStatus, mediations: [...objection.mediations, session] }
      : objection,
  );
  const next = { ...state, objections };
  // The last effective objection closing lets the application go forward (domain.md §3).
  return next.stage === 'objections' && openObjections(next).length === 0
    ? { ...next, stage: 'application' }
    : next;
}

function notifyIncomplete(
  application: ApplicationState,
  data: CaseEventData['IncompleteMaterialsNotified'],
): ApplicationState {
  return {
    ...application,
    outstanding: [...new Set([...application.outstanding, ...data.missing])],
    awaitingSupplement: true,
    notices: application.notices + 1,
  };
}

function supplement(
  application: ApplicationState,
  data: CaseEventData['MaterialsSupplemented'],
): ApplicationState {
  return {
    ...application,
    materials: [...application.materials, ...data.materials],
    outstanding: application.outstanding.filter((item) => !data.materials.includes(item)),
    awaitingSupplement: false,
  };
}

function withApplication(
  state: CaseState,
  update: (application: ApplicationState) => ApplicationState,
): CaseState {
  return state.application === undefined ? state : { ...state, application: update(state.application) };
}

/**
 * Folds one event into the state. Total and pure: it never throws and never looks at a clock; an
 * event that names an unknown ballot or objection changes nothing of them. Stage moves follow
 * `STAGE_TRANSITIONS`.
 */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'UnitRegistered':
      return {
        ...state,
        stage: 'canvassing',
        unit: event.data.unit,
        registeredAt: event.data.registeredAt,
        flats: event.data.flats,
        needsExtraMediationCare: hasCareFlags(event.data.flats),
      };
    case 'RosterUpdated':
      return { ...state, flats: event.data.flats, needsExtraMediationCare: hasCareFlags(event.data.flats) };
    case 'BindingCodesIssued':
      return { ...state, bindingCodesIssuedAt: event.data.issuedAt };
    case 'HouseholdBound':
      return { ...state, households: [...state.households, event.data] };
    case 'ProxyConfirmed':
      return {
        ...state,
        households: state.households.map((binding) => {
          if (binding.room !== event.data.room || binding.contactId !== event.data.contactId) return binding;
          const { pending: _pending, ...confirmed } = binding;
          return confirmed;
        }),
      };
    case 'GroupBound':
      return { ...state, groupRoomId: event.data.roomId };
    case 'ContactRoleRecorded':
      return { ...state, contactRoles: [...state.contactRoles, event.data] };
    case 'PlanPublished':
      return publishPlan(state, event.data);
    case 'ClockSettingsChanged':
      return { ...state, clockSettings: event.data.settings };
    case 'AlertRaised': {
      const { raisedAt, ...alert } = event.data;
      return { ...state, alerts: [...state.alerts, { ...alert, raisedAt, levelSince: raisedAt }] };
    }
    case 'AlertAcknowledged':
      return withAlert(state, event.data.alertId, (alert) => ({
        ...alert,
        acknowledgedAt: event.data.acknowledgedAt,
        acknowledgedBy: event.data.by,
      }));
    case 'AlertEscalated':
      return withAlert(state, event.data.alertId, (alert) => ({
        ...alert,
        level: event.data.to,
        levelSince: event.data.escalatedAt,
      }));
    case 'BallotOpened':
      return openBallot(state, event.data);
    case 'VoteCast':
      return castVote(state, event.data);
    case 'BallotClosed':
      return closeBallot(state, event.data);
    case 'BallotCancelled':
      return cancelBallot(state, event.data);
    case 'AgreementSigned':
      return {
        ...state,
        stage: 'publicity',
        publicity: {
          signedOn: event.data.signedOn,
          startedAt: event.data.publicityStartedAt,
          endsOn: event.data.publicityEndsOn,
          endsAt: event.data.publicityEndsAt,
        },
      };
    case 'ObjectionFiled':
      return fileObjection(state, event.data);
    case 'ObjectionAcknowledged':
      return acknowledgeObjection(state, event.data);
    case 'MediationRecorded':
      return recordMediation(state, event.data);
    case 'PublicityEnded':
      return {
        ...state,
        stage: event.data.openObjectionIds.length > 0 ? 'objections' : 'application',
        ...(state.publicity === undefined
          ? {}
          : { publicity: { ...state.publicity, endedAt: event.data.endedAt } }),
      };
    case 'ApplicationSubmitted':
      return {
        ...state,
        application: {
          submittedOn: event.data.submittedOn,
          materials: event.data.materials,
          outstanding: [],
          awaitingSupplement: false,
          notices: 0,
          departments: [],
          opinions: [],
        },
      };
    case 'IncompleteMaterialsNotified':
      return withApplication(state, (application) => notifyIncomplete(application, event.data));
    case 'MaterialsSupplemented':
      return withApplication(state, (application) => supplement(application, event.data));
    case 'ApplicationAccepted':
      return {
        ...withApplication(state, (application) => ({
          ...application,
          acceptedOn: event.data.acceptedOn,
          departments: event.data.departments,
          ...(event.data.reviewDueOn === undefined ? {} : { reviewDueOn: event.data.reviewDueOn }),
        })),
        stage: 'joint_review',
      };
    case 'ReviewOpinionRecorded':
      return withApplication(state, (application) => ({
        ...application,
        opinions: [...application.opinions, event.data],
      }));
    case 'JointReviewConcluded': {
      const jointReview: JointReviewState = event.data;
      if (event.data.decision === 'approved') return { ...state, stage: 'approved', jointReview };
      // A rejected application is prepared and submitted again.
      const { application: _rejected, ...rest } = state;
      return { ...rest, stage: 'application', jointReview };
    }
    case 'PipelineRelocationRecorded':
      return withWorks(state, {
        pipelineRelocations: [
          ...state.works.pipelineRelocations,
          { completedOn: event.data.completedOn, utilities: event.data.utilities },
        ],
      });
    case 'InstallationNotified':
      return withWorks(state, {
        installationNotifiedOn: event.data.notifiedOn,
        installer: event.data.installer,
      });
    case 'ConstructionStarted':
      return { ...withWorks(state, { constructionStartedOn: event.data.startedOn }), stage: 'works' };
    case 'ConstructionCompleted':
      return {
        ...withWorks(state, { constructionCompletedOn: event.data.completedOn }),
        stage: 'inspection',
      };
    case 'SupervisionInspectionRecorded': {
      const inspections = [...state.works.inspections, event.data];
      if (!event.data.passed) return withWorks(state, { inspections });
      return {
        ...withWorks(state, { inspections, inspectionPassedOn: event.data.inspectedOn }),
        stage: 'acceptance',
      };
    }
    case 'CompletionAccepted':
      return { ...withWorks(state, { completionAcceptedOn: event.data.acceptedOn }), stage: 'handover' };
    case 'UserUnitNamed':
      return { ...state, userUnit: event.data };
    case 'HandedOver':
      return {
        ...state,
        stage: 'registration',
        service: {
          handedOverOn: event.data.handedOverOn,
          enteredUseOn: event.data.enteredUseOn,
          useRegistrationDueOn: event.data.useRegistrationDueOn,
          documents: event.data.documents,
        },
      };
    case 'UseRegistered':
      return {
        ...state,
        stage: 'in_service',
        ...(state.service === undefined
          ? {}
          : {
              service: {
                ...state.service,
                registeredOn: event.data.registeredOn,
                registeredLate: event.data.late,
                ...(event.data.certificateNo === undefined
                  ? {}
                  : { certificateNo: event.data.certificateNo }),
              },
            }),
      };
  }
}
