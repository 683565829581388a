import { z } from 'zod';
import { BILL_KINDS, INCOME_SOURCES } from '../../../domain/case/index.js';
import { named } from '../../openapi/registry.js';
import { Room } from '../units/schema.js';
import { Day as DayView } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-06-02');
const Fen = z.number().int('is a whole number of fen');
const Amount = Fen.min(1).max(100_000_000);

/** The scheme of a running-cost key: as a plan's (floor coefficients, fixed per floor, area, explicit). */
const Scheme = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('floor_coefficient'),
    permilleByFloor: z.record(z.string(), z.number().int().min(0)),
  }),
  z.object({ kind: z.literal('fixed_per_floor'), fenByFloor: z.record(z.string(), z.number().int().min(0)) }),
  z.object({ kind: z.literal('area') }),
  z.object({ kind: z.literal('explicit'), fenByRoom: z.record(z.string(), z.number().int().min(0)) }),
]);

/** `PUT /units/:unitId/running/key`: the running-cost key the owners agreed. */
export const RunningKeyBody = z.object({
  key: z.object({
    scheme: Scheme,
    exemptFloors: z.array(z.number().int().min(-5).max(60)).max(60).optional(),
    exemptRooms: z.array(Room).max(200).optional(),
  }),
  agreedOn: Day.optional(),
});

/** `POST /units/:unitId/running/bills`. */
export const RunningBillBody = z.object({
  kind: z.enum(BILL_KINDS),
  amountFen: Amount,
  periodFrom: Day,
  periodTo: Day,
  billedOn: Day.optional(),
  note: z.string().trim().min(1).max(200).optional(),
});

/** `POST /units/:unitId/running/incomes`. */
export const RunningIncomeBody = z.object({
  source: z.enum(INCOME_SOURCES),
  amountFen: Amount,
  receivedOn: Day.optional(),
});

/** `POST /units/:unitId/running/payments`. */
export const RunningPaymentBody = z.object({ room: Room, amountFen: Amount, paidOn: Day.optional() });

const Part = z.strictObject({ room: z.string(), fen: Fen });

const RunningView = z.strictObject({
  key: z.unknown(),
  agreedOn: DayView,
  bills: z.array(
    z.strictObject({
      billId: z.string(),
      kind: z.enum(BILL_KINDS),
      amountFen: Fen,
      periodFrom: DayView,
      periodTo: DayView,
      billedOn: DayView,
      note: z.string().optional(),
      parts: z.array(Part),
    }),
  ),
  incomes: z.array(
    z.strictObject({
      incomeId: z.string(),
      source: z.enum(INCOME_SOURCES),
      amountFen: Fen,
      receivedOn: DayView,
      parts: z.array(Part),
    }),
  ),
  payments: z.array(
    z.strictObject({ paymentId: z.string(), room: z.string(), amountFen: Fen, paidOn: DayView }),
  ),
});

/** One flat's running account. */
export const RunningAccountView = named(
  'RunningAccount',
  z.strictObject({
    room: z.string(),
    billedFen: Fen,
    creditedFen: Fen,
    paidFen: Fen,
    balanceFen: Fen,
    owedSince: DayView.optional(),
  }),
);

const Shape = { unitId: z.string(), running: RunningView.optional(), accounts: z.array(RunningAccountView) };

/** `GET /units/:unitId/running`: the key, bills, incomes, payments and every flat's account. */
export const UnitRunningView = named('UnitRunning', z.strictObject(Shape));

/** A running-cost step recorded: the same, and the event's seq. */
export const RunningStepView = named(
  'RunningStep',
  z.strictObject({ ...Shape, seq: z.number().int().min(1) }),
);
