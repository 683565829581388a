/** The events of publicity, objections and mediation (domain.md §3). */
import type { ContactRole } from '../bindings/commands.js';
import type { ObjectionChannel, Objector, WithdrawnBy } from './commands.js';
import type {
  IneffectiveReason,
  MediationLevel,
  MediationOutcome,
  ObjectionGround,
  ObjectionStatus,
} from './objections.js';

/** The data of each publicity event, by event type. */
export interface PublicityEventData {
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
  /**
   * An objection was withdrawn (superseded, not erased): on whose word, why, and the objector's written
   * withdrawal when it was theirs. Its status becomes `withdrawn`.
   */
  ObjectionWithdrawn: {
    readonly objectionId: string;
    readonly by: WithdrawnBy;
    readonly reason: string;
    readonly withdrawnAt: string;
    readonly reference?: string;
  };
  /**
   * Mediation step `step` (from 1) of an objection was withdrawn as recorded by mistake;
   * `objectionStatus` is where the objection stands after it (from the steps still standing).
   */
  MediationWithdrawn: {
    readonly objectionId: string;
    readonly step: number;
    readonly reason: string;
    readonly withdrawnAt: string;
    readonly objectionStatus: ObjectionStatus;
  };
  /** Publicity ended; the case waits on `openObjectionIds` if any, else goes to the application. */
  PublicityEnded: { readonly endedAt: string; readonly openObjectionIds: readonly string[] };
}
