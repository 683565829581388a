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

/** Every place (a city has a few thousand: read whole for the tree). */
export async function readAllPlaces(places: PlaceModel): Promise<Place[]> {
  const docs = await places.collection.find({}).toArray();
  return docs.map((doc) => toPlace(doc as unknown as PlaceDoc));
}
