import type { CostShare } from './types.js';

/**
 * The rooms whose net share differs between two versions of a cost plan, in the order they first
 * appear. A share that appears or disappears is a change (the first cost plan changes every flat);
 * two versions without a cost plan change nobody's share. Used to ask exactly those households to
 * confirm their vote again.
 */
export function roomsWithChangedShare(
  before: readonly CostShare[] | undefined,
  after: readonly CostShare[] | undefined,
): string[] {
  const net = (shares: readonly CostShare[] | undefined) =>
    new Map((shares ?? []).map((share) => [share.room, share.netFen]));
  const was = net(before);
  const now = net(after);
  const rooms = [...new Set([...was.keys(), ...now.keys()])];
  return rooms.filter((room) => was.get(room) !== now.get(room));
}
