import type Router from '@koa/router';
import type { CommandContext } from '../../commands/kernel/context.js';
import { guardRoutes } from './access.js';
import { applicationRoutes } from './application/routes.js';
import { ballotRoutes } from './ballots/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { clockRoutes } from './clocks/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { importRoutes } from './imports/routes.js';
import { meRoutes } from './me/routes.js';
import { objectionRoutes } from './objections/routes.js';
import { placeRoutes } from './places/routes.js';
import { planRoutes } from './plans/routes.js';
import { recordRoutes } from './records/routes.js';
import { timelineRoutes } from './timeline/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { unitRoutes } from './units/routes.js';
import { worksRoutes } from './works/routes.js';
import { paymentRoutes } from './payments/routes.js';
import { documentRoutes } from './documents/routes.js';
import { claimRoutes } from './claims/routes.js';
import { elevatorRoutes } from './elevator/routes.js';
import { runningRoutes } from './running/routes.js';

/** Every router mounted under `/api/v1`, in one list, each route behind its guard (`access.ts`). */
export function apiRouters(context: CommandContext): Router[] {
  return guardRoutes(context, [
    unitRoutes(context),
    ballotRoutes(context),
    calendarRoutes(context),
    objectionRoutes(context),
    applicationRoutes(context),
    worksRoutes(context),
    paymentRoutes(context),
    documentRoutes(context),
    claimRoutes(context),
    elevatorRoutes(context),
    runningRoutes(context),
    clockRoutes(context),
    importRoutes(context),
    planRoutes(context),
    placeRoutes(context),
    tokenRoutes(context),
    dashboardRoutes(context),
    timelineRoutes(context),
    meRoutes(context),
    recordRoutes(context),
  ]);
}
