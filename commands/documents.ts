/**
 * A case's documents (domain.md §4, §6): the application's materials and the subsidy claim's, handed
 * in as files through the API by the applicant representative or the committee (the district may file
 * what it issues). Each is checked before anything is kept — an item of the city's checklist, a PDF,
 * JPEG or PNG by its bytes (not only by what the upload says), within the size limit, through every
 * gate of the case — then stored by its SHA-256 under the data folder and recorded in the case's
 * stream with that hash; a document filed in error is withdrawn with its reason and stays in the
 * record. Documents are staff work: they may hold owners' personal data, so no resident reads them and
 * the group is not told of them.
 */
import { randomBytes } from 'node:crypto';
import {
  caseDecider,
  checklistItem,
  checklistStatus,
  DOCUMENT_TYPES,
  type ChecklistStatus,
  type DocumentState,
  type DocumentType,
  type FiledChecklist,
} from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { sha256Of } from '../lib/document-store.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { runLifecycleStep } from './lifecycle-step.js';
import { readUnit } from './read-case.js';

/** A document's id: `doc_` and 12 random hex digits (unique within its unit, checked by the case). */
function newDocumentId(): string {
  return `doc_${randomBytes(6).toString('hex')}`;
}

/** The type a file's first bytes show: a PDF, a JPEG or a PNG; anything else is undefined. */
export function sniffDocumentType(bytes: Buffer): DocumentType | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  return undefined;
}

/** The checklists of a unit's documents, each item with its documents, and every document filed. */
export interface UnitDocuments {
  readonly unitId: string;
  readonly checklists: readonly ChecklistStatus[];
  readonly documents: readonly DocumentState[];
}

function documentsOf(ctx: CommandContext, unitId: string, state: Parameters<typeof checklistStatus>[0]) {
  return {
    unitId,
    checklists: (['application', 'subsidy'] as const).map((checklist) =>
      checklistStatus(state, ctx.settings.checklists, checklist),
    ),
    documents: state.documents,
  };
}

/** Every document of the unit and how its checklists stand. */
export async function unitDocuments(ctx: CommandContext, unitId: string): Promise<UnitDocuments> {
  const { state } = await readUnit(ctx, unitId);
  return documentsOf(ctx, unitId, state);
}

/** A document filed or withdrawn: the unit's documents after it, the document, and the event's seq. */
export interface DocumentStepResult extends UnitDocuments {
  readonly document: DocumentState;
  readonly seq: number;
}

/**
 * Files `bytes` as a document for `item` of `checklist`, named `name`. Refusals, each before anything
 * is stored: `validation_error` (an item not on the city's checklist, an empty file),
 * `unsupported_media_type` (not a PDF, JPEG or PNG, or not the type `declaredType` says),
 * `payload_too_large`, and the case's own (`agreement_not_signed`, `document_already_filed`,
 * `unit_not_registered`).
 */
export async function fileDocument(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly checklist: FiledChecklist;
    readonly item: string;
    readonly name: string;
    readonly declaredType: string;
    readonly bytes: Buffer;
  },
  meta: CommandMeta,
): Promise<DocumentStepResult> {
  if (checklistItem(ctx.settings.checklists, input.checklist, input.item) === undefined) {
    throw new DomainError(
      'validation_error',
      `${input.item} is not an item of the ${input.checklist} checklist.`,
      {
        field: 'item',
        allowed: ctx.settings.checklists[input.checklist].map((item) => item.id),
      },
    );
  }
  if (input.bytes.length === 0) {
    throw new DomainError('validation_error', 'The file is empty.', { field: 'body' });
  }
  const limitBytes = ctx.settings.documentMaxBytes;
  if (input.bytes.length > limitBytes) {
    throw new DomainError('payload_too_large', `The file is larger than ${limitBytes} bytes.`, {
      limitBytes,
    });
  }
  const contentType = sniffDocumentType(input.bytes);
  if (contentType === undefined || contentType !== input.declaredType) {
    throw new DomainError('unsupported_media_type', 'Upload a PDF, JPEG or PNG file, typed as what it is.', {
      accepted: [...DOCUMENT_TYPES],
    });
  }
  const command = {
    type: 'FileDocument' as const,
    data: {
      documentId: newDocumentId(),
      checklist: input.checklist,
      item: input.item,
      name: input.name,
      contentType,
      sizeBytes: input.bytes.length,
      sha256: sha256Of(input.bytes),
    },
  };
  // Every gate first, so a refused file leaves no bytes behind; the command decides again on append.
  const { state } = await loadCase(ctx, input.unitId);
  caseDecider.decide(command, state, { now: meta.now });
  await ctx.documents.put(input.bytes);
  const done = await runLifecycleStep(ctx, input.unitId, command, meta, () => null);
  return {
    ...documentsOf(ctx, input.unitId, done.state),
    document: done.state.documents.find((doc) => doc.documentId === command.data.documentId)!,
    seq: done.event.seq,
  };
}

/** Withdraws a document filed in error, with its reason. Refusals: `document_not_found`, `validation_error`. */
export async function withdrawDocument(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly documentId: string; readonly reason: string },
  meta: CommandMeta,
): Promise<DocumentStepResult> {
  const done = await runLifecycleStep(
    ctx,
    input.unitId,
    { type: 'WithdrawDocument', data: { documentId: input.documentId, reason: input.reason } },
    meta,
    () => null,
  );
  return {
    ...documentsOf(ctx, input.unitId, done.state),
    document: done.state.documents.find((doc) => doc.documentId === input.documentId)!,
    seq: done.event.seq,
  };
}

/**
 * A document's record and bytes, withdrawn ones included (they stay in the record). Refusals:
 * `document_not_found`; bytes missing from the data folder or no longer matching the recorded hash are
 * an `internal_error` (the folder was not restored with the database, or the disk is failing).
 */
export async function readDocument(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly documentId: string },
): Promise<{ readonly document: DocumentState; readonly bytes: Buffer }> {
  const { state } = await readUnit(ctx, input.unitId);
  const document = state.documents.find((doc) => doc.documentId === input.documentId);
  if (document === undefined) {
    throw new DomainError('document_not_found', `No document ${input.documentId} in this case.`, {
      documentId: input.documentId,
    });
  }
  const bytes = await ctx.documents.get(document.sha256);
  if (bytes === null)
    throw new Error(`The bytes of document ${document.documentId} (${document.sha256}) are missing.`);
  return { document, bytes };
}
