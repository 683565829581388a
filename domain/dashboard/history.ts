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

/**
 * Whether `changes` (in stream order) can be the whole stage history of a case whose projection
 * (a view, a board line) stands at `line.seq` and `line.stage`: they begin with the registration (from
 * `new`), each begins at the stage the one before ended at, in rising seq, and the last of them by
 * `line.seq` ends at `line.stage` (later ones are newer than a projection written behind). A history
 * with a change lost fails one of these, whichever change it lost.
 */
export function stageHistoryAgrees(
  changes: readonly StageChange[],
  line: { readonly seq: number; readonly stage: Stage },
): boolean {
  if (changes[0]?.from !== 'new') return false;
  const chained = changes.every(
    (change, index) =>
      index === 0 || (change.from === changes[index - 1]!.to && change.seq > changes[index - 1]!.seq),
  );
  return chained && changes.filter((change) => change.seq <= line.seq).at(-1)?.to === line.stage;
}
