import { describe, expect, it } from '@jest/globals';
import type { CostFlat } from '../../../domain/cost/index.js';
import { DEFAULT_RUNNING_EXEMPT_FLOORS, splitRunningCost } from '../../../domain/cost/index.js';
import { caught } from '../support.js';

/** Three floors, two flats a floor, equal areas except 302. */
const UNIT: CostFlat[] = [
  { room: '101', floor: 1, areaCenti: 8000 },
  { room: '102', floor: 1, areaCenti: 8000 },
  { room: '201', floor: 2, areaCenti: 8000 },
  { room: '202', floor: 2, areaCenti: 8000 },
  { room: '301', floor: 3, areaCenti: 8000 },
  { room: '302', floor: 3, areaCenti: 4000 },
];

const pays = (split: ReturnType<typeof splitRunningCost>) =>
  Object.fromEntries(split.shares.map(({ room, payFen }) => [room, payFen]));

describe('splitRunningCost', () => {
  it('reads an explicit key as each flat’s proportion of every bill, whatever the bill comes to', () => {
    // The owners agreed ¥300 a year for 301 and ¥700 for 302: each bill is shared 3 : 7, to the fen.
    const key = { scheme: { kind: 'explicit' as const, fenByRoom: { '301': 30_000, '302': 70_000 } } };
    expect(pays(splitRunningCost(UNIT, 10_000, key))).toMatchObject({ '301': 3_000, '302': 7_000, '201': 0 });
    expect(pays(splitRunningCost(UNIT, 101, key))).toMatchObject({ '301': 30, '302': 71 });
  });

  it('exempts the ground floor by default under a scheme by area, floor or fixed amount', () => {
    expect(DEFAULT_RUNNING_EXEMPT_FLOORS).toEqual([1]);
    // ¥12,000.01 a year of maintenance over 80 + 80 + 80 + 40 m² above the ground floor
    const split = splitRunningCost(UNIT, 1_200_001, { scheme: { kind: 'area' } });
    expect(split.amountFen).toBe(1_200_001);
    expect(pays(split)).toEqual({
      '101': 0,
      '102': 0,
      '201': 342_858, // 342,857.43 + the leftover fen (largest remainder, tie with 202/301 → lowest room)
      '202': 342_857,
      '301': 342_857,
      '302': 171_429, // 171,428.71: largest remainder
    });
    expect(split.shares[0]?.terms).toMatchObject({ exempt: 'exempt_floor', weight: 0, areaCenti: 8000 });
  });

  it('exempts no floor under an explicit key unless the key says so: it names who pays what', () => {
    const scheme = { kind: 'explicit' as const, fenByRoom: { '101': 10_000, '301': 30_000 } };
    const charged = splitRunningCost(UNIT, 4_000, { scheme });
    expect(pays(charged)).toEqual({ '101': 1_000, '102': 0, '201': 0, '202': 0, '301': 3_000, '302': 0 });
    expect(charged.shares[0]?.terms.exempt).toBeUndefined();
    const exempt = splitRunningCost(UNIT, 4_000, { scheme, exemptFloors: [1] });
    expect(pays(exempt)).toEqual({ '101': 0, '102': 0, '201': 0, '202': 0, '301': 4_000, '302': 0 });
    expect(exempt.shares[0]?.terms.exempt).toBe('exempt_floor');
  });

  it.each([
    {
      name: 'with no exempt floor when the key says so',
      key: { scheme: { kind: 'area' as const }, exemptFloors: [] },
      expected: {
        '101': 180_000,
        '102': 180_000,
        '201': 180_000,
        '202': 180_000,
        '301': 180_000,
        '302': 90_000,
      },
    },
    {
      name: 'exempting floors 1–2 and a listed room',
      key: { scheme: { kind: 'area' as const }, exemptFloors: [1, 2], exemptRooms: ['302'] },
      expected: { '101': 0, '102': 0, '201': 0, '202': 0, '301': 990_000, '302': 0 },
    },
    {
      name: 'by floor coefficient',
      key: { scheme: { kind: 'floor_coefficient' as const, permilleByFloor: { 2: 500, 3: 1000 } } },
      // weights 4,000,000 ×2, 8,000,000, 4,000,000 → 20,000,000
      expected: { '101': 0, '102': 0, '201': 198_000, '202': 198_000, '301': 396_000, '302': 198_000 },
    },
    {
      name: 'by fixed amount per floor',
      key: { scheme: { kind: 'fixed_per_floor' as const, fenByFloor: { 1: 1, 2: 1, 3: 2 } } },
      expected: { '101': 0, '102': 0, '201': 165_000, '202': 165_000, '301': 330_000, '302': 330_000 },
    },
    {
      name: 'by explicit amounts',
      key: { scheme: { kind: 'explicit' as const, fenByRoom: { '301': 490_000, '302': 500_000 } } },
      expected: { '101': 0, '102': 0, '201': 0, '202': 0, '301': 490_000, '302': 500_000 },
    },
  ])('splits $name', ({ key, expected }) => {
    const split = splitRunningCost(UNIT, 990_000, key);
    expect(pays(split)).toEqual(expected);
    expect(split.shares.reduce((sum, { payFen }) => sum + payFen, 0)).toBe(990_000);
  });

  it('marks a listed room exempt_room even on an exempt floor', () => {
    const split = splitRunningCost(UNIT, 100, { scheme: { kind: 'area' }, exemptRooms: ['101'] });
    expect(split.shares.map(({ terms }) => terms.exempt)).toEqual([
      'exempt_room',
      'exempt_floor',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    {
      name: 'a negative amount',
      amount: -1,
      key: { scheme: { kind: 'area' as const } },
      code: 'validation_error',
    },
    {
      name: 'an unknown exempt room',
      amount: 1,
      key: { scheme: { kind: 'area' as const }, exemptRooms: ['401'] },
      code: 'unknown_room',
    },
    {
      name: 'an amount when every floor is exempt',
      amount: 1,
      key: { scheme: { kind: 'area' as const }, exemptFloors: [1, 2, 3] },
      code: 'no_contributors',
    },
  ])('refuses $name', ({ amount, key, code }) => {
    expect(caught(() => splitRunningCost(UNIT, amount, key)).code).toBe(code);
  });
});
