/**
 * The decider of a case [Decider]: `decide(command, state, { now })` returns the events a command
 * produces, or throws a `DomainError` naming the gate that refused it. Pure: time comes in `ctx.now`.
 * Each command yields at most one event (one stream document, written atomically); a chat vote whose
 * message was already recorded yields none.
 *
 * Gates are checked in process order, so the error names the earliest unmet condition (for example a
 * handover asked for during works reports `supervision_inspection_not_passed`, not the later gates).
 */
import { changeClockSettings } from '../clocks/settings.js';
import { canonical, defined, fail, instant, invalid, requireRegistered, text } from './checks.js';
import { ALERT_LEVELS, type CaseCommand, type CaseCommandData, type CaseCommandType } from './commands.js';
import type { CaseEvent, CaseEventData } from './events.js';
import { clockSettingsOf, findAlert, type AlertState, type CaseState, type Handlers } from './state.js';
import { findObjection } from './publicity/state.js';
import { requireBallot } from './ballots/state.js';
import { bindingHandlers } from './bindings/decide.js';
import { ballotHandlers } from './ballots/decide.js';
import { planHandlers } from './plans/decide.js';
import { publicityHandlers } from './publicity/decide.js';
import { applicationHandlers } from './application/decide.js';
import { worksHandlers } from './works/decide.js';
import { unitHandlers } from './unit/decide.js';

/** What `decide` needs besides the command and the state: the current instant. */
export interface DecideContext {
  readonly now: Date;
}

type Handler<K extends CaseCommandType> = Handlers<CaseCommandData, CaseEventData>[K];

const setClockSettings: Handler<'SetClockSettings'> = (data, state, now) => {
  requireRegistered(state);
  const settings = changeClockSettings(clockSettingsOf(state), data.change ?? {});
  if (canonical(settings) === canonical(clockSettingsOf(state))) return [];
  return [{ type: 'ClockSettingsChanged', data: { settings, changedAt: now.toISOString() } }];
};

const ALERT_KINDS: readonly string[] = [
  'no_quorum',
  'objection_unanswered',
  'mediation_overdue',
  'clocks_failed',
];

const raiseAlert: Handler<'RaiseAlert'> = (data, state, now) => {
  requireRegistered(state);
  const alertId = text(data.alertId, 'alertId');
  const key = text(data.key, 'key');
  if (!ALERT_KINDS.includes(data.kind))
    invalid('kind', 'kind is no_quorum, objection_unanswered, mediation_overdue or clocks_failed.');
  // One alert per stalled thing: a job that runs again raises nothing new.
  if (state.alerts.some((alert) => alert.key === key || alert.alertId === alertId)) return [];
  if (data.ballotId !== undefined) requireBallot(state, data.ballotId);
  if (data.objectionId !== undefined && findObjection(state, data.objectionId) === undefined) {
    fail('objection_not_found', `No objection ${data.objectionId} in this case.`, {
      objectionId: data.objectionId,
    });
  }
  return [
    {
      type: 'AlertRaised',
      data: defined({
        alertId,
        kind: data.kind,
        key,
        level: 'committee' as const,
        ballotId: data.ballotId,
        objectionId: data.objectionId,
        raisedAt: now.toISOString(),
      }),
    },
  ];
};

function requireAlert(state: CaseState, alertId: string): AlertState {
  const alert = findAlert(state, alertId);
  if (alert === undefined) fail('alert_not_found', `No alert ${alertId} in this case.`, { alertId });
  return alert;
}

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
  return [
    {
      type: 'AlertEscalated',
      data: { alertId: alert.alertId, from: alert.level, to: next, escalatedAt: now.toISOString() },
    },
  ];
};

const HANDLERS: Handlers<CaseCommandData, CaseEventData> = {
  ...worksHandlers,
  ...applicationHandlers,
  ...publicityHandlers,
  ...planHandlers,
  ...ballotHandlers,
  ...bindingHandlers,
  ...unitHandlers,
  SetClockSettings: setClockSettings,
  RaiseAlert: raiseAlert,
  AcknowledgeAlert: acknowledgeAlert,
  EscalateAlert: escalateAlert,
};

/** Runs a command of one type through that type's handler (typed per type, so no cast is needed). */
function run<K extends CaseCommandType>(
  command: { readonly type: K; readonly data: CaseCommandData[K] },
  state: CaseState,
  now: Date,
): CaseEvent[] {
  const handler: Handler<K> = HANDLERS[command.type];
  return handler(command.data, state, now);
}

/**
 * Decides a command on a case: the events it produces (at most one), or a `DomainError` with the code
 * of the gate that refused it. Pure; `ctx.now` is the only clock. The gates, with their sources:
 *
 * - Vote (Civil Code art. 278; domain.md §2): the elevator ballot is major and on the current plan; one
 *   at a time; the roster and rules freeze at opening; open at least `minimumOpenDays` (default 5,
 *   configurable) — `ballot_too_short`; votes only for rooms of the frozen roster (`unknown_room`) until
 *   `closesAt` (`ballot_closed`); paper votes carry their reference, proxy votes whom they act for, chat
 *   votes their message; no close before `closesAt` / the minimum period (`ballot_not_yet_closable`; no
 *   forced early close — cancel instead); `late` when closed after `closesAt`.
 * - Agreement and publicity (domain.md §3): no agreement before the elevator ballot passed
 *   (`vote_not_passed`); publicity ends only at `publicityEndsAt` (`publicity_not_over`); objections
 *   are always recorded, effective only when named, written, in the window and on a covered ground.
 * - Mediation (HZ-2021 items 5–6): the ladder order (`mediation_out_of_order`), hearings recorded in
 *   full; the application waits for every effective objection (`effective_objection_open`).
 * - Application (domain.md §4; HZ-2021 item 7): one notice of everything missing until the next
 *   supplement (`already_notified`); acceptance once the notified items are supplemented
 *   (`materials_incomplete`); approval needs every convened department's opinion and none against.
 * - Works (domain.md §5; HZ-2021 items 9, 14, 15): pipeline relocation before the installation notice,
 *   the notice before construction, a passed supervision inspection before completion acceptance and
 *   handover, a named 使用单位 before handover and use registration.
 */
export function decide(command: CaseCommand, state: CaseState, ctx: DecideContext): CaseEvent[] {
  instant(ctx.now, 'now');
  return run(command, state, ctx.now);
}
