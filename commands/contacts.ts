/**
 * The `contacts` projection: for each chat contact, the flats it is bound to and the roles it holds,
 * across units — what the bot needs to answer a message from one `_id` lookup. Kept by an
 * after-append hook from each case's state, and rebuilt from every case by `npm run views:rebuild`;
 * both write the same document: units in id order, each unit's flats and roles in the order its case
 * recorded them.
 */
import type { CaseState } from '../domain/case/index.js';
import {
  readContact,
  saveContact,
  type ContactDoc,
  type ContactFlat,
  type ContactUnitRole,
} from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { AfterAppend, CommandContext } from './kernel/context.js';

/** A contact's flats and roles in one unit. */
interface UnitEntries {
  readonly flats: readonly ContactFlat[];
  readonly roles: readonly ContactUnitRole[];
}

/** What the unit's state binds `contactId` to, and the roles it gives them. */
function entriesIn(state: CaseState, unitId: string, contactId: string): UnitEntries {
  return {
    flats: state.households
      .filter((binding) => binding.contactId === contactId)
      .map((binding) => ({ unitId, room: binding.room, role: binding.role })),
    roles: state.contactRoles
      .filter((record) => record.contactId === contactId)
      .map((record) => ({ unitId, role: record.role })),
  };
}

/** Every contact the state names, in a binding or a role. */
function contactsOf(state: CaseState): Set<string> {
  return new Set([
    ...state.households.map((binding) => binding.contactId),
    ...state.contactRoles.map((record) => record.contactId),
  ]);
}

const byUnit = <T extends { unitId: string }>(entries: readonly T[]): T[] =>
  [...entries].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));

/** The contact document with its entries for `unitId` replaced by `entries`; null when none are left. */
export function withUnit(
  contactId: string,
  stored: ContactDoc | null,
  unitId: string,
  entries: UnitEntries,
): ContactDoc | null {
  const flats = byUnit([...(stored?.flats ?? []).filter((f) => f.unitId !== unitId), ...entries.flats]);
  const roles = byUnit([...(stored?.roles ?? []).filter((r) => r.unitId !== unitId), ...entries.roles]);
  if (flats.length === 0 && roles.length === 0) return null;
  return { _id: contactId, flats, ...(roles.length === 0 ? {} : { roles }) };
}

async function write(ctx: CommandContext, contactId: string, doc: ContactDoc | null): Promise<void> {
  if (doc === null) await ctx.models.contacts.deleteOne({ _id: contactId }).exec();
  else await saveContact(ctx.models.contacts, doc);
}

/**
 * The after-append hook: each contact whose flats or roles in this unit changed gets its document
 * rewritten (a vote changes neither, so it costs nothing).
 */
export const contactsAfterAppend: AfterAppend = {
  name: 'contacts',
  async run(ctx, unitId, { before, state }) {
    for (const contactId of new Set([...contactsOf(before), ...contactsOf(state)])) {
      const was = entriesIn(before, unitId, contactId);
      const now = entriesIn(state, unitId, contactId);
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      const stored = await readContact(ctx.models.contacts, contactId);
      await write(ctx, contactId, withUnit(contactId, stored, unitId, now));
    }
  },
  /** Rewrites this unit's part of every contact the case binds or names (bindings are never undone). */
  async repair(ctx, unitId) {
    const { state } = await loadCase(ctx, unitId);
    for (const contactId of contactsOf(state)) {
      const stored = await readContact(ctx.models.contacts, contactId);
      await write(ctx, contactId, withUnit(contactId, stored, unitId, entriesIn(state, unitId, contactId)));
    }
  },
};

/**
 * Adds one unit's bindings and roles to `docs`, the `contacts` collection being rebuilt from every
 * case (`views.ts`); each document comes out as the hook would have written it.
 */
export function addUnitContacts(docs: Map<string, ContactDoc>, unitId: string, state: CaseState): void {
  for (const contactId of contactsOf(state)) {
    const doc = withUnit(contactId, docs.get(contactId) ?? null, unitId, entriesIn(state, unitId, contactId));
    if (doc !== null) docs.set(contactId, doc);
  }
}
