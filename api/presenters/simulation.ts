import type { CostSimulation } from '../../commands/simulate-cost.js';
import { formatYuan } from '../../messages/plan.js';

/**
 * A cost simulation as the committee reads it: each household's share in fen and as a bill writes it
 * (`48,123.45 元`), with the terms that produced it and, when a plan with shares is in force, what that
 * plan asks of the household; then the totals, which add up exactly. Nothing was stored.
 */
export function presentSimulation(simulation: CostSimulation) {
  const { split, current } = simulation;
  const before = new Map((current?.shares ?? []).map((share) => [share.room, share.netFen]));
  const sum = (pick: (share: (typeof split.shares)[number]) => number) =>
    split.shares.reduce((total, share) => total + pick(share), 0);
  const payFen = sum((share) => share.payFen);
  const receiveFen = sum((share) => share.receiveFen);
  return {
    unitId: simulation.unitId,
    stored: false,
    shares: split.shares.map((share) => ({
      room: share.room,
      floor: share.floor,
      payFen: share.payFen,
      receiveFen: share.receiveFen,
      netFen: share.netFen,
      yuan: formatYuan(share.netFen),
      ...(current === undefined ? {} : { currentNetFen: before.get(share.room) ?? 0 }),
      terms: share.terms,
    })),
    totals: {
      flats: split.shares.length,
      totalCostFen: split.totalCostFen,
      subsidyFen: split.subsidyFen,
      compensationFen: split.compensationFen,
      amountSharedFen: split.amountSharedFen,
      payFen,
      receiveFen,
      netFen: payFen - receiveFen,
      yuan: {
        totalCost: formatYuan(split.totalCostFen),
        subsidy: formatYuan(split.subsidyFen),
        compensation: formatYuan(split.compensationFen),
        amountShared: formatYuan(split.amountSharedFen),
      },
    },
    ...(current === undefined ? {} : { comparedWith: { planVersion: current.version } }),
    changedRooms: [...simulation.changedRooms],
  };
}
