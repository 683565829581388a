/** Folding the documents' events: each document kept in order, a withdrawal marked on its document. */
import type { Evolvers } from '../state.js';
import type { DocumentEventData } from './events.js';

/** The document event folders. */
export const documentEvolvers: Evolvers<DocumentEventData> = {
  DocumentFiled: (state, data) => ({ ...state, documents: [...state.documents, { ...data }] }),
  DocumentWithdrawn: (state, data) => ({
    ...state,
    documents: state.documents.map((doc) =>
      doc.documentId === data.documentId
        ? { ...doc, withdrawn: { reason: data.reason, at: data.withdrawnAt } }
        : doc,
    ),
  }),
};
