/** The commands of the unit's draft plans: each version with how its cost is shared (domain.md §6). */
import type { CostPlan } from '../../cost/types.js';

/** The data of each plan command, by command type. */
export interface PlanCommandData {
  /**
   * Publishes a draft plan version with its cost plan (how the cost is shared). Allowed while the
   * elevator ballot is open: the ballot moves to the new version, and the votes of flats whose share
   * changed stop counting until they vote again (votes are pinned to a plan version).
   */
  PublishPlan: {
    readonly planVersion: number;
    readonly title: string;
    readonly summary?: string;
    readonly documents?: readonly string[];
    readonly cost?: CostPlan;
  };
}
