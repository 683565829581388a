import type Router from '@koa/router';
import type { CommandContext } from '../../commands/kernel/context.js';
import { ballotRoutes } from './ballots/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { clockRoutes } from './clocks/routes.js';
import { importRoutes } from './imports/routes.js';
import { objectionRoutes } from './objections/routes.js';
import { planRoutes } from './plans/routes.js';
import { unitRoutes } from './units/routes.js';

/** Every router mounted under `/api/v1`, in one list. */
export function apiRouters(context: CommandContext): Router[] {
  return [
    unitRoutes(context),
    ballotRoutes(context),
    calendarRoutes(context),
    objectionRoutes(context),
    clockRoutes(context),
    importRoutes(context),
    planRoutes(context),
  ];
}
