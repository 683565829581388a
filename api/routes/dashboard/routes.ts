import type Router from '@koa/router';
import { readDashboard } from '../../../commands/dashboard.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { validate } from '../../middleware/validate.js';
import { presentDashboard } from '../../presenters/dashboard.js';
import { createRouter } from '../../router.js';
import { actorOf } from '../meta.js';
import { DashboardQuery } from './schema.js';

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
    validate({ query: DashboardQuery }, async (ctx, { query }) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = presentDashboard(await readDashboard(commands, actorOf(ctx), query));
    }),
  );
  return router;
}
