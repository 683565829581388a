import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import {
  recordRunningBill,
  recordRunningIncome,
  recordRunningPayment,
  setRunningCostKey,
  unitRunning,
} from '../../../commands/running.js';
import type { RunningCostKey } from '../../../domain/cost/index.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  RunningBillBody,
  RunningIncomeBody,
  RunningKeyBody,
  RunningPaymentBody,
  RunningStepView,
  UnitRunningView,
} from './schema.js';

/**
 * The elevator's running costs (domain.md §6), staff work and the 使用单位's (it names what each flat owes): `GET
 * /units/:unitId/running`; `PUT …/running/key` (the key the owners agreed); `POST …/running/bills`
 * (split by the key to the fen when recorded), `…/running/incomes` (advertising income credited by the
 * key), `…/running/payments` (a household's payment, never beyond what it owes).
 */
export function runningRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/running',
    validate(
      {
        summary: 'The running-cost key, bills, incomes and payments, and every flat’s running account',
        params: UnitParams,
        responses: { 200: UnitRunningView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await unitRunning(commands, params.unitId);
      },
    ),
  );

  router.put(
    '/units/:unitId/running/key',
    validate(
      {
        summary: 'Record the running-cost key the owners agreed (later bills are split by it)',
        params: UnitParams,
        body: RunningKeyBody,
        responses: { 200: RunningStepView },
        errors: [
          'unit_not_registered',
          'agreement_not_signed',
          'unknown_room',
          'no_contributors',
          'invalid_date',
        ],
      },
      async (ctx, { params, body }) => {
        ctx.body = await setRunningCostKey(
          commands,
          {
            unitId: params.unitId,
            key: body.key as RunningCostKey,
            ...(body.agreedOn === undefined ? {} : { agreedOn: body.agreedOn }),
          },
          apiMeta(ctx, commands),
        );
      },
    ),
  );

  const post = <B extends typeof RunningBillBody | typeof RunningIncomeBody | typeof RunningPaymentBody>(
    path: string,
    summary: string,
    body: B,
    errors: readonly ('unknown_room' | 'payment_exceeds_due')[],
    run: (unitId: string, body: never, meta: ReturnType<typeof apiMeta>) => Promise<unknown>,
  ) =>
    router.post(
      path,
      validate(
        {
          summary,
          params: UnitParams,
          body,
          responses: { 201: RunningStepView },
          errors: [
            'unit_not_registered',
            'running_key_not_set',
            'invalid_date',
            'no_contributors',
            ...errors,
          ],
        },
        async (ctx, input) => {
          ctx.status = 201;
          ctx.body = await run(input.params.unitId, input.body as never, apiMeta(ctx, commands));
        },
      ),
    );

  post(
    '/units/:unitId/running/bills',
    'Record a running-cost bill, split among the flats by the key',
    RunningBillBody,
    [],
    (unitId, body, meta) =>
      recordRunningBill(
        commands,
        { unitId, ...(body as object) } as Parameters<typeof recordRunningBill>[1],
        meta,
      ),
  );
  post(
    '/units/:unitId/running/incomes',
    'Record income that offsets the running costs (advertising)',
    RunningIncomeBody,
    [],
    (unitId, body, meta) =>
      recordRunningIncome(
        commands,
        { unitId, ...(body as object) } as Parameters<typeof recordRunningIncome>[1],
        meta,
      ),
  );
  post(
    '/units/:unitId/running/payments',
    'Record a household’s running-cost payment (never beyond what it owes)',
    RunningPaymentBody,
    ['unknown_room', 'payment_exceeds_due'],
    (unitId, body, meta) =>
      recordRunningPayment(
        commands,
        { unitId, ...(body as object) } as Parameters<typeof recordRunningPayment>[1],
        meta,
      ),
  );

  return router;
}
