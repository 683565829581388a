import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel, isDuplicateKey } from './define.js';

/** Why a code stopped working before it was used. */
export type BindingCodeRevocation = 'reissued' | 'revoked' | 'said_in_group';

/**
 * One household binding code (`binding_codes`, `_id = code`), handed door to door on a paper slip:
 * looked up by `_id` alone. The codes are secrets: they never enter the case stream or the logs. A code
 * binds one person, once (`usedAt`, `usedBy`), until it expires (`expiresAt`); re-issuing a unit's or a
 * room's codes, revoking one, or saying one in the open group sets `revokedAt` and why.
 */
export interface BindingCodeDoc {
  _id: string;
  unitId: string;
  room: string;
  issuedAt: Date;
  /** Absent on codes issued before codes expired: they expire by the default period after issue. */
  expiresAt?: Date;
  revokedAt?: Date;
  revokedReason?: BindingCodeRevocation;
  usedAt?: Date;
  /** The contact the code bound. */
  usedBy?: string;
}

const bindingCodeSchema = new Schema<BindingCodeDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    room: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    revokedReason: { type: String },
    usedAt: { type: Date },
    usedBy: { type: String },
  },
  { collection: 'binding_codes', versionKey: false },
);

export type BindingCodeModel = Model<BindingCodeDoc>;

/** Binds the `binding_codes` model to a connection. */
export function bindingCodeModel(connection: Connection): BindingCodeModel {
  return defineModel(connection, 'BindingCode', bindingCodeSchema);
}

/** The code's document, or null when no code has this `_id`. */
export function readBindingCode(model: BindingCodeModel, code: string): Promise<BindingCodeDoc | null> {
  return model.findById(code).lean<BindingCodeDoc>().exec();
}

/**
 * The use of a household code (`binding_code_uses`, `_id = code`): the claim that makes a slip bind one
 * person. Inserting it is the claim (a duplicate key means someone used the slip first); a conditional
 * update of `binding_codes` would not be atomic on FerretDB v1 (README "Database compatibility").
 */
export interface BindingCodeUseDoc {
  _id: string;
  contactId: string;
  usedAt: Date;
}

const bindingCodeUseSchema = new Schema<BindingCodeUseDoc>(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { collection: 'binding_code_uses', versionKey: false },
);

export type BindingCodeUseModel = Model<BindingCodeUseDoc>;

/** Binds the `binding_code_uses` model to a connection. */
export function bindingCodeUseModel(connection: Connection): BindingCodeUseModel {
  return defineModel(connection, 'BindingCodeUse', bindingCodeUseSchema);
}

/**
 * Claims the slip for `contactId`: the first claim wins, so two people sending one slip at the same
 * moment cannot both be bound by it. Returns who holds it — this contact, or whoever claimed it first —
 * and, on a win, notes the use on the code itself for reading.
 */
export async function useBindingCode(
  models: { readonly bindingCodes: BindingCodeModel; readonly bindingCodeUses: BindingCodeUseModel },
  code: string,
  input: { readonly contactId: string; readonly at: Date },
): Promise<string> {
  try {
    await models.bindingCodeUses.create({ _id: code, contactId: input.contactId, usedAt: input.at });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await models.bindingCodeUses.findById(code).lean<BindingCodeUseDoc>().exec();
    return first?.contactId ?? input.contactId;
  }
  await models.bindingCodes.collection.updateOne({ _id: code } as never, {
    $set: { usedAt: input.at, usedBy: input.contactId },
  });
  return input.contactId;
}

/** Revokes one code (unless already revoked), saying why. True when this call revoked it. */
export async function revokeOneBindingCode(
  model: BindingCodeModel,
  code: string,
  input: { readonly reason: BindingCodeRevocation; readonly at: Date },
): Promise<boolean> {
  const result = await model.collection.updateOne({ _id: code, revokedAt: { $exists: false } } as never, {
    $set: { revokedAt: input.at, revokedReason: input.reason },
  });
  return result.modifiedCount === 1;
}
