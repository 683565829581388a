import { isPlatformAdmin, type Actor } from '../domain/case/index.js';
import { readCommunityIdsWithin } from '../models/place.js';
import {
  readUnitListingsPage,
  type UnitKey,
  type UnitListingDoc,
  type UnitSelection,
} from '../models/unit-list.js';
import type { CommandContext } from './kernel/context.js';

/**
 * The units `actor` may reach, as `unitInScope` (`domain/case/policies.ts`) says, as a selection of
 * the listings: every unit for the platform administrator (those placed in no community too); the
 * units of their community for a committee member; of the communities within their sub-district or
 * district for those; their own unit for an applicant representative (a resident: the units of
 * their flats).
 */
async function selectionFor(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
): Promise<UnitSelection> {
  if (isPlatformAdmin(actor)) return { all: true };
  const { scope } = actor;
  switch (scope.kind) {
    case 'platform':
      return { communityIds: [] };
    case 'unit':
      return { unitIds: [scope.id] };
    case 'flats':
      return { unitIds: [...new Set(scope.flats.map((flat) => flat.unitId))] };
    case 'community':
      return { communityIds: [scope.id] };
    case 'subdistrict':
    case 'district':
      return { communityIds: await readCommunityIdsWithin(ctx.models.places, scope.id) };
  }
}

/**
 * A page of the registered units `actor` may reach, in the order they were registered, up to `limit`
 * after `after`: a range on the listings' indexed key (`unit_list`), never a skip nor a read of
 * each case. The listings are written with the case views, behind (`JIATI_VIEW_WRITE_DELAY_MS`):
 * this process's pending ones are written first, so a change made here shows at once; one made by
 * another process shows within that delay.
 */
export async function listUnits(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  after: UnitKey | undefined,
  limit: number,
): Promise<UnitListingDoc[]> {
  const selection = await selectionFor(ctx, actor);
  await ctx.cases.flushViews();
  return readUnitListingsPage(ctx.models.unitListings, selection, after, limit);
}
