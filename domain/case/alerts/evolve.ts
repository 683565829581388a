/** Folding the alerts' events: the settings in force, and each alert's level and acknowledgement. */
import type { CaseState, Evolvers } from '../state.js';
import type { AlertEventData } from './events.js';
import type { AlertState } from './state.js';

function withAlert(state: CaseState, alertId: string, update: (alert: AlertState) => AlertState): CaseState {
  return {
    ...state,
    alerts: state.alerts.map((alert) => (alert.alertId === alertId ? update(alert) : alert)),
  };
}

/** The alert and clock-settings event folders. */
export const alertEvolvers: Evolvers<AlertEventData> = {
  ClockSettingsChanged: (state, data) => ({ ...state, clockSettings: data.settings }),
  AlertRaised: (state, data) => {
    const { raisedAt, ...alert } = data;
    return { ...state, alerts: [...state.alerts, { ...alert, raisedAt, levelSince: raisedAt }] };
  },
  AlertAcknowledged: (state, data) =>
    withAlert(state, data.alertId, (alert) => ({
      ...alert,
      acknowledgedAt: data.acknowledgedAt,
      acknowledgedBy: data.by,
    })),
  AlertEscalated: (state, data) =>
    withAlert(state, data.alertId, ({ unreached: _was, ...alert }) => {
      const skipped = [...(alert.skipped ?? []), ...(data.skipped ?? [])];
      return {
        ...alert,
        level: data.to,
        levelSince: data.escalatedAt,
        ...(skipped.length > 0 ? { skipped } : {}),
        ...(data.unreached === true ? { unreached: true as const } : {}),
      };
    }),
};
