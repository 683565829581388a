/**
 * The platform's own stream [Decider]: the places of the city and the staff tokens, kept as one
 * append-only, hash-chained stream beside the cases' (conventions.md §8), so every place created and
 * every token issued or revoked is an audited event naming who did it. Pure: time comes in `now`;
 * ids and token hashes are made by the command layer and passed in.
 *
 * The state is the places alone. Tokens and residents' sessions are kept by their projections (one
 * document each, keyed by the hash of its secret); the stream records each issue and revocation.
 */
import { fail, invalid, text } from '../case/checks.js';
import type { EventOf } from '../case/state.js';
import {
  isPlaceKind,
  PARENT_KIND,
  PLACE_KINDS,
  ROLE_SCOPE,
  STAFF_ROLES,
  type Place,
  type PlaceKind,
  type Scope,
  type StaffRole,
} from './places.js';

/** A staff token is issued for at most this many days (a year), and at least one. */
export const MAX_TOKEN_DAYS = 366;

/** A resident's session lasts at most this many days (a month), and at least one. */
export const MAX_SESSION_DAYS = 31;

/** How a resident signed in: the mini-program's `wx.login` code, or the development exchange. */
export const SIGN_IN_METHODS = ['wechat', 'dev'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/**
 * The reminders a resident may allow in the mini-program (one subscription-message template each):
 * a ballot they have not voted in, the start of publicity. Each tap on 允许 lets WeChat deliver one.
 */
export const REMINDER_KINDS = ['ballot', 'publicity'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** At most this many reminders of one kind are kept allowed for a resident (WeChat counts each tap). */
export const MAX_ALLOWED_REMINDERS = 50;

/** The data of each platform command, by command type. */
export interface PlatformCommandData {
  /** A district, a sub-district in a district, or a community in a sub-district. */
  CreatePlace: {
    readonly placeId: string;
    readonly kind: PlaceKind;
    readonly name: string;
    readonly parentId?: string;
  };
  /**
   * A per-person token for `role` in `scope`, valid until `expiresAt`. Only the hash of its secret is
   * given: the secret is shown once to whoever asked and kept nowhere. `communityId` is the community
   * the scope lies in (a community's own id; a unit's community), so a committee member can manage
   * the tokens of their community.
   */
  IssueToken: {
    readonly tokenId: string;
    readonly name: string;
    readonly role: StaffRole;
    readonly scope: Scope;
    readonly tokenHash: string;
    readonly expiresAt: Date;
    readonly communityId?: string;
  };
  /** The token no longer signs anyone in, from now on. */
  RevokeToken: { readonly tokenId: string; readonly tokenHash: string };
  /**
   * A resident's session (the mini-program): the contact it signs in (`mp:…` for a WeChat user,
   * `dev:…` for the development exchange), how, and until when. Only its secret's hash is given.
   */
  IssueSession: {
    readonly sessionId: string;
    readonly contactId: string;
    readonly method: SignInMethod;
    readonly sessionHash: string;
    readonly expiresAt: Date;
  };
  /** The session signs no one in from now on (signing out). */
  RevokeSession: { readonly sessionId: string; readonly sessionHash: string };
  /** A resident tapped 允许 for these reminders in the mini-program: one more of each may be sent. */
  AllowReminders: { readonly contactId: string; readonly kinds: readonly ReminderKind[] };
}

/** The data of each platform event, by event type. */
export interface PlatformEventData {
  PlaceCreated: {
    readonly placeId: string;
    readonly kind: PlaceKind;
    readonly name: string;
    readonly parentId?: string;
    readonly createdAt: string;
  };
  TokenIssued: {
    readonly tokenId: string;
    readonly name: string;
    readonly role: StaffRole;
    readonly scope: Scope;
    readonly tokenHash: string;
    readonly communityId?: string;
    readonly issuedAt: string;
    readonly expiresAt: string;
  };
  TokenRevoked: { readonly tokenId: string; readonly tokenHash: string; readonly revokedAt: string };
  SessionIssued: {
    readonly sessionId: string;
    readonly contactId: string;
    readonly method: SignInMethod;
    readonly sessionHash: string;
    readonly issuedAt: string;
    readonly expiresAt: string;
  };
  SessionRevoked: { readonly sessionId: string; readonly sessionHash: string; readonly revokedAt: string };
  RemindersAllowed: {
    readonly contactId: string;
    readonly kinds: readonly ReminderKind[];
    readonly allowedAt: string;
  };
}

export type PlatformCommand = EventOf<PlatformCommandData>;
export type PlatformEvent = EventOf<PlatformEventData>;

/** What the platform's decider knows: every place, by id. */
export interface PlatformState {
  readonly places: Readonly<Record<string, Place>>;
}

export const initialPlatformState: PlatformState = { places: {} };

const HASH = /^[0-9a-f]{64}$/;

/** The place `placeId`, or `place_not_found` (naming the request's `field`). */
export function requirePlace(state: PlatformState, placeId: string, field?: string): Place {
  const place = Object.hasOwn(state.places, placeId) ? state.places[placeId] : undefined;
  if (place === undefined) {
    fail('place_not_found', `No place ${placeId}.`, { placeId, ...(field === undefined ? {} : { field }) });
  }
  return place;
}

/** The place `placeId` of kind `kind`, or `place_not_found` / `wrong_place_kind`. */
export function requirePlaceOfKind(
  state: PlatformState,
  placeId: string,
  kind: PlaceKind,
  field?: string,
): Place {
  const place = requirePlace(state, placeId, field);
  if (place.kind !== kind) {
    fail('wrong_place_kind', `${placeId} is a ${place.kind}, not a ${kind}.`, {
      placeId,
      kind: place.kind,
      expected: kind,
      ...(field === undefined ? {} : { field }),
    });
  }
  return place;
}

function createPlace(
  data: PlatformCommandData['CreatePlace'],
  state: PlatformState,
  now: Date,
): PlatformEvent[] {
  const placeId = text(data.placeId, 'placeId');
  if (!isPlaceKind(data.kind)) invalid('kind', `kind is one of ${PLACE_KINDS.join(', ')}.`);
  const name = text(data.name, 'name').trim();
  if (Object.hasOwn(state.places, placeId)) {
    fail('place_already_exists', `Place ${placeId} already exists.`, { placeId });
  }
  const parentKind = PARENT_KIND[data.kind];
  if (parentKind === undefined && data.parentId !== undefined) {
    invalid('parentId', 'A district sits in no other place.');
  }
  if (parentKind !== undefined) {
    if (data.parentId === undefined) invalid('parentId', `A ${data.kind} names the ${parentKind} it is in.`);
    requirePlaceOfKind(state, data.parentId, parentKind, 'parentId');
  }
  const sibling = Object.values(state.places).find(
    (place) => place.kind === data.kind && place.parentId === data.parentId && place.name === name,
  );
  if (sibling !== undefined) {
    fail('place_already_exists', `A ${data.kind} named so already exists there.`, {
      placeId: sibling.placeId,
    });
  }
  return [
    {
      type: 'PlaceCreated',
      data: {
        placeId,
        kind: data.kind,
        name,
        ...(data.parentId === undefined ? {} : { parentId: data.parentId }),
        createdAt: now.toISOString(),
      },
    },
  ];
}

function issueToken(
  data: PlatformCommandData['IssueToken'],
  state: PlatformState,
  now: Date,
): PlatformEvent[] {
  const tokenId = text(data.tokenId, 'tokenId');
  const name = text(data.name, 'name').trim();
  if (!(STAFF_ROLES as readonly string[]).includes(data.role)) {
    invalid('role', `role is one of ${STAFF_ROLES.join(', ')}.`);
  }
  const expected = ROLE_SCOPE[data.role];
  if (data.scope.kind !== expected) invalid('scope.kind', `A ${data.role} token's scope is a ${expected}.`);
  const scopeId = text(data.scope.id, 'scope.id');
  if (isPlaceKind(expected)) requirePlaceOfKind(state, scopeId, expected, 'scope.id');
  if (!HASH.test(data.tokenHash)) invalid('tokenHash', 'tokenHash is a SHA-256 in hex.');
  const days = (data.expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (!(days > 0 && days <= MAX_TOKEN_DAYS)) {
    invalid('expiresInDays', `A token expires within 1 to ${MAX_TOKEN_DAYS} days.`);
  }
  const communityId = expected === 'community' ? scopeId : data.communityId;
  return [
    {
      type: 'TokenIssued',
      data: {
        tokenId,
        name,
        role: data.role,
        scope: { kind: expected, id: scopeId },
        tokenHash: data.tokenHash,
        ...(communityId === undefined ? {} : { communityId }),
        issuedAt: now.toISOString(),
        expiresAt: data.expiresAt.toISOString(),
      },
    },
  ];
}

function revokeToken(
  data: PlatformCommandData['RevokeToken'],
  _state: PlatformState,
  now: Date,
): PlatformEvent[] {
  const tokenId = text(data.tokenId, 'tokenId');
  if (!HASH.test(data.tokenHash)) invalid('tokenHash', 'tokenHash is a SHA-256 in hex.');
  return [
    { type: 'TokenRevoked', data: { tokenId, tokenHash: data.tokenHash, revokedAt: now.toISOString() } },
  ];
}

function issueSession(data: PlatformCommandData['IssueSession'], now: Date): PlatformEvent[] {
  const sessionId = text(data.sessionId, 'sessionId');
  const contactId = text(data.contactId, 'contactId');
  if (!(SIGN_IN_METHODS as readonly string[]).includes(data.method)) {
    invalid('method', `method is one of ${SIGN_IN_METHODS.join(', ')}.`);
  }
  if (!HASH.test(data.sessionHash)) invalid('sessionHash', 'sessionHash is a SHA-256 in hex.');
  const days = (data.expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (!(days > 0 && days <= MAX_SESSION_DAYS)) {
    invalid('expiresAt', `A session expires within 1 to ${MAX_SESSION_DAYS} days.`);
  }
  return [
    {
      type: 'SessionIssued',
      data: {
        sessionId,
        contactId,
        method: data.method,
        sessionHash: data.sessionHash,
        issuedAt: now.toISOString(),
        expiresAt: data.expiresAt.toISOString(),
      },
    },
  ];
}

function revokeSession(data: PlatformCommandData['RevokeSession'], now: Date): PlatformEvent[] {
  const sessionId = text(data.sessionId, 'sessionId');
  if (!HASH.test(data.sessionHash)) invalid('sessionHash', 'sessionHash is a SHA-256 in hex.');
  return [
    {
      type: 'SessionRevoked',
      data: { sessionId, sessionHash: data.sessionHash, revokedAt: now.toISOString() },
    },
  ];
}

function allowReminders(data: PlatformCommandData['AllowReminders'], now: Date): PlatformEvent[] {
  const contactId = text(data.contactId, 'contactId');
  const kinds = [...new Set(data.kinds)];
  if (kinds.length === 0 || kinds.some((kind) => !(REMINDER_KINDS as readonly string[]).includes(kind))) {
    invalid('kinds', `kinds lists one or more of ${REMINDER_KINDS.join(', ')}.`);
  }
  return [{ type: 'RemindersAllowed', data: { contactId, kinds, allowedAt: now.toISOString() } }];
}

/** Decides a platform command: the events it produces (one), or a `DomainError`. Pure. */
export function decidePlatform(
  command: PlatformCommand,
  state: PlatformState,
  context: { readonly now: Date },
): PlatformEvent[] {
  switch (command.type) {
    case 'CreatePlace':
      return createPlace(command.data, state, context.now);
    case 'IssueToken':
      return issueToken(command.data, state, context.now);
    case 'RevokeToken':
      return revokeToken(command.data, state, context.now);
    case 'IssueSession':
      return issueSession(command.data, context.now);
    case 'RevokeSession':
      return revokeSession(command.data, context.now);
    case 'AllowReminders':
      return allowReminders(command.data, context.now);
  }
}

/**
 * Folds one platform event. A place records the sub-district and district above it, so the scope of
 * a unit is read from its community alone. Token and session events change nothing here (their
 * projections keep them).
 */
export function evolvePlatform(state: PlatformState, event: PlatformEvent): PlatformState {
  if (event.type !== 'PlaceCreated') return state;
  const { placeId, kind, name, parentId, createdAt } = event.data;
  const parent = parentId === undefined ? undefined : state.places[parentId];
  const place: Place = {
    placeId,
    kind,
    name,
    ...(parentId === undefined ? {} : { parentId }),
    ...(kind === 'community' && parentId !== undefined ? { subdistrictId: parentId } : {}),
    ...(kind === 'subdistrict' && parentId !== undefined ? { districtId: parentId } : {}),
    ...(kind === 'community' && parent?.parentId !== undefined ? { districtId: parent.parentId } : {}),
    createdAt,
  };
  return { places: { ...state.places, [placeId]: place } };
}

/** The platform decider as one value, for the stream runner. */
export const platformDecider = {
  initialState: initialPlatformState,
  evolve: evolvePlatform,
  decide: decidePlatform,
} as const;
