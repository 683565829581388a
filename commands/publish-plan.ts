import type { LoadedCase } from './case-views.js';
import type { CommandContext } from './context.js';
import { requireUnitId } from './ids.js';
import { runCaseCommand } from './run-case.js';
import type { CommandMeta } from './stream-runner.js';

/** A draft plan version to publish (a new version after a failed ballot). */
export interface PublishPlanInput {
  readonly unitId: string;
  readonly planVersion: number;
  readonly title: string;
  readonly summary?: string;
  readonly documents?: readonly string[];
}

/**
 * `PublishPlan` → `PlanPublished`: the draft plan the elevator ballot votes on. The case moves to
 * `planning`; the version must be newer than the last, and no elevator ballot may be open.
 */
export async function publishPlan(
  ctx: CommandContext,
  input: PublishPlanInput,
  meta: CommandMeta,
): Promise<LoadedCase> {
  requireUnitId(input.unitId);
  const { unitId, ...data } = input;
  const { state, head } = await runCaseCommand(ctx, unitId, { type: 'PublishPlan', data }, meta);
  return { state, head };
}
