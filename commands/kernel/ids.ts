import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const UNIT_PART = '[a-z2-7]{16}';
const UNIT_ID = new RegExp(`^u_(${UNIT_PART})$`);
const BALLOT_ID = new RegExp(`^b_(${UNIT_PART})_[a-z2-7]{8}$`);

/** `length` random characters of lower-case RFC 4648 base32 (5 random bits each). */
function randomBase32(length: number): string {
  let out = '';
  // 256 is a multiple of 32, so `byte & 31` is uniform.
  for (const byte of randomBytes(length)) out += ALPHABET[byte & 31];
  return out;
}

/**
 * A new unit id, which is also its case id (one case stream per unit): `u_` and 16 random base32
 * characters (80 bits). URL-safe, not guessable, and free of `:` so `"<caseId>:<seq>"` event ids stay
 * unambiguous.
 */
export function newUnitId(): string {
  return `u_${randomBase32(16)}`;
}

/** True when `id` has the shape of a unit id (anything else names no unit, and is never queried). */
export function isUnitId(id: string): boolean {
  return UNIT_ID.test(id);
}

/** Refuses an id that cannot name a unit, before any query: `unit_not_registered` (404 over HTTP). */
export function requireUnitId(unitId: string): void {
  if (!isUnitId(unitId)) throw new DomainError('unit_not_registered', `No unit ${unitId}.`, { unitId });
}

/**
 * A new ballot id for a ballot of `unitId`: `b_<unit's random part>_<8 random base32>`. The unit is
 * encoded in the id, so `GET /ballots/:id` finds its case by `_id` lookups alone, with no index
 * collection to keep in step.
 */
export function newBallotId(unitId: string): string {
  const match = UNIT_ID.exec(unitId);
  if (match === null) throw new Error(`not a unit id: ${unitId}`);
  return `b_${match[1]}_${randomBase32(8)}`;
}

/** The unit (case) id a ballot id belongs to, or undefined when `ballotId` is not a ballot id. */
export function unitIdOfBallot(ballotId: string): string | undefined {
  const match = BALLOT_ID.exec(ballotId);
  return match === null ? undefined : `u_${match[1]}`;
}

/** A new place id (a district, sub-district or community): `pl_` and 16 random base32 characters. */
export function newPlaceId(): string {
  return `pl_${randomBase32(16)}`;
}

/** A new staff token's public id: `tok_` and 16 random base32 characters (not its secret). */
export function newTokenId(): string {
  return `tok_${randomBase32(16)}`;
}

/** A resident session's public id (`ses_…`): what its event and its sign-out name. */
export function newSessionId(): string {
  return `ses_${randomBase32(16)}`;
}

/** A new random request id (`r` and 24 base32 characters), for an input that came without one. */
export function newRequestId(): string {
  return `r${randomBase32(24)}`;
}
