import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { createPlace, listPlaces, type PlaceNode } from '../../../commands/places.js';
import { readUnit } from '../../../commands/read-case.js';
import type { Place } from '../../../domain/platform/index.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta } from '../meta.js';
import { CreatePlaceBody, PlacesView, PlaceView } from './schema.js';

function presentPlace(place: Place) {
  return {
    id: place.placeId,
    kind: place.kind,
    name: place.name,
    ...(place.parentId === undefined ? {} : { parentId: place.parentId }),
    createdAt: place.createdAt,
  };
}

type PresentedNode = ReturnType<typeof presentPlace> & { children: PresentedNode[] };

function presentNode(node: PlaceNode): PresentedNode {
  return { ...presentPlace(node.place), children: node.children.map(presentNode) };
}

/**
 * The places of the city: `POST /places` (a district, a sub-district in a district, a community in a
 * sub-district: 201) and `GET /places` (the tree from the districts down, as far as the caller may see).
 */
export function placeRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/places',
    validate(
      {
        summary: 'Create a district, a sub-district in a district, or a community in a sub-district',
        body: CreatePlaceBody,
        responses: { 201: PlaceView },
        errors: ['place_not_found', 'wrong_place_kind', 'place_already_exists'],
      },
      async (ctx, { body }) => {
        const place = await createPlace(commands, body, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = presentPlace(place);
      },
    ),
  );

  router.get(
    '/places',
    validate(
      {
        summary: 'The places as a tree from the districts down, as far as the caller may see',
        responses: { 200: PlacesView },
        errors: [],
      },
      async (ctx) => {
        const actor = actorOf(ctx);
        // An applicant representative sees the community of their unit.
        const unitCommunity =
          actor.scope.kind === 'unit'
            ? (await readUnit(commands, actor.scope.id)).state.communityId
            : undefined;
        ctx.body = { places: (await listPlaces(commands, actor, unitCommunity)).map(presentNode) };
      },
    ),
  );

  return router;
}
