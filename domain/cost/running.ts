import { indexFlats, requireCount, requireRoom, shareByScheme } from './scheme.js';
import type { CostFlat, ExemptReason, RunningCostKey, RunningCostSplit } from './types.js';

/**
 * Floors exempt from running costs when the key names none: the ground floor, whose owners seldom
 * use the elevator. Hangzhou practice (domain.md §6), not law: every key may override it.
 */
export const DEFAULT_RUNNING_EXEMPT_FLOORS: readonly number[] = [1];

/**
 * Splits a running cost of the elevator (maintenance, inspection, electricity, insurance, repairs —
 * typically a year's worth) among the flats, to the fen, by the unit's running-cost key. The key is
 * separate from the construction plan and by default exempts the ground floor
 * ({@link DEFAULT_RUNNING_EXEMPT_FLOORS}); the same scheme kinds and the same largest-remainder
 * rounding apply, so Σ payFen = amountFen exactly, whatever the order of `flats`. Explicit amounts per
 * room are proportions here (each bill is a different amount), not a sum the bill must equal.
 *
 * Why: Civil Code art. 283 (costs of common parts shared as agreed, else by exclusive area); a
 * separate running key exempting the ground floor is Hangzhou practice (domain.md §6).
 *
 * @throws DomainError `validation_error` (with `field`), `unknown_room`, `explicit_shares_do_not_sum`,
 *   `no_contributors`, as {@link splitCost} does.
 */
export function splitRunningCost(
  flats: readonly CostFlat[],
  annualFen: number,
  key: RunningCostKey,
): RunningCostSplit {
  const byRoom = indexFlats(flats);
  const amountFen = requireCount(annualFen, 'annualFen');
  // An explicit key names who pays what: the ground floor is exempt only if it says so.
  const exemptFloors = new Set(
    key.exemptFloors ?? (key.scheme.kind === 'explicit' ? [] : DEFAULT_RUNNING_EXEMPT_FLOORS),
  );
  const exemptions = new Map<string, ExemptReason>();
  for (const flat of flats) {
    if (exemptFloors.has(flat.floor)) exemptions.set(flat.room, 'exempt_floor');
  }
  for (const room of key.exemptRooms ?? []) {
    requireRoom(byRoom, room, 'exemptRooms');
    exemptions.set(room, 'exempt_room');
  }
  // An explicit key names each flat's agreed part of a year: every bill is shared in those proportions.
  return { amountFen, shares: shareByScheme(flats, byRoom, key.scheme, amountFen, exemptions, true) };
}
