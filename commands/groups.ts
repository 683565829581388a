import { readDemoState } from '../models/demo-state.js';
import type { CommandContext } from './context.js';

/**
 * The unit a WeChat group belongs to, or null for a group bound to no unit: the `groups` binding
 * (`_id = roomId`), else the demo's unit group named in `demo_state`. `_id` lookups only.
 */
export async function unitOfGroup(ctx: CommandContext, roomId: string): Promise<string | null> {
  const group = await ctx.models.groups.findById(roomId).lean().exec();
  if (group !== null) return group.unitId;
  const demo = await readDemoState(ctx.models.demoState);
  return demo !== null && demo.groupId === roomId ? demo.unitId : null;
}
