/** The events of a case's documents. */
import type { DocumentCommandData } from './commands.js';

/** The data of each document event, by event type. */
export interface DocumentEventData {
  /** A document was filed; the event keeps its content hash, so the stored bytes can be checked. */
  DocumentFiled: DocumentCommandData['FileDocument'];
  /** A document filed in error no longer counts; it stays in the record with the reason. */
  DocumentWithdrawn: { readonly documentId: string; readonly reason: string; readonly withdrawnAt: string };
}
