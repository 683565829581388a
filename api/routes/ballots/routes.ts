import type Router from '@koa/router';
import { announceEnteredVote } from '../../../commands/announce.js';
import { readNamedRecord, readWorklist } from '../../../commands/ballot-record.js';
import { cancelBallot } from '../../../commands/cancel-ballot.js';
import { castVote } from '../../../commands/cast-vote.js';
import { closeBallot } from '../../../commands/close-ballot.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { openBallot } from '../../../commands/open-ballot.js';
import { readBallot, readBallotTally } from '../../../commands/read-case.js';
import { validate } from '../../middleware/validate.js';
import { presentBallot, presentBallotTally } from '../../presenters/ballot.js';
import { presentNamedRecord, presentWorklist } from '../../presenters/record.js';
import { presentVoteReceipt } from '../../presenters/vote.js';
import { namedRecordOpenTo } from '../../../domain/case/index.js';
import { actorOf, apiMeta, personalDataOf } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  BallotCancelledView,
  BallotParams,
  BallotTallyView,
  BallotView,
  NamedRecordView,
  CancelBallotBody,
  CastVoteBody,
  OpenBallotBody,
  VoteReceiptView,
  WorklistView,
} from './schema.js';
import { createRouter } from '../../router.js';

/**
 * `POST /units/:unitId/ballots` (open: 201), `GET /ballots/:id`, `POST /ballots/:id/close`,
 * `POST /ballots/:id/cancellation` (cancel, announced: 201), `POST /ballots/:id/votes` (a receipt:
 * 201) and `GET /ballots/:id/tally`.
 */
export function ballotRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.post(
    '/units/:unitId/ballots',
    validate(
      {
        summary: 'Open a ballot on the unit’s roster as it stands (frozen with the rules)',
        params: UnitParams,
        body: OpenBallotBody,
        responses: { 201: BallotView },
        errors: [
          'unit_not_registered',
          'wrong_stage',
          'elevator_ballot_must_be_major',
          'elevator_ballot_open',
          'plan_version_mismatch',
          'ballot_too_short',
        ],
      },
      async (ctx, { params, body }) => {
        const meta = apiMeta(ctx, commands);
        const opened = await openBallot(commands, { unitId: params.unitId, ...body }, meta);
        ctx.status = 201;
        ctx.set('Location', `/api/v1/ballots/${opened.ballot.ballotId}`);
        ctx.body = presentBallot(opened.unitId, opened.ballot, meta.now);
      },
    ),
  );

  router.get(
    '/ballots/:id',
    validate(
      {
        summary: 'A ballot: status, dates, frozen rules, votes recorded and, once closed, its result',
        params: BallotParams,
        responses: { 200: BallotView },
        errors: ['ballot_not_found'],
      },
      async (ctx, { params }) => {
        const found = await readBallot(commands, params.id);
        ctx.body = presentBallot(found.unitId, found.ballot, commands.clock.now());
      },
    ),
  );

  router.post(
    '/ballots/:id/close',
    validate(
      {
        summary: 'Close a ballot and freeze its result',
        params: BallotParams,
        responses: { 200: BallotView },
        errors: ['ballot_not_found', 'ballot_closed', 'ballot_not_yet_closable'],
      },
      async (ctx, { params }) => {
        const meta = apiMeta(ctx, commands);
        const closed = await closeBallot(commands, params.id, meta);
        ctx.body = presentBallot(closed.unitId, closed.ballot, meta.now);
      },
    ),
  );

  // A ballot that must not stand (a wrong roster, a withdrawn plan): cancelled with its reason,
  // announced in the group and told to everyone who got a vote receipt.
  router.post(
    '/ballots/:id/cancellation',
    validate(
      {
        summary: 'Cancel a ballot that must not stand, announced with its reason',
        params: BallotParams,
        body: CancelBallotBody,
        responses: { 201: BallotCancelledView },
        errors: ['ballot_not_found', 'ballot_closed'],
      },
      async (ctx, { params, body }) => {
        const meta = apiMeta(ctx, commands);
        const cancelled = await cancelBallot(commands, { ballotId: params.id, reason: body.reason }, meta);
        ctx.status = 201;
        ctx.body = {
          ...presentBallot(cancelled.unitId, cancelled.ballot, meta.now),
          stage: cancelled.state.stage,
          announced: { ...cancelled.announced },
        };
      },
    ),
  );

  router.post(
    '/ballots/:id/votes',
    validate(
      {
        summary: 'Enter a vote from paper, a proxy, in person or a joint statement: a receipt',
        params: BallotParams,
        body: CastVoteBody,
        responses: { 201: VoteReceiptView },
        errors: [
          'ballot_not_found',
          'ballot_closed',
          'unknown_room',
          'paper_reference_missing',
          'proxy_not_recorded',
        ],
      },
      async (ctx, { params, body }) => {
        const { actor, now } = apiMeta(ctx, commands);
        const cast = await castVote(commands, { ballotId: params.id, ...body }, { actor, now });
        await announceEnteredVote(commands, cast, body.channel, { now });
        ctx.status = 201;
        ctx.body = presentVoteReceipt(cast);
      },
    ),
  );

  router.get(
    '/ballots/:id/tally',
    validate(
      {
        summary: 'A ballot’s tally: live while open, final once closed',
        params: BallotParams,
        responses: { 200: BallotTallyView },
        errors: ['ballot_not_found', 'ballot_closed'],
      },
      async (ctx, { params }) => {
        ctx.body = presentBallotTally(await readBallotTally(commands, params.id));
      },
    ),
  );

  // Who voted what, once the ballot is over; while it is open, the flats still to visit.
  router.get(
    '/ballots/:id/record',
    validate(
      {
        summary: 'The named record of a closed or cancelled ballot: each flat, its owners and every vote',
        params: BallotParams,
        responses: { 200: NamedRecordView },
        errors: ['ballot_not_found', 'ballot_still_open'],
      },
      async (ctx, { params }) => {
        const record = await readNamedRecord(commands, params.id);
        const view = await personalDataOf(ctx, commands, record.unitId, record.state);
        const named = namedRecordOpenTo(view, actorOf(ctx), record.ballot.status !== 'open');
        ctx.body = presentNamedRecord(params.id, record.ballot.status, record.rows, named);
      },
    ),
  );

  router.get(
    '/ballots/:id/worklist',
    validate(
      {
        summary: 'The door-to-door worklist of an open ballot: the flats to visit, most urgent first',
        params: BallotParams,
        responses: { 200: WorklistView },
        errors: ['ballot_not_found', 'ballot_closed'],
      },
      async (ctx, { params }) => {
        const worklist = await readWorklist(commands, params.id);
        const view = await personalDataOf(ctx, commands, worklist.unitId, worklist.state);
        ctx.body = presentWorklist(params.id, worklist.rows, view.names);
      },
    ),
  );

  return router;
}
