import { Schema, type Connection, type Model } from 'mongoose';
import type { ReminderKind } from '../domain/platform/index.js';
import { defineModel, insertUnique } from './define.js';
import { findByIds } from './slots.js';

/**
 * The reminders a resident allowed in the mini-program, by kind (`reminder_allowances`, `_id` =
 * `<contactId>|<kind>`): the platform-stream seq of each `RemindersAllowed` naming that kind — a
 * projection of the stream, rebuildable from it (adding a seq twice changes nothing). WeChat lets one
 * subscription message through per tap on 允许, so each seq allows one reminder.
 */
export interface ReminderAllowanceDoc {
  _id: string;
  contactId: string;
  kind: ReminderKind;
  /** The seq of each `RemindersAllowed` event, oldest first. */
  allowed: number[];
  lastAllowedAt: Date;
}

/**
 * One allowance spent (`reminder_uses`, `_id` = `<contactId>|<kind>|<seq>`): inserted uniquely, so
 * two processes queueing the same person's reminders never spend one tap twice. Like the outbox, it
 * records what was sent, not what was decided; it names the outbox message it went to.
 */
export interface ReminderUseDoc {
  _id: string;
  outboxId: string;
  usedAt: Date;
}

const allowanceSchema = new Schema<ReminderAllowanceDoc>(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    kind: { type: String, required: true },
    allowed: { type: [Number], required: true },
    lastAllowedAt: { type: Date, required: true },
  },
  { collection: 'reminder_allowances', versionKey: false },
);

const useSchema = new Schema<ReminderUseDoc>(
  {
    _id: { type: String, required: true },
    outboxId: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { collection: 'reminder_uses', versionKey: false },
);

export type ReminderAllowanceModel = Model<ReminderAllowanceDoc>;
export type ReminderUseModel = Model<ReminderUseDoc>;

export function reminderAllowanceModel(connection: Connection): ReminderAllowanceModel {
  return defineModel(connection, 'ReminderAllowance', allowanceSchema);
}

export function reminderUseModel(connection: Connection): ReminderUseModel {
  return defineModel(connection, 'ReminderUse', useSchema);
}

const allowanceId = (contactId: string, kind: ReminderKind) => `${contactId}|${kind}`;

/** Projects one `RemindersAllowed` (event `seq`) for `kind`: idempotent. */
export async function recordAllowance(
  allowances: ReminderAllowanceModel,
  input: { contactId: string; kind: ReminderKind; seq: number; at: Date },
): Promise<void> {
  await allowances.collection.updateOne(
    { _id: allowanceId(input.contactId, input.kind) } as never,
    {
      $setOnInsert: { contactId: input.contactId, kind: input.kind },
      $addToSet: { allowed: input.seq },
      $max: { lastAllowedAt: input.at },
    } as never,
    { upsert: true },
  );
}

/** What a resident allowed of `kind`: how many taps on 允许, and how many are still unspent. */
export async function allowanceOf(
  models: { reminderAllowances: ReminderAllowanceModel; reminderUses: ReminderUseModel },
  contactId: string,
  kind: ReminderKind,
): Promise<{ allowed: number; unspent: number[] }> {
  const doc = (await models.reminderAllowances.collection.findOne({
    _id: allowanceId(contactId, kind),
  } as never)) as ReminderAllowanceDoc | null;
  const seqs = [...(doc?.allowed ?? [])].sort((a, b) => a - b);
  const uses = await findByIds<ReminderUseDoc>(
    models.reminderUses.collection,
    seqs.map((seq) => `${allowanceId(contactId, kind)}|${seq}`),
  );
  return { allowed: seqs.length, unspent: seqs.filter((_, i) => uses[i] === null) };
}

/**
 * Spends one unspent allowance of `kind` on outbox message `outboxId`: true when one was spent (a
 * reminder may go), false when none is left. Safe under concurrency: a spend is a unique insert.
 */
export async function spendAllowance(
  models: { reminderAllowances: ReminderAllowanceModel; reminderUses: ReminderUseModel },
  input: { contactId: string; kind: ReminderKind; outboxId: string; at: Date },
): Promise<boolean> {
  const { unspent } = await allowanceOf(models, input.contactId, input.kind);
  for (const seq of unspent) {
    const won = await insertUnique(models.reminderUses.collection, {
      _id: `${allowanceId(input.contactId, input.kind)}|${seq}`,
      outboxId: input.outboxId,
      usedAt: input.at,
    });
    if (won) return true;
  }
  return false;
}
