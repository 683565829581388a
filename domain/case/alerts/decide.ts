/**
 * Clock settings and alerts (domain.md §8): one alert per stalled thing, acknowledged at its level or
 * escalated one level at a time (committee → sub-district → district), passing over a level with no
 * contact recorded ({@link alertReach}); a late or repeated job changes nothing.
 */
import { changeClockSettings } from '../../clocks/settings.js';
import { requireBallot } from '../ballots/state.js';
import { canonical, defined, fail, invalid, requireRegistered, text } from '../checks.js';
import { findObjection } from '../publicity/state.js';
import type { Handlers } from '../state.js';
import { ALERT_KINDS, type AlertCommandData } from './commands.js';
import type { AlertEventData } from './events.js';
import { ALERT_LEVELS, alertReach, clockSettingsOf, requireAlert, type AlertReach } from './state.js';

type Handler<K extends keyof AlertCommandData> = Handlers<AlertCommandData, AlertEventData>[K];

const setClockSettings: Handler<'SetClockSettings'> = (data, state, now) => {
  requireRegistered(state);
  const settings = changeClockSettings(clockSettingsOf(state), data.change ?? {});
  if (canonical(settings) === canonical(clockSettingsOf(state))) return [];
  return [{ type: 'ClockSettingsChanged', data: { settings, changedAt: now.toISOString() } }];
};

/** The reach as event data: the passed-over levels and the unreached flag only when they say something. */
function reachData(reach: AlertReach) {
  return {
    ...(reach.skipped.length > 0 ? { skipped: [...reach.skipped] } : {}),
    ...(reach.unreached ? { unreached: true as const } : {}),
  };
}

const raiseAlert: Handler<'RaiseAlert'> = (data, state, now) => {
  requireRegistered(state);
  const alertId = text(data.alertId, 'alertId');
  const key = text(data.key, 'key');
  if (!(ALERT_KINDS as readonly string[]).includes(data.kind))
    invalid('kind', `kind is one of ${ALERT_KINDS.join(', ')}.`);
  // One alert per stalled thing: a job that runs again raises nothing new.
  if (state.alerts.some((alert) => alert.key === key || alert.alertId === alertId)) return [];
  if (data.ballotId !== undefined) requireBallot(state, data.ballotId);
  if (data.objectionId !== undefined && findObjection(state, data.objectionId) === undefined) {
    fail('objection_not_found', `No objection ${data.objectionId} in this case.`, {
      objectionId: data.objectionId,
    });
  }
  // To the committee, or up the ladder to the first level with someone recorded to tell.
  const reach = alertReach(state, 'committee');
  return [
    {
      type: 'AlertRaised',
      data: defined({
        alertId,
        kind: data.kind,
        key,
        level: reach.level,
        ballotId: data.ballotId,
        objectionId: data.objectionId,
        raisedAt: now.toISOString(),
        ...reachData(reach),
      }),
    },
  ];
};

const acknowledgeAlert: Handler<'AcknowledgeAlert'> = (data, state, now) => {
  const alert = requireAlert(state, data.alertId);
  const by = text(data.by, 'by');
  if (alert.acknowledgedAt !== undefined) return [];
  return [
    {
      type: 'AlertAcknowledged',
      data: { alertId: alert.alertId, level: alert.level, by, acknowledgedAt: now.toISOString() },
    },
  ];
};

const escalateAlert: Handler<'EscalateAlert'> = (data, state, now) => {
  const alert = requireAlert(state, data.alertId);
  const next = ALERT_LEVELS[ALERT_LEVELS.indexOf(alert.level) + 1];
  // Acknowledged, already moved on, or at the top: nothing to do (a late or repeated job).
  if (alert.acknowledgedAt !== undefined || alert.level !== data.from || next === undefined) return [];
  // One level up, or further past levels with no one recorded to tell.
  const reach = alertReach(state, next);
  return [
    {
      type: 'AlertEscalated',
      data: {
        alertId: alert.alertId,
        from: alert.level,
        to: reach.level,
        escalatedAt: now.toISOString(),
        ...reachData(reach),
      },
    },
  ];
};

/** The alert and clock-settings command handlers. */
export const alertHandlers: Handlers<AlertCommandData, AlertEventData> = {
  SetClockSettings: setClockSettings,
  RaiseAlert: raiseAlert,
  AcknowledgeAlert: acknowledgeAlert,
  EscalateAlert: escalateAlert,
};
