import { initialState, type CaseState } from '../domain/case/index.js';
import type { Log } from '../lib/log.js';
import { EMPTY_HEAD, type StreamHead } from '../models/case-stream.js';
import { readCaseView, writeCaseView, type CaseViewModel } from '../models/case-view.js';
import type { CommandContext } from './context.js';

/** A case as read: its folded state and the stream head it reflects. */
export interface LoadedCase {
  readonly state: CaseState;
  readonly head: StreamHead;
}

/**
 * Projects a case's state into its `case_views` document. A failure is logged and swallowed: the
 * event is already stored (the command succeeded), and the next reader notices the lagging view and
 * rebuilds it (see {@link loadCase}).
 */
export async function projectCaseView(
  views: CaseViewModel,
  log: Log,
  caseId: string,
  state: CaseState,
  head: StreamHead,
  at: Date,
): Promise<void> {
  try {
    await writeCaseView(views, {
      _id: caseId,
      seq: head.seq,
      hash: head.hash,
      stage: state.stage,
      state,
      projectedAt: at,
    });
  } catch (error) {
    log.warn({ err: error, caseId, seq: head.seq }, 'case view not projected; it is rebuilt on next read');
  }
}

async function hasEvent(ctx: CommandContext, caseId: string, seq: number): Promise<boolean> {
  const doc = await ctx.models.caseEvents.collection.findOne({ _id: `${caseId}:${seq}` } as never, {
    projection: { _id: 1 },
  });
  return doc !== null;
}

/**
 * Reads a case for a query with `_id` lookups only: this process's cached state if it has one, else
 * its view, plus a probe for the event after that seq. When the view is current (no such event), that
 * is the answer; when it lags or is missing, the events after it are folded in (read by `_id`, through
 * the runner's cache) and the view rewritten. A case without events is the decider's initial state
 * (stage `new`), found with one view lookup and one probe of `<caseId>:1`.
 */
export async function loadCase(ctx: CommandContext, caseId: string): Promise<LoadedCase> {
  // This process's cached state, when it has one, costs one indexed probe instead of a view read.
  const cached = ctx.cases.cached(caseId);
  if (cached !== undefined) {
    if (!(await hasEvent(ctx, caseId, cached.head.seq + 1))) return cached;
    return ctx.cases.load(caseId);
  }
  const view = await readCaseView(ctx.models.caseViews, caseId);
  const start: LoadedCase =
    view === null
      ? { state: initialState, head: EMPTY_HEAD }
      : { state: view.state, head: { seq: view.seq, hash: view.hash } };
  if (!(await hasEvent(ctx, caseId, start.head.seq + 1))) return start;
  const loaded = await ctx.cases.load(caseId, start);
  await projectCaseView(ctx.models.caseViews, ctx.log, caseId, loaded.state, loaded.head, ctx.clock.now());
  return loaded;
}

/**
 * Rebuilds the view of a case from its stream alone: drops the stored view and the cached state,
 * folds every event again and writes the view (rebuild tools, tests).
 */
export async function rebuildCaseView(ctx: CommandContext, caseId: string): Promise<LoadedCase> {
  ctx.cases.forget(caseId);
  await ctx.models.caseViews.collection.deleteOne({ _id: caseId } as never);
  const loaded = await ctx.cases.load(caseId);
  if (loaded.head.seq > 0) {
    await projectCaseView(ctx.models.caseViews, ctx.log, caseId, loaded.state, loaded.head, ctx.clock.now());
  }
  return loaded;
}
