/** The events of the unit's draft plans (domain.md §6). */
import type { CostPlan, CostShare } from '../../cost/types.js';

/** The data of each plan event, by event type. */
export interface PlanEventData {
  /**
   * A draft plan version was published, with its cost plan and each flat's share as computed then
   * (the shares are kept, not recomputed: they are what each household was told). `ballot` is present
   * when an elevator ballot was open: it now votes on this version, and the votes of `reconfirmRooms`
   * (flats whose share changed) cast so far no longer count.
   */
  PlanPublished: {
    readonly planVersion: number;
    readonly title: string;
    readonly summary?: string;
    readonly documents: readonly string[];
    readonly cost?: CostPlan;
    readonly shares?: readonly CostShare[];
    readonly ballot?: { readonly ballotId: string; readonly reconfirmRooms: readonly string[] };
    readonly publishedAt: string;
  };
}
