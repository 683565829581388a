import type Router from '@koa/router';
import { fileDocument, readDocument, unitDocuments, withdrawDocument } from '../../../commands/documents.js';
import type { CommandContext } from '../../../commands/kernel/context.js';
import { readUnit } from '../../../commands/read-case.js';
import { DOCUMENT_TYPES } from '../../../domain/case/index.js';
import { DomainError } from '../../../domain/errors.js';
import { readFileBody } from '../../middleware/file-body.js';
import { validate } from '../../middleware/validate.js';
import { fileAnswer } from '../../openapi/registry.js';
import { createRouter } from '../../router.js';
import { apiMeta } from '../meta.js';
import { UnitParams } from '../units/schema.js';
import {
  DocumentParams,
  DocumentStepView,
  FileDocumentQuery,
  UnitDocumentsView,
  WithdrawDocumentBody,
} from './schema.js';

const FILES = Object.fromEntries(
  DOCUMENT_TYPES.map((type) => [
    type,
    'The document’s bytes as they are (checked by their first bytes: the Content-Type must say what they are). At most JIATI_DOCUMENT_MAX_BYTES (20 MB by default).',
  ]),
);

/**
 * A case's documents (domain.md §4, §6), staff work: `GET /units/:unitId/documents` (how the
 * application's and the subsidy's checklists stand, and every document), `POST
 * /units/:unitId/documents?checklist=…&item=…&name=…` (a PDF, JPEG or PNG as the body, typed by its
 * `Content-Type`), `GET …/documents/:documentId/file` (its bytes, as filed, checked against the hash
 * its event recorded) and `POST …/documents/:documentId/withdraw` (one filed in error, with the
 * reason: it stays in the record).
 */
export function documentRoutes(commands: CommandContext): Router {
  const router = createRouter();

  router.get(
    '/units/:unitId/documents',
    validate(
      {
        summary: 'The unit’s documents and how the application’s and the subsidy’s checklists stand',
        params: UnitParams,
        responses: { 200: UnitDocumentsView },
        errors: ['unit_not_registered'],
      },
      async (ctx, { params }) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await unitDocuments(commands, params.unitId);
      },
    ),
  );

  router.post(
    '/units/:unitId/documents',
    validate(
      {
        summary:
          'File a document (PDF, JPEG or PNG) for an item of a checklist; its SHA-256 goes in the record',
        params: UnitParams,
        query: FileDocumentQuery,
        files: FILES,
        responses: { 201: DocumentStepView },
        errors: ['unit_not_registered', 'agreement_not_signed', 'document_already_filed'],
      },
      async (ctx, { params, query }) => {
        // An unknown unit is a 404, and a body of another type a 415, before the file is read.
        await readUnit(commands, params.unitId);
        if (!(DOCUMENT_TYPES as readonly string[]).includes(ctx.request.type)) {
          throw new DomainError(
            'unsupported_media_type',
            'Upload a PDF, JPEG or PNG file, typed as what it is.',
            {
              accepted: [...DOCUMENT_TYPES],
            },
          );
        }
        const bytes = await readFileBody(ctx, commands.settings.documentMaxBytes);
        ctx.status = 201;
        ctx.body = await fileDocument(
          commands,
          { unitId: params.unitId, ...query, declaredType: ctx.request.type, bytes },
          apiMeta(ctx, commands),
        );
      },
    ),
  );

  router.get(
    '/units/:unitId/documents/:documentId/file',
    validate(
      {
        summary: 'A document’s bytes as filed (withdrawn ones too: they stay in the record)',
        params: DocumentParams,
        responses: { 200: fileAnswer(DOCUMENT_TYPES, 'the document, typed as filed') },
        errors: ['unit_not_registered', 'document_not_found'],
      },
      async (ctx, { params }) => {
        const { document, bytes } = await readDocument(commands, params);
        const safe = document.name.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '_').slice(0, 120);
        ctx.set('Cache-Control', 'no-store');
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.set(
          'Content-Disposition',
          `attachment; filename="${document.documentId}"; filename*=UTF-8''${encodeURIComponent(safe)}`,
        );
        ctx.set('ETag', `"${document.sha256}"`);
        ctx.type = document.contentType;
        ctx.body = bytes;
      },
    ),
  );

  router.post(
    '/units/:unitId/documents/:documentId/withdraw',
    validate(
      {
        summary: 'Withdraw a document filed in error, with the reason (it stays in the record)',
        params: DocumentParams,
        body: WithdrawDocumentBody,
        responses: { 201: DocumentStepView },
        errors: ['unit_not_registered', 'document_not_found'],
      },
      async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = await withdrawDocument(
          commands,
          { ...params, reason: body.reason },
          apiMeta(ctx, commands),
        );
      },
    ),
  );

  return router;
}
