import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CommandContext } from '../../commands/kernel/context.js';
import { requireBallotInScope, requireUnitInScope } from '../../commands/scope.js';
import { isPlatformAdmin, requireAction, type StaffAction } from '../../domain/case/index.js';
import { DomainError } from '../../domain/errors.js';
import { actorOf } from './meta.js';

/**
 * Which action of `STAFF_POLICIES` (`domain/case/policies.ts`) each route is, by method and path. A
 * staff member (or a signed-in resident: `RESIDENT_ACTIONS`) reaches a route only as this table says;
 * a route missing here is refused to every one of them (403), whatever its router — the platform
 * administrator alone may call it until it is named. `test/api/access.test.ts` checks every route is.
 */
export const ROUTE_ACTIONS: Readonly<Record<string, StaffAction>> = {
  'POST /units': 'register_unit',
  'GET /units': 'list_units',
  'GET /units/:unitId': 'read_unit',
  'PUT /units/:unitId/flats': 'update_roster',
  'PUT /units/:unitId/community': 'place_unit',
  'POST /units/:unitId/plans': 'publish_plan',
  'GET /units/:unitId/plans': 'read_unit',
  'POST /units/:unitId/proxies': 'record_proxy',
  'POST /units/:unitId/binding-codes': 'issue_binding_codes',
  'POST /units/:unitId/binding-codes/:room': 'issue_binding_codes',
  'DELETE /units/:unitId/binding-codes/:room': 'issue_binding_codes',
  'POST /units/:unitId/group-code': 'issue_group_code',
  'GET /units/:unitId/bindings': 'read_roster',
  'POST /units/:unitId/contacts': 'record_contact_role',
  'POST /units/:unitId/ballots': 'open_ballot',
  'GET /ballots/:id': 'read_unit',
  'GET /ballots/:id/tally': 'read_unit',
  'GET /ballots/:id/record': 'read_unit',
  'GET /ballots/:id/worklist': 'read_roster',
  'POST /units/import': 'register_unit',
  'PUT /units/:unitId/flats/import': 'update_roster',
  'POST /units/:unitId/plans/simulate': 'read_unit',
  'POST /ballots/:id/close': 'close_ballot',
  'POST /ballots/:id/cancellation': 'cancel_ballot',
  'POST /ballots/:id/votes': 'enter_vote',
  'GET /calendar/period-end': 'read_calendar',
  'POST /units/:unitId/agreement': 'sign_agreement',
  'POST /units/:unitId/objections': 'enter_objection',
  'GET /units/:unitId/objections': 'read_unit',
  'POST /units/:unitId/objections/:objectionId/withdrawal': 'enter_objection',
  'POST /units/:unitId/objections/:objectionId/mediations': 'record_mediation',
  'POST /units/:unitId/objections/:objectionId/mediations/:step/withdrawal': 'record_mediation',
  'GET /units/:unitId/clock-settings': 'read_roster',
  'PATCH /units/:unitId/clock-settings': 'change_clock_settings',
  'GET /units/:unitId/alerts': 'read_roster',
  'GET /units/:unitId/timeline': 'read_roster',
  'GET /units/:unitId/timeline/verify': 'read_unit',
  'GET /units/:unitId/milestones': 'read_unit',
  'GET /units/:unitId/application': 'read_unit',
  'POST /units/:unitId/application': 'submit_application',
  'POST /units/:unitId/application/supplement': 'submit_application',
  'POST /units/:unitId/application/incomplete': 'review_application',
  'POST /units/:unitId/application/acceptance': 'review_application',
  'POST /units/:unitId/application/opinions': 'review_application',
  'POST /units/:unitId/application/conclusion': 'review_application',
  'GET /units/:unitId/payments': 'read_roster',
  'POST /units/:unitId/payments': 'record_payment',
  'POST /units/:unitId/payments/:paymentId/cancel': 'record_payment',
  'GET /units/:unitId/documents': 'read_documents',
  'POST /units/:unitId/documents': 'file_document',
  'GET /units/:unitId/documents/:documentId/file': 'read_documents',
  'POST /units/:unitId/documents/:documentId/withdraw': 'file_document',
  'GET /units/:unitId/claims': 'read_roster',
  'POST /units/:unitId/claims': 'record_claim',
  'GET /units/:unitId/elevator': 'read_elevator',
  'PUT /units/:unitId/elevator': 'record_elevator',
  'POST /units/:unitId/elevator/alarm-key': 'record_elevator',
  'POST /units/:unitId/elevator/inspections': 'record_elevator',
  'POST /units/:unitId/elevator/visits': 'log_maintenance',
  'POST /units/:unitId/elevator/visits/confirmation': 'confirm_maintenance',
  'POST /units/:unitId/elevator/alarms/:alarmId/acknowledgement': 'acknowledge_alarm',
  'GET /units/:unitId/running': 'read_running',
  'PUT /units/:unitId/running/key': 'record_running',
  'POST /units/:unitId/running/bills': 'record_running',
  'POST /units/:unitId/running/incomes': 'record_running',
  'POST /units/:unitId/running/payments': 'record_running',
  'GET /units/:unitId/works': 'read_unit',
  'POST /units/:unitId/works/pipeline-relocation': 'record_works',
  'POST /units/:unitId/works/installation-notice': 'record_works',
  'POST /units/:unitId/works/start': 'record_works',
  'POST /units/:unitId/works/completion': 'record_works',
  'POST /units/:unitId/works/inspections': 'record_works',
  'POST /units/:unitId/works/acceptance': 'record_works',
  'POST /units/:unitId/user-unit': 'record_works',
  'POST /units/:unitId/handover': 'record_works',
  'POST /units/:unitId/use-registration': 'record_works',
  'POST /units/:unitId/alerts/:alertId/ack': 'acknowledge_alert',
  'GET /places': 'read_places',
  'POST /places': 'create_place',
  'GET /tokens': 'manage_tokens',
  'POST /tokens': 'manage_tokens',
  'DELETE /tokens/:tokenId': 'manage_tokens',
  'GET /dashboard': 'read_dashboard',
  'GET /me': 'read_self',
  'POST /me/flats': 'bind_flat',
  'DELETE /me/session': 'sign_out',
  'GET /me/reminders': 'allow_reminders',
  'POST /me/reminders': 'allow_reminders',
  'GET /me/costs': 'read_own_costs',
  'POST /ballots/:id/my-vote': 'cast_own_vote',
  'POST /units/:unitId/my-objections': 'file_own_objection',
  // Records to print and file: the staff's work (the named record as the JSON one narrows it).
  'GET /ballots/:id/record.xlsx': 'read_roster',
  'GET /ballots/:id/record.pdf': 'read_roster',
  'POST /units/:unitId/binding-codes.pdf': 'issue_binding_codes',
  'GET /units/:unitId/publicity-notice.pdf': 'read_unit',
  'GET /units/:unitId/roster.xlsx': 'read_roster',
  'GET /units/:unitId/objections/:objectionId/minutes.pdf': 'read_roster',
};

/** What a route's path names, whose scope its guard checks: a unit, a ballot, or neither. */
export type GuardTarget = 'unit' | 'ballot' | 'none';

/** What the guard of one route checks: the action of {@link ROUTE_ACTIONS} (none: staff are refused) and its target. */
export interface RouteGuard {
  readonly action: StaffAction | undefined;
  readonly target: GuardTarget;
}

const GUARD = Symbol('jiati.routeGuard');

/**
 * What a route's guard checks, read from the middleware a router holds (`undefined` for any other):
 * so the OpenAPI document lists the refusals of the guard each route really sits behind — 403
 * `forbidden`, and the 404 of a unit or ballot out of a staff token's scope.
 */
export function routeGuard(middleware: unknown): RouteGuard | undefined {
  return typeof middleware === 'function' ? (middleware as { [GUARD]?: RouteGuard })[GUARD] : undefined;
}

/** What a route's path names: a unit (`:unitId`), a ballot (`/ballots/:id`), or neither. */
function targetOf(path: string): GuardTarget {
  if (path.includes('/:unitId')) return 'unit';
  if (path.startsWith('/ballots/:id')) return 'ballot';
  return 'none';
}

/**
 * The guard of one route, run before its handler. For a staff member or a resident: first the scope — the unit the
 * path names (directly, or through its ballot) must lie in theirs, else it is answered as one that
 * does not exist (`requireUnitInScope`) — then the action their role must allow (`forbidden`, 403).
 * So a 403 is only ever said about a unit the caller may see. The administrator passes.
 */
function guard(commands: CommandContext, key: string, path: string): Middleware {
  const action = ROUTE_ACTIONS[key];
  const target = targetOf(path);
  const middleware: Middleware = async (ctx, next) => {
    const actor = actorOf(ctx);
    if (!isPlatformAdmin(actor)) {
      if (action === undefined) {
        throw new DomainError('forbidden', `${key} is not open to staff or residents.`, { route: key });
      }
      const params = (ctx as { params?: Record<string, string> }).params ?? {};
      if (target === 'unit') await requireUnitInScope(commands, actor, params.unitId ?? '');
      if (target === 'ballot') await requireBallotInScope(commands, actor, params.id ?? '');
      requireAction(action, actor);
    }
    await next();
  };
  return Object.assign(middleware, { [GUARD]: { action, target } satisfies RouteGuard });
}

/**
 * Puts the guard in front of every route of `routers` (before its `validate`, which stays last), so
 * no route of `/api/v1` is reached but as {@link ROUTE_ACTIONS} says. Returns the routers.
 */
export function guardRoutes(commands: CommandContext, routers: readonly Router[]): Router[] {
  for (const router of routers) {
    for (const layer of router.stack) {
      const method = layer.methods.find((name) => name !== 'HEAD');
      if (method === undefined) continue;
      const key = `${method} ${String(layer.path)}`;
      layer.stack.unshift(guard(commands, key, String(layer.path)));
    }
  }
  return [...routers];
}
