/**
 * A unit's documents and checklists as the API answers them (`GET /units/:unitId/documents`, a
 * document filed or withdrawn, and the application's `checklist` in `GET /units/:unitId/application`).
 */
import type { ApplicationStatus } from './types';

export type ChecklistName = 'application' | 'subsidy';

/** One item of a checklist against the case. */
export interface ChecklistItemStatus {
  id: string;
  label: string;
  /** Where the requirement comes from. */
  source: string;
  /** Whether that source's text confirms it (else: to check with the district). */
  confirmed: boolean;
  required: boolean;
  /** Named among the materials handed in (the application's only). */
  named: boolean;
  /** The documents filed for it that still count. */
  documentIds: string[];
  provided: boolean;
  /** Left outstanding by the district's notice of missing materials. */
  outstanding: boolean;
}

export interface ChecklistStatus {
  checklist: ChecklistName;
  items: ChecklistItemStatus[];
  /** Required items not provided, and everything the district's notice left outstanding. */
  missing: string[];
}

export interface FiledDocument {
  documentId: string;
  checklist: ChecklistName;
  item: string;
  name: string;
  contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
  sizeBytes: number;
  sha256: string;
  withdrawn?: { reason: string; at: string };
}

/** `GET /units/:unitId/documents`. */
export interface UnitDocuments {
  unitId: string;
  checklists: ChecklistStatus[];
  documents: FiledDocument[];
}

/** A document filed or withdrawn: the unit's documents after it. */
export interface DocumentStep extends UnitDocuments {
  document: FiledDocument;
  seq: number;
}

/** `GET /units/:unitId/application` with the application checklist's status. */
export type ApplicationView = ApplicationStatus & { checklist: ChecklistStatus };
