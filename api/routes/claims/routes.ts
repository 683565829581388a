import type Router from '@koa/router';
import { recordFundClaim, unitClaims } from '../../../commands/claims.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import { ClaimStepView, RecordClaimBody, UnitClaimsView } from './schema.js';

/**
 * The money claimed after the works (domain.md §6; HZ-2021 item 18): `GET /units/:unitId/claims`, the
 * project's subsidy against the plan's and each household's provident-fund withdrawal, with what each
 * needs (staff work: it names each flat's claim); `POST …/claims`, one step of a claim as it happens.
 * A resident sees their own flat's in `GET /me/costs`.
 */
export function claimRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/claims',
    validate(
      {
        summary: 'The subsidy claim and each household’s provident-fund withdrawal, with their checklists',
        params: UnitParams,
        responses: { 200: UnitClaimsView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await unitClaims(commands, params.unitId);
      },
    ),
  );

  router.post(
    '/units/:unitId/claims',
    validate(
      {
        summary: 'Record a step of the subsidy claim or of a household’s provident-fund withdrawal',
        params: UnitParams,
        body: RecordClaimBody,
        responses: { 201: ClaimStepView },
        errors: [
          'unit_not_registered',
          'agreement_not_signed',
          'no_agreed_cost',
          'unknown_room',
          'completion_not_accepted',
          'claim_status_invalid',
          'claim_exceeds_share',
          'reasons_required',
          'invalid_date',
        ],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = await recordFundClaim(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
      },
    ),
  );

  return router;
}
