/**
 * The events of a case: facts in past-tense names, appended to the case's one stream (conventions.md
 * §8). Each is `{ type, data }`; the stream adds actor, channel, `at` and the hash chain around it.
 * Data is JSON-safe: strings, integers, booleans, arrays and plain objects, no `undefined` values;
 * instants are ISO-8601 UTC strings named `…At`, calendar days `YYYY-MM-DD` named `…On`.
 */
import type {
  IneffectiveReason,
  MediationLevel,
  MediationOutcome,
  ObjectionGround,
  ObjectionStatus,
} from './objections.js';
import type {
  AlertKind,
  AlertLevel,
  ObjectionChannel,
  Objector,
  ReviewOpinion,
  UserUnitKind,
} from './commands.js';
import type { ClockSettings } from '../clocks/settings.js';
import type { ContactRole } from './bindings/commands.js';
import type { BindingEventData } from './bindings/events.js';
import type { BallotEventData } from './ballots/events.js';
import type { PlanEventData } from './plans/events.js';
import type { UnitEventData } from './unit/events.js';

/** The data of each event, by event type. */
export interface CaseEventData extends PlanEventData, BallotEventData, BindingEventData, UnitEventData {
  /** The unit's clock settings changed; `settings` is the whole new set. */
  ClockSettingsChanged: { readonly settings: ClockSettings; readonly changedAt: string };
  /** An alert was raised to the residents' committee. */
  AlertRaised: {
    readonly alertId: string;
    readonly kind: AlertKind;
    readonly key: string;
    readonly level: AlertLevel;
    readonly ballotId?: string;
    readonly objectionId?: string;
    readonly raisedAt: string;
  };
  /** An alert was acknowledged at its level. */
  AlertAcknowledged: {
    readonly alertId: string;
    readonly level: AlertLevel;
    readonly by: string;
    readonly acknowledgedAt: string;
  };
  /** An alert no one acknowledged in time went one level up. */
  AlertEscalated: {
    readonly alertId: string;
    readonly from: AlertLevel;
    readonly to: AlertLevel;
    readonly escalatedAt: string;
  };
  /** The project agreement was signed and its publicity started (domain.md §3). */
  AgreementSigned: {
    readonly signedOn: string;
    readonly ballotId: string;
    readonly publicityStartedAt: string;
    readonly publicityEndsOn: string;
    readonly publicityEndsAt: string;
    readonly publicityDays?: number;
    readonly agreementRef?: string;
  };
  /** An objection was recorded, effective or not (domain.md §3). */
  ObjectionFiled: {
    readonly objectionId: string;
    readonly named: boolean;
    readonly written: boolean;
    readonly ground: ObjectionGround;
    readonly channel: ObjectionChannel;
    readonly filedAt: string;
    readonly recordedAt: string;
    readonly effective: boolean;
    /** The first reason it is not effective, absent when effective. */
    readonly ineffectiveReason?: IneffectiveReason;
    /** Every reason it is not effective, in check order. */
    readonly ineffectiveReasons: readonly IneffectiveReason[];
    readonly objector?: Objector;
    readonly summary?: string;
    readonly messageId?: string;
    readonly text?: string;
  };
  /** A committee member or the applicant representative confirmed receiving an objection's alert. */
  ObjectionAcknowledged: {
    readonly objectionId: string;
    readonly contactId: string;
    readonly role: ContactRole;
    readonly acknowledgedAt: string;
  };
  /** A mediation session was held; `objectionStatus` is where the objection stands after it. */
  MediationRecorded: {
    readonly objectionId: string;
    readonly level: MediationLevel;
    readonly heldOn: string;
    readonly participants: readonly string[];
    readonly outcome: MediationOutcome;
    readonly objectionStatus: ObjectionStatus;
    readonly recordedAt: string;
    readonly summary?: string;
    readonly recordRef?: string;
  };
  /** Publicity ended; the case waits on `openObjectionIds` if any, else goes to the application. */
  PublicityEnded: { readonly endedAt: string; readonly openObjectionIds: readonly string[] };
  /** The application was submitted. */
  ApplicationSubmitted: {
    readonly submittedOn: string;
    readonly materials: readonly string[];
    readonly reference?: string;
  };
  /** The authority listed everything missing, once (domain.md §4). */
  IncompleteMaterialsNotified: { readonly notifiedOn: string; readonly missing: readonly string[] };
  /** The applicants supplemented materials. */
  MaterialsSupplemented: { readonly supplementedOn: string; readonly materials: readonly string[] };
  /** The application was accepted; the joint review is convened with `departments`. */
  ApplicationAccepted: {
    readonly acceptedOn: string;
    readonly departments: readonly string[];
    readonly reviewDueOn?: string;
    readonly reference?: string;
  };
  /** A department's written opinion was recorded. */
  ReviewOpinionRecorded: {
    readonly department: string;
    readonly opinion: ReviewOpinion;
    readonly givenOn: string;
    readonly conditions: readonly string[];
    readonly reasons: readonly string[];
  };
  /** The joint review concluded. */
  JointReviewConcluded: {
    readonly decision: 'approved' | 'rejected';
    readonly concludedOn: string;
    readonly reasons: readonly string[];
    readonly conditions: readonly string[];
  };
  /** Pipeline relocation was done (or found unnecessary: empty `utilities`). */
  PipelineRelocationRecorded: {
    readonly completedOn: string;
    readonly utilities: readonly string[];
    readonly note?: string;
  };
  /** Market supervision was notified of the installation. */
  InstallationNotified: {
    readonly notifiedOn: string;
    readonly installer: string;
    readonly reference?: string;
  };
  /** Construction started. */
  ConstructionStarted: { readonly startedOn: string };
  /** Construction finished. */
  ConstructionCompleted: { readonly completedOn: string };
  /** A supervision inspection was recorded, passed or not. */
  SupervisionInspectionRecorded: {
    readonly inspectedOn: string;
    readonly passed: boolean;
    readonly defects: readonly string[];
    readonly reportRef?: string;
  };
  /** Completion acceptance was done. */
  CompletionAccepted: { readonly acceptedOn: string; readonly reportRef?: string };
  /** The 使用单位 was named (or changed). */
  UserUnitNamed: {
    readonly name: string;
    readonly kind: UserUnitKind;
    readonly namedOn: string;
    readonly contact?: string;
  };
  /** Keys and documents were handed over; the elevator entered use. */
  HandedOver: {
    readonly handedOverOn: string;
    readonly enteredUseOn: string;
    readonly useRegistrationDueOn: string;
    readonly documents: readonly string[];
    readonly userUnit: string;
  };
  /** Use was registered with market supervision. */
  UseRegistered: { readonly registeredOn: string; readonly certificateNo?: string; readonly late: boolean };
}

/** Every event type. */
export type CaseEventType = keyof CaseEventData;

/** An event of a case: a discriminated union on `type`. */
export type CaseEvent = {
  [K in CaseEventType]: { readonly type: K; readonly data: CaseEventData[K] };
}[CaseEventType];

/** The event of one type. */
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;
