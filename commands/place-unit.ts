import { PLATFORM_ADMIN } from '../domain/case/index.js';
import type { CommandContext } from './kernel/context.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { runCaseCommand } from './kernel/run-case.js';
import { requireCommunity } from './places.js';
import { readUnit, type UnitCase } from './read-case.js';

/** The unit after placing it, and whether this call moved it. */
export interface PlacedUnit extends UnitCase {
  readonly placed: boolean;
}

/**
 * `PlaceUnit` → `UnitPlaced`: the unit now belongs to the community `communityId` — a unit registered
 * before places existed, or a placement corrected (the event keeps the community it left). The same
 * community again changes nothing. Refusals: `unit_not_registered`, `place_not_found`,
 * `wrong_place_kind`. Who may is the route's policy (`place_unit`: the platform administrator).
 */
export async function placeUnit(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly communityId: string },
  meta: CommandMeta,
): Promise<PlacedUnit> {
  await readUnit(ctx, input.unitId);
  await requireCommunity(ctx, PLATFORM_ADMIN, input.communityId);
  const { state, head, events } = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'PlaceUnit', data: { communityId: input.communityId } },
    meta,
  );
  return { unitId: input.unitId, state, head, placed: events.length > 0 };
}
