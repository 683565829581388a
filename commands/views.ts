/**
 * Rebuilds every projection from the case streams alone (`npm run views:rebuild`): each case's view
 * (`case_views`), each unit's listing (`unit_list`), each case's `stage_changes` and the `contacts`
 * collection. A document the rebuild reproduces is left as stored,
 * byte for byte; one that differs is rewritten and counted, so the report says how far the live
 * projections had drifted (zero when they had not).
 */
import { canonicalJson } from '../lib/hash.js';
import { readCaseView } from '../models/case-view.js';
import type { ContactDoc } from '../models/contact.js';
import { saveContact } from '../models/contact.js';
import { addUnitContacts } from './contacts.js';
import { projectCaseView, syncUnitListing } from './kernel/case-view.js';
import type { CommandContext } from './kernel/context.js';
import { rebuildStageChanges } from './stage-changes.js';

/** What a rebuild found and did. */
export interface RebuildReport {
  readonly cases: number;
  /** Case views rewritten: missing, lagging or different from the stream's fold. */
  readonly viewsRewritten: number;
  /** Unit listings rewritten: missing, lagging or different from the stream's fold. */
  readonly listingsRewritten: number;
  /** Stage changes that were missing from `stage_changes`. */
  readonly stageChangesAdded: number;
  readonly contacts: number;
  /** Contact documents written (missing or different) and deleted (naming no binding or role). */
  readonly contactsRewritten: number;
  readonly contactsDeleted: number;
}

/**
 * Rebuilds every case view, every unit listing, every case's stage changes and the `contacts`
 * collection from the streams.
 */
export async function rebuildViews(ctx: CommandContext): Promise<RebuildReport> {
  let cases = 0;
  let viewsRewritten = 0;
  let listingsRewritten = 0;
  let stageChangesAdded = 0;
  const contacts = new Map<string, ContactDoc>();
  for await (const caseId of ctx.streams.allCaseIds()) {
    cases++;
    ctx.cases.forget(caseId);
    const loaded = await ctx.cases.load(caseId);
    const { state } = loaded;
    let { head } = loaded;
    // A view stored before views recorded their head's time: read it off the event.
    if (head.at === undefined && head.seq > 0) {
      const at = (await ctx.streams.eventTimes([{ caseId, seq: head.seq }])).get(caseId);
      if (at !== undefined) head = { ...head, at };
    }
    // The listing first: a view rewritten below writes it again, the same.
    if (await syncUnitListing(ctx, caseId, state, head)) listingsRewritten++;
    const stored = await readCaseView(ctx.models.caseViews, caseId);
    const same =
      stored !== null &&
      stored.seq === head.seq &&
      stored.hash === head.hash &&
      (stored.headAt === undefined ? undefined : new Date(stored.headAt).getTime()) === head.at?.getTime() &&
      stored.stage === state.stage &&
      canonicalJson(stored.state) === canonicalJson(state);
    if (!same) {
      // Replaced whole: a view of the same seq that differs is not overwritten by a projection.
      await ctx.models.caseViews.collection.deleteOne({ _id: caseId } as never);
      await projectCaseView(ctx, caseId, state, head, ctx.clock.now());
      viewsRewritten++;
    }
    stageChangesAdded += (await rebuildStageChanges(ctx, caseId)).added;
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
    stageChangesAdded,
    contacts: contacts.size,
    contactsRewritten,
    contactsDeleted,
  };
}
