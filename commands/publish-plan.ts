import type { CostPlan } from '../domain/cost/index.js';
import { announcePlan } from './announce-plan.js';
import type { LoadedCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** A draft plan version to publish (a new version after a failed ballot). */
export interface PublishPlanInput {
  readonly unitId: string;
  readonly planVersion: number;
  readonly title: string;
  readonly summary?: string;
  readonly documents?: readonly string[];
  readonly cost?: CostPlan;
}

/**
 * `PublishPlan` → `PlanPublished`: the draft plan the elevator ballot votes on, with each flat's share.
 * The version must be newer than the last. Outside a ballot the case moves to `planning`; during the
 * elevator ballot the ballot moves to this version (flats whose share changed vote again). Then the
 * plan is announced (`announcePlan`): the summary in the group, each household's share privately.
 */
export async function publishPlan(
  ctx: CommandContext,
  input: PublishPlanInput,
  meta: CommandMeta,
): Promise<LoadedCase> {
  requireUnitId(input.unitId);
  const { unitId, ...data } = input;
  const { state, head } = await runCaseCommand(ctx, unitId, { type: 'PublishPlan', data }, meta);
  await announcePlan(ctx, unitId, state, meta);
  return { state, head };
}
