/** The events of a case's alerts and clock settings (domain.md §8). */
import type { ClockSettings } from '../../clocks/settings.js';
import type { AlertKind, AlertLevel } from './commands.js';

/** The data of each alert and clock-settings event, by event type. */
export interface AlertEventData {
  /** The unit's clock settings changed; `settings` is the whole new set. */
  ClockSettingsChanged: { readonly settings: ClockSettings; readonly changedAt: string };
  /**
   * An alert was raised: to the residents' committee, or to the lowest level above it with a contact
   * recorded (`skipped` names the levels passed over); `unreached`: no one at `level` nor above.
   */
  AlertRaised: {
    readonly alertId: string;
    readonly kind: AlertKind;
    readonly key: string;
    readonly level: AlertLevel;
    readonly ballotId?: string;
    readonly objectionId?: string;
    readonly raisedAt: string;
    readonly skipped?: readonly AlertLevel[];
    readonly unreached?: true;
  };
  /** An alert was acknowledged at its level. */
  AlertAcknowledged: {
    readonly alertId: string;
    readonly level: AlertLevel;
    readonly by: string;
    readonly acknowledgedAt: string;
  };
  /**
   * An alert no one acknowledged in time went up: one level, or further when no contact is recorded at
   * the next (`skipped` names the levels passed over); `unreached`: no one at `to` nor above.
   */
  AlertEscalated: {
    readonly alertId: string;
    readonly from: AlertLevel;
    readonly to: AlertLevel;
    readonly escalatedAt: string;
    readonly skipped?: readonly AlertLevel[];
    readonly unreached?: true;
  };
}
