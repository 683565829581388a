import { Schema, type Connection, type Model } from 'mongoose';
import type { SignInMethod } from '../domain/platform/index.js';
import { defineModel, insertUnique } from './define.js';

/**
 * A resident's session (`resident_sessions`, `_id` = the SHA-256 of its secret, in hex): signing in a
 * request is one `_id` lookup, and the secret is kept nowhere. A projection of the platform stream's
 * `SessionIssued` and `SessionRevoked` events, rebuildable from it. The flats a session reaches are not
 * kept here: they are the contact's bindings (`contacts`), read afresh on every request.
 */
export interface ResidentSessionDoc {
  _id: string;
  sessionId: string;
  /** The contact it signs in: `mp:<openid>` (WeChat) or `dev:…` (the development exchange). */
  contactId: string;
  method: SignInMethod;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
}

const residentSessionSchema = new Schema<ResidentSessionDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    contactId: { type: String, required: true },
    method: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'resident_sessions', versionKey: false },
);

export type ResidentSessionModel = Model<ResidentSessionDoc>;

/** Binds the `resident_sessions` model to a connection. */
export function residentSessionModel(connection: Connection): ResidentSessionModel {
  return defineModel(connection, 'ResidentSession', residentSessionSchema);
}

/** The session whose secret hashes to `hash`, or null (one `_id` lookup). */
export async function readSessionByHash(
  sessions: ResidentSessionModel,
  hash: string,
): Promise<ResidentSessionDoc | null> {
  return (await sessions.collection.findOne({ _id: hash } as never)) as ResidentSessionDoc | null;
}

/** Stores a newly issued session (again: nothing changes). */
export async function insertSession(sessions: ResidentSessionModel, doc: ResidentSessionDoc): Promise<void> {
  await insertUnique(sessions.collection, doc);
}

/** Marks the session revoked; a session revoked already keeps its first revocation. */
export async function markSessionRevoked(
  sessions: ResidentSessionModel,
  hash: string,
  revokedAt: Date,
): Promise<void> {
  await sessions.collection.updateOne({ _id: hash, revokedAt: { $exists: false } } as never, {
    $set: { revokedAt },
  });
}
