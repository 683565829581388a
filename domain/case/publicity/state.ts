/** What a case knows of its publicity period and the objections filed (domain.md §3). */
import type { ContactRole } from '../bindings/commands.js';
import { fail, requireStage } from '../checks.js';
import type { Stage } from '../stages.js';
import type { ObjectionChannel, Objector, WithdrawnBy } from './commands.js';
import type {
  IneffectiveReason,
  MediationLevel,
  MediationOutcome,
  ObjectionGround,
  ObjectionStatus,
} from './objections.js';

/** Why and when a mediation step was withdrawn (`MediationWithdrawn`). */
export interface MediationWithdrawal {
  readonly reason: string;
  readonly withdrawnAt: string;
}

/**
 * One mediation session on an objection. A withdrawn one stays in the list, in its place, with its
 * `withdrawal`: it no longer counts on the ladder (see {@link standingMediations}).
 */
export interface MediationSession {
  readonly level: MediationLevel;
  readonly heldOn: string;
  readonly participants: readonly string[];
  readonly outcome: MediationOutcome;
  readonly summary?: string;
  readonly recordRef?: string;
  readonly withdrawal?: MediationWithdrawal;
}

/** Who withdrew an objection, when and why (`ObjectionWithdrawn`). */
export interface ObjectionWithdrawal {
  readonly by: WithdrawnBy;
  readonly reason: string;
  readonly withdrawnAt: string;
  readonly reference?: string;
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
  /** Its withdrawal, once withdrawn (its status is then `withdrawn`); absent until then. */
  readonly withdrawal?: ObjectionWithdrawal;
}

/** A committee member's (or the applicant representative's) confirmation of an objection's alert. */
export interface ObjectionAcknowledgement {
  readonly contactId: string;
  readonly role: ContactRole;
  readonly acknowledgedAt: string;
}

/** The agreement and its publicity period (domain.md §3). */
export interface PublicityState {
  readonly signedOn: string;
  readonly startedAt: string;
  readonly endsOn: string;
  readonly endsAt: string;
  /** Its length in calendar days as signed (the end may fall later: a rest day moves it on); absent on older streams. */
  readonly days?: number;
  readonly endedAt?: string;
}

/** The part of a case's state that its publicity and objections keep. */
export interface PublicitySlice {
  /** The agreement and its publicity period, once the agreement is signed. */
  readonly publicity?: PublicityState;
  /** Every objection filed, effective or not, in the order recorded. */
  readonly objections: readonly ObjectionState[];
}

/** What publicity's gates read: its slice and the case's stage. */
type PublicityStage = PublicitySlice & { readonly stage: Stage };

/**
 * The publicity period while the case is at `publicity`, else undefined. Only `AgreementSigned` moves a
 * case to `publicity`, and it records the period: a case folded from its stream at `publicity` has one.
 */
export function runningPublicity(state: PublicityStage): PublicityState | undefined {
  return state.stage === 'publicity' ? state.publicity : undefined;
}

/**
 * The running publicity period, or `wrong_stage` (`{ stage, expected }`): at any other stage, and for a
 * state at `publicity` without its period, which no stream produces (a hand-built state).
 */
export function requirePublicity(state: PublicityStage): PublicityState {
  requireStage(state, ['publicity']);
  const publicity = runningPublicity(state);
  if (publicity === undefined) {
    fail('wrong_stage', 'The agreement has not started its publicity.', {
      stage: state.stage,
      expected: ['publicity'],
    });
  }
  return publicity;
}

/** The objection with this id, if any. */
export function findObjection(state: PublicitySlice, objectionId: string): ObjectionState | undefined {
  return state.objections.find((objection) => objection.objectionId === objectionId);
}

/** The effective objections still open (domain.md §3: they hold the application back). */
export function openObjections(state: PublicitySlice): readonly ObjectionState[] {
  return state.objections.filter((objection) => objection.status === 'open');
}

/** The mediation steps of an objection that still count: those not withdrawn, in the order held. */
export function standingMediations(objection: ObjectionState): readonly MediationSession[] {
  return objection.mediations.filter((session) => session.withdrawal === undefined);
}
