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
import { presentRosterUpdate } from '../../presenters/roster-update.js';
import { presentUnit, presentUnitListing } from '../../presenters/unit.js';
import { actorOf, apiMeta, personalDataOf } from '../meta.js';
import { byNumber, decodeCursor, pageFrom, PageQuery, pageOf, presentPage } from '../../pagination.js';
import {
  BindingCodesView,
  BindingCodeView,
  BindingsView,
  CodesRevokedView,
  ContactRecordedView,
  GroupCodeView,
  BindingsList,
  byRoom,
  PlaceUnitBody,
  PlansList,
  PlansView,
  ProxyRecordedView,
  PublishPlanBody,
  RecordContactRoleBody,
  RecordProxyBody,
  RegisterUnitBody,
  RosterUpdatedView,
  UnitParams,
  UnitPlacedView,
  UnitRoomParams,
  UnitView,
  UnitListingsView,
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
    validate(
      {
        summary: 'Register a unit and its flats (the roster)',
        body: RegisterUnitBody,
        responses: { 201: UnitView },
        errors: ['empty_roster', 'duplicate_room', 'place_not_found', 'wrong_place_kind'],
      },
      async (ctx, { body }) => {
        const unit = await registerUnitAs(commands, actorOf(ctx), body, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.set('Location', `/api/v1/units/${unit.unitId}`);
        ctx.body = await presentUnitTo(ctx, commands, unit);
      },
    ),
  );

  // The units the caller may reach, in the order registered.
  router.get(
    '/units',
    validate(
      {
        summary: 'The units the caller may reach, in the order registered, a page at a time',
        query: PageQuery,
        responses: { 200: UnitListingsView },
        errors: [],
      },
      async (ctx, { query }) => {
        const after = decodeCursor(UnitsList, '', query.cursor);
        const read = await listUnits(
          commands,
          actorOf(ctx),
          after === undefined ? undefined : { registeredAt: new Date(after[0]), unitId: after[1] },
          query.limit + 1,
        );
        const keyOf = (unit: UnitListingDoc): [string, string] => [unit.registeredAt.toISOString(), unit._id];
        ctx.body = presentPage(pageFrom(UnitsList, '', read, keyOf, query.limit), presentUnitListing);
      },
    ),
  );

  router.get(
    '/units/:unitId',
    validate(
      {
        summary: 'A unit: its flats, stage, plan in force and ballots',
        params: UnitParams,
        responses: { 200: UnitView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.body = await presentUnitTo(ctx, commands, await readUnit(commands, params.unitId));
      },
    ),
  );

  // The community the unit belongs to: a unit registered before places existed, or a placement corrected.
  router.put(
    '/units/:unitId/community',
    validate(
      {
        summary: 'Place the unit in a community (or correct its placement)',
        params: UnitParams,
        body: PlaceUnitBody,
        responses: { 200: UnitPlacedView },
        errors: ['unit_not_registered', 'place_not_found', 'wrong_place_kind'],
      },
      async (ctx, { params, body }) => {
        const placed = await placeUnit(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands));
        ctx.body = { ...(await presentUnitTo(ctx, commands, placed)), placed: placed.placed };
      },
    ),
  );

  // The roster after registration: a correction or an ownership change, as one new event.
  router.put(
    '/units/:unitId/flats',
    validate(
      {
        summary: 'Correct or change the roster (open ballots keep the one they froze)',
        params: UnitParams,
        body: UpdateRosterBody,
        responses: { 200: RosterUpdatedView },
        errors: ['unit_not_registered', 'empty_roster', 'duplicate_room'],
      },
      async (ctx, { params, body }) => {
        const updated = await updateRoster(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.body = {
          ...(await presentUnitTo(ctx, commands, updated)),
          rosterUpdate: presentRosterUpdate(updated),
        };
      },
    ),
  );

  router.post(
    '/units/:unitId/plans',
    validate(
      {
        summary: 'Publish a plan version, with its cost plan',
        params: UnitParams,
        body: PublishPlanBody,
        responses: { 201: UnitView },
        errors: [
          'unit_not_registered',
          'wrong_stage',
          'plan_version_not_newer',
          'no_contributors',
          'explicit_shares_do_not_sum',
          'subsidy_exceeds_cost',
          'compensation_over_cap',
          'unknown_room',
        ],
      },
      async (ctx, { params, body }) => {
        const published = await publishPlan(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.status = 201;
        ctx.set('Location', `/api/v1/units/${params.unitId}/plans`);
        ctx.body = await presentUnitTo(ctx, commands, { unitId: params.unitId, ...published });
      },
    ),
  );

  // Every published version, oldest first, with its cost plan and per-household shares (item 9).
  router.get(
    '/units/:unitId/plans',
    validate(
      {
        summary: 'The published plan versions, oldest first, with each flat’s share, a page at a time',
        params: UnitParams,
        query: PageQuery,
        responses: { 200: PlansView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, query }) => {
        const unit = await readUnit(commands, params.unitId);
        const page = pageOf(PlansList, unit.unitId, unit.state.plans, (p) => [p.version], byNumber, query);
        ctx.body = presentPage(page, (plan) => presentPlan(plan, { shares: true }));
      },
    ),
  );

  // The committee records a flat's proxy from a signed power of attorney (item 2).
  router.post(
    '/units/:unitId/proxies',
    validate(
      {
        summary: 'Record a flat’s proxy from a signed power of attorney',
        params: UnitParams,
        body: RecordProxyBody,
        responses: { 201: ProxyRecordedView, 200: ProxyRecordedView },
        errors: ['unit_not_registered', 'unknown_room'],
      },
      async (ctx, { params, body }) => {
        const { recorded } = await recordProxy(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.status = recorded ? 201 : 200;
        ctx.body = { unitId: params.unitId, room: body.room, contactId: body.contactId, recorded };
      },
    ),
  );

  router.post(
    '/units/:unitId/binding-codes',
    validate(
      {
        summary: 'Issue one household binding code per flat (earlier unspent codes are void)',
        params: UnitParams,
        responses: { 201: BindingCodesView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const issued = await issueBindingCodes(commands, { unitId: params.unitId }, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = presentBindingCodes(issued);
      },
    ),
  );

  // Group binding (`绑定单元 <code>`) and who is bound to which flat.
  router.post(
    '/units/:unitId/group-code',
    validate(
      {
        summary: 'Issue the code that binds the unit’s WeChat group',
        params: UnitParams,
        responses: { 201: GroupCodeView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const issued = await issueGroupCode(commands, { unitId: params.unitId }, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = { code: issued.code };
      },
    ),
  );

  router.get(
    '/units/:unitId/bindings',
    validate(
      {
        summary: 'Who is bound to which flat, by room, a page at a time',
        params: UnitParams,
        query: PageQuery,
        responses: { 200: BindingsView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, query }) => {
        const { flats } = await listBindings(commands, { unitId: params.unitId });
        const byRooms = [...flats].sort((a, b) => byRoom([a.room], [b.room]));
        ctx.body = presentPage(
          pageOf(BindingsList, params.unitId, byRooms, (f) => [f.room], byRoom, query),
          (f) => f,
        );
      },
    ),
  );

  // A new code for one flat (a slip lost, said in the open, or for a second owner): the old one is void.
  router.post(
    '/units/:unitId/binding-codes/:room',
    validate(
      {
        summary: 'A new binding code for one flat (its earlier codes are void)',
        params: UnitRoomParams,
        responses: { 201: BindingCodeView },
        errors: ['unit_not_registered', 'unknown_room'],
      },
      async (ctx, { params }) => {
        const issued = await reissueRoomCode(commands, params, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = presentBindingCode(issued);
      },
    ),
  );

  router.delete(
    '/units/:unitId/binding-codes/:room',
    validate(
      {
        summary: 'Revoke a flat’s unspent binding codes',
        params: UnitRoomParams,
        responses: { 200: CodesRevokedView },
        errors: ['unit_not_registered', 'unknown_room', 'not_found'],
      },
      async (ctx, { params }) => {
        ctx.body = await revokeBindingCode(commands, params, apiMeta(ctx, commands));
      },
    ),
  );

  // A committee member's or the applicant representative's contact, so the bot knows their role (item 9).
  router.post(
    '/units/:unitId/contacts',
    validate(
      {
        summary: 'Record the role of a committee member’s or representative’s chat contact',
        params: UnitParams,
        body: RecordContactRoleBody,
        responses: { 201: ContactRecordedView },
        errors: ['unit_not_registered', 'unknown_contact'],
      },
      async (ctx, { params, body }) => {
        const { recorded } = await recordContactRole(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.status = 201;
        ctx.body = { unitId: params.unitId, contactId: body.contactId, role: body.role, recorded };
      },
    ),
  );

  return router;
}
