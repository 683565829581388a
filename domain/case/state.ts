/**
 * The state of a case, folded from its events by {@link evolve}. It holds nothing the events lack,
 * so any view of a case can be rebuilt from its stream (conventions.md §8).
 */
import { DEFAULT_CLOCK_SETTINGS, type ClockSettings } from '../clocks/settings.js';
import type { AlertKind, AlertLevel } from './commands.js';
import type { Stage } from './stages.js';
import type { BindingSlice } from './bindings/state.js';
import type { BallotSlice } from './ballots/state.js';
import type { PlanSlice } from './plans/state.js';
import type { PublicitySlice } from './publicity/state.js';
import type { ApplicationSlice } from './application/state.js';
import type { WorksSlice } from './works/state.js';
import type { UnitSlice } from './unit/state.js';

/** Everything the decider knows about one case. */
export interface CaseState
  extends WorksSlice, ApplicationSlice, PublicitySlice, PlanSlice, BallotSlice, BindingSlice, UnitSlice {
  readonly stage: Stage;
  /** The unit's own clock settings, once changed (else the defaults: {@link clockSettingsOf}). */
  readonly clockSettings?: ClockSettings;
  /** Alerts raised to the committee, in the order raised. */
  readonly alerts: readonly AlertState[];
}

/**
 * An alert to the committee (issue 5 item 6) and where it stands: `level` is who has it now,
 * `levelSince` when it got there; acknowledged at that level ends it.
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

/** The clock settings in force for a case: its own, or the defaults. */
export function clockSettingsOf(state: CaseState): ClockSettings {
  return state.clockSettings ?? DEFAULT_CLOCK_SETTINGS;
}

/** The alert with this id, if any. */
export function findAlert(state: CaseState, alertId: string): AlertState | undefined {
  return state.alerts.find((alert) => alert.alertId === alertId);
}

/** The state of a case with no events. */
export const initialState: CaseState = {
  stage: 'new',
  flats: [],
  needsExtraMediationCare: false,
  plans: [],
  ballots: [],
  objections: [],
  works: { pipelineRelocations: [], inspections: [] },
  households: [],
  contactRoles: [],
  alerts: [],
};

/**
 * The events of one concern as a union on `type`, built from its record of event data the way
 * `CaseEvent` is built from `CaseEventData`.
 */
export type EventOf<Data> = { [K in keyof Data]: { readonly type: K; readonly data: Data[K] } }[keyof Data];

/**
 * Command handlers, one per command of `Commands`: each turns its command's data into the events it
 * produces (at most one) or refuses with a `DomainError`; `now` is its only clock. A record, so a
 * command without its handler does not compile.
 */
export type Handlers<Commands, Events> = {
  readonly [K in keyof Commands]: (data: Commands[K], state: CaseState, now: Date) => EventOf<Events>[];
};

/**
 * Event folders, one per event of `Events`: each folds its event's data into the state, total and pure
 * (it never throws and never looks at a clock). A record, so an event without its folder does not compile.
 */
export type Evolvers<Events> = {
  readonly [K in keyof Events]: (state: CaseState, data: Events[K]) => CaseState;
};
