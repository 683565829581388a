import { describe, expect, it } from '@jest/globals';
import { allocateLargestRemainder, compareRooms } from '../../../domain/cost/index.js';
import { caught } from '../support.js';

const claim = (key: string, weight: bigint | number, tiebreak = key) => ({ key, tiebreak, weight });

describe('compareRooms', () => {
  it.each([
    ['302', '1001', -1],
    ['1001', '302', 1],
    ['302', '302', 0],
    ['0302', '302', -1], // equal as numbers: falls back to string order
    ['301', '302', -1],
    ['302', '301', 1],
    ['A302', '1001', 1], // not both digits: string order
    ['A-101', 'A-102', -1],
    ['B', 'A', 1],
    ['000', '0', 1],
  ])('orders %s against %s as %d', (a, b, sign) => {
    expect(Math.sign(compareRooms(a, b))).toBe(sign);
  });
});

describe('allocateLargestRemainder', () => {
  it.each([
    {
      name: 'splits evenly when it divides',
      total: 300,
      claims: [claim('a', 1), claim('b', 1), claim('c', 1)],
      fen: [100, 100, 100],
    },
    {
      name: 'gives the leftover fen to the largest remainders',
      total: 100,
      claims: [claim('a', 1), claim('b', 2), claim('c', 4)],
      // exact 14.29, 28.57, 57.14 → floors 14, 28, 57 leave 1 → b (0.57)
      fen: [14, 29, 57],
    },
    {
      name: 'breaks equal remainders by room in natural order (302 before 1001)',
      total: 1,
      claims: [claim('1001', 1), claim('302', 1)],
      fen: [0, 1],
    },
    {
      name: 'breaks equal remainders by room whatever the input order',
      total: 2,
      claims: [claim('502', 1), claim('301', 1), claim('1001', 1)],
      fen: [1, 1, 0],
    },
    {
      name: 'breaks equal remainders and equal tiebreaks by key',
      total: 2,
      claims: [claim('c', 1, 'x'), claim('a', 1, 'x'), claim('b', 1, 'x')],
      fen: [0, 1, 1],
    },
    {
      name: 'gives nothing to a zero weight',
      total: 10,
      claims: [claim('a', 0), claim('b', 3), claim('c', 0)],
      fen: [0, 10, 0],
    },
    {
      name: 'returns zeros when there is nothing to share, even with no weight',
      total: 0,
      claims: [claim('a', 0), claim('b', 0)],
      fen: [0, 0],
    },
    {
      name: 'accepts an empty list when there is nothing to share',
      total: 0,
      claims: [],
      fen: [],
    },
    {
      name: 'accepts BigInt weights beyond 2^53 and stays exact',
      total: Number.MAX_SAFE_INTEGER,
      claims: [claim('a', 2n ** 80n), claim('b', 2n ** 80n)],
      fen: [2 ** 52, 2 ** 52 - 1],
    },
  ])('$name', ({ total, claims, fen }) => {
    const result = allocateLargestRemainder(total, claims);
    expect(result).toEqual(claims.map(({ key }, index) => ({ key, fen: fen[index] })));
    expect(result.reduce((sum, { fen: f }) => sum + f, 0)).toBe(total);
  });

  it.each([
    { name: 'a negative total', total: -1, claims: [claim('a', 1)], field: 'totalFen' },
    { name: 'a fractional total', total: 1.5, claims: [claim('a', 1)], field: 'totalFen' },
    { name: 'an unsafe total', total: 2 ** 53, claims: [claim('a', 1)], field: 'totalFen' },
    {
      name: 'a negative weight',
      total: 1,
      claims: [claim('a', 1), claim('b', -1)],
      field: 'weights[1].weight',
    },
    { name: 'a negative BigInt weight', total: 1, claims: [claim('a', -1n)], field: 'weights[0].weight' },
    { name: 'a fractional weight', total: 1, claims: [claim('a', 0.5)], field: 'weights[0].weight' },
    { name: 'a repeated key', total: 1, claims: [claim('a', 1), claim('a', 1)], field: 'weights[1].key' },
  ])('refuses $name', ({ total, claims, field }) => {
    const error = caught(() => allocateLargestRemainder(total, claims));
    expect(error.code).toBe('validation_error');
    expect(error.details).toMatchObject({ field });
  });

  it('refuses to share a positive amount when every weight is zero', () => {
    const error = caught(() => allocateLargestRemainder(5, [claim('a', 0), claim('b', 0n)]));
    expect(error.code).toBe('no_contributors');
    expect(error.details).toEqual({ totalFen: 5 });
    expect(caught(() => allocateLargestRemainder(5, [])).code).toBe('no_contributors');
  });
});
