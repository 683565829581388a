import { z } from 'zod';
import { CLAIM_STATUSES, FUNDS } from '../../../domain/case/index.js';
import { named } from '../../openapi/registry.js';
import { ChecklistItemView } from '../documents/schema.js';
import { Room } from '../units/schema.js';
import { Day as DayView } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-06-02');
const Fen = z.number().int('is a whole number of fen');

/** `POST /units/:unitId/claims`: one step of the subsidy (no room) or of a flat's provident fund. */
export const RecordClaimBody = z.object({
  fund: z.enum(FUNDS),
  room: Room.optional(),
  status: z.enum(CLAIM_STATUSES),
  on: Day.optional(),
  amountFen: Fen.min(1).max(1_000_000_000).optional(),
  reference: z.string().trim().min(1).max(64).optional(),
  reasons: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
});

/** One claim and every step of it. */
export const ClaimView = named(
  'Claim',
  z.strictObject({
    fund: z.enum(FUNDS),
    room: z.string().optional(),
    status: z.enum(CLAIM_STATUSES),
    amountFen: Fen.optional(),
    steps: z.array(
      z.strictObject({
        status: z.enum(CLAIM_STATUSES),
        on: DayView,
        amountFen: Fen.optional(),
        reference: z.string().optional(),
        reasons: z.array(z.string()),
      }),
    ),
  }),
);

const ClaimsShape = {
  unitId: z.string(),
  subsidy: z.strictObject({ plannedFen: Fen, claim: ClaimView.optional() }),
  providentFundOpen: z.boolean(),
  providentFund: z.array(z.strictObject({ room: z.string(), shareFen: Fen, claim: ClaimView.optional() })),
  checklists: z.strictObject({
    subsidy: z.array(ChecklistItemView),
    providentFund: z.array(ChecklistItemView),
  }),
};

/** `GET /units/:unitId/claims`: the subsidy and every household's provident fund, with their checklists. */
export const UnitClaimsView = named('UnitClaims', z.strictObject(ClaimsShape));

/** A claim's step recorded: the claims after it, the event's seq and whether the group was told. */
export const ClaimStepView = named(
  'ClaimStep',
  z.strictObject({
    ...ClaimsShape,
    seq: z.number().int().min(1),
    announcement: z.enum(['queued', 'duplicate', 'no_group', 'none']),
  }),
);
