import { Schema, type Connection, type Model } from 'mongoose';
import { defineModel } from '../../models/define.js';

/**
 * One line of the demo's chat transcript (`demo_messages`, `_id = seq`): what a demo person said in
 * the unit group or privately to the bot, and everything the bot said back, in the order Wechaty
 * reported it. It feeds the `/demo/` page (`GET /demo/api/messages?after=<seq>`). The `_id` is the
 * sequence number itself: taking a number is a unique insert (the portable subset has no atomic
 * counter), and `after=<seq>` is a range on `_id`. Demo data only — the people are fictional — so
 * the text is kept as said; it is never logged.
 */
export interface DemoMessageDoc {
  /** 1, 2, 3… in the order the messages were seen. */
  _id: number;
  /** The Wechaty message id (for tracing a line back to the bot's inbox or outbox). */
  messageId: string;
  /** A demo person's contact id, or `bot`. */
  from: string;
  /** `group`, `bot` (a person speaking privately to the bot), or the contact the bot answered privately. */
  to: string;
  text: string;
  at: Date;
}

const demoMessageSchema = new Schema<DemoMessageDoc>(
  {
    _id: { type: Number, required: true },
    messageId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'demo_messages', versionKey: false },
);

/** The `demo_messages` collection model. */
export type DemoMessageModel = Model<DemoMessageDoc>;

/** Binds the `demo_messages` model to a connection. */
export function demoMessageModel(connection: Connection): DemoMessageModel {
  return defineModel(connection, 'DemoMessage', demoMessageSchema);
}

/** The transcript after `seq`, oldest first, at most `limit` lines. */
export async function readDemoMessages(
  model: DemoMessageModel,
  after: number,
  limit: number,
): Promise<DemoMessageDoc[]> {
  return model
    .find({ _id: { $gt: after } })
    .sort({ _id: 1 })
    .limit(limit)
    .lean<DemoMessageDoc[]>()
    .exec();
}

/**
 * Appends a line under the next free seq: reads the last seq, inserts `last + 1`, and on a duplicate
 * key (another writer took it) reads again. Returns the seq taken.
 */
export async function appendDemoMessage(
  model: DemoMessageModel,
  line: Omit<DemoMessageDoc, '_id'>,
): Promise<number> {
  for (;;) {
    const [last] = await model
      .find({}, { _id: 1 })
      .sort({ _id: -1 })
      .limit(1)
      .lean<{ _id: number }[]>()
      .exec();
    const seq = (last?._id ?? 0) + 1;
    try {
      await model.create({ _id: seq, ...line });
      return seq;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
}
