/**
 * Reminders in the mini-program (subscription messages): a resident allows them there, and the
 * reminder rounds send them there. WeChat lets one message through per tap on 允许 in
 * `wx.requestSubscribeMessage`, so each tap is recorded (`RemindersAllowed` on the platform stream,
 * projected into `reminder_allowances`) and each reminder sent spends one (`reminder_uses`).
 */
import { MAX_ALLOWED_REMINDERS, REMINDER_KINDS, type ReminderKind } from '../domain/platform/index.js';
import { allowanceOf, spendAllowance } from '../models/reminder-allowance.js';
import { enqueueMessage, type OutboxTemplate } from '../models/outbox.js';
import type { CommandContext } from './kernel/context.js';
import { runPlatformCommand } from './kernel/run-platform.js';

/** What `wx.requestSubscribeMessage` answers per template id: `accept`, `reject`, `ban` or `filter`. */
export type SubscribeResults = Readonly<Record<string, string>>;

/** A resident's reminders of one kind: whether the mini-program offers it, and how many may still come. */
export interface ReminderStanding {
  readonly kind: ReminderKind;
  /** The template to ask for in `wx.requestSubscribeMessage` (absent: this reminder is off here). */
  readonly templateId?: string;
  /** Reminders still allowed (one per tap on 允许, less those sent). */
  readonly remaining: number;
}

/** The mini-program's WeChat user behind a contact: `mp:<openid>` → the openid; others have none. */
export function openidOf(contactId: string): string | null {
  return contactId.startsWith('mp:') && contactId.length > 3 ? contactId.slice(3) : null;
}

/** Where each kind of reminder stands for `contactId`. */
export async function remindersOf(ctx: CommandContext, contactId: string): Promise<ReminderStanding[]> {
  const standings: ReminderStanding[] = [];
  for (const kind of REMINDER_KINDS) {
    const templateId = ctx.settings.reminderTemplates[kind];
    const { unspent } = await allowanceOf(ctx.models, contactId, kind);
    standings.push({ kind, ...(templateId === undefined ? {} : { templateId }), remaining: unspent.length });
  }
  return standings;
}

/**
 * Records what the resident allowed in `wx.requestSubscribeMessage`: each template answered `accept`
 * allows one more reminder of its kind (up to {@link MAX_ALLOWED_REMINDERS} unspent). Templates this
 * deployment does not use, and every other answer, change nothing. Appends one event when something
 * was allowed, none otherwise.
 */
export async function allowReminders(
  ctx: CommandContext,
  contactId: string,
  results: SubscribeResults,
  now: Date,
): Promise<ReminderStanding[]> {
  const kinds: ReminderKind[] = [];
  for (const kind of REMINDER_KINDS) {
    const templateId = ctx.settings.reminderTemplates[kind];
    if (templateId === undefined || results[templateId] !== 'accept') continue;
    const { unspent } = await allowanceOf(ctx.models, contactId, kind);
    if (unspent.length < MAX_ALLOWED_REMINDERS) kinds.push(kind);
  }
  if (kinds.length > 0 && openidOf(contactId) !== null) {
    await runPlatformCommand(
      ctx,
      { type: 'AllowReminders', data: { contactId, kinds } },
      { actor: { kind: 'resident', id: contactId }, channel: 'miniprogram', now },
    );
  }
  return remindersOf(ctx, contactId);
}

/**
 * Queues one reminder to a mini-program resident, under the outbox id `outboxId` (the same id their
 * reminder in chat would have: one reminder per person per round, whichever way it goes): `queued`
 * when it was allowed and queued, `duplicate` when this round already reached them, `not_allowed`
 * when they have not allowed (or have used up) this kind, or it is off here.
 */
export async function queueSubscriberReminder(
  ctx: CommandContext,
  input: {
    readonly contactId: string;
    readonly kind: ReminderKind;
    readonly outboxId: string;
    readonly groupKey: string | null;
    /** What it says, in words (the outbox's text; WeChat shows the template's fields). */
    readonly text: string;
    readonly page: string;
    readonly data: OutboxTemplate['data'];
    readonly expiresAt?: Date;
  },
  now: Date,
): Promise<'queued' | 'duplicate' | 'not_allowed'> {
  const openid = openidOf(input.contactId);
  const templateId = ctx.settings.reminderTemplates[input.kind];
  if (openid === null || templateId === undefined) return 'not_allowed';
  if ((await ctx.models.outbox.collection.findOne({ _id: input.outboxId } as never)) !== null)
    return 'duplicate';
  const spent = await spendAllowance(ctx.models, {
    contactId: input.contactId,
    kind: input.kind,
    outboxId: input.outboxId,
    at: now,
  });
  if (!spent) return 'not_allowed';
  return enqueueMessage(ctx.models.outbox, {
    _id: input.outboxId,
    to: { kind: 'subscriber', id: openid },
    groupKey: input.groupKey,
    text: input.text,
    subscribe: { templateId, page: input.page, data: { ...input.data } },
    priority: 'notice',
    createdAt: now,
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
  });
}
