import { z } from 'zod';
import { PLACE_KINDS } from '../../../domain/platform/index.js';
import { named } from '../../openapi/registry.js';
import { Instant } from '../views.js';

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

type PlaceNode = z.output<typeof PlaceView> & { children: PlaceNode[] };

const PlaceNode: z.ZodType<PlaceNode> = z.strictObject({
  ...PlaceShape,
  get children() {
    return z.array(PlaceNode);
  },
});

/** A place of the tree and the places in it, siblings in pinyin order of their names. */
export const PlaceNodeView = named('PlaceNode', PlaceNode);

/** `GET /places`: the tree from the districts down, as far as the caller may see. */
export const PlacesView = named('Places', z.strictObject({ places: z.array(PlaceNodeView) }));
