/**
 * The application to the district housing authority and its joint review (domain.md §4; HZ-2021
 * item 7), driven through the API: submitted after publicity and every effective objection, missing
 * materials notified once and supplied, accepted with the review's deadline on the working-day
 * calendar, each convened department's opinion, and the conclusion. Each step but a single
 * department's opinion is told to the unit's group (`lifecycle-step.ts`).
 */
import type { ApplicationCommandData, ReviewOpinion } from '../domain/case/index.js';
import {
  applicationAcceptedNotice,
  applicationSubmittedNotice,
  incompleteMaterialsNotice,
  jointReviewConcludedNotice,
  materialsSupplementedNotice,
} from '../messages/index.js';
import { computePeriodEnd } from './compute-period-end.js';
import type { CommandContext } from './kernel/context.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { dayOr, runLifecycleStep as step, type LifecycleStepResult } from './lifecycle-step.js';

/** A step of the application done (see {@link LifecycleStepResult}). */
export type ApplicationStepResult = LifecycleStepResult;

/** The joint review concludes within this many working days of acceptance (HZ-2021 item 7). */
export const JOINT_REVIEW_WORKING_DAYS = 10;

export async function submitApplication(
  ctx: CommandContext,
  input: { unitId: string; submittedOn?: string; materials: readonly string[]; reference?: string },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const data: ApplicationCommandData['SubmitApplication'] = {
    submittedOn: dayOr(input.submittedOn, 'submittedOn', meta.now),
    materials: input.materials,
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  };
  return step(ctx, input.unitId, { type: 'SubmitApplication', data }, meta, () =>
    applicationSubmittedNotice({ materials: input.materials.length }),
  );
}

export async function notifyIncompleteMaterials(
  ctx: CommandContext,
  input: { unitId: string; notifiedOn?: string; missing: readonly string[] },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const data = { notifiedOn: dayOr(input.notifiedOn, 'notifiedOn', meta.now), missing: input.missing };
  return step(ctx, input.unitId, { type: 'NotifyIncompleteMaterials', data }, meta, () =>
    incompleteMaterialsNotice({ missing: input.missing }),
  );
}

export async function supplementMaterials(
  ctx: CommandContext,
  input: { unitId: string; supplementedOn?: string; materials: readonly string[] },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const data = {
    supplementedOn: dayOr(input.supplementedOn, 'supplementedOn', meta.now),
    materials: input.materials,
  };
  return step(ctx, input.unitId, { type: 'SupplementMaterials', data }, meta, (state) =>
    materialsSupplementedNotice({
      materials: input.materials.length,
      outstanding: state.application?.outstanding.length ?? 0,
    }),
  );
}

/** Accepts the application; the review is due {@link JOINT_REVIEW_WORKING_DAYS} working days on. */
export async function acceptApplication(
  ctx: CommandContext,
  input: { unitId: string; acceptedOn?: string; departments: readonly string[]; reference?: string },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const acceptedOn = dayOr(input.acceptedOn, 'acceptedOn', meta.now);
  const reviewDueOn = computePeriodEnd(ctx, {
    from: acceptedOn,
    length: JOINT_REVIEW_WORKING_DAYS,
    unit: 'workday',
  }).endsOn;
  const data: ApplicationCommandData['AcceptApplication'] = {
    acceptedOn,
    departments: input.departments,
    reviewDueOn,
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  };
  return step(ctx, input.unitId, { type: 'AcceptApplication', data }, meta, () =>
    applicationAcceptedNotice({ departments: input.departments.length, reviewDueOn }),
  );
}

/** One convened department's written opinion: recorded, not announced (the conclusion is). */
export async function recordReviewOpinion(
  ctx: CommandContext,
  input: {
    unitId: string;
    department: string;
    opinion: ReviewOpinion;
    givenOn?: string;
    conditions?: readonly string[];
    reasons?: readonly string[];
  },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const data: ApplicationCommandData['RecordReviewOpinion'] = {
    department: input.department,
    opinion: input.opinion,
    givenOn: dayOr(input.givenOn, 'givenOn', meta.now),
    ...(input.conditions === undefined ? {} : { conditions: input.conditions }),
    ...(input.reasons === undefined ? {} : { reasons: input.reasons }),
  };
  return step(ctx, input.unitId, { type: 'RecordReviewOpinion', data }, meta, () => null);
}

export async function concludeJointReview(
  ctx: CommandContext,
  input: {
    unitId: string;
    decision: 'approved' | 'rejected';
    concludedOn?: string;
    reasons?: readonly string[];
    conditions?: readonly string[];
  },
  meta: CommandMeta,
): Promise<ApplicationStepResult> {
  const data: ApplicationCommandData['ConcludeJointReview'] = {
    decision: input.decision,
    concludedOn: dayOr(input.concludedOn, 'concludedOn', meta.now),
    ...(input.reasons === undefined ? {} : { reasons: input.reasons }),
    ...(input.conditions === undefined ? {} : { conditions: input.conditions }),
  };
  return step(ctx, input.unitId, { type: 'ConcludeJointReview', data }, meta, () =>
    jointReviewConcludedNotice({
      decision: input.decision,
      reasons: input.reasons ?? [],
      conditions: input.conditions ?? [],
    }),
  );
}
