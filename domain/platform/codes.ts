/**
 * Error codes raised by `domain/platform` (the places of the city and the staff tokens). Add a code
 * here; `domain/errors.ts` unions every module's list.
 */
export const PLATFORM_ERROR_CODES = [
  /**
   * No place with this id, or one the caller may not see (a place outside a staff member's scope is
   * answered as one that does not exist); `{ placeId, field? }`.
   */
  'place_not_found',
  /**
   * A place of this kind and name already stands under the same parent (or the id is taken);
   * `{ placeId }` names the one that stands.
   */
  'place_already_exists',
  /**
   * The place named is of another kind than the request needs (a community's parent is a
   * sub-district; a unit is placed in a community); `{ placeId, kind, expected, field? }`.
   */
  'wrong_place_kind',
  /** No staff token with this id, or one the caller may not manage; `{ tokenId }`. */
  'token_not_found',
] as const;
