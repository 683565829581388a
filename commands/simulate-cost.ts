import type { PlanState } from '../domain/case/index.js';
import { roomsWithChangedShare, splitCost, type CostPlan, type CostSplit } from '../domain/cost/index.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit } from './read-case.js';

/** A candidate cost plan for a unit, to see before it is published. */
export interface SimulateCostInput {
  readonly unitId: string;
  readonly cost: CostPlan;
}

/** Every household's share under the candidate, beside the plan in force (if it has a cost plan). */
export interface CostSimulation {
  readonly unitId: string;
  readonly split: CostSplit;
  /** The published plan in force, when it has shares: what households were told so far. */
  readonly current?: PlanState;
  /** Rooms whose net share would differ from the plan in force (all, when none has a cost plan). */
  readonly changedRooms: readonly string[];
}

/**
 * Splits a candidate cost plan over the unit's flats as registered now, exactly as publishing a plan
 * version would (`splitCost`: subsidy first, compensation on top, largest remainder to the fen, so
 * the shares sum to the amount shared), and **stores nothing**: no event, no message. The committee
 * and the applicants compare schemes before one is put to the neighbours (domain.md §6). Refusals
 * are the split's own (`subsidy_exceeds_cost`, `unknown_room`, `explicit_shares_do_not_sum`,
 * `compensation_over_cap`, `no_contributors`, `validation_error`), and `unit_not_registered`.
 */
export async function simulateCost(ctx: CommandContext, input: SimulateCostInput): Promise<CostSimulation> {
  const { state } = await readUnit(ctx, input.unitId);
  const split = splitCost(state.flats, input.cost);
  const current = state.plan?.shares === undefined ? undefined : state.plan;
  return {
    unitId: input.unitId,
    split,
    ...(current === undefined ? {} : { current }),
    changedRooms: roomsWithChangedShare(current?.shares, split.shares),
  };
}
