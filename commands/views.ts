/**
 * Rebuilds every projection from the case streams alone (`npm run views:rebuild`): each case's view
 * (`case_views`), each unit's listing (`unit_list`) and the `contacts` collection. A document the rebuild reproduces is left as stored,
 * byte for byte; one that differs is rewritten and counted, so the report says how far the live
 * projections had drifted (zero when they had not).
 */
import { canonicalJson } from '../lib/hash.js';
import { listingOf, replaceUnitListing } from '../models/unit-list.js';
import { readCaseView } from '../models/case-view.js';
import type { ContactDoc } from '../models/contact.js';
import { saveContact } from '../models/contact.js';
import { addUnitContacts } from './contacts.js';
import { projectCaseView } from './kernel/case-view.js';
import type { CommandContext } from './kernel/context.js';

/** What a rebuild found and did. */
export interface RebuildReport {
  readonly cases: number;
  /** Case views rewritten: missing, lagging or different from the stream's fold. */
  readonly viewsRewritten: number;
  /** Unit listings rewritten: missing, lagging or different from the stream's fold. */
  readonly listingsRewritten: number;
  readonly contacts: number;
  /** Contact documents written (missing or different) and deleted (naming no binding or role). */
  readonly contactsRewritten: number;
  readonly contactsDeleted: number;
}

/** Rebuilds every case view, every unit listing and the `contacts` collection from the streams. */
export async function rebuildViews(ctx: CommandContext): Promise<RebuildReport> {
  let cases = 0;
  let viewsRewritten = 0;
  let listingsRewritten = 0;
  const contacts = new Map<string, ContactDoc>();
  for await (const caseId of ctx.streams.allCaseIds()) {
    cases++;
    ctx.cases.forget(caseId);
    const { state, head } = await ctx.cases.load(caseId);
    const stored = await readCaseView(ctx.models.caseViews, caseId);
    const same =
      stored !== null &&
      stored.seq === head.seq &&
      stored.hash === head.hash &&
      stored.stage === state.stage &&
      canonicalJson(stored.state) === canonicalJson(state);
    if (!same) {
      await projectCaseView(ctx.models.caseViews, ctx.log, caseId, state, head, ctx.clock.now());
      viewsRewritten++;
    }
    const listing = listingOf(caseId, head.seq, state);
    if (listing !== null && (await replaceUnitListing(ctx.models.unitListings, listing))) listingsRewritten++;
    addUnitContacts(contacts, caseId, state);
  }

  let contactsRewritten = 0;
  for (const doc of contacts.values()) {
    const stored = await ctx.models.contacts.findById(doc._id).lean<ContactDoc>().exec();
    if (stored !== null && canonicalJson(stored) === canonicalJson(doc)) continue;
    await saveContact(ctx.models.contacts, doc);
    contactsRewritten++;
  }
  let contactsDeleted = 0;
  for await (const stored of ctx.models.contacts.find({}, { _id: 1 }).lean<{ _id: string }[]>().cursor()) {
    if (contacts.has(stored._id)) continue;
    await ctx.models.contacts.deleteOne({ _id: stored._id }).exec();
    contactsDeleted++;
  }
  return {
    cases,
    viewsRewritten,
    listingsRewritten,
    contacts: contacts.size,
    contactsRewritten,
    contactsDeleted,
  };
}
