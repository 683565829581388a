import { ChecklistStatusView } from '../documents/schema.js';
import { z } from 'zod';
import { named } from '../../openapi/registry.js';
import { Day as DayView, StageView, Whole } from '../views.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day such as 2025-04-07');
/** A material, a department, a condition or a reason: the authority's words, one line each. */
const Item = z.string().trim().min(1, 'is required').max(200);
const Items = (max: number) => z.array(Item).max(max);
const Reference = z.string().trim().min(1).max(64);

/** `POST /units/:unitId/application`: the application handed in, with the materials it holds. */
export const SubmitApplicationBody = z.object({
  submittedOn: Day.optional(),
  materials: Items(100).min(1, 'lists at least one material'),
  reference: Reference.optional(),
});

/** `POST /units/:unitId/application/incomplete`: everything still missing, listed once (一次性告知). */
export const IncompleteMaterialsBody = z.object({
  notifiedOn: Day.optional(),
  missing: Items(100).min(1, 'lists at least one missing material'),
});

/** `POST /units/:unitId/application/supplement`: the materials supplied, named as they were notified. */
export const SupplementMaterialsBody = z.object({
  supplementedOn: Day.optional(),
  materials: Items(100).min(1, 'lists at least one material'),
});

/** `POST /units/:unitId/application/acceptance`: accepted, and the departments convened for the review. */
export const AcceptApplicationBody = z.object({
  acceptedOn: Day.optional(),
  departments: Items(30).min(1, 'lists at least one department'),
  reference: Reference.optional(),
});

/** `POST /units/:unitId/application/opinions`: one convened department's written opinion. */
export const ReviewOpinionBody = z.object({
  department: Item,
  opinion: z.enum(['approve', 'approve_with_conditions', 'reject']),
  givenOn: Day.optional(),
  conditions: Items(30).optional(),
  reasons: Items(30).optional(),
});

/** `POST /units/:unitId/application/conclusion`: the joint review's conclusion. */
export const ConcludeReviewBody = z.object({
  decision: z.enum(['approved', 'rejected']),
  concludedOn: Day.optional(),
  reasons: Items(30).optional(),
  conditions: Items(30).optional(),
});

// ——— Answers ———

const ApplicationStateView = z.strictObject({
  submittedOn: DayView,
  materials: z.array(z.string()),
  /** Notified items not supplied yet. */
  outstanding: z.array(z.string()),
  awaitingSupplement: z.boolean(),
  notices: Whole,
  notifiedOn: DayView.optional(),
  acceptedOn: DayView.optional(),
  departments: z.array(z.string()),
  reviewDueOn: DayView.optional(),
  opinions: z.array(
    z.strictObject({
      department: z.string(),
      opinion: z.enum(['approve', 'approve_with_conditions', 'reject']),
      givenOn: DayView,
      conditions: z.array(z.string()),
      reasons: z.array(z.string()),
    }),
  ),
});

const JointReviewView = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  concludedOn: DayView,
  reasons: z.array(z.string()),
  conditions: z.array(z.string()),
});

/** `GET /units/:unitId/application`: the application pending, and the last review's conclusion. */
export const ApplicationView = named(
  'Application',
  z.strictObject({
    unitId: z.string(),
    stage: StageView,
    application: ApplicationStateView.optional(),
    jointReview: JointReviewView.optional(),
    checklist: ChecklistStatusView,
  }),
);

/** A step of the application done: the case's application after it, its event, whether the group was told. */
export const ApplicationStepView = named(
  'ApplicationStep',
  z.strictObject({
    unitId: z.string(),
    stage: StageView,
    application: ApplicationStateView.optional(),
    jointReview: JointReviewView.optional(),
    checklist: ChecklistStatusView,
    seq: Whole,
    type: z.string(),
    announcement: z.enum(['queued', 'duplicate', 'no_group', 'none']),
  }),
);
