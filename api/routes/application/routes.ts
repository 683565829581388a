import type Router from '@koa/router';
import {
  acceptApplication,
  concludeJointReview,
  notifyIncompleteMaterials,
  recordReviewOpinion,
  submitApplication,
  supplementMaterials,
  type ApplicationStepResult,
} from '../../../commands/application.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import { checklistStatus, type CaseState, type Checklists } from '../../../domain/case/index.js';
import type { ErrorCode } from '../../../domain/errors.js';
import type { ZodType, z } from 'zod';
import { validate } from '../../middleware/validate.js';
import { lifecycleStepRoute } from '../lifecycle-route.js';
import { createRouter } from '../../router.js';
import type { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  AcceptApplicationBody,
  ApplicationStepView,
  ApplicationView,
  ConcludeReviewBody,
  IncompleteMaterialsBody,
  ReviewOpinionBody,
  SubmitApplicationBody,
  SupplementMaterialsBody,
} from './schema.js';

/** The application, the last review's conclusion and how the materials' checklist stands. */
function presentApplication(unitId: string, state: CaseState, checklists: Checklists) {
  const { application, jointReview } = state;
  return {
    unitId,
    stage: state.stage,
    checklist: checklistStatus(state, checklists, 'application'),
    ...(application === undefined
      ? {}
      : {
          application: {
            ...application,
            materials: [...application.materials],
            outstanding: [...application.outstanding],
            departments: [...application.departments],
            opinions: application.opinions.map((opinion) => ({
              ...opinion,
              conditions: [...opinion.conditions],
              reasons: [...opinion.reasons],
            })),
          },
        }),
    ...(jointReview === undefined
      ? {}
      : {
          jointReview: {
            ...jointReview,
            reasons: [...jointReview.reasons],
            conditions: [...jointReview.conditions],
          },
        }),
  };
}

/**
 * The application and its joint review (domain.md §4): `GET /units/:unitId/application`, and each
 * step as it happens — submitted (`POST …/application`, by the committee or the applicant
 * representative, after publicity and every effective objection), missing materials notified once
 * (`…/incomplete`) and supplied (`…/supplement`), accepted with the departments convened
 * (`…/acceptance`; the review is due 10 working days on), each department's opinion (`…/opinions`)
 * and the conclusion (`…/conclusion`), recorded by the district. Each answers 201 with the
 * application as it now stands.
 */
export function applicationRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/application',
    validate(
      {
        summary: 'The unit’s application and its joint review, as they stand',
        params: UnitParams,
        responses: { 200: ApplicationView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const { state } = await readUnit(commands, params.unitId);
        ctx.body = presentApplication(params.unitId, state, commands.settings.checklists);
      },
    ),
  );

  const post = <B extends ZodType>(
    path: string,
    summary: string,
    body: B,
    errors: readonly ErrorCode[],
    run: (
      unitId: string,
      body: z.output<B>,
      meta: ReturnType<typeof apiMeta>,
    ) => Promise<ApplicationStepResult>,
  ) =>
    lifecycleStepRoute(router, commands, {
      path,
      summary,
      body,
      view: ApplicationStepView,
      errors: ['application_not_submitted', ...errors],
      present: (unitId, state) => presentApplication(unitId, state, commands.settings.checklists),
      run,
    });

  post(
    '/units/:unitId/application',
    'Submit the application to the district housing authority, after publicity and every objection',
    SubmitApplicationBody,
    ['publicity_not_over', 'effective_objection_open', 'application_already_submitted'],
    (unitId, body, meta) => submitApplication(commands, { unitId, ...body }, meta),
  );
  post(
    '/units/:unitId/application/incomplete',
    'Notify, once, every material the application still lacks (一次性告知补正)',
    IncompleteMaterialsBody,
    ['already_notified'],
    (unitId, body, meta) => notifyIncompleteMaterials(commands, { unitId, ...body }, meta),
  );
  post(
    '/units/:unitId/application/supplement',
    'Supply materials the notice listed',
    SupplementMaterialsBody,
    [],
    (unitId, body, meta) => supplementMaterials(commands, { unitId, ...body }, meta),
  );
  post(
    '/units/:unitId/application/acceptance',
    'Accept the application and convene the joint review (due 10 working days on)',
    AcceptApplicationBody,
    ['materials_incomplete'],
    (unitId, body, meta) => acceptApplication(commands, { unitId, ...body }, meta),
  );
  post(
    '/units/:unitId/application/opinions',
    'Record one convened department’s written opinion',
    ReviewOpinionBody,
    ['department_not_convened', 'opinion_already_recorded', 'reasons_required'],
    (unitId, body, meta) => recordReviewOpinion(commands, { unitId, ...body }, meta),
  );
  post(
    '/units/:unitId/application/conclusion',
    'Conclude the joint review: approved, or rejected with reasons',
    ConcludeReviewBody,
    ['review_opinions_missing', 'review_opinion_against', 'reasons_required'],
    (unitId, body, meta) => concludeJointReview(commands, { unitId, ...body }, meta),
  );

  return router;
}
