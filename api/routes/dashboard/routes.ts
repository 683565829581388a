import type Router from '@koa/router';
import { readDashboard } from '../../../commands/dashboard.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { validate } from '../../middleware/validate.js';
import { presentDashboard } from '../../presenters/dashboard.js';
import { createRouter } from '../../router.js';
import { actorOf } from '../meta.js';
import { DashboardQuery, DashboardView } from './schema.js';

/**
 * `GET /dashboard`: the caller's communities, one block each (units by stage, stalled cases, open
 * objections, the deadlines of the coming days), and for sub-district and district officers and the
 * administrator the funnel of their cases; `?communityId=` or `?subdistrictId=` narrows it to a
 * place within their scope (`no_such_place`, 404, for any other).
 */
export function dashboardRoutes(commands: CommandContext): Router {
  const router = createRouter();
  router.get(
    '/dashboard',
    validate(
      {
        summary:
          'The caller’s communities at a glance, and for the officers above them the funnel of their cases',
        query: DashboardQuery,
        responses: { 200: DashboardView },
        errors: ['no_such_place'],
      },
      async (ctx, { query }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = presentDashboard(await readDashboard(commands, actorOf(ctx), query));
      },
    ),
  );
  return router;
}
