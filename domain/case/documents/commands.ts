/**
 * The commands of a case's documents: a file handed in for an item of a checklist (the application's
 * materials, the subsidy claim's), kept by its content hash; and one filed in error withdrawn with its
 * reason (a new event: the record stays).
 */
import type { ChecklistKind } from './checklists.js';

/** The kinds of file taken, by media type: PDF and the two image formats phones and scanners make. */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The checklists documents are filed for (a household's 公积金 papers stay with the household). */
export type FiledChecklist = Exclude<ChecklistKind, 'provident_fund'>;

/** The data of each document command, by command type. */
export interface DocumentCommandData {
  /** Files one document for `item` of `checklist`; its bytes are stored by `sha256` outside the stream. */
  FileDocument: {
    readonly documentId: string;
    readonly checklist: FiledChecklist;
    readonly item: string;
    readonly name: string;
    readonly contentType: DocumentType;
    readonly sizeBytes: number;
    readonly sha256: string;
  };
  /** Withdraws a document filed in error, saying why. */
  WithdrawDocument: { readonly documentId: string; readonly reason: string };
}
