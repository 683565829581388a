/**
 * What a case knows of its documents, and how a checklist stands against them: for each item, whether
 * it was named in the application or has a document, and whether the district's notice left it
 * outstanding.
 */
import { fail } from '../checks.js';
import type { ApplicationSlice } from '../application/state.js';
import { names, type ChecklistItem, type Checklists } from './checklists.js';
import type { DocumentCommandData, FiledChecklist } from './commands.js';

/** One document as filed; `withdrawn` once it was filed in error. */
export interface DocumentState extends Readonly<DocumentCommandData['FileDocument']> {
  readonly withdrawn?: { readonly reason: string; readonly at: string };
}

/** The part of a case's state that its documents keep. */
export interface DocumentSlice {
  /** Every document filed, in the order filed (withdrawn ones included). */
  readonly documents: readonly DocumentState[];
}

/** The document with this id that still counts, or `document_not_found`. */
export function requireDocument(state: DocumentSlice, documentId: string): DocumentState {
  const document = state.documents.find((candidate) => candidate.documentId === documentId);
  if (document === undefined || document.withdrawn !== undefined) {
    fail('document_not_found', `No document ${documentId} in this case.`, { documentId });
  }
  return document;
}

/** How one checklist item stands. */
export interface ChecklistItemStatus extends ChecklistItem {
  /** Named among the materials handed in (the application's only). */
  readonly named: boolean;
  /** The documents filed for it that still count. */
  readonly documentIds: readonly string[];
  /** Named or with a document. */
  readonly provided: boolean;
  /** Listed by the district's notice of missing materials and not supplied since. */
  readonly outstanding: boolean;
}

/** A checklist against a case: every item's status and the required ones still missing. */
export interface ChecklistStatus {
  readonly checklist: FiledChecklist;
  readonly items: readonly ChecklistItemStatus[];
  /** Required items neither named nor filed, and every item the district's notice left outstanding. */
  readonly missing: readonly string[];
}

/** How `checklist` stands in this case (see {@link ChecklistStatus}). */
export function checklistStatus(
  state: DocumentSlice & ApplicationSlice,
  checklists: Checklists,
  checklist: FiledChecklist,
): ChecklistStatus {
  const application = checklist === 'application' ? state.application : undefined;
  const materials = application?.materials ?? [];
  const outstanding = application?.outstanding ?? [];
  const items = checklists[checklist].map((item): ChecklistItemStatus => {
    const named = materials.some((material) => names(item, material));
    const documentIds = state.documents
      .filter((doc) => doc.checklist === checklist && doc.item === item.id && doc.withdrawn === undefined)
      .map((doc) => doc.documentId);
    const provided = named || documentIds.length > 0;
    return {
      ...item,
      named,
      documentIds,
      provided,
      outstanding: outstanding.some((material) => names(item, material)) && documentIds.length === 0,
    };
  });
  const missing = [
    ...items
      .filter((item) => (item.required && !item.provided) || item.outstanding)
      .map((item) => item.label),
    // What the notice named that no checklist item is: it is outstanding as named.
    ...outstanding.filter((material) => !checklists[checklist].some((item) => names(item, material))),
  ];
  return { checklist, items, missing: [...new Set(missing)] };
}
