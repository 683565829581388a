import type Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { issueGroupCode } from '../../../commands/bind-group.js';
import { listUnits } from '../../../commands/list-units.js';
import type { UnitListingDoc } from '../../../models/unit-list.js';
import { listBindings, revokeBindingCode } from '../../../commands/bindings.js';
import { issueBindingCodes, reissueRoomCode } from '../../../commands/issue-binding-codes.js';
import { recordProxy } from '../../../commands/confirm-proxy.js';
import { publishPlan } from '../../../commands/publish-plan.js';
import { readUnit, type UnitCase } from '../../../commands/read-case.js';
import { recordContactRole } from '../../../commands/record-contact-role.js';
import { placeUnit } from '../../../commands/place-unit.js';
import { registerUnitAs } from '../../../commands/scope.js';
import { updateRoster } from '../../../commands/update-roster.js';
import { validate } from '../../middleware/validate.js';
import { presentBindingCode, presentBindingCodes } from '../../presenters/binding-codes.js';
import { presentPlan } from '../../presenters/plan.js';
import { presentUnit, presentUnitListing } from '../../presenters/unit.js';
import { actorOf, apiMeta, personalDataOf } from '../meta.js';
import { byNumber, decodeCursor, pageFrom, PageQuery, pageOf, presentPage } from '../../pagination.js';
import {
  BindingsList,
  byRoom,
  PlaceUnitBody,
  PlansList,
  PublishPlanBody,
  RecordContactRoleBody,
  RecordProxyBody,
  RegisterUnitBody,
  UnitParams,
  UnitRoomParams,
  UnitsList,
  UpdateRosterBody,
} from './schema.js';
import { createRouter } from '../../router.js';

/**
 * `POST /units` (register a unit, in a community: 201), `GET /units` (a page of the units the caller
 * may reach), `GET /units/:unitId` (the presented case),
 * `PUT /units/:unitId/community` (place the unit in a community: 200),
 * `PUT /units/:unitId/flats` (the roster corrected or changed: 200; open ballots keep theirs),
 * `POST /units/:unitId/plans` (publish a draft plan: 201), `POST /units/:unitId/binding-codes` (one
 * household binding code per flat, revoking earlier ones: 201).
 */
/** A unit as the caller may see it: its personal data narrowed to their view (`personalDataOf`). */
export async function presentUnitTo(ctx: Context, commands: CommandContext, unit: UnitCase) {
  return presentUnit(unit, await personalDataOf(ctx, commands, unit.unitId, unit.state));
}

export function unitRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/units',
    validate({ body: RegisterUnitBody }, async (ctx, { body }) => {
      const unit = await registerUnitAs(commands, actorOf(ctx), body, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.set('Location', `/api/v1/units/${unit.unitId}`);
      ctx.body = await presentUnitTo(ctx, commands, unit);
    }),
  );

  // The units the caller may reach, in the order registered.
  router.get(
    '/units',
    validate({ query: PageQuery }, async (ctx, { query }) => {
      const after = decodeCursor(UnitsList, '', query.cursor);
      const read = await listUnits(
        commands,
        actorOf(ctx),
        after === undefined ? undefined : { registeredAt: new Date(after[0]), unitId: after[1] },
        query.limit + 1,
      );
      const keyOf = (unit: UnitListingDoc): [string, string] => [unit.registeredAt.toISOString(), unit._id];
      ctx.body = presentPage(pageFrom(UnitsList, '', read, keyOf, query.limit), presentUnitListing);
    }),
  );

  router.get(
    '/units/:unitId',
    validate({ params: UnitParams }, async (ctx, { params }) => {
      ctx.body = await presentUnitTo(ctx, commands, await readUnit(commands, params.unitId));
    }),
  );

  // The community the unit belongs to: a unit registered before places existed, or a placement corrected.
  router.put(
    '/units/:unitId/community',
    validate({ params: UnitParams, body: PlaceUnitBody }, async (ctx, { params, body }) => {
      const placed = await placeUnit(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands));
      ctx.body = { ...(await presentUnitTo(ctx, commands, placed)), placed: placed.placed };
    }),
  );

  // The roster after registration: a correction or an ownership change, as one new event.
  router.put(
    '/units/:unitId/flats',
    validate({ params: UnitParams, body: UpdateRosterBody }, async (ctx, { params, body }) => {
      const updated = await updateRoster(
        commands,
        { unitId: params.unitId, ...body },
        apiMeta(ctx, commands),
      );
      ctx.body = {
        ...(await presentUnitTo(ctx, commands, updated)),
        rosterUpdate: {
          updated: updated.event !== undefined,
          added: [...updated.changes.added],
          removed: [...updated.changes.removed],
          changed: [...updated.changes.changed],
          openBallotIds: [...updated.openBallotIds],
        },
      };
    }),
  );

  router.post(
    '/units/:unitId/plans',
    validate({ params: UnitParams, body: PublishPlanBody }, async (ctx, { params, body }) => {
      const published = await publishPlan(
        commands,
        { unitId: params.unitId, ...body },
        apiMeta(ctx, commands),
      );
      ctx.status = 201;
      ctx.set('Location', `/api/v1/units/${params.unitId}/plans`);
      ctx.body = await presentUnitTo(ctx, commands, { unitId: params.unitId, ...published });
    }),
  );

  // Every published version, oldest first, with its cost plan and per-household shares (item 9).
  router.get(
    '/units/:unitId/plans',
    validate({ params: UnitParams, query: PageQuery }, async (ctx, { params, query }) => {
      const unit = await readUnit(commands, params.unitId);
      const page = pageOf(PlansList, unit.unitId, unit.state.plans, (p) => [p.version], byNumber, query);
      ctx.body = presentPage(page, (plan) => presentPlan(plan, { shares: true }));
    }),
  );

  // The committee records a flat's proxy from a signed power of attorney (item 2).
  router.post(
    '/units/:unitId/proxies',
    validate({ params: UnitParams, body: RecordProxyBody }, async (ctx, { params, body }) => {
      const { recorded } = await recordProxy(
        commands,
        { unitId: params.unitId, ...body },
        apiMeta(ctx, commands),
      );
      ctx.status = recorded ? 201 : 200;
      ctx.body = { unitId: params.unitId, room: body.room, contactId: body.contactId, recorded };
    }),
  );

  router.post(
    '/units/:unitId/binding-codes',
    validate({ params: UnitParams }, async (ctx, { params }) => {
      const issued = await issueBindingCodes(commands, { unitId: params.unitId }, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.body = presentBindingCodes(issued);
    }),
  );

  // Group binding (`绑定单元 <code>`) and who is bound to which flat.
  router.post(
    '/units/:unitId/group-code',
    validate({ params: UnitParams }, async (ctx, { params }) => {
      const issued = await issueGroupCode(commands, { unitId: params.unitId }, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.body = { code: issued.code };
    }),
  );

  router.get(
    '/units/:unitId/bindings',
    validate({ params: UnitParams, query: PageQuery }, async (ctx, { params, query }) => {
      const { flats } = await listBindings(commands, { unitId: params.unitId });
      const byRooms = [...flats].sort((a, b) => byRoom([a.room], [b.room]));
      ctx.body = presentPage(
        pageOf(BindingsList, params.unitId, byRooms, (f) => [f.room], byRoom, query),
        (f) => f,
      );
    }),
  );

  // A new code for one flat (a slip lost, said in the open, or for a second owner): the old one is void.
  router.post(
    '/units/:unitId/binding-codes/:room',
    validate({ params: UnitRoomParams }, async (ctx, { params }) => {
      const issued = await reissueRoomCode(commands, params, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.body = presentBindingCode(issued);
    }),
  );

  router.delete(
    '/units/:unitId/binding-codes/:room',
    validate({ params: UnitRoomParams }, async (ctx, { params }) => {
      ctx.body = await revokeBindingCode(commands, params, apiMeta(ctx, commands));
    }),
  );

  // A committee member's or the applicant representative's contact, so the bot knows their role (item 9).
  router.post(
    '/units/:unitId/contacts',
    validate({ params: UnitParams, body: RecordContactRoleBody }, async (ctx, { params, body }) => {
      const { recorded } = await recordContactRole(
        commands,
        { unitId: params.unitId, ...body },
        apiMeta(ctx, commands),
      );
      ctx.status = 201;
      ctx.body = { unitId: params.unitId, contactId: body.contactId, role: body.role, recorded };
    }),
  );

  return router;
}
