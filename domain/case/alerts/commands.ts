/**
 * The commands of a case's alerts and clock settings: how long a step may stall before the committee is
 * alerted, and the alerts themselves as they climb the escalation ladder (domain.md §8).
 */
import type { ClockSettingsChange } from '../../clocks/settings.js';

/**
 * Why the committee is alerted (domain.md §8), the one list the API and the messages derive from:
 * - `no_quorum`: a ballot without quorum after the configured days;
 * - `objection_unanswered`: an effective objection with no first mediation step in time;
 * - `mediation_overdue`: a mediation step overdue;
 * - `clocks_failed`: a part of the case (a ballot, publicity, an objection) has dates its clocks cannot keep;
 * - `review_opinions_late`: a convened department has not given its opinion in time (domain.md §4);
 * - `review_overdue`: the joint review passed its deadline without a conclusion;
 * - `user_unit_missing`: completion accepted, and no 使用单位 named (HZ-2021 item 15);
 * - `registration_overdue`: use registration passed its 30 days (domain.md §5).
 */
export const ALERT_KINDS = [
  'no_quorum',
  'objection_unanswered',
  'mediation_overdue',
  'clocks_failed',
  'review_opinions_late',
  'review_overdue',
  'user_unit_missing',
  'registration_overdue',
  /** The elevator went past its maintenance interval with no visit logged (domain.md §7). */
  'maintenance_overdue',
  /** Someone is trapped and no one has taken the alarm on within minutes. */
  'entrapment_unanswered',
] as const;

/** Why the committee is alerted: one of {@link ALERT_KINDS}. */
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Who an alert is with: the residents' committee, then the sub-district, then the district office. */
export type AlertLevel = 'committee' | 'subdistrict' | 'district';

/** The data of each alert and clock-settings command, by command type. */
export interface AlertCommandData {
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
