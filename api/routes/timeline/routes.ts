import type Router from '@koa/router';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readTimeline } from '../../../commands/read-timeline.js';
import { verifyUnitChain } from '../../../commands/verify-chains.js';
import { validate } from '../../middleware/validate.js';
import { decodeCursor, pageFrom, PageQuery, presentPage } from '../../pagination.js';
import { presentChainCheck, presentTimelineEvent } from '../../presenters/timeline.js';
import { createRouter } from '../../router.js';
import { personalDataOf } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import { MILESTONE_EVENTS, type CaseEventType } from '../../../domain/case/index.js';
import { timelineLine } from '../../../messages/index.js';
import { ChainCheckView, MilestonesView, TimelineList, TimelineView } from './schema.js';

/** The most events a unit's milestones are read from (a case's whole stream, decades included). */
const MILESTONE_SCAN = 100_000;

/**
 * A unit's case history: `GET /units/:unitId/timeline` (a page of the events of its stream, by seq,
 * each with who, when, through which channel, its hashes and a line saying what happened — names only
 * for the administrator and the unit's own committee) and `GET /units/:unitId/timeline/verify` (the
 * whole chain hashed again: whether it holds, its head, and where it first breaks).
 */
export function timelineRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/timeline',
    validate(
      {
        summary: 'The unit’s case history: its events by seq, with who, when, how and the hash chain',
        params: UnitParams,
        query: PageQuery,
        responses: { 200: TimelineView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params, query }) => {
        const after = decodeCursor(TimelineList, params.unitId, query.cursor);
        const run = await readTimeline(commands, params.unitId, after?.[0] ?? 0, query.limit + 1);
        const reader = { names: (await personalDataOf(ctx, commands, run.unitId, run.state)).names };
        const page = pageFrom(TimelineList, run.unitId, run.events, (event) => [event.seq], query.limit);
        ctx.body = presentPage(page, (event) => presentTimelineEvent(event, run.state, reader));
      },
    ),
  );

  router.get(
    '/units/:unitId/milestones',
    validate(
      {
        summary: 'The steps of the unit’s case everyone in it sees, in plain words without names',
        params: UnitParams,
        responses: { 200: MilestonesView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const run = await readTimeline(commands, params.unitId, 0, MILESTONE_SCAN);
        ctx.body = {
          unitId: run.unitId,
          items: run.events
            .filter((event) => MILESTONE_EVENTS.has(event.type as CaseEventType))
            .map((event) => ({
              seq: event.seq,
              type: event.type,
              at: event.at.toISOString(),
              line: timelineLine(event, { names: false }),
            })),
        };
      },
    ),
  );

  router.get(
    '/units/:unitId/timeline/verify',
    validate(
      {
        summary: 'The unit’s whole hash chain checked again: whether it holds, and where it first breaks',
        params: UnitParams,
        responses: { 200: ChainCheckView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.body = presentChainCheck(await verifyUnitChain(commands, params.unitId));
      },
    ),
  );

  return router;
}
