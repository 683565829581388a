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
}

/** The part of a case's state that its alerts and clock settings keep. */
export interface AlertSlice {
  /** The unit's own clock settings, once changed (else the defaults: {@link clockSettingsOf}). */
  readonly clockSettings?: ClockSettings;
  /** Alerts raised to the committee, in the order raised. */
  readonly alerts: readonly AlertState[];
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
