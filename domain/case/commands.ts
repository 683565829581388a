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

/** Who acts as the elevator's 使用单位 (HZ-2021 item 15): an entrusted manager, or a person the owners name. */
export type UserUnitKind = 'entrusted_manager' | 'named_person';

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
  /** Pipeline relocation done; an empty `utilities` list records that none was needed (domain.md §5). */
  RecordPipelineRelocation: {
    readonly completedOn: string;
    readonly utilities: readonly string[];
    readonly note?: string;
  };
  /** The installer's written installation notice to market supervision (HZ-2021 item 14). */
  NotifyInstallation: {
    readonly notifiedOn: string;
    readonly installer: string;
    readonly reference?: string;
  };
  /** Construction starts (domain.md §5). */
  StartConstruction: { readonly startedOn: string };
  /** Construction is finished and awaits supervision inspection. */
  CompleteConstruction: { readonly completedOn: string };
  /** A supervision inspection (监督检验) result; a failed one may be followed by another (HZ-2021 item 14). */
  RecordSupervisionInspection: {
    readonly inspectedOn: string;
    readonly passed: boolean;
    readonly reportRef?: string;
    readonly defects?: readonly string[];
  };
  /** Completion acceptance (竣工验收), after a passing inspection. */
  AcceptCompletion: { readonly acceptedOn: string; readonly reportRef?: string };
  /** Names (or changes) the elevator's 使用单位 (HZ-2021 item 15). */
  NameUserUnit: {
    readonly name: string;
    readonly kind: UserUnitKind;
    readonly namedOn: string;
    readonly contact?: string;
  };
  /**
   * Hands over keys and documents; the elevator enters use. `useRegistrationDueOn` (30 days after
   * entering use, domain.md §5) is computed by the command layer.
   */
  HandOver: {
    readonly handedOverOn: string;
    readonly enteredUseOn: string;
    readonly useRegistrationDueOn: string;
    readonly documents?: readonly string[];
  };
  /** Use registration with market supervision (domain.md §5). */
  RegisterUse: { readonly registeredOn: string; readonly certificateNo?: string };
}

/** Every command type. */
export type CaseCommandType = keyof CaseCommandData;

/** A command of a case: a discriminated union on `type`. */
export type CaseCommand = {
  [K in CaseCommandType]: { readonly type: K; readonly data: CaseCommandData[K] };
}[CaseCommandType];

/** The command of one type. */
export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;
