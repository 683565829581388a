import { z } from 'zod';
import { CONTACT_ROLES } from '../../../domain/case/index.js';
import { AREA_SOURCES } from '../../../domain/vote/index.js';
import { KeyId, KeyInstant, KeyNumber, pagedList } from '../../pagination.js';

/**
 * A room number: letters, digits and '-', at most 16 characters. Rooms may become keys of stored
 * data, so nothing else gets in (conventions.md §8: no dotted or odd user-supplied keys).
 */
export const Room = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,16}$/, 'a room is 1–16 letters, digits or "-" (e.g. "1201", "B-302")');
export type Room = z.infer<typeof Room>;

/** An owner of a flat (personal data: stored in the case, shown to the committee, never logged). */
export const FlatOwner = z.object({
  name: z.string().trim().min(1, 'is required').max(64),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'is a phone number of digits, spaces and "-"')
    .optional(),
});
export type FlatOwner = z.infer<typeof FlatOwner>;

/** One flat of the roster; `area` stays text here and is parsed exactly (to 0.01 m²) by the command. */
export const Flat = z
  .object({
    room: Room,
    floor: z.number().int().min(1).max(200),
    area: z.string().max(16),
    areaSource: z.enum(AREA_SOURCES),
    owners: z.array(FlatOwner).max(20).default([]),
    ownerKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'an owner key is 1–32 letters, digits, "_" or "-"')
      .optional(),
    developerStock: z.boolean().optional(),
    elderly: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((flat) => flat.developerStock === true || flat.owners.length > 0, {
    path: ['owners'],
    message: 'lists at least one owner (only developer stock may have none)',
  });
export type Flat = z.infer<typeof Flat>;

const NamePart = z.string().trim().min(1).max(100);

/** `POST /units`: the unit's name (and optionally its address parts) and its flats. */
export const RegisterUnitBody = z.object({
  name: NamePart,
  address: z
    .object({
      district: NamePart.optional(),
      subdistrict: NamePart.optional(),
      community: NamePart.optional(),
      building: NamePart.optional(),
      unit: NamePart.optional(),
    })
    .optional(),
  flats: z.array(Flat).max(500),
  /**
   * The community the unit belongs to (a place id). A staff member registers into their own community
   * when they name none; the platform administrator may leave a unit unplaced (placed later).
   */
  communityId: z.string().trim().min(1).max(64).optional(),
});
export type RegisterUnitBody = z.infer<typeof RegisterUnitBody>;

/** Why a record was corrected: said to the committee, and to residents where it is announced. */
export const Reason = z.string().trim().min(1, 'is required').max(200);

/**
 * `PUT /units/:unitId/flats`: the unit's whole roster as it should now stand (each flat as at
 * registration) and why it changed.
 */
export const UpdateRosterBody = z.object({
  flats: z.array(Flat).max(500),
  reason: Reason,
});
export type UpdateRosterBody = z.infer<typeof UpdateRosterBody>;

/** `PUT /units/:unitId/community`: the community the unit belongs to from now on. */
export const PlaceUnitBody = z.object({ communityId: z.string().trim().min(1).max(64) });
export type PlaceUnitBody = z.infer<typeof PlaceUnitBody>;

/** `:unitId` of the unit routes (any string: an id of the wrong shape is simply not found). */
export const UnitParams = z.object({ unitId: z.string().max(64) });
export type UnitParams = z.infer<typeof UnitParams>;

/** `GET /units/:unitId/plans` pages the published versions, oldest first, by version. */
export const PlansList = pagedList('plans', z.tuple([KeyNumber]));

/** `GET /units/:unitId/bindings` pages the flats by room (see {@link byRoom}). */
export const BindingsList = pagedList('bindings', z.tuple([z.string().min(1).max(16)]));

const ROOM_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Rooms as people order them: by their numbers (`101`, `102`, `201`, … `1201`), letters after digits;
 * two rooms the collation holds equal are ordered by their characters, so the order is total.
 */
export const byRoom = (a: readonly [string], b: readonly [string]): number =>
  ROOM_ORDER.compare(a[0], b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * `GET /units` pages the units the caller may reach in the order they were registered, by the
 * instant of registration and then the unit's id.
 */
export const UnitsList = pagedList('units', z.tuple([KeyInstant, KeyId]));

/** `/units/:unitId/binding-codes/:room`: a unit and one of its rooms. */
export const UnitRoomParams = UnitParams.extend({ room: Room });
export type UnitRoomParams = z.infer<typeof UnitRoomParams>;

/** Money in integer fen (¥1 = 100 fen): exact, never a float; at most ¥100,000,000. */
const Fen = z.number().int('is a whole number of fen').min(0).max(10_000_000_000);
/** A floor number as a key of a per-floor table (`"3"`). */
const FloorKey = z.string().regex(/^[1-9][0-9]{0,2}$/, 'a floor is a number from 1 to 999');

/** How the cost is keyed across flats (domain/cost `CostScheme`). */
export const CostSchemeBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('floor_coefficient'),
    /** Thousandths per floor (`{"3": 900}` = 0.9); a floor left out pays nothing. */
    permilleByFloor: z.record(FloorKey, z.number().int().min(0).max(100_000)),
  }),
  z.object({ kind: z.literal('fixed_per_floor'), fenByFloor: z.record(FloorKey, Fen) }),
  z.object({ kind: z.literal('area') }),
  z.object({ kind: z.literal('explicit'), fenByRoom: z.record(Room, Fen) }),
]);

/** A plan version's cost plan (domain/cost `CostPlan`), all money in fen. */
export const CostPlanBody = z.object({
  totalCostFen: Fen,
  subsidyFen: Fen,
  scheme: CostSchemeBody,
  exemptRooms: z.array(Room).max(500).optional(),
  compensations: z
    .array(z.object({ toRoom: Room, amountFen: Fen, reason: z.string().trim().min(1).max(200) }))
    .max(500)
    .optional(),
  compensationCapPermille: z.number().int().min(0).max(1000).optional(),
});

/** `POST /units/:unitId/plans`: a draft plan version, with its cost plan. */
export const PublishPlanBody = z.object({
  planVersion: z.number().int().min(1).max(1000),
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(2000).optional(),
  documents: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  cost: CostPlanBody.optional(),
});
export type PublishPlanBody = z.infer<typeof PublishPlanBody>;

/** `POST /units/:unitId/proxies`: the committee records a flat's proxy (a signed power of attorney). */
export const RecordProxyBody = z.object({
  room: Room,
  contactId: z.string().trim().min(1).max(128),
});
export type RecordProxyBody = z.infer<typeof RecordProxyBody>;

/**
 * `POST /units/:unitId/contacts`: a committee member's or the applicant representative's chat contact,
 * by the WeChat id the bot knows them by (an id no one knows is refused: `unknown_contact`).
 */
export const RecordContactRoleBody = z.object({
  contactId: z.string().trim().min(1).max(128),
  role: z.enum(CONTACT_ROLES),
});
export type RecordContactRoleBody = z.infer<typeof RecordContactRoleBody>;
