/**
 * The staff's dashboard (`GET /api/v1/dashboard`), read for a caller's scope: one board per community
 * in it (units by stage, stalled cases, open objections, the deadlines of the coming days) and, for
 * the officers above the communities and the platform administrator, the funnel of those cases.
 *
 * What it reads, however many units: the places (one query), the board lines of the communities'
 * units (`case_boards`, one query per 200 communities), and for the funnel their stage changes (one
 * small document per unit, one query per 2,000 units). Only two things cost a lookup per unit, and only for units whose projections
 * are behind: the time of the last event where the board line does not know it (written from a view
 * stored before views recorded it), and a case whose stored stage changes disagree with its board
 * line (refolded from its stream and stored, once). A unit with no board line yet (a database from
 * before them) shows once the hourly reconcile of the clocks, or `npm run views:rebuild`, wrote it.
 */
import { isPlatformAdmin, placeInScope, type Actor } from '../domain/case/index.js';
import {
  communityBoard,
  funnel,
  stageHistoryAgrees,
  type BoardUnit,
  type CommunityBoard,
  type FunnelRow,
  type StageChange,
} from '../domain/dashboard/index.js';
import { DomainError } from '../domain/errors.js';
import type { Place } from '../domain/platform/index.js';
import { readCommunityBoards, type CaseBoardDoc } from '../models/case-board.js';
import { readAllPlaces } from '../models/place.js';
import { readStageChanges } from '../models/stage-change.js';
import type { CommandContext } from './kernel/context.js';
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

/** Whether the caller sees the funnel: the officers above the communities, and the administrator. */
function seesFunnel(actor: Pick<Actor, 'kind' | 'scope'>): boolean {
  return isPlatformAdmin(actor) || actor.scope.kind === 'subdistrict' || actor.scope.kind === 'district';
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

/** When each unit's last event was appended: from its board line, else (an older one) from its event. */
async function lastEventTimes(
  ctx: CommandContext,
  boards: readonly CaseBoardDoc[],
): Promise<Map<string, Date>> {
  const times = new Map<string, Date>();
  const unknown: { caseId: string; seq: number }[] = [];
  for (const board of boards) {
    if (board.lastEventAt === undefined) unknown.push({ caseId: board._id, seq: board.seq });
    else times.set(board._id, board.lastEventAt);
  }
  for (const [caseId, at] of await ctx.streams.eventTimes(unknown)) times.set(caseId, at);
  return times;
}

/**
 * Each case's stage changes, as stored; a case whose stored changes cannot be its whole history up to
 * its board line (`stageHistoryAgrees`: none, or one lost) is refolded from its stream, and what was
 * missing is stored.
 */
async function stageHistories(
  ctx: CommandContext,
  boards: readonly CaseBoardDoc[],
): Promise<(readonly StageChange[])[]> {
  const stored = await readStageChanges(
    ctx.models.stageChanges,
    boards.map((board) => board._id),
  );
  const histories: (readonly StageChange[])[] = [];
  for (const board of boards) {
    const changes = stored.get(board._id) ?? [];
    if (stageHistoryAgrees(changes, board)) {
      histories.push(changes);
      continue;
    }
    const rebuilt = await rebuildStageChanges(ctx, board._id);
    ctx.log.info({ caseId: board._id, added: rebuilt.added }, 'stage changes refolded for the dashboard');
    histories.push(rebuilt.changes);
  }
  return histories;
}

/**
 * The dashboard `actor` may read, narrowed by `query` (a community, or a sub-district, within their
 * scope; `no_such_place` otherwise). The views (and board lines) this process writes behind are
 * written first, so what it just did shows. Units never placed in a community are on no board.
 */
export async function readDashboard(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  query: DashboardQuery = {},
): Promise<Dashboard> {
  const now = ctx.clock.now();
  const places = new Map((await readAllPlaces(ctx.models.places)).map((place) => [place.placeId, place]));
  const communities = communitiesOf(places, actor, query);
  await ctx.cases.flushViews();
  const boards = (
    await readCommunityBoards(
      ctx.models.caseBoards,
      communities.map((community) => community.placeId),
    )
  ).sort((a, b) => a._id.localeCompare(b._id));
  const lastEventAt = await lastEventTimes(ctx, boards);

  const unitsByCommunity = new Map<string, BoardUnit[]>();
  for (const { _id: unitId, seq: _seq, lastEventAt: _at, ...entry } of boards) {
    const list = unitsByCommunity.get(entry.communityId ?? '') ?? [];
    const at = lastEventAt.get(unitId);
    list.push({ unitId, entry, ...(at === undefined ? {} : { lastEventAt: at }) });
    unitsByCommunity.set(entry.communityId ?? '', list);
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
    funnel: { cases: boards.length, stages: funnel(await stageHistories(ctx, boards), now) },
  };
}
