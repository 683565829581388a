import { z } from 'zod';
import { PLACE_KINDS } from '../../../domain/platform/index.js';
import { named } from '../../openapi/registry.js';
import { Instant, pageView } from '../views.js';
import { KeyId, KeyInstant, pagedList } from '../../pagination.js';

/** A place's id (any string up to 64 characters: one of the wrong shape is simply not found). */
export const PlaceId = z.string().trim().min(1).max(64);

/** `POST /places`: a district, or a sub-district or community with the place it sits in. */
export const CreatePlaceBody = z.object({
  kind: z.enum(PLACE_KINDS),
  name: z.string().trim().min(1, 'is required').max(100),
  parentId: PlaceId.optional(),
});
export type CreatePlaceBody = z.infer<typeof CreatePlaceBody>;

// ——— Answers ———

const PlaceShape = {
  id: z.string(),
  kind: z.enum(PLACE_KINDS),
  name: z.string(),
  /** The place it sits in (none for a district). */
  parentId: z.string().optional(),
  createdAt: Instant,
};

/** `POST /places`: a district, sub-district or community, under its new id. */
export const PlaceView = named('Place', z.strictObject(PlaceShape));

/** `GET /places`: a page of the places the caller may see (and those above them), in the order created. */
export const PlacesView = pageView('Places', PlaceView);

/** `GET /places` pages the places in the order they were created, by that instant and then the id. */
export const PlacesList = pagedList('places', z.tuple([KeyInstant, KeyId]));
