/**
 * A case's documents: filed once the agreement is signed (what they prove follows it), each for an
 * item of a checklist, never the same bytes twice for one item; one filed in error is withdrawn with
 * its reason, once.
 */
import { fail, invalid, requireRegistered, text } from '../checks.js';
import type { Handlers } from '../state.js';
import { DOCUMENT_TYPES, type DocumentCommandData } from './commands.js';
import type { DocumentEventData } from './events.js';
import { requireDocument } from './state.js';

type Handler<K extends keyof DocumentCommandData> = Handlers<DocumentCommandData, DocumentEventData>[K];

/** The largest document the case records: 50 MB (the API takes less; see `JIATI_DOCUMENT_MAX_BYTES`). */
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

const fileDocument: Handler<'FileDocument'> = (data, state) => {
  requireRegistered(state);
  if (state.publicity === undefined) fail('agreement_not_signed', 'The agreement has not been signed yet.');
  const documentId = text(data.documentId, 'documentId');
  if (state.documents.some((doc) => doc.documentId === documentId)) {
    invalid('documentId', `A document ${documentId} is already filed.`);
  }
  if (!/^[0-9a-f]{64}$/.test(data.sha256)) invalid('sha256', 'sha256 is 64 lowercase hex digits.');
  if (!Number.isSafeInteger(data.sizeBytes) || data.sizeBytes < 1 || data.sizeBytes > MAX_DOCUMENT_BYTES) {
    invalid('sizeBytes', 'sizeBytes is a whole number from 1 to 52,428,800.');
  }
  if (!(DOCUMENT_TYPES as readonly string[]).includes(data.contentType)) {
    invalid('contentType', `contentType is one of ${DOCUMENT_TYPES.join(', ')}.`);
  }
  const same = state.documents.find(
    (doc) =>
      doc.withdrawn === undefined &&
      doc.checklist === data.checklist &&
      doc.item === data.item &&
      doc.sha256 === data.sha256,
  );
  if (same !== undefined) {
    fail('document_already_filed', 'This file is already filed for the item.', {
      documentId: same.documentId,
    });
  }
  return [
    {
      type: 'DocumentFiled',
      data: {
        documentId,
        checklist: data.checklist,
        item: text(data.item, 'item'),
        name: text(data.name, 'name'),
        contentType: data.contentType,
        sizeBytes: data.sizeBytes,
        sha256: data.sha256,
      },
    },
  ];
};

const withdrawDocument: Handler<'WithdrawDocument'> = (data, state, now) => {
  requireDocument(state, data.documentId);
  return [
    {
      type: 'DocumentWithdrawn',
      data: {
        documentId: data.documentId,
        reason: text(data.reason, 'reason'),
        withdrawnAt: now.toISOString(),
      },
    },
  ];
};

/** The document command handlers. */
export const documentHandlers: Handlers<DocumentCommandData, DocumentEventData> = {
  FileDocument: fileDocument,
  WithdrawDocument: withdrawDocument,
};
