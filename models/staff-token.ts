import { Schema, type Connection, type Model } from 'mongoose';
import type { Scope, StaffRole } from '../domain/platform/index.js';
import type { Actor } from './case-event.js';
import { defineModel, insertUnique } from './define.js';

/**
 * A per-person staff token (`staff_tokens`, `_id` = the SHA-256 of its secret, in hex): so signing in
 * is one `_id` lookup, and the secret itself is kept nowhere. A projection of the platform stream's
 * `TokenIssued` and `TokenRevoked` events, rebuildable from it.
 */
export interface StaffTokenDoc {
  _id: string;
  /** The token's public id (`tok_…`): what lists show and what revocation names. */
  tokenId: string;
  /** Whose token it is, as the issuer wrote it (personal data: shown to its managers, never logged). */
  name: string;
  role: StaffRole;
  scope: Scope;
  /** The community its scope lies in (a community's own id, a unit's community), when it lies in one. */
  communityId?: string;
  issuedAt: Date;
  issuedBy: Actor;
  expiresAt: Date;
  revokedAt?: Date;
  revokedBy?: Actor;
}

const actorSchema = {
  _id: false,
  kind: { type: String, required: true },
  id: { type: String, required: true },
};

const staffTokenSchema = new Schema<StaffTokenDoc>(
  {
    _id: { type: String, required: true },
    tokenId: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    scope: { _id: false, kind: { type: String, required: true }, id: { type: String, required: true } },
    communityId: { type: String },
    issuedAt: { type: Date, required: true },
    issuedBy: actorSchema,
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedBy: { type: actorSchema, required: false },
  },
  { collection: 'staff_tokens', versionKey: false },
);
staffTokenSchema.index({ tokenId: 1 }, { unique: true });
// The order tokens are listed in, page by page, all of them or one community's (`readTokensPage`).
staffTokenSchema.index({ issuedAt: 1, tokenId: 1 });
staffTokenSchema.index({ communityId: 1, issuedAt: 1, tokenId: 1 });

export type StaffTokenModel = Model<StaffTokenDoc>;

/** Binds the `staff_tokens` model to a connection. */
export function staffTokenModel(connection: Connection): StaffTokenModel {
  return defineModel(connection, 'StaffToken', staffTokenSchema);
}

/** The token whose secret hashes to `hash`, or null. One `_id` lookup (the sign-in of every request). */
export async function readTokenByHash(tokens: StaffTokenModel, hash: string): Promise<StaffTokenDoc | null> {
  return (await tokens.collection.findOne({ _id: hash } as never)) as StaffTokenDoc | null;
}

/** The token `tokenId`, or null (revocation; a small collection, read by its `tokenId` index). */
export async function readTokenById(tokens: StaffTokenModel, tokenId: string): Promise<StaffTokenDoc | null> {
  return (await tokens.collection.findOne({ tokenId } as never)) as StaffTokenDoc | null;
}

/** Stores a newly issued token (again: nothing changes, it is stored already). */
export async function insertToken(tokens: StaffTokenModel, doc: StaffTokenDoc): Promise<void> {
  await insertUnique(tokens.collection, doc);
}

/** Marks the token revoked (by `_id`); a token revoked already keeps its first revocation. */
export async function markTokenRevoked(
  tokens: StaffTokenModel,
  hash: string,
  revokedAt: Date,
  revokedBy: Actor,
): Promise<void> {
  await tokens.collection.updateOne({ _id: hash, revokedAt: { $exists: false } } as never, {
    $set: { revokedAt, revokedBy },
  });
}

/** Where a page of tokens resumes: after the token issued at `issuedAt` with id `tokenId`. */
export interface TokenKey {
  readonly issuedAt: Date;
  readonly tokenId: string;
}

/**
 * Up to `limit` tokens of one community, or of all (`communityId` undefined), issued after `after`,
 * oldest first (then by id): a range on the indexed `(communityId, issuedAt, tokenId)`, never a skip.
 */
export async function readTokensPage(
  tokens: StaffTokenModel,
  communityId: string | undefined,
  after: TokenKey | undefined,
  limit: number,
): Promise<StaffTokenDoc[]> {
  const filter = {
    ...(communityId === undefined ? {} : { communityId }),
    ...(after === undefined
      ? {}
      : {
          $or: [
            { issuedAt: { $gt: after.issuedAt } },
            { issuedAt: after.issuedAt, tokenId: { $gt: after.tokenId } },
          ],
        }),
  };
  return (await tokens.collection
    .find(filter as never)
    .sort({ issuedAt: 1, tokenId: 1 })
    .limit(limit)
    .toArray()) as unknown as StaffTokenDoc[];
}
