import Router from '@koa/router';
import type { CommandContext } from '../../../commands/context.js';
import { issueBindingCodes } from '../../../commands/issue-binding-codes.js';
import { publishPlan } from '../../../commands/publish-plan.js';
import { readUnit } from '../../../commands/read-case.js';
import { registerUnit } from '../../../commands/register-unit.js';
import { validate } from '../../middleware/validate.js';
import { presentBindingCodes } from '../../presenters/binding-codes.js';
import { presentUnit } from '../../presenters/unit.js';
import { apiMeta } from '../meta.js';
import { PublishPlanBody, RegisterUnitBody, UnitParams } from './schema.js';

/**
 * `POST /units` (register a unit: 201), `GET /units/:unitId` (the presented case) and
 * `POST /units/:unitId/plans` (publish a draft plan: 201), `POST /units/:unitId/binding-codes` (one
 * household binding code per flat, revoking earlier ones: 201).
 */
export function unitRoutes(commands: CommandContext): Router {
  const router = new Router();

  router.post(
    '/units',
    validate({ body: RegisterUnitBody }, async (ctx, { body }) => {
      const unit = await registerUnit(commands, body, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.set('Location', `/api/v1/units/${unit.unitId}`);
      ctx.body = presentUnit(unit);
    }),
  );

  router.get(
    '/units/:unitId',
    validate({ params: UnitParams }, async (ctx, { params }) => {
      ctx.body = presentUnit(await readUnit(commands, params.unitId));
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
      ctx.body = presentUnit({ unitId: params.unitId, ...published });
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

  return router;
}
