/**
 * Where the staff of the city work: districts (区), their sub-districts (街道) and their communities
 * (社区, each with its residents' committee), and the scope each staff role works in (domain.md §1:
 * the residents' committee, the sub-district office, the district housing authority, the applicant
 * representative of one unit). A unit belongs to exactly one community.
 */
import { CONTACT_ROLES, type ContactRole } from '../case/bindings/commands.js';

/** The kinds of place, from the top. */
export const PLACE_KINDS = ['district', 'subdistrict', 'community'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The kind of place each kind sits in (a district sits in none). */
export const PARENT_KIND: Readonly<Record<PlaceKind, PlaceKind | undefined>> = {
  district: undefined,
  subdistrict: 'district',
  community: 'subdistrict',
};

/** A place as the platform keeps it: its kind, name and the places above it. */
export interface Place {
  readonly placeId: string;
  readonly kind: PlaceKind;
  readonly name: string;
  /** The place it sits in (absent for a district). */
  readonly parentId?: string;
  /** The sub-district above a community. */
  readonly subdistrictId?: string;
  /** The district above a sub-district or a community. */
  readonly districtId?: string;
  readonly createdAt: string;
}

/**
 * The roles a person signs in with: the same four a chat contact may hold in a unit (a district or
 * sub-district officer, a residents'-committee member, the applicant representative).
 */
export const STAFF_ROLES = CONTACT_ROLES;
export type StaffRole = ContactRole;

/** What a staff member's work is bounded by: a place, or (the applicant representative) one unit. */
export const SCOPE_KINDS = [...PLACE_KINDS, 'unit'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The scope of a staff token: the place (or unit) the person works in. */
export interface Scope {
  readonly kind: ScopeKind;
  readonly id: string;
}

/** The kind of scope each role works in. */
export const ROLE_SCOPE: Readonly<Record<StaffRole, ScopeKind>> = {
  district: 'district',
  subdistrict: 'subdistrict',
  committee: 'community',
  applicant: 'unit',
  maintainer: 'unit',
  user_unit: 'unit',
};

/** Whether `kind` is a kind of place (not `unit`). */
export function isPlaceKind(kind: string): kind is PlaceKind {
  return (PLACE_KINDS as readonly string[]).includes(kind);
}
