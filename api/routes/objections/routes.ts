import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { fileObjection } from '../../../commands/file-objection.js';
import { readUnit } from '../../../commands/read-case.js';
import { recordMediation } from '../../../commands/record-mediation.js';
import { signAgreement } from '../../../commands/sign-agreement.js';
import {
  withdrawMediation,
  withdrawObjection,
  type WithdrawalResult,
} from '../../../commands/withdraw-objection.js';
import { validate } from '../../middleware/validate.js';
import {
  presentAgreement,
  presentObjection,
  presentObjectionGate,
  presentObjectionsContext,
} from '../../presenters/objection.js';
import { byNumber, numbered, PageQuery, pageOf, presentPage } from '../../pagination.js';
import type { PersonalDataView } from '../../../domain/case/index.js';
import { apiMeta, personalDataOf } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  AgreementView,
  FileObjectionBody,
  MediationStepParams,
  ObjectionChangedView,
  ObjectionFiledView,
  ObjectionParams,
  ObjectionsList,
  ObjectionsView,
  RecordMediationBody,
  SignAgreementBody,
  WithdrawMediationBody,
  WithdrawObjectionBody,
} from './schema.js';
import { createRouter } from '../../router.js';

/** The answer to a withdrawal: the objection as it now stands, the stage and the application gate. */
function presentWithdrawal(done: WithdrawalResult, view: PersonalDataView) {
  return {
    unitId: done.unitId,
    objection: presentObjection(done.objection, view),
    stage: done.state.stage,
    ...presentObjectionGate(done.state),
  };
}

/**
 * Publicity and objections: `POST /units/:unitId/agreement` (sign; publicity
 * starts: 201), `POST /units/:unitId/objections` (an objection entered from paper: 201 with its
 * reference and whether it counts), `GET /units/:unitId/objections` (a page of them, in the order filed),
 * `POST /units/:unitId/objections/:objectionId/mediations` (one mediation step or hearing: 201), and
 * the corrections, each a new event that supersedes (201): `…/objections/:objectionId/withdrawal` and
 * `…/objections/:objectionId/mediations/:step/withdrawal`.
 */
export function objectionRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/units/:unitId/agreement',
    validate(
      {
        summary: 'Sign the project agreement: publicity starts',
        params: UnitParams,
        body: SignAgreementBody,
        responses: { 201: AgreementView },
        errors: ['unit_not_registered', 'vote_not_passed', 'wrong_stage', 'invalid_date'],
      },
      async (ctx, { params, body }) => {
        const signed = await signAgreement(
          commands,
          { unitId: params.unitId, ...body },
          apiMeta(ctx, commands),
        );
        ctx.status = 201;
        ctx.body = presentAgreement(signed);
      },
    ),
  );

  router.post(
    '/units/:unitId/objections',
    validate(
      {
        summary: 'Enter an objection from paper or in person: whether it counts, and who was alerted',
        params: UnitParams,
        body: FileObjectionBody,
        responses: { 201: ObjectionFiledView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, body }) => {
        const { objector, ...rest } = body;
        const filed = await fileObjection(
          commands,
          {
            unitId: params.unitId,
            ...rest,
            named: body.named ?? objector.name !== undefined,
            written: body.written ?? body.channel === 'paper',
            ...(Object.keys(objector).length === 0 ? {} : { objector }),
          },
          apiMeta(ctx, commands, body.channel),
        );
        ctx.status = 201;
        ctx.set('Location', `/api/v1/units/${params.unitId}/objections`);
        const view = await personalDataOf(ctx, commands, params.unitId, filed.state);
        ctx.body = {
          unitId: params.unitId,
          ...presentObjection(filed.objection, view),
          alerted: filed.alerted,
        };
      },
    ),
  );

  router.get(
    '/units/:unitId/objections',
    validate(
      {
        summary: 'The publicity period, and the objections in the order filed, a page at a time',
        params: UnitParams,
        query: PageQuery,
        responses: { 200: ObjectionsView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, query }) => {
        const unit = await readUnit(commands, params.unitId);
        const page = pageOf(
          ObjectionsList,
          unit.unitId,
          numbered(unit.state.objections),
          (entry) => [entry.n],
          byNumber,
          query,
        );
        const view = await personalDataOf(ctx, commands, unit.unitId, unit.state);
        ctx.body = {
          ...presentObjectionsContext(unit.unitId, unit.state),
          ...presentPage(page, (entry) => presentObjection(entry.item, view)),
        };
      },
    ),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/mediations',
    validate(
      {
        summary: 'Record one mediation step or the hearing of an effective objection',
        params: ObjectionParams,
        body: RecordMediationBody,
        responses: { 201: ObjectionChangedView },
        errors: [
          'unit_not_registered',
          'objection_not_found',
          'objection_not_effective',
          'objection_closed',
          'mediation_out_of_order',
          'hearing_not_recorded',
          'mediation_before_previous',
        ],
      },
      async (ctx, { params, body }) => {
        const recorded = await recordMediation(commands, { ...params, ...body }, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = {
          unitId: params.unitId,
          objection: presentObjection(
            recorded.objection,
            await personalDataOf(ctx, commands, params.unitId, recorded.state),
          ),
          stage: recorded.state.stage,
          ...presentObjectionGate(recorded.state),
        };
      },
    ),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/withdrawal',
    validate(
      {
        summary: 'Withdraw an objection (entered by mistake, or withdrawn by the objector in writing)',
        params: ObjectionParams,
        body: WithdrawObjectionBody,
        responses: { 201: ObjectionChangedView },
        errors: ['unit_not_registered', 'objection_not_found', 'objection_already_withdrawn'],
      },
      async (ctx, { params, body }) => {
        const done = await withdrawObjection(commands, { ...params, ...body }, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = presentWithdrawal(done, await personalDataOf(ctx, commands, done.unitId, done.state));
      },
    ),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/mediations/:step/withdrawal',
    validate(
      {
        summary: 'Withdraw the latest standing mediation step of an objection',
        params: MediationStepParams,
        body: WithdrawMediationBody,
        responses: { 201: ObjectionChangedView },
        errors: [
          'unit_not_registered',
          'objection_not_found',
          'objection_already_withdrawn',
          'mediation_step_not_found',
          'mediation_not_latest',
          'application_already_submitted',
          'wrong_stage',
        ],
      },
      async (ctx, { params, body }) => {
        const done = await withdrawMediation(commands, { ...params, ...body }, apiMeta(ctx, commands));
        ctx.status = 201;
        ctx.body = presentWithdrawal(done, await personalDataOf(ctx, commands, done.unitId, done.state));
      },
    ),
  );

  return router;
}
