/**
 * The commands of a case: what someone asks the project to do, in imperative names. Each is
 * `{ type, data }`; `decide` turns it into at most one event or refuses it with a `DomainError`.
 * Instants are `Date` (UTC) named `…At`; calendar days are `YYYY-MM-DD` (Asia/Shanghai) named `…On`.
 * Deadlines that need the working-day calendar (publicity end, joint-review due day, use-registration
 * due day) are computed by the command layer with `domain/calendar` and passed in; the decider stores
 * what it is given.
 */
import type { ClockSettingsChange } from '../clocks/settings.js';
import type { BindingCommandData } from './bindings/commands.js';
import type { BallotCommandData } from './ballots/commands.js';
import type { PlanCommandData } from './plans/commands.js';
import type { PublicityCommandData } from './publicity/commands.js';
import type { ApplicationCommandData } from './application/commands.js';
import type { UnitCommandData } from './unit/commands.js';
import type { WorksCommandData } from './works/commands.js';

/**
 * Why the committee is alerted (issue 5 item 6; domain.md §8): a ballot without quorum after the
 * configured days, an effective objection with no first mediation step in time, a mediation step
 * overdue.
 */
export type AlertKind =
  | 'no_quorum'
  | 'objection_unanswered'
  | 'mediation_overdue'
  /** A part of the case (a ballot, publicity, an objection) has dates its clocks cannot keep. */
  | 'clocks_failed';

/** Who an alert is with: the residents' committee, then the sub-district, then the district office. */
export type AlertLevel = 'committee' | 'subdistrict' | 'district';

/** The escalation ladder of alerts, lowest first (domain.md §8). */
export const ALERT_LEVELS: readonly AlertLevel[] = ['committee', 'subdistrict', 'district'];

/** The data of each command, by command type. */
export interface CaseCommandData
  extends
    WorksCommandData,
    ApplicationCommandData,
    PublicityCommandData,
    PlanCommandData,
    BallotCommandData,
    BindingCommandData,
    UnitCommandData {
  /** Changes the unit's clock settings (reminder days, publicity length, stall thresholds). */
  SetClockSettings: { readonly change: ClockSettingsChange };
  /**
   * Raises an alert to the committee. `key` names the stalled thing (`no_quorum:<ballotId>`): an alert
   * already raised under the key is not raised again.
   */
  RaiseAlert: {
    readonly alertId: string;
    readonly kind: AlertKind;
    readonly key: string;
    readonly ballotId?: string;
    readonly objectionId?: string;
  };
  /** Acknowledges an alert at its current level (`by`: who, e.g. a contact id or `admin`). */
  AcknowledgeAlert: { readonly alertId: string; readonly by: string };
  /**
   * Moves an unacknowledged alert one level up, if it is still at `from` (a late or repeated job
   * changes nothing once it moved or was acknowledged).
   */
  EscalateAlert: { readonly alertId: string; readonly from: AlertLevel };
}

/** Every command type. */
export type CaseCommandType = keyof CaseCommandData;

/** A command of a case: a discriminated union on `type`. */
export type CaseCommand = {
  [K in CaseCommandType]: { readonly type: K; readonly data: CaseCommandData[K] };
}[CaseCommandType];

/** The command of one type. */
export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;
