import { Schema, type Connection, type Model } from 'mongoose';
import {
  CONTACT_ROLES,
  HOUSEHOLD_ROLES,
  type ContactRole,
  type HouseholdRole,
} from '../domain/case/index.js';
import { defineModel } from './define.js';

/** One flat a contact is bound to. */
export interface ContactFlat {
  unitId: string;
  room: string;
  role: HouseholdRole;
}

/** A role the contact holds in a unit (committee member or applicant representative). */
export interface ContactUnitRole {
  unitId: string;
  role: ContactRole;
}

/**
 * A chat contact as the bot knows it (`contacts`, `_id = contactId`): the flats it is bound to and its
 * roles, across units. A projection of the cases' bindings and recorded roles
 * (`commands/contacts.ts`), rebuilt from the streams by `npm run views:rebuild`: units in id order,
 * each unit's flats and roles in the order its case recorded them.
 */
export interface ContactDoc {
  _id: string;
  flats: ContactFlat[];
  /** Its roles in units (absent: none). */
  roles?: ContactUnitRole[];
}

const contactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    flats: {
      type: [
        new Schema<ContactFlat>(
          {
            unitId: { type: String, required: true },
            room: { type: String, required: true },
            role: { type: String, enum: HOUSEHOLD_ROLES, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    roles: {
      type: [
        new Schema<ContactUnitRole>(
          {
            unitId: { type: String, required: true },
            role: { type: String, enum: CONTACT_ROLES, required: true },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { collection: 'contacts', versionKey: false },
);

export type ContactModel = Model<ContactDoc>;

/** Binds the `contacts` model to a connection. */
export function contactModel(connection: Connection): ContactModel {
  return defineModel(connection, 'Contact', contactSchema);
}

/** The contact, or null when it is bound to no flat and holds no role. One `_id` lookup. */
export async function readContact(model: ContactModel, contactId: string): Promise<ContactDoc | null> {
  return model.findById(contactId).lean<ContactDoc>().exec();
}

/** Writes the contact as a whole (an `_id`-keyed replace with upsert; no positional updates). */
export async function saveContact(model: ContactModel, doc: ContactDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await model.replaceOne({ _id }, rest, { upsert: true }).exec();
}
