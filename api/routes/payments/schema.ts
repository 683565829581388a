import { z } from 'zod';
import { named } from '../../openapi/registry.js';
import { ClaimView } from '../claims/schema.js';
import { RunningAccountView } from '../running/schema.js';
import { CostShareView, Room } from '../units/schema.js';
import { Day as DayView } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-06-02');
const Fen = z.number().int('is a whole number of fen');

/** `POST /units/:unitId/payments`: one payment received from a flat, in fen (¥1 = 100 fen). */
export const RecordPaymentBody = z.object({
  room: Room,
  amountFen: Fen.min(1).max(1_000_000_000),
  paidOn: Day.optional(),
  reference: z.string().trim().min(1).max(64).optional(),
});

export const PaymentParams = z.object({
  unitId: z.string().min(1),
  paymentId: z.string().trim().min(1).max(64),
});

/** `POST /units/:unitId/payments/:paymentId/cancel`: why the payment was recorded in error. */
export const CancelPaymentBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });

const PaymentView = named(
  'Payment',
  z.strictObject({
    paymentId: z.string(),
    room: z.string(),
    amountFen: Fen,
    paidOn: DayView,
    reference: z.string().optional(),
    cancelled: z.strictObject({ reason: z.string(), at: z.string() }).optional(),
  }),
);

/** One flat's account against the agreed plan: its share, owed, paid and still due, and its payments. */
export const HouseholdAccountView = named(
  'HouseholdAccount',
  z.strictObject({
    room: z.string(),
    share: CostShareView,
    subsidyFen: Fen,
    totalCostFen: Fen,
    oweFen: Fen,
    paidFen: Fen,
    dueFen: Fen,
    payments: z.array(PaymentView),
  }),
);

/** `GET /units/:unitId/payments`: the agreed plan's totals and every flat's account. */
export const UnitAccountsView = named(
  'UnitAccounts',
  z.strictObject({
    unitId: z.string(),
    totalCostFen: Fen,
    subsidyFen: Fen,
    paidFen: Fen,
    dueFen: Fen,
    accounts: z.array(HouseholdAccountView),
  }),
);

/** A payment recorded or cancelled: the flat's account after it. */
export const PaymentStepView = named(
  'PaymentStep',
  z.strictObject({
    unitId: z.string(),
    paymentId: z.string(),
    seq: z.number().int(),
    account: HouseholdAccountView,
  }),
);

/** `GET /me/costs`: each of the resident's flats, agreed (its account) or not yet (the plan's proposal). */
export const MyCostsView = named(
  'MyCosts',
  z.strictObject({
    flats: z.array(
      z.discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('agreed'),
          unitId: z.string(),
          unitName: z.string(),
          account: HouseholdAccountView,
          subsidyClaim: ClaimView.optional(),
          providentFund: z.strictObject({ open: z.boolean(), claim: ClaimView.optional() }),
          running: RunningAccountView.optional(),
        }),
        z.strictObject({
          kind: z.literal('not_agreed'),
          unitId: z.string(),
          unitName: z.string(),
          room: z.string(),
          proposedFen: Fen.optional(),
          running: RunningAccountView.optional(),
        }),
      ]),
    ),
    /** What to bring to withdraw provident fund for one's share (the city's checklist). */
    providentFundPapers: z.array(z.string()),
  }),
);
