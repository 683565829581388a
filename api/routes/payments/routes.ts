import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { cancelPayment, costsOfFlats, recordPayment, unitAccounts } from '../../../commands/payments.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { actorOf, apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  CancelPaymentBody,
  MyCostsView,
  PaymentParams,
  PaymentStepView,
  RecordPaymentBody,
  UnitAccountsView,
} from './schema.js';

const BEFORE_AGREEMENT = ['unit_not_registered', 'agreement_not_signed', 'no_agreed_cost'] as const;

/**
 * Money after the vote (domain.md §6): `GET /units/:unitId/payments`, every flat's share of the
 * agreed plan, paid and due (staff work: it names what each flat paid); `POST …/payments`, a payment
 * received, recorded by the committee or the applicant representative; `POST
 * …/payments/:paymentId/cancel`, one recorded in error, with its reason (it stays in the record); and
 * `GET /me/costs`, a resident's own flats only.
 */
export function paymentRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/payments',
    validate(
      {
        summary: 'Every flat’s share of the agreed plan, what it paid and what it still owes',
        params: UnitParams,
        responses: { 200: UnitAccountsView },
        errors: [...BEFORE_AGREEMENT],
      },
      async (ctx, { params }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await unitAccounts(commands, params.unitId);
      },
    ),
  );

  router.post(
    '/units/:unitId/payments',
    validate(
      {
        summary: 'Record a payment received from a flat towards its agreed share (never more than it owes)',
        params: UnitParams,
        body: RecordPaymentBody,
        responses: { 201: PaymentStepView },
        errors: [...BEFORE_AGREEMENT, 'unknown_room', 'payment_exceeds_due', 'invalid_date'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = await recordPayment(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands));
      },
    ),
  );

  router.post(
    '/units/:unitId/payments/:paymentId/cancel',
    validate(
      {
        summary: 'Cancel a payment recorded in error, with the reason (it stays in the record)',
        params: PaymentParams,
        body: CancelPaymentBody,
        responses: { 201: PaymentStepView },
        errors: ['unit_not_registered', 'payment_not_found'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = await cancelPayment(commands, { ...params, reason: body.reason }, apiMeta(ctx, commands));
      },
    ),
  );

  router.get(
    '/me/costs',
    validate(
      {
        summary:
          'A resident’s own flats: the agreed share, paid and still due, or the plan’s proposal before',
        responses: { 200: MyCostsView },
        errors: [],
      },
      async (ctx) => {
        const actor = actorOf(ctx);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          flats: actor.scope.kind === 'flats' ? await costsOfFlats(commands, actor.scope.flats) : [],
          providentFundPapers: commands.settings.checklists.provident_fund.map((item) => item.label),
        };
      },
    ),
  );

  return router;
}
