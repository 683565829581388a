import { z } from 'zod';
import { BALLOT_PURPOSES, CONTACT_ROLES, HOUSEHOLD_ROLES } from '../../../domain/case/index.js';
import { AREA_SOURCES, MATTERS } from '../../../domain/vote/index.js';
import { named } from '../../openapi/registry.js';
import { KeyId, KeyInstant, KeyNumber, pagedList } from '../../pagination.js';
import { AreaText, Instant, pageView, StageView, Whole } from '../views.js';

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

// ——— Answers ———

const Fens = z.record(z.string(), z.number().int());

/** A plan's cost scheme as stored (keys: a floor number, or a room for `explicit`). */
const CostSchemeView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('floor_coefficient'), permilleByFloor: Fens }),
  z.strictObject({ kind: z.literal('fixed_per_floor'), fenByFloor: Fens }),
  z.strictObject({ kind: z.literal('area') }),
  z.strictObject({ kind: z.literal('explicit'), fenByRoom: Fens }),
]);

/** One flat's share of the construction cost, with the terms that produced it (money in fen). */
export const CostShareView = named(
  'CostShare',
  z.strictObject({
    room: z.string(),
    floor: z.number().int(),
    payFen: z.number().int(),
    receiveFen: z.number().int(),
    netFen: z.number().int(),
    terms: z.strictObject({
      scheme: z.enum(['floor_coefficient', 'fixed_per_floor', 'area', 'explicit']),
      coefficientPermille: z.number().int().optional(),
      areaCenti: z.number().int().optional(),
      fixedFen: z.number().int().optional(),
      agreedFen: z.number().int().optional(),
      weight: z.number().int(),
      totalWeight: z.number().int(),
      weightScale: z.number().int(),
      amountFen: z.number().int(),
      exempt: z.enum(['exempt_room', 'exempt_floor', 'zero_weight']).optional(),
    }),
  }),
);

/** A published plan version: its text, its cost plan (fen) and, where asked, each flat's share. */
export const PlanView = named(
  'Plan',
  z.strictObject({
    version: z.number().int().min(1),
    title: z.string(),
    summary: z.string().optional(),
    documents: z.array(z.string()),
    publishedAt: Instant,
    cost: z
      .strictObject({
        totalCostFen: z.number().int(),
        subsidyFen: z.number().int(),
        scheme: CostSchemeView,
        exemptRooms: z.array(z.string()).optional(),
        compensations: z
          .array(z.strictObject({ toRoom: z.string(), amountFen: z.number().int(), reason: z.string() }))
          .optional(),
        compensationCapPermille: z.number().int().optional(),
        amountSharedFen: z.number().int(),
      })
      .optional(),
    shares: z.array(CostShareView).optional(),
  }),
);

/** `GET /units/:unitId/plans`: a page of the published versions, oldest first. */
export const PlansView = pageView('Plans', PlanView);

/**
 * One flat as the caller may see it: to whoever sees names (the unit's committee, the administrator)
 * the whole roster row, owners by name with masked phones; to a resident their own flat in full (their
 * own phone whole, `mine`); to anyone else the room, floor and area alone (no `owners`).
 */
const FlatView = z.strictObject({
  room: z.string(),
  floor: z.number().int(),
  area: AreaText,
  areaSource: z.enum(AREA_SOURCES),
  ownerKey: z.string().optional(),
  developerStock: z.boolean().optional(),
  elderly: z.boolean().optional(),
  disabled: z.boolean().optional(),
  owners: z
    .array(
      z.strictObject({
        name: z.string(),
        hasPhone: z.boolean(),
        phone: z.string().describe('Masked (`138****0101`) but to the resident whose flat it is.').optional(),
      }),
    )
    .optional(),
  mine: z.literal(true).optional(),
});

const AddressPart = z.string().optional();

/** A unit's case: name and address, stage, flats, totals, the plan in force and each ballot in brief. */
export const UnitView = named(
  'Unit',
  z.strictObject({
    id: z.string(),
    name: z.string().optional(),
    address: z.strictObject({
      district: AddressPart,
      subdistrict: AddressPart,
      community: AddressPart,
      building: AddressPart,
      unit: AddressPart,
    }),
    /** The community the unit belongs to (a place id); none for a unit not placed yet. */
    communityId: z.string().optional(),
    stage: StageView,
    needsExtraMediationCare: z.boolean(),
    totals: z.strictObject({ flats: Whole, owners: Whole, area: AreaText }),
    flats: z.array(FlatView),
    plan: PlanView.optional(),
    ballots: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        matter: z.enum(MATTERS),
        purpose: z.enum(BALLOT_PURPOSES),
        status: z.enum(['open', 'closed', 'cancelled']),
        opensAt: Instant,
        closesAt: Instant.optional(),
        closedAt: Instant.optional(),
        passed: z.boolean().optional(),
        planVersion: z.number().int().optional(),
        votesRecorded: Whole,
      }),
    ),
    seq: Whole,
  }),
);

/** `PUT /units/:unitId/community`: the unit, and whether this call moved it (false: it was there already). */
export const UnitPlacedView = named('UnitPlaced', UnitView.extend({ placed: z.boolean() }));

/** What a roster update changed: whether an event was appended, the rooms, the ballots that were open. */
export const RosterUpdateView = named(
  'RosterUpdate',
  z.strictObject({
    updated: z.boolean(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.string()),
    openBallotIds: z.array(z.string()),
  }),
);

/** `PUT /units/:unitId/flats`: the unit, and what the new roster changed (rooms). */
export const RosterUpdatedView = named('RosterUpdated', UnitView.extend({ rosterUpdate: RosterUpdateView }));

/** `POST /units/:unitId/proxies`: the proxy recorded (201), or already on record (200). */
export const ProxyRecordedView = named(
  'ProxyRecorded',
  z.strictObject({ unitId: z.string(), room: z.string(), contactId: z.string(), recorded: z.boolean() }),
);

/** One household binding code: handed to the flat privately; binds once, until `expiresAt`. */
export const BindingCodeView = named(
  'BindingCode',
  z.strictObject({ room: z.string(), code: z.string(), expiresAt: Instant }),
);

/** `POST /units/:unitId/binding-codes`: one new code per flat. */
export const BindingCodesView = named('BindingCodes', z.strictObject({ codes: z.array(BindingCodeView) }));

/** `POST /units/:unitId/group-code`: the code said in the unit's group to bind it (`绑定单元 <code>`). */
export const GroupCodeView = named('GroupCode', z.strictObject({ code: z.string() }));

/** `GET /units/:unitId/bindings`: a page of the flats by room, and who is bound to each. */
export const BindingsView = pageView(
  'Bindings',
  z.strictObject({
    room: z.string(),
    bound: z.boolean(),
    contacts: z.array(
      z.strictObject({
        contactId: z.string(),
        role: z.enum(HOUSEHOLD_ROLES),
        pending: z.literal(true).optional(),
      }),
    ),
  }),
);

/** `DELETE /units/:unitId/binding-codes/:room`: how many unspent codes of the flat were revoked. */
export const CodesRevokedView = named(
  'CodesRevoked',
  z.strictObject({ room: z.string(), revoked: z.number().int().min(1) }),
);

/** `POST /units/:unitId/contacts`: the contact's role, recorded now or already on record. */
export const ContactRecordedView = named(
  'ContactRecorded',
  z.strictObject({
    unitId: z.string(),
    contactId: z.string(),
    role: z.enum(CONTACT_ROLES),
    recorded: z.boolean(),
  }),
);

/** One unit of `GET /units`: its name and address, its community, where its case stands. */
export const UnitListingView = named(
  'UnitListing',
  z.strictObject({
    id: z.string(),
    name: z.string().optional(),
    address: z.strictObject({
      district: z.string().optional(),
      subdistrict: z.string().optional(),
      community: z.string().optional(),
      building: z.string().optional(),
      unit: z.string().optional(),
    }),
    communityId: z.string().optional(),
    stage: StageView,
  }),
);

/** `GET /units`: a page of the units the caller may reach, in the order registered. */
export const UnitListingsView = pageView('UnitListings', UnitListingView);
