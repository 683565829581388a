import { CostPlanBody } from '../units/schema.js';

/**
 * `POST /units/:unitId/plans/simulate`: a candidate cost plan, shaped as the `cost` of a plan version
 * published with `POST /units/:unitId/plans` (money in integer fen).
 */
export const SimulateCostBody = CostPlanBody;
