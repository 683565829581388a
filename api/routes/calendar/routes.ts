import type Router from '@koa/router';
import { computePeriodEnd } from '../../../commands/compute-period-end.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { validate } from '../../middleware/validate.js';
import { presentPeriodEnd } from '../../presenters/period-end.js';
import { PeriodEndQuery, PeriodEndView } from './schema.js';
import { createRouter } from '../../router.js';

/** `GET /calendar/period-end`: where a legal period ends (Civil Code arts. 201–203). */
export function calendarRoutes(commands: CommandContext): Router {
  const router = createRouter();
  router.get(
    '/calendar/period-end',
    validate(
      {
        summary: 'Where a legal period ends (Civil Code arts. 201–203, on the State Council calendar)',
        query: PeriodEndQuery,
        responses: { 200: PeriodEndView },
        errors: ['invalid_date', 'invalid_period_length'],
      },
      async (ctx, { query }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = presentPeriodEnd(computePeriodEnd(commands, query));
      },
    ),
  );
  return router;
}
