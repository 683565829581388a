/** What a case knows of its published plans. */
import type { CostPlan, CostShare } from '../../cost/types.js';

/** A published plan version, with its cost plan and the shares each household was told. */
export interface PlanState {
  readonly version: number;
  readonly title: string;
  readonly publishedAt: string;
  readonly summary?: string;
  readonly documents?: readonly string[];
  readonly cost?: CostPlan;
  readonly shares?: readonly CostShare[];
}

/** The part of a case's state that its plans keep. */
export interface PlanSlice {
  /** The plan version in force (the last published). */
  readonly plan?: PlanState;
  /** Every published plan version, oldest first. */
  readonly plans: readonly PlanState[];
}

/** The version of the plan in force, or 0 before the first is published. */
export function currentPlanVersion(state: PlanSlice): number {
  return state.plan?.version ?? 0;
}
