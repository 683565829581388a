import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { simulateCost } from '../../../commands/simulate-cost.js';
import { validate } from '../../middleware/validate.js';
import { presentSimulation } from '../../presenters/simulation.js';
import { createRouter } from '../../router.js';
import { UnitParams } from '../units/schema.js';
import { CostSimulationView, SimulateCostBody } from './schema.js';

/**
 * `POST /units/:unitId/plans/simulate`: every household's share under a candidate cost plan, split
 * as publishing it would split it, and the totals (200); nothing is stored and nobody is told.
 */
export function planRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/units/:unitId/plans/simulate',
    validate(
      {
        summary: 'Every household’s share under a candidate cost plan, stored nowhere and told to nobody',
        params: UnitParams,
        body: SimulateCostBody,
        responses: { 200: CostSimulationView },
        errors: [
          'unit_not_registered',
          'no_contributors',
          'explicit_shares_do_not_sum',
          'subsidy_exceeds_cost',
          'compensation_over_cap',
          'unknown_room',
        ],
      },
      async (ctx, { params, body }) => {
        ctx.body = presentSimulation(await simulateCost(commands, { unitId: params.unitId, cost: body }));
      },
    ),
  );

  return router;
}
