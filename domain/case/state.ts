/**
 * The state of a case, folded from its events by `evolve`. It holds nothing the events lack, so any
 * view of a case can be rebuilt from its stream (conventions.md §8). Each concern keeps its slice in
 * its own `state.ts`; this module joins them, and names the shape of the handlers and folders that
 * each concern's `decide.ts` and `evolve.ts` provide.
 */
import type { Stage } from './stages.js';
import type { UnitSlice } from './unit/state.js';
import type { BindingSlice } from './bindings/state.js';
import type { PlanSlice } from './plans/state.js';
import type { BallotSlice } from './ballots/state.js';
import type { PublicitySlice } from './publicity/state.js';
import type { ApplicationSlice } from './application/state.js';
import type { WorksSlice } from './works/state.js';
import type { AlertSlice } from './alerts/state.js';
import type { PaymentSlice } from './payments/state.js';
import type { DocumentSlice } from './documents/state.js';
import type { ClaimSlice } from './claims/state.js';
import type { ElevatorSlice } from './elevator/state.js';
import type { RunningSlice } from './running/state.js';

/**
 * Everything the decider knows about one case: its stage, and the slice each concern keeps (the
 * fields are those of the concerns' `state.ts`).
 */
export interface CaseState
  extends
    UnitSlice,
    BindingSlice,
    PlanSlice,
    BallotSlice,
    PublicitySlice,
    ApplicationSlice,
    WorksSlice,
    PaymentSlice,
    DocumentSlice,
    ClaimSlice,
    ElevatorSlice,
    RunningSlice,
    AlertSlice {
  readonly stage: Stage;
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
  payments: [],
  documents: [],
  claims: [],
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
