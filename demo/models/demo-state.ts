import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from '../../models/define.js';

/** The `_id` of the one demo-state document. */
export const DEMO_STATE_ID = 'demo';

/** What a demo person does in the unit (until a later issue adds real roles); a tenant owns no flat. */
export const DEMO_ROLES = ['owner', 'applicant_representative', 'committee_member', 'tenant'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/**
 * One person of the demo estate. `key` is stable across restarts (`owner-502-2`, `committee-1`);
 * `contactId` is the person's mock puppet contact (the mock world lives in memory and is rebuilt on
 * every start, with the same ids: `demo/wechat.ts`); absent when the bot is off. The name is fictional but still treated as personal data: never logged.
 */
export interface DemoPerson {
  key: string;
  roles: DemoRole[];
  name: string;
  /** The flat an owner owns (absent for the committee member). */
  room?: string;
  contactId?: string;
}

/**
 * The demo roster (`demo_state`, one document keyed by `_id: 'demo'`): which unit the demo seeded,
 * its elevator ballot, and who is who in the mock WeChat group of the running process. It lets a
 * restart reuse the seeded unit instead of registering a second one. Not part of any case: the case
 * stream holds the unit itself; this only points at it.
 */
export interface DemoStateDoc {
  _id: string;
  unitId: string;
  ballotId?: string;
  people: DemoPerson[];
  /** The mock unit group (room) of the running process and the bot's own contact in it. */
  groupId?: string;
  botContactId?: string;
  seededAt: Date;
  /** When the process that wrote `people`, `groupId` and `botContactId` started seeding. */
  startedAt: Date;
}

const demoPersonSchema = new Schema<DemoPerson>(
  {
    key: { type: String, required: true },
    roles: { type: [String], enum: DEMO_ROLES, default: [] },
    name: { type: String, required: true },
    room: { type: String },
    contactId: { type: String },
  },
  { _id: false },
);

const demoStateSchema = new Schema<DemoStateDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    ballotId: { type: String },
    people: { type: [demoPersonSchema], default: [] },
    groupId: { type: String },
    botContactId: { type: String },
    seededAt: { type: Date, required: true },
    startedAt: { type: Date, required: true },
  },
  { collection: 'demo_state', versionKey: false },
);

/** The `demo_state` collection model. */
export type DemoStateModel = Model<DemoStateDoc>;

/** Binds the `demo_state` model to a connection. */
export function demoStateModel(connection: Connection): DemoStateModel {
  return defineModel(connection, 'DemoState', demoStateSchema);
}

/** The demo roster, or null before the demo was first seeded. One `_id` lookup. */
export async function readDemoState(model: DemoStateModel): Promise<DemoStateDoc | null> {
  return model.findById(DEMO_STATE_ID).lean<DemoStateDoc>().exec();
}

/**
 * Writes the demo roster as a whole: an `_id`-keyed replace with upsert (portable subset: no
 * transactions, no positional updates), so nothing of an earlier start lingers.
 */
export async function saveDemoState(model: DemoStateModel, doc: Omit<DemoStateDoc, '_id'>): Promise<void> {
  await model.replaceOne({ _id: DEMO_STATE_ID }, doc, { upsert: true }).exec();
}
