/**
 * The staff's dashboard (`GET /api/v1/dashboard`), read for a caller's scope: one board per community
 * in it (units by stage, stalled cases, open objections, the deadlines of the coming days) and, for
 * the officers above the communities and the platform administrator, the funnel of those cases.
 *
 * What it reads, however many units: the places within the scope (one query), the listings of the
 * communities' units (`unit_list`, each with its line on the board: one query per 200 communities),
 * and for the funnel their stage changes (`stage_changes`, one small document per unit, one query per
 * 2,000 units). A lookup per unit is spent only on units whose projections are behind: a listing that
 * does not know the day of its last event (written from a view stored before views recorded it) or
 * has no line on the board yet (listed by the start-up backfill; the reconcile of the clocks soon
 * writes it), and a case whose stored stage changes miss one (refolded from its stream and stored).
 */
import { shanghaiDayOf } from '../domain/calendar/index.js';
import { isPlatformAdmin, placeInScope, type Actor, type Stage } from '../domain/case/index.js';
import {
  boardEntryOf,
  communityBoard,
  funnel,
  stageHistoryAgrees,
  type BoardEntry,
  type BoardUnit,
  type CommunityBoard,
  type FunnelRow,
  type StageChange,
} from '../domain/dashboard/index.js';
import { DomainError } from '../domain/errors.js';
import type { Place } from '../domain/platform/index.js';
import { readPlacesPage } from '../models/place.js';
import { readStageChanges } from '../models/stage-change.js';
import { readCommunityListings, type UnitListingDoc } from '../models/unit-list.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { findPlace } from './places.js';
import { rebuildStageChanges } from './stage-changes.js';

/** Where the caller narrows the dashboard within their scope. */
export interface DashboardQuery {
  readonly communityId?: string;
  readonly subdistrictId?: string;
}

/** One community's block: the community, the sub-district it lies in, and its board. */
export interface CommunityBlock {
  readonly community: Place;
  readonly subdistrict?: Place;
  readonly board: CommunityBoard;
}

/** The dashboard as read at `now`. */
export interface Dashboard {
  readonly now: Date;
  /** The caller's communities (narrowed as asked), in pinyin order of their names. */
  readonly communities: readonly CommunityBlock[];
  /**
   * For sub-district and district officers and the platform administrator: the funnel of every case
   * of those communities, and how many cases it counts.
   */
  readonly funnel?: { readonly cases: number; readonly stages: readonly FunnelRow[] };
}

const BY_NAME = new Intl.Collator('zh-Hans-CN');
/** More places than a city has: the places of a scope are read in one page. */
const ALL_PLACES = 100_000;

/** Whether the caller sees the funnel: the officers above the communities, and the administrator. */
function seesFunnel(actor: Pick<Actor, 'kind' | 'scope'>): boolean {
  return isPlatformAdmin(actor) || actor.scope.kind === 'subdistrict' || actor.scope.kind === 'district';
}

/**
 * The places the caller's dashboard may name, by id: every place for the administrator; for an
 * officer or a committee member their own place, the places above it and those within it. None for
 * anyone else (an applicant representative's scope is a unit; a resident's, their flats).
 */
async function placesOf(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
): Promise<Map<string, Place>> {
  const byId = (places: readonly Place[]) => new Map(places.map((place) => [place.placeId, place]));
  if (isPlatformAdmin(actor)) {
    return byId(await readPlacesPage(ctx.models.places, { all: true }, undefined, ALL_PLACES));
  }
  const { scope } = actor;
  if (scope.kind !== 'community' && scope.kind !== 'subdistrict' && scope.kind !== 'district') {
    return new Map();
  }
  const own = await findPlace(ctx, scope.id);
  if (own === null) return new Map();
  const above = [own.parentId, own.subdistrictId, own.districtId].filter(
    (id): id is string => id !== undefined,
  );
  const selection = {
    ids: [own.placeId, ...above],
    ...(scope.kind === 'community' ? {} : { within: scope.id }),
  };
  return byId(await readPlacesPage(ctx.models.places, selection, undefined, ALL_PLACES));
}

/**
 * The place the query names for `field`, if it is of `kind` and the caller may read it; otherwise
 * `no_such_place` (404), the same for a place that does not exist, one of another kind and one
 * outside the caller's scope.
 */
function namedPlace(
  places: ReadonlyMap<string, Place>,
  actor: Pick<Actor, 'kind' | 'scope'>,
  placeId: string,
  kind: Place['kind'],
  field: string,
): Place {
  const place = places.get(placeId);
  if (place === undefined || place.kind !== kind || !placeInScope(actor, place)) {
    throw new DomainError('no_such_place', `No ${kind} ${placeId} in the caller's scope.`, {
      placeId,
      field,
    });
  }
  return place;
}

/** The communities the dashboard covers: those in the caller's scope, narrowed by the query. */
function communitiesOf(
  places: ReadonlyMap<string, Place>,
  actor: Pick<Actor, 'kind' | 'scope'>,
  query: DashboardQuery,
): Place[] {
  const subdistrict =
    query.subdistrictId === undefined
      ? undefined
      : namedPlace(places, actor, query.subdistrictId, 'subdistrict', 'subdistrictId');
  if (query.communityId !== undefined) {
    const community = namedPlace(places, actor, query.communityId, 'community', 'communityId');
    if (subdistrict !== undefined && community.subdistrictId !== subdistrict.placeId) {
      throw new DomainError('no_such_place', `No community ${community.placeId} in ${subdistrict.placeId}.`, {
        placeId: community.placeId,
        field: 'communityId',
      });
    }
    return [community];
  }
  return [...places.values()]
    .filter(
      (place) =>
        place.kind === 'community' &&
        placeInScope(actor, place) &&
        (subdistrict === undefined || place.subdistrictId === subdistrict.placeId),
    )
    .sort((a, b) => BY_NAME.compare(a.name, b.name) || a.placeId.localeCompare(b.placeId));
}

/**
 * Each unit as its board reads it. A listing that lacks the day of its last event or its line on
 * the board (see the module's doc) has them read from its stream and its case, unit by unit.
 */
async function boardUnitsOf(ctx: CommandContext, listings: readonly UnitListingDoc[]): Promise<BoardUnit[]> {
  const unknownDays = listings
    .filter((listing) => listing.lastEventOn === undefined || listing.lastEventOn === null)
    .map((listing) => ({ caseId: listing._id, seq: listing.seq }));
  const lastEventAt = await ctx.streams.eventTimes(unknownDays);
  const units: BoardUnit[] = [];
  for (const listing of listings) {
    const at = lastEventAt.get(listing._id);
    const lastEventOn = listing.lastEventOn ?? (at === undefined ? undefined : shanghaiDayOf(at));
    const entry: BoardEntry =
      listing.board ?? boardEntryOf((await loadCase(ctx, listing._id)).state, ctx.holidays);
    units.push({
      unitId: listing._id,
      ...(listing.unit.name === undefined ? {} : { name: listing.unit.name }),
      stage: listing.stage as Stage,
      entry,
      ...(lastEventOn === undefined || lastEventOn === null ? {} : { lastEventOn }),
    });
  }
  return units;
}

/**
 * Each case's stage changes, as stored; a case whose stored changes cannot be its whole history up to
 * its listing (`stageHistoryAgrees`: none, or one lost) is refolded from its stream, and what was
 * missing is stored.
 */
async function stageHistories(
  ctx: CommandContext,
  listings: readonly UnitListingDoc[],
): Promise<(readonly StageChange[])[]> {
  const stored = await readStageChanges(
    ctx.models.stageChanges,
    listings.map((listing) => listing._id),
  );
  const histories: (readonly StageChange[])[] = [];
  for (const listing of listings) {
    const changes = stored.get(listing._id) ?? [];
    if (stageHistoryAgrees(changes, { seq: listing.seq, stage: listing.stage as Stage })) {
      histories.push(changes);
      continue;
    }
    const rebuilt = await rebuildStageChanges(ctx, listing._id);
    ctx.log.info({ caseId: listing._id, added: rebuilt.added }, 'stage changes refolded for the dashboard');
    histories.push(rebuilt.changes);
  }
  return histories;
}

/**
 * The dashboard `actor` may read, narrowed by `query` (a community, or a sub-district, within their
 * scope; `no_such_place` otherwise). The views (and listings) this process writes behind are written
 * first, so what it just did shows. Units never placed in a community are on no board.
 */
export async function readDashboard(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  query: DashboardQuery = {},
): Promise<Dashboard> {
  const now = ctx.clock.now();
  const places = await placesOf(ctx, actor);
  const communities = communitiesOf(places, actor, query);
  await ctx.cases.flushViews();
  const listings = (
    await readCommunityListings(
      ctx.models.unitListings,
      communities.map((community) => community.placeId),
    )
  ).sort((a, b) => a._id.localeCompare(b._id));
  const units = await boardUnitsOf(ctx, listings);
  const communityOf = new Map(listings.map((listing) => [listing._id, listing.communityId]));
  const unitsByCommunity = new Map<string, BoardUnit[]>();
  for (const unit of units) {
    const communityId = communityOf.get(unit.unitId) ?? '';
    unitsByCommunity.set(communityId, [...(unitsByCommunity.get(communityId) ?? []), unit]);
  }
  const blocks = communities.map((community): CommunityBlock => {
    const subdistrict =
      community.subdistrictId === undefined ? undefined : places.get(community.subdistrictId);
    return {
      community,
      ...(subdistrict === undefined ? {} : { subdistrict }),
      board: communityBoard(unitsByCommunity.get(community.placeId) ?? [], now, ctx.holidays),
    };
  });
  if (!seesFunnel(actor)) return { now, communities: blocks };
  return {
    now,
    communities: blocks,
    funnel: { cases: listings.length, stages: funnel(await stageHistories(ctx, listings), now) },
  };
}
