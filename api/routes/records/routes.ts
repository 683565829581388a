import type Router from '@koa/router';
import type { Context } from 'koa';
import { readNamedRecord } from '../../../commands/ballot-record.js';
import { issueBindingCodes } from '../../../commands/issue-binding-codes.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import { findBallot, findObjection, namedRecordOpenTo, type CaseState } from '../../../domain/case/index.js';
import { DomainError } from '../../../domain/errors.js';
import { MINUTES_FILE_WORD, RECORD_FILE_WORDS } from '../../../messages/index.js';
import { ballotRecordPdf, ballotRecordXlsx } from '../../documents/ballot-record.js';
import { bindingSlipsPdf } from '../../documents/binding-slips.js';
import { objectionMinutesPdf } from '../../documents/objection-minutes.js';
import { publicityNoticePdf } from '../../documents/publicity-notice.js';
import { rosterXlsx } from '../../documents/roster.js';
import { validate } from '../../middleware/validate.js';
import { fileAnswer } from '../../openapi/registry.js';
import { createRouter } from '../../router.js';
import { BallotParams } from '../ballots/schema.js';
import { ObjectionParams } from '../objections/schema.js';
import { actorOf, apiMeta, personalDataOf } from '../meta.js';
import { UnitParams } from '../units/schema.js';

/** The content types of the downloads. */
export const DOWNLOAD_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The unit's name as its records head it: its registered name, else its address parts, else its id. */
function unitNameOf(state: Pick<CaseState, 'unit'>, unitId: string): string {
  const { name, ...address } = state.unit ?? {};
  if (name !== undefined && name.trim() !== '') return name;
  const parts = [address.community, address.building, address.unit].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : unitId;
}

/**
 * Answers with a file: its type, `attachment` with an ASCII name and the UTF-8 one (the unit's name
 * and what the record is), never cached anywhere — the records carry personal data, the slips secrets.
 */
function sendFile(
  ctx: Context,
  file: { bytes: Buffer; type: keyof typeof DOWNLOAD_TYPES; ascii: string; name: string },
): void {
  const safe = file.name.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '_').slice(0, 80);
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set(
    'Content-Disposition',
    `attachment; filename="${file.ascii}.${file.type}"; filename*=UTF-8''${encodeURIComponent(`${safe}.${file.type}`)}`,
  );
  ctx.type = DOWNLOAD_TYPES[file.type];
  ctx.body = file.bytes;
}

/**
 * The records to print and file: `GET /ballots/:id/record.xlsx` and `.pdf` (the named record of a
 * closed or cancelled ballot: names only to whoever may read them, as `GET /ballots/:id/record`),
 * `GET /units/:unitId/objections/:objectionId/minutes.pdf` (one objection, its mediation steps and
 * hearing, to sign and file; names as `personalDataView` allows),
 * `POST /units/:unitId/binding-codes.pdf` (issues fresh codes as `POST /units/:unitId/binding-codes`
 * does, revoking the earlier ones, and answers with their slips: 201), `GET
 * /units/:unitId/publicity-notice.pdf` (once the agreement is signed) and `GET
 * /units/:unitId/roster.xlsx` (the roster and each household's share of the plan in force; names as
 * `personalDataView` allows).
 */
export function recordRoutes(commands: CommandContext): Router {
  const router = createRouter();

  /** The record of a ballot as the caller may read it. */
  async function recordInput(ctx: Context, ballotId: string) {
    const record = await readNamedRecord(commands, ballotId);
    const view = await personalDataOf(ctx, commands, record.unitId, record.state);
    return {
      unitName: unitNameOf(record.state, record.unitId),
      ballot: record.ballot,
      rows: record.rows,
      named: namedRecordOpenTo(view, actorOf(ctx), record.ballot.status !== 'open'),
      now: commands.clock.now(),
    };
  }

  router.get(
    '/ballots/:id/record.xlsx',
    validate(
      {
        params: BallotParams,
        summary: 'The record of a closed or cancelled ballot, as a spreadsheet (.xlsx) to file',
        responses: { 200: fileAnswer(DOWNLOAD_TYPES.xlsx, 'the record as a spreadsheet (.xlsx)') },
        errors: ['ballot_not_found', 'ballot_still_open'],
      },
      async (ctx, { params }) => {
        const input = await recordInput(ctx, params.id);
        const bytes = await ballotRecordXlsx(input);
        sendFile(ctx, {
          bytes,
          type: 'xlsx',
          ascii: 'ballot-record',
          name: `${input.unitName}-${RECORD_FILE_WORDS.ballotRecord}`,
        });
      },
    ),
  );

  router.get(
    '/ballots/:id/record.pdf',
    validate(
      {
        params: BallotParams,
        summary: 'The record of a closed or cancelled ballot, as a PDF to print and file',
        responses: { 200: fileAnswer(DOWNLOAD_TYPES.pdf, 'the record as a PDF') },
        errors: ['ballot_not_found', 'ballot_still_open'],
      },
      async (ctx, { params }) => {
        const input = await recordInput(ctx, params.id);
        const bytes = await ballotRecordPdf(input);
        sendFile(ctx, {
          bytes,
          type: 'pdf',
          ascii: 'ballot-record',
          name: `${input.unitName}-${RECORD_FILE_WORDS.ballotRecord}`,
        });
      },
    ),
  );

  // Fresh codes, exactly as POST /units/:unitId/binding-codes issues them; the codes are secrets.
  router.post(
    '/units/:unitId/binding-codes.pdf',
    validate(
      {
        params: UnitParams,
        summary: 'Issues fresh binding codes (the earlier ones void) and answers with their slips as a PDF',
        responses: { 201: fileAnswer(DOWNLOAD_TYPES.pdf, 'a slip per flat, with its fresh code, as a PDF') },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const meta = apiMeta(ctx, commands);
        const issued = await issueBindingCodes(commands, { unitId: params.unitId }, meta);
        const { state } = await readUnit(commands, params.unitId);
        const unitName = unitNameOf(state, params.unitId);
        const bytes = await bindingSlipsPdf({ unitName, codes: issued.codes, issuedAt: meta.now });
        ctx.status = 201;
        sendFile(ctx, {
          bytes,
          type: 'pdf',
          ascii: 'binding-slips',
          name: `${unitName}-${RECORD_FILE_WORDS.bindingSlips}`,
        });
      },
    ),
  );

  router.get(
    '/units/:unitId/publicity-notice.pdf',
    validate(
      {
        params: UnitParams,
        summary: 'The publicity notice of a unit whose agreement is signed, as a PDF to post',
        responses: { 200: fileAnswer(DOWNLOAD_TYPES.pdf, 'the publicity notice as a PDF') },
        errors: ['unit_not_registered', 'wrong_stage'],
      },
      async (ctx, { params }) => {
        const { state } = await readUnit(commands, params.unitId);
        const { publicity } = state;
        if (publicity === undefined) {
          throw new DomainError('wrong_stage', 'The agreement is not signed: there is no publicity yet.', {
            stage: state.stage,
            expected: ['publicity'],
          });
        }
        const passed =
          state.passedElevatorBallotId === undefined
            ? undefined
            : findBallot(state, state.passedElevatorBallotId);
        const unitName = unitNameOf(state, params.unitId);
        const bytes = await publicityNoticePdf({
          unitName,
          publicity,
          ...(passed?.result === undefined ? {} : { result: passed.result }),
          ...(state.plan === undefined ? {} : { plan: state.plan }),
          provisional: Number(publicity.endsOn.slice(0, 4)) > commands.holidays.publishedThrough,
          now: commands.clock.now(),
        });
        sendFile(ctx, {
          bytes,
          type: 'pdf',
          ascii: 'publicity-notice',
          name: `${unitName}-${RECORD_FILE_WORDS.publicityNotice}`,
        });
      },
    ),
  );

  router.get(
    '/units/:unitId/objections/:objectionId/minutes.pdf',
    validate(
      {
        params: ObjectionParams,
        summary:
          'One objection’s minutes — how it came, whether it counts, each mediation step and hearing — as a PDF to sign and file',
        responses: { 200: fileAnswer(DOWNLOAD_TYPES.pdf, 'the objection’s minutes as a PDF') },
        errors: ['unit_not_registered', 'objection_not_found'],
      },
      async (ctx, { params }) => {
        const { state } = await readUnit(commands, params.unitId);
        const objection = findObjection(state, params.objectionId);
        if (objection === undefined) {
          throw new DomainError('objection_not_found', `No objection ${params.objectionId}.`, {
            objectionId: params.objectionId,
          });
        }
        const view = await personalDataOf(ctx, commands, params.unitId, state);
        const unitName = unitNameOf(state, params.unitId);
        const bytes = await objectionMinutesPdf({
          unitName,
          objection,
          ...(state.publicity === undefined ? {} : { publicity: state.publicity }),
          names: view.names,
          now: commands.clock.now(),
        });
        sendFile(ctx, {
          bytes,
          type: 'pdf',
          ascii: 'objection-minutes',
          name: `${unitName}-${MINUTES_FILE_WORD}-${objection.objectionId}`,
        });
      },
    ),
  );

  router.get(
    '/units/:unitId/roster.xlsx',
    validate(
      {
        params: UnitParams,
        summary: 'The roster and each household’s share of the plan in force, as a spreadsheet (.xlsx)',
        responses: {
          200: fileAnswer(DOWNLOAD_TYPES.xlsx, 'the roster with the shares, as a spreadsheet (.xlsx)'),
        },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        const { state } = await readUnit(commands, params.unitId);
        const view = await personalDataOf(ctx, commands, params.unitId, state);
        const unitName = unitNameOf(state, params.unitId);
        const bytes = await rosterXlsx({ unitName, state, names: view.names, now: commands.clock.now() });
        sendFile(ctx, {
          bytes,
          type: 'xlsx',
          ascii: 'roster',
          name: `${unitName}-${RECORD_FILE_WORDS.roster}`,
        });
      },
    ),
  );

  return router;
}
