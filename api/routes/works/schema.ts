import { z } from 'zod';
import { named } from '../../openapi/registry.js';
import { Day as DayView, StageView, Whole } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-06-02');
const Item = z.string().trim().min(1, 'is required').max(200);
const Reference = z.string().trim().min(1).max(64);

/** `POST /units/:unitId/works/pipeline-relocation`: done; an empty `utilities` records none was needed. */
export const PipelineRelocationBody = z.object({
  completedOn: Day.optional(),
  utilities: z.array(Item).max(10),
  note: z.string().trim().min(1).max(500).optional(),
});

/** `POST /units/:unitId/works/installation-notice`: the installer's written notice to market supervision. */
export const InstallationNoticeBody = z.object({
  notifiedOn: Day.optional(),
  installer: Item,
  reference: Reference.optional(),
});

/** `POST /units/:unitId/works/start` and `…/completion`: the day. */
export const StartBody = z.object({ startedOn: Day.optional() });
export const CompletionBody = z.object({ completedOn: Day.optional() });

/** `POST /units/:unitId/works/inspections`: a supervision inspection's result (a failed one lists its defects). */
export const InspectionBody = z.object({
  inspectedOn: Day.optional(),
  passed: z.boolean(),
  reportRef: Reference.optional(),
  defects: z.array(Item).max(100).optional(),
});

/** `POST /units/:unitId/works/acceptance`: completion acceptance. */
export const AcceptanceBody = z.object({ acceptedOn: Day.optional(), reportRef: Reference.optional() });

/** `POST /units/:unitId/user-unit`: the elevator's 使用单位 (a manager entrusted, or a person the owners name). */
export const UserUnitBody = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  kind: z.enum(['entrusted_manager', 'named_person']),
  namedOn: Day.optional(),
  contact: z.string().trim().min(1).max(100).optional(),
});

/** `POST /units/:unitId/handover`: keys and documents handed over; the elevator enters use. */
export const HandoverBody = z.object({
  handedOverOn: Day.optional(),
  enteredUseOn: Day.optional(),
  documents: z.array(Item).max(100).optional(),
});

/** `POST /units/:unitId/use-registration`: registered with market supervision. */
export const UseRegistrationBody = z.object({
  registeredOn: Day.optional(),
  certificateNo: Reference.optional(),
});

// ——— Answers ———

const WorksShape = {
  unitId: z.string(),
  stage: StageView,
  works: z.strictObject({
    pipelineRelocations: z.array(z.strictObject({ completedOn: DayView, utilities: z.array(z.string()) })),
    installationNotifiedOn: DayView.optional(),
    installer: z.string().optional(),
    constructionStartedOn: DayView.optional(),
    constructionCompletedOn: DayView.optional(),
    inspections: z.array(
      z.strictObject({
        inspectedOn: DayView,
        passed: z.boolean(),
        defects: z.array(z.string()),
        reportRef: z.string().optional(),
      }),
    ),
    inspectionPassedOn: DayView.optional(),
    completionAcceptedOn: DayView.optional(),
  }),
  /** The 使用单位: a company's name to everyone; a person's name only to whoever sees names. */
  userUnit: z
    .strictObject({
      name: z.string().optional(),
      kind: z.enum(['entrusted_manager', 'named_person']),
      namedOn: DayView,
    })
    .optional(),
  service: z
    .strictObject({
      handedOverOn: DayView,
      enteredUseOn: DayView,
      useRegistrationDueOn: DayView,
      documents: z.array(z.string()),
      registeredOn: DayView.optional(),
      certificateNo: z.string().optional(),
      registeredLate: z.boolean().optional(),
    })
    .optional(),
};

/** `GET /units/:unitId/works`: the works, the 使用单位, handover and use registration as they stand. */
export const WorksView = named('Works', z.strictObject(WorksShape));

/** A works step done: the works after it, its event, whether the group was told. */
export const WorksStepView = named(
  'WorksStep',
  z.strictObject({
    ...WorksShape,
    seq: Whole,
    type: z.string(),
    announcement: z.enum(['queued', 'duplicate', 'no_group', 'none']),
  }),
);
