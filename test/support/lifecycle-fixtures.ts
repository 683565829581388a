/**
 * Cases after the vote for the tests beside the application, the works and their clocks, built with
 * the commands themselves on the fixed clock of `commands.ts`: a unit whose publicity (signed Monday
 * 2025-03-10) ended at 24:00 2025-03-20 with no objection, its group bound when asked; the same unit
 * under joint review, approved, and at handover (completion accepted, no 使用单位 named yet). Every
 * step after publicity is dated the morning after it ended, {@link AFTER_PUBLICITY_ON}.
 */
import {
  acceptApplication,
  concludeJointReview,
  recordReviewOpinion,
  submitApplication,
} from '../../commands/application.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import {
  acceptCompletion,
  completeConstruction,
  notifyInstallation,
  recordPipelineRelocation,
  recordSupervisionInspection,
  startConstruction,
} from '../../commands/works.js';
import { endPublicity } from './api-helpers.js';
import { adminAt } from './commands.js';
import { bindTestGroup } from './groups.js';
import {
  givenUnitInPublicity,
  PUBLICITY_ENDS_AT,
  PUBLICITY_ENDS_MS,
  SIGNED_MS,
} from './publicity-fixtures.js';

/** Friday 2025-03-21, 10:00 in Shanghai — the morning after publicity ended — as ms after T0. */
export const AFTER_PUBLICITY_MS = PUBLICITY_ENDS_MS + 10 * 3_600_000;

/** The day of {@link AFTER_PUBLICITY_MS} in Shanghai. */
export const AFTER_PUBLICITY_ON = '2025-03-21';

/** The WeChat group a fixture binds to `unitId` when asked. */
export function groupOf(unitId: string): string {
  return `room-${unitId}@chatroom`;
}

/** How a fixture builds its unit. */
export interface LifecycleOptions {
  /** Whether the fixture binds the unit's group ({@link groupOf}). */
  readonly group?: boolean;
  /**
   * Builds the unit the fixture takes on, in publicity signed at {@link SIGNED_MS} (so ending at
   * {@link PUBLICITY_ENDS_AT}) with nothing after it: a unit of its own name, place or cost plan. By
   * default `givenUnitInPublicity`'s unit of four flats.
   */
  readonly inPublicity?: (ctx: CommandContext) => Promise<string>;
}

/**
 * A unit of four flats (or {@link LifecycleOptions.inPublicity}'s) whose elevator ballot passed,
 * agreement signed on day 7, publicity ended by the system at its 24:00 with no objection: stage
 * `application`, nothing submitted.
 */
export async function givenUnitAfterPublicity(
  ctx: CommandContext,
  options: LifecycleOptions = {},
): Promise<string> {
  const unitId = await (options.inPublicity ?? givenUnitInPublicity)(ctx);
  if (options.group === true) await bindTestGroup(ctx, groupOf(unitId), unitId, adminAt(SIGNED_MS).now);
  await endPublicity(ctx, unitId, new Date(PUBLICITY_ENDS_AT));
  return unitId;
}

/**
 * {@link givenUnitAfterPublicity} with its application submitted and accepted on
 * {@link AFTER_PUBLICITY_ON}, `departments` convened: stage `joint_review`, no opinion yet.
 */
export async function givenUnitInReview(
  ctx: CommandContext,
  departments: readonly string[] = ['规划', '消防'],
  options: LifecycleOptions = {},
): Promise<string> {
  const unitId = await givenUnitAfterPublicity(ctx, options);
  const meta = adminAt(AFTER_PUBLICITY_MS);
  await submitApplication(ctx, { unitId, materials: ['申请书', '协议书'] }, meta);
  await acceptApplication(ctx, { unitId, departments }, meta);
  return unitId;
}

/** A unit whose joint review (one department, in favour) approved it: stage `approved`. */
export async function givenApprovedUnit(
  ctx: CommandContext,
  options: LifecycleOptions = {},
): Promise<string> {
  const unitId = await givenUnitInReview(ctx, ['规划'], options);
  const meta = adminAt(AFTER_PUBLICITY_MS);
  await recordReviewOpinion(ctx, { unitId, department: '规划', opinion: 'approve' }, meta);
  await concludeJointReview(ctx, { unitId, decision: 'approved' }, meta);
  return unitId;
}

/**
 * An approved unit taken through the works — pipelines, installation notice, construction, a passed
 * inspection, completion accepted — all on {@link AFTER_PUBLICITY_ON}: stage `handover`, no 使用单位.
 */
export async function givenUnitAtHandover(
  ctx: CommandContext,
  options: LifecycleOptions = {},
): Promise<string> {
  const unitId = await givenApprovedUnit(ctx, options);
  const meta = adminAt(AFTER_PUBLICITY_MS);
  await recordPipelineRelocation(ctx, { unitId, utilities: ['燃气'] }, meta);
  await notifyInstallation(ctx, { unitId, installer: '某电梯安装公司' }, meta);
  await startConstruction(ctx, { unitId }, meta);
  await completeConstruction(ctx, { unitId }, meta);
  await recordSupervisionInspection(ctx, { unitId, passed: true }, meta);
  await acceptCompletion(ctx, { unitId }, meta);
  return unitId;
}
