import { Schema, type Collection, type Connection, type Model } from 'mongoose';
import { shanghaiDayOf, type HolidayTable } from '../domain/calendar/index.js';
import type { CaseState } from '../domain/case/index.js';
import type { UnitAddress } from '../domain/case/unit/commands.js';
import { boardEntryOf, type BoardEntry } from '../domain/dashboard/index.js';
import { canonicalJson } from '../lib/hash.js';
import type { CaseRegistryDoc, StreamHead } from './case-stream.js';
import { readCaseView, viewHead, type CaseViewModel } from './case-view.js';
import { defineModel, insertUnique, isDuplicateKey } from './define.js';

/**
 * One registered unit as lists show it (`unit_list`, `_id` = the unit id): its name and address, its
 * community, its stage and when it was registered; and for the dashboards, the day of its last event
 * and its line on its community's board (open objections, planned deadlines). A projection of the
 * case, written with its view (`projectCaseView`) and rebuilt with it, so the units can be listed — all
 * of them, or a community's — as a range on an indexed key instead of reading every case's whole view
 * (on FerretDB/SQLite a thousand views cost seconds to read, a thousand listings milliseconds). It
 * holds nothing the stream lacks.
 */
export interface UnitListingDoc {
  _id: string;
  /**
   * The seq of the case's event it was written at (what it says held from then on, and newer writes
   * replace older ones only: `writeUnitListing`).
   */
  seq: number;
  unit: UnitAddress;
  communityId?: string;
  stage: string;
  registeredAt: Date;
  /**
   * The Asia/Shanghai day the case's last event was appended on (so a listing is rewritten at most once
   * a day for activity alone); absent where the writer did not know it (a view stored before views
   * recorded their head's time).
   */
  lastEventOn?: string;
  /** The unit's line on the board; absent in a listing written without the holiday calendar (a backfill). */
  board?: BoardEntry;
}

const unitListingSchema = new Schema<UnitListingDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    unit: { type: Schema.Types.Mixed, default: {} },
    communityId: { type: String },
    stage: { type: String, required: true },
    registeredAt: { type: Date, required: true },
    lastEventOn: { type: String },
    board: { type: Schema.Types.Mixed },
  },
  { collection: 'unit_list', versionKey: false, minimize: false },
);
// The order units are listed in, page by page: all of them, or one community's (`readUnitListingsPage`).
unitListingSchema.index({ registeredAt: 1, _id: 1 });
unitListingSchema.index({ communityId: 1, registeredAt: 1, _id: 1 });

export type UnitListingModel = Model<UnitListingDoc>;

/** Binds the `unit_list` model to a connection. */
export function unitListingModel(connection: Connection): UnitListingModel {
  return defineModel(connection, 'UnitListing', unitListingSchema);
}

/**
 * The listing of a case as of `head`, or null for a case that is not a registered unit. Its line on
 * the board is planned on `holidays`; without them it has none until the case's next change or the
 * reconcile of its clocks.
 */
export function listingOf(
  caseId: string,
  head: StreamHead,
  state: CaseState,
  holidays?: HolidayTable,
): UnitListingDoc | null {
  if (state.stage === 'new' || state.registeredAt === undefined) return null;
  return {
    _id: caseId,
    seq: head.seq,
    unit: JSON.parse(JSON.stringify(state.unit ?? {})) as UnitAddress,
    ...(state.communityId === undefined ? {} : { communityId: state.communityId }),
    stage: state.stage,
    registeredAt: new Date(state.registeredAt),
    ...(head.at === undefined ? {} : { lastEventOn: shanghaiDayOf(head.at) }),
    ...(holidays === undefined
      ? {}
      : { board: JSON.parse(JSON.stringify(boardEntryOf(state, holidays))) as BoardEntry }),
  };
}

/** What a listing says, apart from the seq it was written at (equal: nothing to write). */
function contentOf(doc: Omit<UnitListingDoc, 'seq'> & { seq?: number }): string {
  return canonicalJson({
    unit: doc.unit,
    communityId: doc.communityId ?? null,
    stage: doc.stage,
    registeredAt: new Date(doc.registeredAt).toISOString(),
    lastEventOn: doc.lastEventOn ?? null,
    board: doc.board ?? null,
  });
}

/** Per model: what this process last wrote or read for each case (most cases change rarely here). */
const written = new WeakMap<object, Map<string, string>>();
const MAX_REMEMBERED = 10_000;

/**
 * Writes a unit's listing when what it says changed (a stage, a name, a community): nothing when this
 * process knows the stored one already says it. Each step filters on `_id` alone: read the stored
 * one; insert the first (a duplicate key means another writer just did), or replace one written at
 * an older seq. Two writers racing can leave the older listing, until the case's next change or
 * `views:rebuild`. Returns whether this call wrote.
 */
export async function writeUnitListing(listings: UnitListingModel, doc: UnitListingDoc): Promise<boolean> {
  let known = written.get(listings);
  if (known === undefined) written.set(listings, (known = new Map()));
  const content = contentOf(doc);
  if (known.get(doc._id) === content) return false;
  const stored = (await listings.collection.findOne({ _id: doc._id } as never)) as UnitListingDoc | null;
  const remember = (said: string | undefined) => {
    known.delete(doc._id);
    if (said !== undefined) known.set(doc._id, said);
    if (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value as string);
  };
  if (stored === null) {
    const wrote = await insertUnique(listings.collection, doc);
    remember(wrote ? content : undefined);
    return wrote;
  }
  const storedContent = contentOf(stored);
  if (stored.seq >= doc.seq || storedContent === content) {
    remember(storedContent);
    return false;
  }
  await listings.collection.replaceOne({ _id: doc._id } as never, doc as never);
  remember(content);
  return true;
}

/**
 * Makes the stored listing of a unit say what `doc` says (a rebuild from the stream): nothing when it
 * already does. Returns whether it wrote.
 */
export async function replaceUnitListing(listings: UnitListingModel, doc: UnitListingDoc): Promise<boolean> {
  const stored = await readUnitListing(listings, doc._id);
  if (stored !== null && contentOf(stored) === contentOf(doc)) return false;
  try {
    await listings.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true });
  } catch (error) {
    // Another process inserted it between our read and our upsert (FerretDB v1's upsert is not atomic:
    // two processes starting on one database both backfill): it exists now, so replace it.
    if (!isDuplicateKey(error)) throw error;
    await listings.collection.replaceOne({ _id: doc._id } as never, doc as never);
  }
  written.get(listings)?.set(doc._id, contentOf(doc));
  return true;
}

/** The stored listing of a unit, or null. One `_id` lookup. */
export async function readUnitListing(
  listings: UnitListingModel,
  unitId: string,
): Promise<UnitListingDoc | null> {
  return (await listings.collection.findOne({ _id: unitId } as never)) as UnitListingDoc | null;
}

/** Which units a page is read from: all, some units, or those of some communities. */
export type UnitSelection =
  | { readonly all: true }
  | { readonly unitIds: readonly string[] }
  | { readonly communityIds: readonly string[] };

/** Where a page of units resumes: after the unit registered at `registeredAt` with id `unitId`. */
export interface UnitKey {
  readonly registeredAt: Date;
  readonly unitId: string;
}

/**
 * Up to `limit` units of `selection` after `after`, in the order they were registered (then by id):
 * a range on the indexed `(communityId, registeredAt, _id)` or `(registeredAt, _id)`, never a skip.
 */
export async function readUnitListingsPage(
  listings: UnitListingModel,
  selection: UnitSelection,
  after: UnitKey | undefined,
  limit: number,
): Promise<UnitListingDoc[]> {
  const among = (ids: readonly string[]) => (ids.length === 1 ? ids[0] : { $in: [...ids] });
  const which =
    'unitIds' in selection
      ? { _id: among(selection.unitIds) }
      : 'communityIds' in selection
        ? { communityId: among(selection.communityIds) }
        : {};
  if ('unitIds' in selection && selection.unitIds.length === 0) return [];
  if ('communityIds' in selection && selection.communityIds.length === 0) return [];
  const range =
    after === undefined
      ? {}
      : {
          $or: [
            { registeredAt: { $gt: after.registeredAt } },
            { registeredAt: after.registeredAt, _id: { $gt: after.unitId } },
          ],
        };
  return (await listings.collection
    .find({ ...which, ...range } as never)
    .sort({ registeredAt: 1, _id: 1 })
    .limit(limit)
    .toArray()) as unknown as UnitListingDoc[];
}

/** The registry's marker that the units registered before `unit_list` existed were listed. */
const BACKFILLED = 'backfilled:unit_list';

/**
 * Lists, once per database, the units registered before `unit_list` existed: every registered case
 * (from the case registry, by `_id`) whose view shows a registered unit, then a marker in the
 * registry. A unit whose view is missing is listed at its next change, or by `views:rebuild`.
 */
export async function backfillUnitListings(
  listings: UnitListingModel,
  cases: AsyncIterable<string>,
  registry: Collection<CaseRegistryDoc>,
  views: CaseViewModel,
  holidays?: HolidayTable,
): Promise<void> {
  if ((await registry.findOne({ _id: BACKFILLED })) !== null) return;
  for await (const caseId of cases) {
    const view = await readCaseView(views, caseId);
    const listing = view === null ? null : listingOf(caseId, viewHead(view), view.state, holidays);
    if (listing !== null) await replaceUnitListing(listings, listing);
  }
  await insertUnique(registry, { _id: BACKFILLED, caseId: '', registeredAt: new Date() });
}

/** Community ids per query: a bounded `$in`. */
const COMMUNITY_CHUNK = 200;

/**
 * The listings of every unit placed in one of `communityIds`, in no particular order: one query per
 * 200 communities (the dashboards: a community's, a sub-district's or a district's units at once).
 */
export async function readCommunityListings(
  listings: UnitListingModel,
  communityIds: readonly string[],
): Promise<UnitListingDoc[]> {
  const found: UnitListingDoc[] = [];
  for (let i = 0; i < communityIds.length; i += COMMUNITY_CHUNK) {
    const chunk = communityIds.slice(i, i + COMMUNITY_CHUNK);
    const docs = await listings.collection
      .find({ communityId: chunk.length === 1 ? chunk[0] : { $in: chunk } } as never)
      .toArray();
    found.push(...(docs as unknown as UnitListingDoc[]));
  }
  return found;
}
