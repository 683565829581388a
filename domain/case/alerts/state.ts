/** What a case knows of its alerts and clock settings, and how to read it (domain.md §8). */
import { DEFAULT_CLOCK_SETTINGS, type ClockSettings } from '../../clocks/settings.js';
import { fail } from '../checks.js';
import type { AlertKind, AlertLevel } from './commands.js';

/** The escalation ladder of alerts, lowest first (domain.md §8). */
export const ALERT_LEVELS: readonly AlertLevel[] = ['committee', 'subdistrict', 'district'];

/**
 * An alert to the committee and where it stands: `level` is who has it now, `levelSince` when it got
 * there; acknowledged at that level ends it.
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
  /** Levels it passed over because no contact was recorded there, lowest first (absent: none). */
  readonly skipped?: readonly AlertLevel[];
  /** No contact was recorded at `level` nor above when it got there: no one was told. */
  readonly unreached?: true;
}

/** The part of a case's state that its alerts and clock settings keep. */
export interface AlertSlice {
  /** The unit's own clock settings, once changed (else the defaults: {@link clockSettingsOf}). */
  readonly clockSettings?: ClockSettings;
  /** Alerts raised to the committee, in the order raised. */
  readonly alerts: readonly AlertState[];
}

/** Where an alert lands: the level it is with, the levels passed over, and whether anyone is there. */
export interface AlertReach {
  readonly level: AlertLevel;
  readonly skipped: readonly AlertLevel[];
  readonly unreached: boolean;
}

/**
 * Where an alert due at level `due` lands (domain.md §8, the ladder applicants → committee →
 * sub-district → district): the lowest level from `due` up with a contact recorded in the role of that
 * level, naming the levels passed over for having no one. With no one at `due` nor above, it stays at
 * `due`, unreached: an alert nobody can receive is not to look delivered (conventions.md §9, "every
 * reply says what really happened"); the command layer tells the platform admin, and the alert keeps
 * climbing on its clock.
 */
export function alertReach(
  state: { readonly contactRoles: readonly { readonly role: string }[] },
  due: AlertLevel,
): AlertReach {
  const from = ALERT_LEVELS.indexOf(due);
  const ladder = ALERT_LEVELS.slice(from);
  const reached = ladder.find((level) => state.contactRoles.some((record) => record.role === level));
  if (reached === undefined) return { level: due, skipped: [], unreached: true };
  return { level: reached, skipped: ladder.slice(0, ladder.indexOf(reached)), unreached: false };
}

/** The clock settings in force for a case: its own, or the defaults. */
export function clockSettingsOf(state: AlertSlice): ClockSettings {
  return state.clockSettings ?? DEFAULT_CLOCK_SETTINGS;
}

/** The alert with this id, if any. */
export function findAlert(state: AlertSlice, alertId: string): AlertState | undefined {
  return state.alerts.find((alert) => alert.alertId === alertId);
}

/** The alert with this id, or `alert_not_found`. */
export function requireAlert(state: AlertSlice, alertId: string): AlertState {
  const alert = findAlert(state, alertId);
  if (alert === undefined) fail('alert_not_found', `No alert ${alertId} in this case.`, { alertId });
  return alert;
}
