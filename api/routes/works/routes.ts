import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import {
  acceptCompletion,
  completeConstruction,
  handOver,
  nameUserUnit,
  notifyInstallation,
  recordPipelineRelocation,
  recordSupervisionInspection,
  registerUse,
  startConstruction,
} from '../../../commands/works.js';
import type { CaseState } from '../../../domain/case/index.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import type { ZodType } from 'zod';
import { lifecycleStepRoute, type LifecycleStepSpec } from '../lifecycle-route.js';
import { personalDataOf } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  AcceptanceBody,
  CompletionBody,
  HandoverBody,
  InspectionBody,
  InstallationNoticeBody,
  PipelineRelocationBody,
  StartBody,
  UseRegistrationBody,
  UserUnitBody,
  WorksStepView,
  WorksView,
} from './schema.js';

/**
 * The works, the 使用单位, handover and use registration as the case keeps them. The 使用单位's name
 * when it is a company, or when `names` (a person the owners named is named only to whoever sees
 * names); its contact never.
 */
function presentWorks(unitId: string, state: CaseState, names = false) {
  const { works, userUnit, service } = state;
  return {
    unitId,
    stage: state.stage,
    works: {
      ...works,
      pipelineRelocations: works.pipelineRelocations.map((r) => ({
        completedOn: r.completedOn,
        utilities: [...r.utilities],
      })),
      inspections: works.inspections.map((i) => ({ ...i, defects: [...i.defects] })),
    },
    ...(userUnit === undefined
      ? {}
      : {
          userUnit: {
            ...(userUnit.kind === 'entrusted_manager' || names ? { name: userUnit.name } : {}),
            kind: userUnit.kind,
            namedOn: userUnit.namedOn,
          },
        }),
    ...(service === undefined ? {} : { service: { ...service, documents: [...service.documents] } }),
  };
}

/**
 * From pipeline relocation to use registration (domain.md §5), recorded by the committee or the
 * applicant representative as each happens: `POST /units/:unitId/works/pipeline-relocation`,
 * `…/works/installation-notice` (no work before it), `…/works/start`, `…/works/completion`,
 * `…/works/inspections` (a passed one before acceptance and handover), `…/works/acceptance`,
 * `…/user-unit` (named before handover), `…/handover` (use registration due 30 days on) and
 * `…/use-registration`; each 201 with the works as they now stand and told to the group in one line.
 * `GET /units/:unitId/works` shows them.
 */
export function worksRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/works',
    validate(
      {
        summary: 'The unit’s works, 使用单位, handover and use registration, as they stand',
        params: UnitParams,
        responses: { 200: WorksView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const { state } = await readUnit(commands, params.unitId);
        const view = await personalDataOf(ctx, commands, params.unitId, state);
        ctx.body = presentWorks(params.unitId, state, view.names);
      },
    ),
  );

  const step = <B extends ZodType>(spec: Omit<LifecycleStepSpec<B>, 'view' | 'present'>) =>
    lifecycleStepRoute(router, commands, {
      ...spec,
      view: WorksStepView,
      present: (unitId: string, state: CaseState) => presentWorks(unitId, state),
    });

  step({
    path: '/units/:unitId/works/pipeline-relocation',
    summary: 'Record the pipeline relocation done (or that none was needed)',
    body: PipelineRelocationBody,
    errors: [],
    run: (unitId, body, meta) => recordPipelineRelocation(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/works/installation-notice',
    summary: 'Record the installer’s written notice to market supervision (no work before it)',
    body: InstallationNoticeBody,
    errors: ['pipeline_relocation_not_recorded'],
    run: (unitId, body, meta) => notifyInstallation(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/works/start',
    summary: 'Record the start of construction',
    body: StartBody,
    errors: ['installation_not_notified'],
    run: (unitId, body, meta) => startConstruction(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/works/completion',
    summary: 'Record the end of construction; supervision inspection follows',
    body: CompletionBody,
    errors: [],
    run: (unitId, body, meta) => completeConstruction(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/works/inspections',
    summary: 'Record a supervision inspection’s result',
    body: InspectionBody,
    errors: [],
    run: (unitId, body, meta) => recordSupervisionInspection(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/works/acceptance',
    summary: 'Record completion acceptance, after a passed supervision inspection',
    body: AcceptanceBody,
    errors: ['supervision_inspection_not_passed'],
    run: (unitId, body, meta) => acceptCompletion(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/user-unit',
    summary: 'Name the elevator’s 使用单位 (before handover)',
    body: UserUnitBody,
    errors: [],
    run: (unitId, body, meta) => nameUserUnit(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/handover',
    summary: 'Record the handover: the elevator enters use; registration due 30 days on',
    body: HandoverBody,
    errors: ['supervision_inspection_not_passed', 'completion_not_accepted', 'no_user_unit'],
    run: (unitId, body, meta) => handOver(commands, { unitId, ...body }, meta),
  });
  step({
    path: '/units/:unitId/use-registration',
    summary: 'Record the use registration with market supervision',
    body: UseRegistrationBody,
    errors: ['no_user_unit'],
    run: (unitId, body, meta) => registerUse(commands, { unitId, ...body }, meta),
  });

  return router;
}
