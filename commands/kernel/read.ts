import { initialState, type CaseState } from '../../domain/case/index.js';
import { EMPTY_HEAD, type StreamHead } from '../../models/case-stream.js';
import { readCaseView, viewHead } from '../../models/case-view.js';
import { projectCaseView } from './case-view.js';
import type { CommandContext } from './context.js';

/** A case as read: its folded state and the stream head it reflects. */
export interface LoadedCase {
  readonly state: CaseState;
  readonly head: StreamHead;
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
    view === null ? { state: initialState, head: EMPTY_HEAD } : { state: view.state, head: viewHead(view) };
  if (!(await hasEvent(ctx, caseId, start.head.seq + 1))) return start;
  const loaded = await ctx.cases.load(caseId, start);
  await projectCaseView(ctx, caseId, loaded.state, loaded.head, ctx.clock.now());
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
    await projectCaseView(ctx, caseId, loaded.state, loaded.head, ctx.clock.now());
  }
  return loaded;
}

/**
 * The unit a WeChat group belongs to, or null for a group bound to no unit: a binding this process
 * already knows (`ctx.boundGroups`, no read), else the `groups` binding (`_id = roomId`, one lookup).
 * A binding is remembered once the unit's cached state shows the group bound: a `groups` document
 * alone may be one that `bindGroup` is about to take back (another group won the unit).
 */
export async function unitOfGroup(ctx: CommandContext, roomId: string): Promise<string | null> {
  const known = ctx.boundGroups.get(roomId);
  if (known !== undefined) return known;
  const group = await ctx.models.groups.findById(roomId).lean().exec();
  const unitId = group?.unitId ?? null;
  if (unitId !== null && ctx.cases.cached(unitId)?.state.groupRoomId === roomId) {
    ctx.boundGroups.set(roomId, unitId);
  }
  return unitId;
}
