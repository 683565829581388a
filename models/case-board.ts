import { Schema, type Connection, type Model } from 'mongoose';
import type { BoardEntry } from '../domain/dashboard/index.js';
import { defineModel } from './define.js';

/**
 * A unit's line on its community's board (`case_boards`, `_id = unitId`): the {@link BoardEntry} of
 * its case as of event `seq` (stage, name, community, open objections, planned deadlines) and when
 * that event was appended. A projection written with the case's view and rebuildable from its stream,
 * a few hundred bytes where the view holds the whole state: FerretDB on SQLite answers a filter by
 * reading every document whole, and a thousand views cost seconds where a thousand of these cost
 * milliseconds, so the dashboards read these.
 */
export interface CaseBoardDoc extends BoardEntry {
  _id: string;
  /** The seq of the case's last event folded in (as its view's). */
  seq: number;
  /** When that event was appended; absent when the writer did not know (a view stored before). */
  lastEventAt?: Date;
}

const caseBoardSchema = new Schema<CaseBoardDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    lastEventAt: { type: Date },
    stage: { type: String, required: true },
    name: { type: String },
    communityId: { type: String },
    care: { type: Boolean, required: true },
    disputes: { type: Schema.Types.Mixed, default: [] },
    deadlines: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'case_boards', versionKey: false, minimize: false },
);
// The dashboards read a community's units at once (on MongoDB an index range; on SQLite a scan of
// small documents).
caseBoardSchema.index({ communityId: 1 });

export type CaseBoardModel = Model<CaseBoardDoc>;

/** Binds the `case_boards` model to a connection. */
export function caseBoardModel(connection: Connection): CaseBoardModel {
  return defineModel(connection, 'CaseBoard', caseBoardSchema);
}

/** A stored board line as read back (instants revived; no `null` where a field is absent). */
function revived(doc: CaseBoardDoc): CaseBoardDoc {
  const { lastEventAt, name, communityId, ...rest } = doc;
  return {
    ...rest,
    ...(name === undefined || name === null ? {} : { name }),
    ...(communityId === undefined || communityId === null ? {} : { communityId }),
    ...(lastEventAt === undefined || lastEventAt === null ? {} : { lastEventAt: new Date(lastEventAt) }),
  };
}

/**
 * Writes a unit's board line (a replace by `_id`). Called after its view was written for the same
 * seq, so the view's own check (never an older seq over a newer one) orders the two.
 */
export async function writeCaseBoard(boards: CaseBoardModel, doc: CaseBoardDoc): Promise<void> {
  // Through JSON, as the view's state: what is stored is what a reader gets back.
  const { _id, lastEventAt, ...entry } = doc;
  const stored = {
    ...(JSON.parse(JSON.stringify(entry)) as Omit<CaseBoardDoc, '_id' | 'lastEventAt'>),
    ...(lastEventAt === undefined ? {} : { lastEventAt }),
  };
  await boards.collection.replaceOne({ _id } as never, stored, { upsert: true });
}

/** A unit's board line, or null. One `_id` lookup. */
export async function readCaseBoard(boards: CaseBoardModel, unitId: string): Promise<CaseBoardDoc | null> {
  const doc = await boards.collection.findOne({ _id: unitId } as never);
  return doc === null ? null : revived(doc as unknown as CaseBoardDoc);
}

/** Community ids per query: a bounded `$in`. */
const COMMUNITY_CHUNK = 200;

/** The board lines of every unit placed in one of `communityIds`: one query per 200 communities. */
export async function readCommunityBoards(
  boards: CaseBoardModel,
  communityIds: readonly string[],
): Promise<CaseBoardDoc[]> {
  const found: CaseBoardDoc[] = [];
  for (let i = 0; i < communityIds.length; i += COMMUNITY_CHUNK) {
    const docs = await boards.collection
      .find({ communityId: { $in: communityIds.slice(i, i + COMMUNITY_CHUNK) } })
      .toArray();
    found.push(...(docs as unknown as CaseBoardDoc[]).map(revived));
  }
  return found;
}
