import { isPlatformAdmin, placeInScope, type Actor } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { Place, PlaceKind } from '../domain/platform/index.js';
import { readPlace, readPlacesPage, type PlaceKey } from '../models/place.js';
import type { CommandContext } from './kernel/context.js';
import { newPlaceId } from './kernel/ids.js';
import { runPlatformCommand } from './kernel/run-platform.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** A place as a transport asks for it: its kind, its name and the place it sits in. */
export interface CreatePlaceInput {
  readonly kind: PlaceKind;
  readonly name: string;
  readonly parentId?: string;
}

/**
 * `CreatePlace` → `PlaceCreated` on the platform's stream: a district, a sub-district in a district, a
 * community in a sub-district, under a fresh id (or `options.placeId`: the demo's well-known ones,
 * refused the second time with `place_already_exists`). Refusals: `place_not_found` (the parent),
 * `wrong_place_kind` (a community in a district, say), `place_already_exists` (the same name under the
 * same parent), `validation_error`.
 */
export async function createPlace(
  ctx: CommandContext,
  input: CreatePlaceInput,
  meta: CommandMeta,
  options: { readonly placeId?: string } = {},
): Promise<Place> {
  const placeId = options.placeId ?? newPlaceId();
  const { state } = await runPlatformCommand(
    ctx,
    {
      type: 'CreatePlace',
      data: {
        placeId,
        kind: input.kind,
        name: input.name,
        ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
      },
    },
    meta,
  );
  return state.places[placeId]!;
}

/** Places this process has read: a place never moves once created, so what was read stays true. */
const known = new WeakMap<CommandContext, Map<string, Place>>();

/** The place `placeId`, or null: from this process's memory, else one `_id` lookup. */
export async function findPlace(ctx: CommandContext, placeId: string): Promise<Place | null> {
  let places = known.get(ctx);
  if (places === undefined) known.set(ctx, (places = new Map()));
  const remembered = places.get(placeId);
  if (remembered !== undefined) return remembered;
  const place = await readPlace(ctx.models.places, placeId);
  if (place !== null) places.set(placeId, place);
  return place;
}

/**
 * The community `communityId` as `actor` may name it, or a refusal: `place_not_found` for a place
 * that does not exist or lies outside a staff member's scope (the two answered alike),
 * `wrong_place_kind` for a place that is not a community. `field` names the input.
 */
export async function requireCommunity(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  communityId: string,
  field = 'communityId',
): Promise<Place> {
  const place = await findPlace(ctx, communityId);
  if (place === null || !placeInScope(actor, place)) {
    throw new DomainError('place_not_found', `No place ${communityId}.`, { placeId: communityId, field });
  }
  if (place.kind !== 'community') {
    throw new DomainError('wrong_place_kind', `${communityId} is a ${place.kind}, not a community.`, {
      placeId: communityId,
      kind: place.kind,
      expected: 'community',
      field,
    });
  }
  return place;
}

/**
 * A page of the places `actor` may see, in the order they were created (a place's parents before
 * it), up to `limit` after `after`: every place for the platform administrator; for a staff member,
 * the places within their scope (`placeInScope`) and the places above their scope's place (so a
 * community is shown with its sub-district and district), never a sibling. `unitCommunityId` is the
 * community of an applicant representative's unit, when it has one: it and the places above it.
 */
export async function listPlacesPage(
  ctx: CommandContext,
  actor: Pick<Actor, 'kind' | 'scope'>,
  unitCommunityId: string | undefined,
  after: PlaceKey | undefined,
  limit: number,
): Promise<Place[]> {
  if (isPlatformAdmin(actor)) return readPlacesPage(ctx.models.places, { all: true }, after, limit);
  const { scope } = actor;
  if (scope.kind === 'platform' || scope.kind === 'flats') return [];
  const seen = scope.kind === 'unit' ? unitCommunityId : scope.id;
  if (seen === undefined) return [];
  const place = await findPlace(ctx, seen);
  if (place === null) return [];
  const above = [place.parentId, place.subdistrictId, place.districtId].filter(
    (id): id is string => id !== undefined,
  );
  const within = scope.kind === 'subdistrict' || scope.kind === 'district' ? scope.id : undefined;
  return readPlacesPage(
    ctx.models.places,
    { ids: [seen, ...above], ...(within === undefined ? {} : { within }) },
    after,
    limit,
  );
}
