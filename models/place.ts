import { Schema, type Connection, type Model } from 'mongoose';
import type { Place, PlaceKind } from '../domain/platform/index.js';
import { defineModel } from './define.js';

/**
 * A place of the city (`places`, `_id = placeId`): a district, a sub-district or a community, with
 * the places above it. A projection of the platform stream's `PlaceCreated` events, rebuildable from
 * it. A place never moves once created, so a reader may keep what it read.
 */
export interface PlaceDoc {
  _id: string;
  kind: PlaceKind;
  name: string;
  parentId?: string;
  subdistrictId?: string;
  districtId?: string;
  createdAt: Date;
}

const placeSchema = new Schema<PlaceDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    parentId: { type: String },
    subdistrictId: { type: String },
    districtId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'places', versionKey: false },
);
// The order the places are listed in, page by page (`readPlacesPage`).
placeSchema.index({ createdAt: 1, _id: 1 });

export type PlaceModel = Model<PlaceDoc>;

/** Binds the `places` model to a connection. */
export function placeModel(connection: Connection): PlaceModel {
  return defineModel(connection, 'Place', placeSchema);
}

/** The stored form of a place. */
function toDoc(place: Place): PlaceDoc {
  return {
    _id: place.placeId,
    kind: place.kind,
    name: place.name,
    ...(place.parentId === undefined ? {} : { parentId: place.parentId }),
    ...(place.subdistrictId === undefined ? {} : { subdistrictId: place.subdistrictId }),
    ...(place.districtId === undefined ? {} : { districtId: place.districtId }),
    createdAt: new Date(place.createdAt),
  };
}

/** A place as the domain names it. */
export function toPlace(doc: PlaceDoc): Place {
  return {
    placeId: doc._id,
    kind: doc.kind,
    name: doc.name,
    ...(doc.parentId === undefined || doc.parentId === null ? {} : { parentId: doc.parentId }),
    ...(doc.subdistrictId === undefined || doc.subdistrictId === null
      ? {}
      : { subdistrictId: doc.subdistrictId }),
    ...(doc.districtId === undefined || doc.districtId === null ? {} : { districtId: doc.districtId }),
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}

/** Writes a place (a replace by `_id`: writing it again changes nothing). */
export async function writePlace(places: PlaceModel, place: Place): Promise<void> {
  const { _id, ...rest } = toDoc(place);
  await places.collection.replaceOne({ _id } as never, rest, { upsert: true });
}

/** One place, or null. One `_id` lookup. */
export async function readPlace(places: PlaceModel, placeId: string): Promise<Place | null> {
  const doc = await places.collection.findOne({ _id: placeId } as never);
  return doc === null ? null : toPlace(doc as unknown as PlaceDoc);
}

/** The ids of the communities within a sub-district or district (a city has a few thousand places). */
export async function readCommunityIdsWithin(places: PlaceModel, placeId: string): Promise<string[]> {
  const docs = await places.collection
    .find({ kind: 'community', $or: [{ subdistrictId: placeId }, { districtId: placeId }] } as never, {
      projection: { _id: 1 },
    })
    .toArray();
  return docs.map((doc) => String(doc._id));
}

/** Which places a page is read from: all of them, or those named and those within one place. */
export type PlaceSelection =
  | { readonly all: true }
  | {
      readonly all?: false;
      /** Places listed by id (a scope's own place and the places above it). */
      readonly ids: readonly string[];
      /** A sub-district's or district's id: the places within it (whose `subdistrictId` or `districtId` it is). */
      readonly within?: string;
    };

/** Where a page of places resumes: after the place created at `createdAt` with id `placeId`. */
export interface PlaceKey {
  readonly createdAt: Date;
  readonly placeId: string;
}

/**
 * Up to `limit` places of `selection` after `after`, in the order they were created (then by id): a
 * range on the indexed `(createdAt, _id)`, never a skip. A place's parents were created before it,
 * so they come first.
 */
export async function readPlacesPage(
  places: PlaceModel,
  selection: PlaceSelection,
  after: PlaceKey | undefined,
  limit: number,
): Promise<Place[]> {
  const parts: object[] = [];
  if (selection.all !== true) {
    const within = selection.within;
    parts.push({
      $or: [
        { _id: { $in: [...selection.ids] } },
        ...(within === undefined ? [] : [{ subdistrictId: within }, { districtId: within }]),
      ],
    });
  }
  if (after !== undefined) {
    parts.push({
      $or: [
        { createdAt: { $gt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $gt: after.placeId } },
      ],
    });
  }
  const filter = parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
  const docs = await places.collection
    .find(filter as never)
    .sort({ createdAt: 1, _id: 1 })
    .limit(limit)
    .toArray();
  return docs.map((doc) => toPlace(doc as unknown as PlaceDoc));
}
