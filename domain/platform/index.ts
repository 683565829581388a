/**
 * The platform: the places of the city (district → sub-district → community) and the per-person
 * staff tokens and residents' sessions, decided on their own stream beside the cases' (see `decide.ts`).
 */
export { PLATFORM_ERROR_CODES } from './codes.js';
export { PARENT_KIND, PLACE_KINDS, ROLE_SCOPE, SCOPE_KINDS, STAFF_ROLES, isPlaceKind } from './places.js';
export type { Place, PlaceKind, Scope, ScopeKind, StaffRole } from './places.js';
export {
  MAX_ALLOWED_REMINDERS,
  REMINDER_KINDS,
  MAX_SESSION_DAYS,
  MAX_TOKEN_DAYS,
  SIGN_IN_METHODS,
  decidePlatform,
  evolvePlatform,
  initialPlatformState,
  platformDecider,
  requirePlace,
  requirePlaceOfKind,
} from './decide.js';
export type {
  ReminderKind,
  SignInMethod,
  PlatformCommand,
  PlatformCommandData,
  PlatformEvent,
  PlatformEventData,
  PlatformState,
} from './decide.js';
