/**
 * Error codes raised by `domain/platform` (the places of the city, staff tokens, residents' sign-in). Add a code
 * here; `domain/errors.ts` unions every module's list.
 */
export const PLATFORM_ERROR_CODES = [
  /**
   * No place with this id, or one the caller may not see (a place outside a staff member's scope is
   * answered as one that does not exist); `{ placeId, field? }`.
   */
  'place_not_found',
  /**
   * The place a read names (`GET /dashboard?communityId=` or `?subdistrictId=`) is not one the caller
   * may read there: it does not exist, is of another kind, or lies outside their scope — answered
   * alike, 404, as a unit outside the scope is (`place_not_found` is the 422 of a body naming a
   * place); `{ placeId, field }`.
   */
  'no_such_place',
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
  /** WeChat refused the mini-program's sign-in code (wrong, used or expired: `wx.login` again). */
  'sign_in_code_invalid',
  /** WeChat's sign-in could not be asked (not configured, unreachable, busy); nothing was signed in. */
  'sign_in_unavailable',
  /** A binding code that binds nothing: no such code; `{ triesLeft }` before binding locks. */
  'binding_code_wrong',
  /** Too many wrong binding codes: binding is locked until `{ until }` (UTC). */
  'binding_locked',
  /** A binding code that was revoked or has expired: ask the committee for a new slip. */
  'binding_code_void',
  /** Bound only as a proxy or a family member the owner has not confirmed yet; `{ rooms }`. */
  'binding_pending',
] as const;
