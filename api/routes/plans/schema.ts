import { z } from 'zod';
import { named } from '../../openapi/registry.js';
import { CostPlanBody, CostShareView } from '../units/schema.js';
import { Whole } from '../views.js';

/**
 * `POST /units/:unitId/plans/simulate`: a candidate cost plan, shaped as the `cost` of a plan version
 * published with `POST /units/:unitId/plans` (money in integer fen).
 */
export const SimulateCostBody = CostPlanBody;

// ——— Answers ———

/** An amount as a bill writes it: yuan with thousands separators and two places (`48,123.45 元`). */
const Yuan = z.string().describe('Yuan as a bill writes it (`48,123.45 元`).');

/**
 * `POST /units/:unitId/plans/simulate`: each household's share under the candidate (fen, and as a
 * bill writes it), beside what the plan in force asks of it when it has shares; the totals, which add
 * up exactly; the rooms whose share would change. `stored` is always false: nothing was kept.
 */
export const CostSimulationView = named(
  'CostSimulation',
  z.strictObject({
    unitId: z.string(),
    stored: z.literal(false),
    shares: z.array(
      z.strictObject({
        room: z.string(),
        floor: z.number().int(),
        payFen: z.number().int(),
        receiveFen: z.number().int(),
        netFen: z.number().int(),
        yuan: Yuan,
        currentNetFen: z.number().int().optional(),
        terms: CostShareView.shape.terms,
      }),
    ),
    totals: z.strictObject({
      flats: Whole,
      totalCostFen: z.number().int(),
      subsidyFen: z.number().int(),
      compensationFen: z.number().int(),
      amountSharedFen: z.number().int(),
      payFen: z.number().int(),
      receiveFen: z.number().int(),
      netFen: z.number().int(),
      yuan: z.strictObject({ totalCost: Yuan, subsidy: Yuan, compensation: Yuan, amountShared: Yuan }),
    }),
    comparedWith: z.strictObject({ planVersion: z.number().int().min(1) }).optional(),
    changedRooms: z.array(z.string()),
  }),
);
