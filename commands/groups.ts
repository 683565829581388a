import { readDemoState } from '../models/demo-state.js';
import type { CommandContext } from './context.js';

/**
 * The unit a WeChat group belongs to, or null for a group bound to no unit: a binding this process
 * already knows (`ctx.boundGroups`, no read), else the `groups` binding (`_id = roomId`), else the
 * demo's unit group named in `demo_state`. `_id` lookups only. A binding is remembered once the
 * unit's cached state shows the group bound: a `groups` document alone may be one that `bindGroup`
 * is about to take back (another group won the unit).
 */
export async function unitOfGroup(ctx: CommandContext, roomId: string): Promise<string | null> {
  const known = ctx.boundGroups.get(roomId);
  if (known !== undefined) return known;
  const group = await ctx.models.groups.findById(roomId).lean().exec();
  let unitId = group?.unitId ?? null;
  if (unitId === null) {
    const demo = await readDemoState(ctx.models.demoState);
    if (demo !== null && demo.groupId === roomId) unitId = demo.unitId;
  }
  if (unitId !== null && ctx.cases.cached(unitId)?.state.groupRoomId === roomId) {
    ctx.boundGroups.set(roomId, unitId);
  }
  return unitId;
}
