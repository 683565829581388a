import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { createPlace, listPlacesPage } from '../../../commands/places.js';
import { readUnit } from '../../../commands/read-case.js';
import type { Place } from '../../../domain/platform/index.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta } from '../meta.js';
import { decodeCursor, pageFrom, PageQuery, presentPage } from '../../pagination.js';
import { CreatePlaceBody, PlacesList, PlacesView, PlaceView } from './schema.js';

function presentPlace(place: Place) {
  return {
    id: place.placeId,
    kind: place.kind,
    name: place.name,
    ...(place.parentId === undefined ? {} : { parentId: place.parentId }),
    createdAt: place.createdAt,
  };
}

/**
 * The places of the city: `POST /places` (a district, a sub-district in a district, a community in a
 * sub-district: 201) and `GET /places` (a page of the places the caller may see, each naming the place
 * it sits in, parents before children: the client builds the tree).
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
        summary: 'The places the caller may see, in the order created, a page at a time',
        query: PageQuery,
        responses: { 200: PlacesView },
        errors: [],
      },
      async (ctx, { query }) => {
        const actor = actorOf(ctx);
        const after = decodeCursor(PlacesList, '', query.cursor);
        // An applicant representative sees the community of their unit.
        const unitCommunity =
          actor.scope.kind === 'unit'
            ? (await readUnit(commands, actor.scope.id)).state.communityId
            : undefined;
        const read = await listPlacesPage(
          commands,
          actor,
          unitCommunity,
          after === undefined ? undefined : { createdAt: new Date(after[0]), placeId: after[1] },
          query.limit + 1,
        );
        const page = pageFrom(PlacesList, '', read, (place) => [place.createdAt, place.placeId], query.limit);
        ctx.body = presentPage(page, presentPlace);
      },
    ),
  );

  return router;
}
