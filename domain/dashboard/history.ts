/**
 * When a case changed stage: read off its stream by folding each event with `evolve` and noting the
 * events after which the stage differs. The stage is derived, never set (`domain/case/stages.ts`), so
 * this is the one faithful way to date the moves — a failed ballot's way back to planning, an
 * objection reopened after the application, all as the decider folds them.
 */
import { evolve, type CaseEvent, type CaseState, type Stage } from '../case/index.js';

/** An event as the stream stores it: what `evolve` folds, with its place in the stream and its time. */
export interface TimedEvent {
  readonly seq: number;
  readonly type: string;
  readonly data: unknown;
  /** When it was appended (UTC). */
  readonly at: Date;
}

/** One move of a case from one stage to another: the event that made it, and when. */
export interface StageChange {
  readonly seq: number;
  readonly from: Stage;
  readonly to: Stage;
  readonly at: Date;
}

/**
 * The stage changes that `events` make, folded in order from `before` (the state just before the
 * first of them): one per event after which the stage differs from the stage before it. Empty when
 * none moves the case (a vote, a binding). Folding a whole stream from the initial state gives the
 * case's whole history, starting with `new → canvassing` at its registration.
 */
export function stageChanges(before: CaseState, events: readonly TimedEvent[]): StageChange[] {
  const changes: StageChange[] = [];
  let state = before;
  for (const event of events) {
    const next = evolve(state, { type: event.type, data: event.data } as CaseEvent);
    if (next.stage !== state.stage) {
      changes.push({ seq: event.seq, from: state.stage, to: next.stage, at: event.at });
    }
    state = next;
  }
  return changes;
}
