import { z } from 'zod';
import { PLACE_KINDS } from '../../../domain/platform/index.js';

/** A place's id (any string up to 64 characters: one of the wrong shape is simply not found). */
export const PlaceId = z.string().trim().min(1).max(64);

/** `POST /places`: a district, or a sub-district or community with the place it sits in. */
export const CreatePlaceBody = z.object({
  kind: z.enum(PLACE_KINDS),
  name: z.string().trim().min(1, 'is required').max(100),
  parentId: PlaceId.optional(),
});
export type CreatePlaceBody = z.infer<typeof CreatePlaceBody>;
