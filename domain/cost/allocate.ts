import { DomainError } from '../errors.js';

/** One claimant in {@link allocateLargestRemainder}. */
export interface AllocationWeight {
  /** Identifies the claimant in the result; must be unique. */
  readonly key: string;
  /** Orders equal remainders (a room number, compared with {@link compareRooms}). */
  readonly tiebreak: string;
  /** A non-negative integer; only ratios between weights matter. */
  readonly weight: bigint | number;
}

/** The fen allocated to one claimant. */
export interface Allocation {
  readonly key: string;
  readonly fen: number;
}

const DIGITS = /^[0-9]+$/;

/**
 * Natural order of room numbers, so that '302' < '1001': when both are digit strings they compare as
 * numbers (then as strings, so '0302' and '302' still have a fixed order); otherwise by UTF-16 code
 * units (never `localeCompare`, whose result depends on the runtime's locale data).
 *
 * Why: domain.md §6 asks for a stable tie-break "by room number" when rounding shares, and residents
 * read room numbers as numbers.
 */
export function compareRooms(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) {
    const x = a.replace(/^0+(?=.)/, '');
    const y = b.replace(/^0+(?=.)/, '');
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a === b ? 0 : a < b ? -1 : 1;
}

function toWeight(value: bigint | number, index: number): bigint {
  if (typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && value >= 0) {
    return BigInt(value);
  }
  throw new DomainError('validation_error', 'a weight must be a non-negative integer', {
    field: `weights[${index}].weight`,
  });
}

/**
 * Shares `totalFen` among claimants in proportion to integer weights, to the fen, so that the parts add
 * up exactly to the total (the largest-remainder, or Hamilton, method): each claimant first gets the
 * floor of its exact share; the fen left over (fewer than the number of claimants) go one each to the
 * largest remainders, equal remainders ordered by `tiebreak` in natural room order, then by `key`.
 * Every part is therefore within one fen of its exact proportional value, a zero weight gets nothing,
 * and the result does not depend on the order of `weights`.
 *
 * Arithmetic is in BigInt: weight × total can exceed 2^53.
 *
 * Source: domain.md §6 (shares must sum exactly; largest remainder with a stable tie-break by room).
 *
 * @returns one allocation per claimant, in the order given.
 * @throws DomainError `validation_error` for a negative or non-integer total or weight, or a repeated
 *   key; `no_contributors` when `totalFen` > 0 and every weight is zero.
 */
export function allocateLargestRemainder(
  totalFen: number,
  weights: readonly AllocationWeight[],
): Allocation[] {
  if (!Number.isSafeInteger(totalFen) || totalFen < 0) {
    throw new DomainError('validation_error', 'the total must be a non-negative integer of fen', {
      field: 'totalFen',
    });
  }
  const keys = new Set<string>();
  const w = weights.map((entry, index) => {
    if (keys.has(entry.key)) {
      throw new DomainError('validation_error', 'each claimant key must be unique', {
        field: `weights[${index}].key`,
        key: entry.key,
      });
    }
    keys.add(entry.key);
    return toWeight(entry.weight, index);
  });
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (totalFen > 0) {
      throw new DomainError('no_contributors', 'there is an amount to share but nobody to pay it', {
        totalFen,
      });
    }
    return weights.map(({ key }) => ({ key, fen: 0 }));
  }
  const total = BigInt(totalFen);
  const parts = w.map((weight) => (total * weight) / sum);
  const remainders = w.map((weight) => (total * weight) % sum);
  let leftover = Number(total - parts.reduce((a, b) => a + b, 0n));
  const order = weights
    .map((_, index) => index)
    .sort((i, j) => {
      const ri = remainders[i] as bigint;
      const rj = remainders[j] as bigint;
      if (ri !== rj) return ri > rj ? -1 : 1;
      const a = weights[i] as AllocationWeight;
      const b = weights[j] as AllocationWeight;
      return compareRooms(a.tiebreak, b.tiebreak) || (a.key < b.key ? -1 : 1);
    });
  for (const index of order) {
    if (leftover === 0) break;
    parts[index] = (parts[index] as bigint) + 1n;
    leftover -= 1;
  }
  return weights.map(({ key }, index) => ({ key, fen: Number(parts[index]) }));
}
