import type Router from '@koa/router';
import { acknowledgeAlert } from '../../../commands/alerts.js';
import { changeClocks, readClocks, type UnitClocks } from '../../../commands/clock-settings.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import type { AlertState } from '../../../domain/case/index.js';
import type { Actor } from '../../../models/case-event.js';
import { validate } from '../../middleware/validate.js';
import { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import { byNumber, numbered, PageQuery, pageOf, presentPage } from '../../pagination.js';
import {
  AcknowledgeAlertBody,
  AlertAcknowledgedView,
  AlertParams,
  AlertsList,
  AlertsView,
  ChangeClockSettingsBody,
  ClocksChangedView,
  ClocksView,
} from './schema.js';
import { createRouter } from '../../router.js';

function presentClocks(clocks: UnitClocks) {
  return {
    ...clocks,
    clocks: clocks.clocks.map((clock) => ({
      key: clock.key,
      kind: clock.kind,
      dueAt: clock.dueAt.toISOString(),
    })),
  };
}

/**
 * An alert as the console shows it: `open` until acknowledged; `skipped`, the levels it passed over
 * for having no contact recorded; `unreached`, no one recorded at its level nor above was told.
 */
function presentAlert(alert: AlertState) {
  return {
    ...alert,
    open: alert.acknowledgedAt === undefined,
    skipped: alert.skipped ?? [],
    unreached: alert.unreached === true,
  };
}

/**
 * Clocks and alerts: `GET /units/:unitId/clock-settings` (the settings in
 * force beside the defaults, and every clock running), `PATCH /units/:unitId/clock-settings` (change
 * any part), `GET /units/:unitId/alerts` (a page of them in the order raised, each flagged `open`, and `unreached` when no one could be told) and `POST /units/:unitId/alerts/:alertId/ack`.
 */
export function clockRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/clock-settings',
    validate(
      {
        summary: 'The clock settings in force beside the defaults, and every clock running',
        params: UnitParams,
        responses: { 200: ClocksView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.body = presentClocks(await readClocks(commands, params.unitId));
      },
    ),
  );

  router.patch(
    '/units/:unitId/clock-settings',
    validate(
      {
        summary: 'Change any part of the clock settings; what is left out stays',
        params: UnitParams,
        body: ChangeClockSettingsBody,
        responses: { 200: ClocksChangedView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, body }) => {
        const changed = await changeClocks(
          commands,
          { unitId: params.unitId, change: body },
          apiMeta(ctx, commands),
        );
        ctx.body = presentClocks(changed);
      },
    ),
  );

  router.get(
    '/units/:unitId/alerts',
    validate(
      {
        summary: 'The unit’s alerts in the order raised, a page at a time (`open` says which are open)',
        params: UnitParams,
        query: PageQuery,
        responses: { 200: AlertsView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, query }) => {
        const { state } = await readUnit(commands, params.unitId);
        const page = pageOf(AlertsList, params.unitId, numbered(state.alerts), (e) => [e.n], byNumber, query);
        ctx.body = presentPage(page, (entry) => presentAlert(entry.item));
      },
    ),
  );

  router.post(
    '/units/:unitId/alerts/:alertId/ack',
    validate(
      {
        summary: 'Acknowledge an alert (it stops climbing the ladder)',
        params: AlertParams,
        body: AcknowledgeAlertBody,
        responses: { 200: AlertAcknowledgedView },
        errors: ['unit_not_registered', 'alert_not_found'],
      },
      async (ctx, { params, body }) => {
        const meta = apiMeta(ctx, commands);
        const by = body.by ?? (ctx.state.actor as Actor).id;
        const { alert, recorded } = await acknowledgeAlert(commands, { ...params, by }, meta);
        ctx.body = { alert: presentAlert(alert), recorded };
      },
    ),
  );

  return router;
}
