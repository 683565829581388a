import type { ContactRole } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { readContact } from '../models/contact.js';
import type { CommandContext, ContactDirectory } from './kernel/context.js';
import { readUnit } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

export interface RecordContactRoleInput {
  readonly unitId: string;
  readonly contactId: string;
  readonly role: ContactRole;
}

/**
 * Whether `contactId` names someone the system knows, cheapest source first:
 * 1. the `contacts` projection (one `_id` read): bound to a flat or recorded with a role in some unit —
 *    the system already vouched for them;
 * 2. the bot's WeChat account (`directory`, when a bot runs): a group member or a friend it can find,
 *    so someone who has not spoken yet can be recorded;
 * 3. the inbox: the bot heard a message from them (a filter on `talkerId`, a scan on the embedded
 *    database; reached only for an id the first two do not know, on this rare committee step).
 * Anything else is a typo or an invented id: the bot could never reach it.
 */
export async function knowsContact(
  ctx: CommandContext,
  contactId: string,
  directory: ContactDirectory | undefined = ctx.directory,
): Promise<boolean> {
  if ((await readContact(ctx.models.contacts, contactId)) !== null) return true;
  if ((await directory?.knows(contactId)) === true) return true;
  return (await ctx.models.inbox.exists({ talkerId: contactId }).exec()) !== null;
}

/**
 * Records a committee member's or the applicant representative's chat contact:
 * `RecordContactRole` → `ContactRoleRecorded` (idempotent: the same role again appends nothing), and
 * the `contacts` projection learns `{ unitId, role }` so the bot knows who may `提醒`. Refused with
 * `unknown_contact` for an id no one knows ({@link knowsContact}), after the unit is found
 * (`unit_not_registered`). `options.directory` replaces the context's (the demo's own people).
 */
export async function recordContactRole(
  ctx: CommandContext,
  input: RecordContactRoleInput,
  meta: CommandMeta,
  options: { readonly directory?: ContactDirectory } = {},
): Promise<{ readonly recorded: boolean }> {
  await readUnit(ctx, input.unitId);
  if (!(await knowsContact(ctx, input.contactId, options.directory ?? ctx.directory))) {
    throw new DomainError('unknown_contact', `No one knows the contact ${input.contactId}.`, {
      contactId: input.contactId,
    });
  }
  const { events } = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'RecordContactRole', data: { contactId: input.contactId, role: input.role } },
    meta,
  );
  return { recorded: events.length > 0 };
}
