import type Router from '@koa/router';
import type { Context } from 'koa';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import { castMyVote, fileMyObjection } from '../../../commands/resident-actions.js';
import { allowReminders, remindersOf } from '../../../commands/reminders.js';
import { bindMyFlat, signOut } from '../../../commands/resident-sessions.js';
import { receiptCode } from '../../../messages/chat.js';
import { validationError } from '../../middleware/errors.js';
import { presentObjection } from '../../presenters/objection.js';
import { presentCount } from '../../presenters/tally.js';
import { BallotParams } from '../ballots/schema.js';
import { UnitParams } from '../units/schema.js';
import {
  IdempotencyKey,
  MyObjectionBody,
  MyVoteBody,
  MyObjectionView,
  MyVoteView,
  ReminderConsentBody,
  RemindersView,
  SelfView,
} from './schema.js';
import type { Actor } from '../../../domain/case/index.js';
import { validate } from '../../middleware/validate.js';
import { NoContent } from '../../openapi/registry.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta, personalDataOf } from '../meta.js';
import { BindingCodeBody, FlatBoundView } from '../sessions/schema.js';

/** The bearer secret of this request (the auth middleware accepted it). */
function bearerOf(ctx: Context): string {
  return /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
}

/**
 * Who the caller is signed in as. A resident: their flats (room, unit name and stage — what the
 * mini-program's home page lists); a staff member: their role, scope and token id; the administrator:
 * the platform.
 */
async function presentMe(commands: CommandContext, actor: Actor) {
  if (actor.scope.kind !== 'flats') {
    return {
      kind: actor.kind,
      ...(actor.kind === 'admin' ? {} : { tokenId: actor.id }),
      roles: [...actor.roles],
      scope: { ...actor.scope },
    };
  }
  const flats = [];
  for (const flat of actor.scope.flats) {
    const { state } = await readUnit(commands, flat.unitId);
    flats.push({
      unitId: flat.unitId,
      room: flat.room,
      ...(state.unit?.name === undefined ? {} : { unitName: state.unit.name }),
      stage: state.stage,
    });
  }
  return { kind: actor.kind, roles: [], flats };
}

/**
 * The caller's own: `GET /me` (who they are signed in as), `POST /me/flats` (a resident binds a flat
 * with its slip's code: 201 with the flat, or 202 while it waits for the owners' confirmation),
 * `DELETE /me/session` (a resident signs out: 204), and a resident's own vote and objection from the
 * mini-program: `POST /ballots/:id/my-vote` (201 with a receipt per flat; 200 for the same
 * `Idempotency-Key` again) and `POST /units/:unitId/my-objections` (201 with its reference).
 */
export function meRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/me',
    validate(
      {
        summary: 'Who the caller is signed in as: a resident’s flats, or a staff member’s role and scope',
        responses: { 200: SelfView },
        errors: [],
      },
      async (ctx) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await presentMe(commands, actorOf(ctx));
      },
    ),
  );

  router.post(
    '/me/flats',
    validate(
      {
        summary: 'A signed-in resident binds a flat with the code on its slip',
        body: BindingCodeBody,
        responses: { 201: FlatBoundView, 202: FlatBoundView },
        errors: ['forbidden', 'binding_code_wrong', 'binding_locked', 'binding_code_void'],
      },
      async (ctx, { body }) => {
        const { now } = apiMeta(ctx, commands, 'miniprogram');
        const bound = await bindMyFlat(commands, actorOf(ctx), body.code, now);
        ctx.status = bound.pending ? 202 : 201;
        ctx.body = {
          unitId: bound.unitId,
          room: bound.room,
          role: bound.role,
          pending: bound.pending,
          fresh: bound.fresh,
          mayVote: bound.mayVote,
        };
      },
    ),
  );

  router.get(
    '/me/reminders',
    validate(
      {
        summary:
          'A resident’s reminders in the mini-program: the template to ask for each, and how many may still come',
        responses: { 200: RemindersView },
        errors: [],
      },
      async (ctx) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { reminders: await remindersOf(commands, actorOf(ctx).id) };
      },
    ),
  );

  router.post(
    '/me/reminders',
    validate(
      {
        summary: 'A resident allowed reminders in wx.requestSubscribeMessage: one more of each accepted',
        body: ReminderConsentBody,
        responses: { 200: RemindersView },
        errors: [],
      },
      async (ctx, { body }) => {
        const { now } = apiMeta(ctx, commands, 'miniprogram');
        ctx.body = { reminders: await allowReminders(commands, actorOf(ctx).id, body.results, now) };
      },
    ),
  );

  router.delete(
    '/me/session',
    validate(
      {
        summary: 'A resident signs out: the session signs no one in from the next request on',
        responses: { 204: NoContent },
        errors: [],
      },
      async (ctx) => {
        await signOut(commands, bearerOf(ctx), commands.clock.now());
        ctx.status = 204;
      },
    ),
  );

  router.post(
    '/ballots/:id/my-vote',
    validate(
      {
        summary:
          'A resident votes for each flat they hold in the ballot’s unit (an Idempotency-Key makes a retry the same vote)',
        params: BallotParams,
        body: MyVoteBody,
        responses: { 201: MyVoteView, 200: MyVoteView },
        errors: ['forbidden', 'ballot_not_found', 'ballot_closed', 'binding_pending'],
      },
      async (ctx, { params, body }) => {
        const key = IdempotencyKey.safeParse(ctx.get('idempotency-key') || undefined);
        if (!key.success) throw validationError(key.error, 'body');
        const voted = await castMyVote(
          commands,
          actorOf(ctx),
          { ballotId: params.id, choice: body.choice, ...(key.data === undefined ? {} : { key: key.data }) },
          commands.clock.now(),
        );
        if (voted.kind === 'duplicate') {
          ctx.body = { ballotId: params.id, duplicate: true, votes: [] };
          return;
        }
        ctx.status = 201;
        ctx.body = {
          ballotId: params.id,
          duplicate: false,
          choice: voted.choice,
          votes: voted.votes.map((vote) => ({
            room: vote.room,
            counts: vote.counts ?? null,
            changed: vote.changed,
            asProxy: vote.asProxy,
            conflict: vote.conflict !== undefined,
            receipt: {
              code: receiptCode(vote.event.hash),
              seq: vote.event.seq,
              hash: vote.event.hash,
              at: vote.event.at.toISOString(),
            },
          })),
          tally: {
            agree: presentCount(voted.tally.agree),
            participating: presentCount(voted.tally.participating),
          },
        };
      },
    ),
  );

  router.post(
    '/units/:unitId/my-objections',
    validate(
      {
        summary: 'A resident files their own objection, named and in writing, for one of their flats',
        params: UnitParams,
        body: MyObjectionBody,
        responses: { 201: MyObjectionView },
        errors: ['forbidden', 'unit_not_registered'],
      },
      async (ctx, { params, body }) => {
        const filed = await fileMyObjection(
          commands,
          actorOf(ctx),
          { unitId: params.unitId, ...body },
          commands.clock.now(),
        );
        ctx.status = 201;
        const view = await personalDataOf(ctx, commands, params.unitId, filed.state);
        ctx.body = { unitId: params.unitId, ...presentObjection(filed.objection, view) };
      },
    ),
  );

  return router;
}
