import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../../domain/case/index.js';
import { named } from '../../openapi/registry.js';
import { Instant, Whole } from '../views.js';

const Checklist = z.enum(['application', 'subsidy']);

/** `POST /units/:unitId/documents?checklist=…&item=…&name=…`: what the file in the body is. */
export const FileDocumentQuery = z.object({
  checklist: Checklist,
  item: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'is the id of a checklist item, such as design'),
  name: z.string().trim().min(1, 'is required').max(120),
});

export const DocumentParams = z.object({
  unitId: z.string().max(64),
  documentId: z.string().trim().min(1).max(64),
});

/** `POST /units/:unitId/documents/:documentId/withdraw`: why it was filed in error. */
export const WithdrawDocumentBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const DocumentView = named(
  'Document',
  z.strictObject({
    documentId: z.string(),
    checklist: Checklist,
    item: z.string(),
    name: z.string(),
    contentType: z.enum(DOCUMENT_TYPES),
    sizeBytes: Whole,
    sha256: Sha256,
    withdrawn: z.strictObject({ reason: z.string(), at: Instant }).optional(),
  }),
);

const ChecklistItemShape = z.strictObject({
  id: z.string(),
  label: z.string(),
  source: z.string(),
  confirmed: z.boolean(),
  required: z.boolean(),
});

/** One item of a checklist, as the city configured it. */
export const ChecklistItemView = named('ChecklistItem', ChecklistItemShape);

/** A checklist against the case: each item's status and what is still missing. */
export const ChecklistStatusView = named(
  'ChecklistStatus',
  z.strictObject({
    checklist: Checklist,
    items: z.array(
      ChecklistItemShape.extend({
        named: z.boolean(),
        documentIds: z.array(z.string()),
        provided: z.boolean(),
        outstanding: z.boolean(),
      }),
    ),
    missing: z.array(z.string()),
  }),
);

/** `GET /units/:unitId/documents`: the checklists and every document filed. */
export const UnitDocumentsView = named(
  'UnitDocuments',
  z.strictObject({
    unitId: z.string(),
    checklists: z.array(ChecklistStatusView),
    documents: z.array(DocumentView),
  }),
);

/** A document filed or withdrawn: the unit's documents after it, the document and the event's seq. */
export const DocumentStepView = named(
  'DocumentStep',
  z.strictObject({
    unitId: z.string(),
    checklists: z.array(ChecklistStatusView),
    documents: z.array(DocumentView),
    document: DocumentView,
    seq: Whole,
  }),
);
