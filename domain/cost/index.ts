/**
 * Cost sharing for an added elevator, to the fen: the construction split ({@link splitCost}), running
 * costs ({@link splitRunningCost}), late joiners ({@link lateJoinerCatchUp}) and the rounding they
 * share ({@link allocateLargestRemainder}). Source: Civil Code art. 283 (as agreed, else by exclusive
 * area) and Hangzhou practice (domain.md §6).
 */
export { allocateLargestRemainder, compareRooms } from './allocate.js';
export type { Allocation, AllocationWeight } from './allocate.js';
export { COST_ERROR_CODES } from './codes.js';
export { roomsWithChangedShare } from './compare.js';
export { lateJoinerCatchUp } from './late-joiner.js';
export { DEFAULT_RUNNING_EXEMPT_FLOORS, splitRunningCost } from './running.js';
export { splitCost } from './split.js';
export type * from './types.js';
