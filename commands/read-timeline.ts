import type { StoredEvent } from '../models/case-stream.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit, type UnitCase } from './read-case.js';

/** A registered unit's case and a run of its stream's events. */
export interface TimelineRun extends UnitCase {
  readonly events: readonly StoredEvent[];
}

/**
 * Up to `max` events of a registered unit's stream after `afterSeq`, in order, read by `_id`
 * (`<unitId>:<seq>`) — never a filter that reads other cases' events — with the unit's case as read
 * for a query. `unit_not_registered` for an id that names no registered unit. A run stops early at a
 * missing event (a hole the chain's verification names).
 */
export async function readTimeline(
  ctx: CommandContext,
  unitId: string,
  afterSeq: number,
  max: number,
): Promise<TimelineRun> {
  const unit = await readUnit(ctx, unitId);
  return { ...unit, events: await ctx.streams.load(unitId, afterSeq, max) };
}
