import { Schema, type Connection, type Model } from 'mongoose';
import type { ActorKind } from '../domain/case/index.js';
import { defineModel } from './define.js';

/** Through which channel a change reached Jiati (stored on every event). */
export const CHANNELS = [
  'api',
  'wechat',
  'miniprogram',
  'paper',
  'proxy',
  'in_person',
  'job',
  'system',
] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Who made a change: the platform administrator, a staff member signed in with their own token (by
 * role, and the token's id), a resident's contact, a job…
 */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

/** One event of a case stream, as stored. `_id` is `<caseId>:<seq>`; seq starts at 1. */
export interface CaseEventDoc {
  _id: string;
  caseId: string;
  seq: number;
  type: string;
  data: unknown;
  actor: Actor;
  channel: Channel;
  at: Date;
  prevHash: string;
  hash: string;
}

const caseEventSchema = new Schema<CaseEventDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    actor: {
      _id: false,
      kind: { type: String, required: true },
      id: { type: String, required: true },
    },
    channel: { type: String, required: true, enum: CHANNELS },
    at: { type: Date, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'case_events', versionKey: false, minimize: false },
);
// The unique pair is what serialises appenders: two writers of the same seq → one gets 11000.
caseEventSchema.index({ caseId: 1, seq: 1 }, { unique: true });

export type CaseEventModel = Model<CaseEventDoc>;

export function caseEventModel(connection: Connection): CaseEventModel {
  return defineModel(connection, 'CaseEvent', caseEventSchema);
}
