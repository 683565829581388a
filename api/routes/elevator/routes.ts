import type Router from '@koa/router';
import {
  acknowledgeAlarm,
  confirmMaintenanceVisit,
  logMaintenanceVisit,
  readElevator,
  receiveAlarm,
  recordElevator,
  recordPeriodicInspection,
  replaceAlarmKey,
  verifyAlarm,
  type ElevatorResult,
} from '../../../commands/elevator.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { maintenanceDueOn } from '../../../domain/case/index.js';
import { DomainError } from '../../../domain/errors.js';
import { readFileBody } from '../../middleware/file-body.js';
import { validate } from '../../middleware/validate.js';
import { createRouter } from '../../router.js';
import { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  AlarmBody,
  AlarmParams,
  AlarmTakenView,
  ConfirmVisitBody,
  ElevatorAnswer,
  ElevatorParams,
  LogVisitBody,
  PeriodicInspectionBody,
  RecordElevatorBody,
} from './schema.js';

/** The elevator as the API shows it: its record, visits, inspections, alarms and when maintenance is due. */
function present(result: ElevatorResult & { readonly visitId?: string }) {
  return {
    unitId: result.unitId,
    elevator: { ...result.elevator, maintenanceDueOn: maintenanceDueOn(result.elevator) },
    ...(result.alarmKey === undefined ? {} : { alarmKey: result.alarmKey }),
    ...(result.visitId === undefined ? {} : { visitId: result.visitId }),
  };
}

const BEFORE = ['unit_not_registered', 'elevator_not_recorded'] as const;

/**
 * The elevator in service (domain.md §7), behind the bearer token: `GET /units/:unitId/elevator`;
 * `PUT …/elevator` (its record: the first answer carries its alarm key, shown once); `POST
 * …/elevator/alarm-key` (a new key, the old one stops working); `POST …/elevator/visits` (the
 * maintainer's own token, its unit alone), `…/visits/confirmation` (the 使用单位 signs one off);
 * `POST …/elevator/inspections`; `POST …/elevator/alarms/:alarmId/acknowledgement`.
 */
export function elevatorRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/elevator',
    validate(
      {
        summary: 'The unit’s elevator: its record, maintenance visits, inspections and alarms',
        params: UnitParams,
        responses: { 200: ElevatorAnswer },
        errors: [...BEFORE],
      },
      async (ctx, { params }) => {
        ctx.body = present(await readElevator(commands, params.unitId));
      },
    ),
  );

  router.put(
    '/units/:unitId/elevator',
    validate(
      {
        summary: 'Record the unit’s elevator after handover (the first answer carries its alarm key, once)',
        params: UnitParams,
        body: RecordElevatorBody,
        responses: { 200: ElevatorAnswer },
        errors: ['unit_not_registered', 'wrong_stage', 'invalid_date'],
      },
      async (ctx, { params, body }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = present(
          await recordElevator(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands)),
        );
      },
    ),
  );

  router.post(
    '/units/:unitId/elevator/alarm-key',
    validate(
      {
        summary: 'Replace the elevator’s alarm key (shown once; alarms signed with the old one are refused)',
        params: UnitParams,
        responses: { 201: ElevatorAnswer },
        errors: [...BEFORE],
      },
      async (ctx, { params }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.status = 201;
        ctx.body = present(await replaceAlarmKey(commands, params.unitId, apiMeta(ctx, commands)));
      },
    ),
  );

  router.post(
    '/units/:unitId/elevator/visits',
    validate(
      {
        summary: 'Log a maintenance visit (the maintainer, with its own token)',
        params: UnitParams,
        body: LogVisitBody,
        responses: { 201: ElevatorAnswer },
        errors: [...BEFORE, 'invalid_date'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = present(
          await logMaintenanceVisit(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands)),
        );
      },
    ),
  );

  router.post(
    '/units/:unitId/elevator/visits/confirmation',
    validate(
      {
        summary:
          'The 使用单位 signs a maintenance visit off (the latest not yet signed, unless one is named)',
        params: UnitParams,
        body: ConfirmVisitBody,
        responses: { 201: ElevatorAnswer },
        errors: [...BEFORE, 'visit_not_found', 'visit_already_confirmed'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = present(
          await confirmMaintenanceVisit(commands, { unitId: params.unitId, ...body }, apiMeta(ctx, commands)),
        );
      },
    ),
  );

  router.post(
    '/units/:unitId/elevator/inspections',
    validate(
      {
        summary: 'Record a periodic inspection and when the new certificate expires',
        params: UnitParams,
        body: PeriodicInspectionBody,
        responses: { 201: ElevatorAnswer },
        errors: [...BEFORE, 'invalid_date'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = present(
          await recordPeriodicInspection(
            commands,
            { unitId: params.unitId, ...body },
            apiMeta(ctx, commands),
          ),
        );
      },
    ),
  );

  router.post(
    '/units/:unitId/elevator/alarms/:alarmId/acknowledgement',
    validate(
      {
        summary: 'Take an alarm on (its escalation stops)',
        params: AlarmParams,
        responses: { 201: ElevatorAnswer },
        errors: [...BEFORE, 'alarm_not_found'],
      },
      async (ctx, { params }) => {
        ctx.status = 201;
        ctx.body = present(await acknowledgeAlarm(commands, params, apiMeta(ctx, commands)));
      },
    ),
  );

  return router;
}

/**
 * `POST /api/v1/elevators/:elevatorId/alarms`, for a monitoring system or the 96333 platform: no
 * bearer token, but the elevator's own key. Headers `X-Jiati-Timestamp` (Unix seconds, within five
 * minutes of the server's clock) and `X-Jiati-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw
 * body>">`; the body `{ alarmId, kind, occurredAt, source?, detail? }` as JSON. Unsigned, badly signed,
 * stale or replayed (the very same signature again): 401 `invalid_signature`, nothing stored. A sender
 * retrying after a lost answer signs again with a new timestamp: the same `alarmId` is then answered
 * 200 `recorded: false`, and no one is told twice.
 */
export function alarmRoutes(commands: CommandContext): Router {
  const router = createRouter({ prefix: '/api/v1' });
  router.post(
    '/elevators/:elevatorId/alarms',
    validate(
      {
        summary:
          'An alarm from the elevator’s monitoring system, signed with its key (HMAC-SHA256 over "<X-Jiati-Timestamp>.<raw body>")',
        params: ElevatorParams,
        files: { 'application/json': 'The alarm as JSON; its exact bytes are what the signature covers.' },
        responses: { 200: AlarmTakenView },
        errors: [
          'invalid_signature',
          'invalid_json',
          'payload_too_large',
          'unsupported_media_type',
          'database_unavailable',
        ],
      },
      async (ctx, { params }) => {
        const now = commands.clock.now();
        if (ctx.request.type !== 'application/json') {
          throw new DomainError('unsupported_media_type', 'An alarm is JSON.', {
            accepted: ['application/json'],
          });
        }
        const rawBody = await readFileBody(ctx, 16 * 1024);
        const { unitId, take } = await verifyAlarm(
          commands,
          {
            elevatorId: params.elevatorId,
            timestamp: ctx.get('x-jiati-timestamp') || undefined,
            signature: ctx.get('x-jiati-signature') || undefined,
            rawBody,
          },
          now,
        );
        let json: unknown;
        try {
          json = JSON.parse(rawBody.toString('utf8'));
        } catch {
          throw new DomainError('invalid_json', 'The alarm is not JSON.');
        }
        const parsed = AlarmBody.safeParse(json);
        if (!parsed.success) {
          throw new DomainError('validation_error', parsed.error.issues[0]!.message, {
            field: parsed.error.issues[0]!.path.join('.'),
          });
        }
        const { occurredAt, ...alarm } = parsed.data;
        const taken = await receiveAlarm(
          commands,
          { unitId, elevatorId: params.elevatorId, alarm: { ...alarm, occurredAt: new Date(occurredAt) } },
          now,
        );
        await take();
        ctx.body = taken;
      },
    ),
  );
  return router;
}
