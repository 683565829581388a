/**
 * The fold of a case [Decider]: {@link evolve} applies one event to the state. Each concern folds its
 * own events (`<concern>/evolve.ts`); this module only joins their records, so an event without its
 * folder does not compile. A new concern (the elevator in service, domain.md §7) adds one line here.
 */
import type { CaseEvent, CaseEventData, CaseEventType } from './events.js';
import type { CaseState, Evolvers } from './state.js';
import { unitEvolvers } from './unit/evolve.js';
import { bindingEvolvers } from './bindings/evolve.js';
import { planEvolvers } from './plans/evolve.js';
import { ballotEvolvers } from './ballots/evolve.js';
import { publicityEvolvers } from './publicity/evolve.js';
import { applicationEvolvers } from './application/evolve.js';
import { worksEvolvers } from './works/evolve.js';
import { paymentEvolvers } from './payments/evolve.js';
import { documentEvolvers } from './documents/evolve.js';
import { claimEvolvers } from './claims/evolve.js';
import { elevatorEvolvers } from './elevator/evolve.js';
import { runningEvolvers } from './running/evolve.js';
import { alertEvolvers } from './alerts/evolve.js';

/** Every event's folder: the concerns' records together, so an event without one does not compile. */
const EVOLVERS: Evolvers<CaseEventData> = {
  ...unitEvolvers,
  ...bindingEvolvers,
  ...planEvolvers,
  ...ballotEvolvers,
  ...publicityEvolvers,
  ...applicationEvolvers,
  ...worksEvolvers,
  ...paymentEvolvers,
  ...documentEvolvers,
  ...claimEvolvers,
  ...elevatorEvolvers,
  ...runningEvolvers,
  ...alertEvolvers,
};

/** Folds an event of one type with that type's folder (typed per type, so no cast is needed). */
function fold<K extends CaseEventType>(
  state: CaseState,
  event: { readonly type: K; readonly data: CaseEventData[K] },
): CaseState {
  const evolver: Evolvers<CaseEventData>[K] = EVOLVERS[event.type];
  return evolver(state, event.data);
}

/**
 * Folds one event into the state. Total and pure: it never throws and never looks at a clock; an
 * event that names an unknown ballot or objection changes nothing of them. Stage moves follow
 * `STAGE_TRANSITIONS`.
 */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  return fold(state, event);
}
