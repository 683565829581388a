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
  FileObjectionBody,
  MediationStepParams,
  ObjectionParams,
  ObjectionsList,
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
    validate({ params: UnitParams, body: SignAgreementBody }, async (ctx, { params, body }) => {
      const signed = await signAgreement(
        commands,
        { unitId: params.unitId, ...body },
        apiMeta(ctx, commands),
      );
      ctx.status = 201;
      ctx.body = presentAgreement(signed);
    }),
  );

  router.post(
    '/units/:unitId/objections',
    validate({ params: UnitParams, body: FileObjectionBody }, async (ctx, { params, body }) => {
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
    }),
  );

  router.get(
    '/units/:unitId/objections',
    validate({ params: UnitParams, query: PageQuery }, async (ctx, { params, query }) => {
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
    }),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/mediations',
    validate({ params: ObjectionParams, body: RecordMediationBody }, async (ctx, { params, body }) => {
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
    }),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/withdrawal',
    validate({ params: ObjectionParams, body: WithdrawObjectionBody }, async (ctx, { params, body }) => {
      const done = await withdrawObjection(commands, { ...params, ...body }, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.body = presentWithdrawal(done, await personalDataOf(ctx, commands, done.unitId, done.state));
    }),
  );

  router.post(
    '/units/:unitId/objections/:objectionId/mediations/:step/withdrawal',
    validate({ params: MediationStepParams, body: WithdrawMediationBody }, async (ctx, { params, body }) => {
      const done = await withdrawMediation(commands, { ...params, ...body }, apiMeta(ctx, commands));
      ctx.status = 201;
      ctx.body = presentWithdrawal(done, await personalDataOf(ctx, commands, done.unitId, done.state));
    }),
  );

  return router;
}
