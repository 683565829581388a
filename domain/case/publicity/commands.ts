/**
 * The commands of the agreement's publicity and the objections filed during it (domain.md §3): signing
 * the agreement starts publicity; objections are recorded, assessed and mediated up the ladder.
 */
import type { MediationLevel, MediationOutcome, ObjectionGround } from './objections.js';

/** How an objection reached the residents' committee. A `wechat` objection is kept verbatim. */
/** The channels of an objection; the committee enters {@link ENTERED_OBJECTION_CHANNELS} itself. */
export const ENTERED_OBJECTION_CHANNELS = ['paper', 'in_person'] as const;
export type ObjectionChannel = 'wechat' | 'miniprogram' | (typeof ENTERED_OBJECTION_CHANNELS)[number];

/** Who files an objection, when known. Personal data: shown to the committee only. */
export interface Objector {
  readonly name?: string;
  readonly room?: string;
  /** A phone number written on a paper objection, so the committee can call back. */
  readonly phone?: string;
  readonly contactId?: string;
}

/**
 * On whose word an objection is withdrawn: the residents' committee (it was entered by mistake, or
 * for the wrong unit or person), or the objector (who withdrew it in writing: `reference` names that
 * record).
 */
export const WITHDRAWN_BY = ['committee', 'objector'] as const;
export type WithdrawnBy = (typeof WITHDRAWN_BY)[number];

/** The data of each publicity command, by command type. */
export interface PublicityCommandData {
  /**
   * Records the signed project agreement and starts its publicity (domain.md §3). The command layer
   * computes `publicityEndsOn` / `publicityEndsAt` (24:00 Asia/Shanghai of the last day) with the
   * calendar module; `publicityDays` is the configured length, kept for display.
   */
  SignAgreement: {
    readonly signedOn: string;
    readonly publicityEndsOn: string;
    readonly publicityEndsAt: Date;
    readonly publicityDays?: number;
    readonly agreementRef?: string;
  };
  /** Ends publicity once its period is over (domain.md §3). */
  EndPublicity: Record<string, never>;
  /** Records an objection; the event says whether it is effective (domain.md §3). */
  FileObjection: {
    readonly objectionId: string;
    readonly named: boolean;
    readonly written: boolean;
    readonly ground: ObjectionGround;
    readonly channel: ObjectionChannel;
    /** When the committee received it (may be before it was entered; never after `now`). */
    readonly filedAt: Date;
    readonly objector?: Objector;
    readonly summary?: string;
    readonly messageId?: string;
    readonly text?: string;
  };
  /**
   * A committee member or the applicant representative confirms they received the alert of an
   * objection (`收到 <ref>`). Only contacts recorded with a role in the unit may; the same contact
   * acknowledging again changes nothing.
   */
  AcknowledgeObjection: { readonly objectionId: string; readonly contactId: string };
  /** Records one mediation session on an effective objection (domain.md §3; HZ-2021 items 5–6). */
  RecordMediation: {
    readonly objectionId: string;
    readonly level: MediationLevel;
    readonly heldOn: string;
    readonly participants: readonly string[];
    readonly outcome: MediationOutcome;
    readonly summary?: string;
    /** The full record (required for a hearing, HZ-2021 item 6). */
    readonly recordRef?: string;
  };
  /**
   * Withdraws an objection: a new event that supersedes it, never an edit. The objection stays on
   * record (with its mediation) marked withdrawn with who, when and why; an effective one no longer
   * holds the application back (domain.md §3). `reference` (the objector's written withdrawal) is
   * required when `by` is the objector.
   */
  WithdrawObjection: {
    readonly objectionId: string;
    readonly by: WithdrawnBy;
    readonly reason: string;
    readonly reference?: string;
  };
  /**
   * Withdraws one mediation step recorded by mistake (`step`: its number, from 1, in the order
   * recorded). Only the latest step still standing may be withdrawn; the objection then stands where
   * the steps before it left it (open again, if the withdrawn step had ended it).
   */
  WithdrawMediation: { readonly objectionId: string; readonly step: number; readonly reason: string };
}
