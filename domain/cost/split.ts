import { DomainError } from '../errors.js';
import { indexFlats, requireCount, requireRoom, shareByScheme } from './scheme.js';
import type { CostFlat, CostPlan, CostSplit, ExemptReason } from './types.js';

/**
 * Splits the construction cost of one elevator among the flats of a unit, to the fen.
 *
 * The subsidy is deducted first; compensation owed to named flats (e.g. low-floor owners who lose light
 * or access) is added, because the contributors pay it: amount shared = totalCost − subsidy +
 * Σ compensation. That amount is keyed by the agreed {@link CostPlan.scheme} (floor coefficient × area,
 * fixed per floor, pure area, or explicit per room), exempt rooms paying nothing, and rounded by the
 * largest-remainder method with ties broken by room number, so Σ payFen = amountSharedFen and
 * Σ receiveFen = compensationFen exactly. The result does not depend on the order of `flats`.
 *
 * Why: Civil Code art. 283 — the cost of common parts is borne as agreed, failing agreement in
 * proportion to exclusive area (the `area` scheme); the other schemes, the subsidy, compensation and
 * its cap (some cities: 30% of cost) are Hangzhou practice as described in domain.md §6.
 *
 * @throws DomainError `validation_error` (with `field`) for a negative or non-integer amount, area or
 *   coefficient, or a repeated room; `subsidy_exceeds_cost`; `unknown_room` for an exemption,
 *   compensation or explicit share naming a room not in `flats`; `compensation_over_cap` with
 *   `{ capPermille, maxFen, compensationFen, totalCostFen }`; `explicit_shares_do_not_sum` with
 *   `{ expected, actual }`; `no_contributors` when there is an amount but every weight is zero.
 */
export function splitCost(flats: readonly CostFlat[], plan: CostPlan): CostSplit {
  const byRoom = indexFlats(flats);
  const totalCostFen = requireCount(plan.totalCostFen, 'totalCostFen');
  const subsidyFen = requireCount(plan.subsidyFen, 'subsidyFen');
  if (subsidyFen > totalCostFen) {
    throw new DomainError('subsidy_exceeds_cost', 'the subsidy is larger than the cost', {
      totalCostFen,
      subsidyFen,
    });
  }

  const exemptions = new Map<string, ExemptReason>();
  for (const room of plan.exemptRooms ?? []) {
    requireRoom(byRoom, room, 'exemptRooms');
    exemptions.set(room, 'exempt_room');
  }

  const receive = new Map<string, number>();
  let compensationFen = 0;
  (plan.compensations ?? []).forEach((compensation, index) => {
    requireRoom(byRoom, compensation.toRoom, `compensations[${index}].toRoom`);
    const amount = requireCount(compensation.amountFen, `compensations[${index}].amountFen`);
    compensationFen += amount;
    receive.set(compensation.toRoom, (receive.get(compensation.toRoom) ?? 0) + amount);
  });
  const amountSharedFen = totalCostFen - subsidyFen + compensationFen;
  if (!Number.isSafeInteger(amountSharedFen)) {
    throw new DomainError('validation_error', 'the compensation is too large', { field: 'compensations' });
  }
  if (plan.compensationCapPermille !== undefined) {
    const capPermille = requireCount(plan.compensationCapPermille, 'compensationCapPermille');
    const maxFen = (BigInt(totalCostFen) * BigInt(capPermille)) / 1000n;
    if (BigInt(compensationFen) > maxFen) {
      throw new DomainError('compensation_over_cap', 'the compensation exceeds the agreed cap', {
        capPermille,
        maxFen: Number(maxFen),
        compensationFen,
        totalCostFen,
      });
    }
  }

  const shares = shareByScheme(flats, byRoom, plan.scheme, amountSharedFen, exemptions).map((share) => {
    const receiveFen = receive.get(share.room) ?? 0;
    return { ...share, receiveFen, netFen: share.payFen - receiveFen };
  });
  return { totalCostFen, subsidyFen, compensationFen, amountSharedFen, shares };
}
