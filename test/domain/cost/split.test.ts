import { describe, expect, it } from '@jest/globals';
import type { CostFlat, CostPlan, CostScheme } from '../../../domain/cost/index.js';
import { splitCost } from '../../../domain/cost/index.js';
import { caught } from '../support.js';
import { PLAN, UNIT } from './fixtures.js';

const pays = (plan: CostPlan, flats: CostFlat[] = UNIT) =>
  Object.fromEntries(splitCost(flats, plan).shares.map(({ room, payFen }) => [room, payFen]));

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('splitCost', () => {
  it('shares ¥400,000 by the domain.md floor coefficients × area, exactly to the fen', () => {
    const split = splitCost(UNIT, PLAN);
    expect(split).toMatchObject({
      totalCostFen: 60_000_000,
      subsidyFen: 20_000_000,
      compensationFen: 0,
      amountSharedFen: 40_000_000,
    });
    // Oracle: exact fractions (Python), floors, then the 4 leftover fen to 402, 301, 302, 501.
    expect(pays(PLAN)).toEqual({
      '101': 0,
      '102': 0,
      '201': 0,
      '202': 0,
      '301': 4_023_355,
      '302': 3_052_201,
      '401': 5_153_066,
      '402': 4_206_804,
      '501': 5_172_885,
      '502': 6_763_994,
      '601': 5_462_250,
      '602': 6_165_445,
    });
    expect(sum(split.shares.map((share) => share.payFen))).toBe(40_000_000);
  });

  it('explains each share with data a presenter can render (5F 0.9 × 72.50㎡ = 65.25 份 / 共 504.554 份)', () => {
    const split = splitCost(UNIT, PLAN);
    expect(split.shares.find((share) => share.room === '501')).toEqual({
      room: '501',
      floor: 5,
      payFen: 5_172_885,
      receiveFen: 0,
      netFen: 5_172_885,
      terms: {
        scheme: 'floor_coefficient',
        coefficientPermille: 900,
        areaCenti: 7250,
        weight: 6_525_000,
        totalWeight: 50_455_400,
        weightScale: 100_000,
        amountFen: 40_000_000,
      },
    });
    expect(split.shares.find((share) => share.room === '201')?.terms).toMatchObject({
      coefficientPermille: 0,
      weight: 0,
      exempt: 'zero_weight',
    });
  });

  it('orders shares by floor, then room in natural order, whatever the input order', () => {
    const flats = [
      { room: '1001', floor: 10, areaCenti: 100 },
      { room: '302', floor: 3, areaCenti: 100 },
      { room: '301', floor: 3, areaCenti: 100 },
    ];
    const split = splitCost(flats, { totalCostFen: 301, subsidyFen: 0, scheme: { kind: 'area' } });
    expect(split.shares.map(({ room, payFen }) => [room, payFen])).toEqual([
      ['301', 101],
      ['302', 100],
      ['1001', 100],
    ]);
  });

  it.each([
    {
      name: 'by pure exclusive area (art. 283 default)',
      scheme: { kind: 'area' } as CostScheme,
      flats: UNIT,
      amount: 40_000_000,
      expected: {
        '101': 2_491_075,
        '102': 4_279_424,
        '201': 2_708_200,
        '202': 3_986_621,
        '301': 3_265_876,
        '302': 2_477_561,
        '401': 3_660_034,
        '402': 2_987_939,
        '501': 3_265_876,
        '502': 4_270_415,
        '601': 3_103_708,
        '602': 3_503_271,
      },
    },
    {
      name: 'ties broken by room: equal areas, one leftover fen goes to the lower room',
      scheme: { kind: 'area' } as CostScheme,
      flats: [
        { room: '1001', floor: 10, areaCenti: 7000 },
        { room: '302', floor: 3, areaCenti: 7000 },
      ],
      amount: 1001,
      expected: { '302': 501, '1001': 500 },
    },
    {
      name: 'ties broken by room among three equal flats',
      scheme: { kind: 'floor_coefficient', permilleByFloor: { 5: 900 } } as CostScheme,
      flats: [
        { room: '503', floor: 5, areaCenti: 6000 },
        { room: '501', floor: 5, areaCenti: 6000 },
        { room: '502', floor: 5, areaCenti: 6000 },
      ],
      amount: 20,
      expected: { '501': 7, '502': 7, '503': 6 },
    },
    {
      name: 'fixed per floor, amounts already summing to the amount shared: paid exactly',
      scheme: {
        kind: 'fixed_per_floor',
        fenByFloor: { 3: 3_000_000, 4: 4_000_000, 5: 5_000_000, 6: 8_000_000 },
      } as CostScheme,
      flats: UNIT,
      amount: 40_000_000,
      expected: {
        '101': 0,
        '102': 0,
        '201': 0,
        '202': 0,
        '301': 3_000_000,
        '302': 3_000_000,
        '401': 4_000_000,
        '402': 4_000_000,
        '501': 5_000_000,
        '502': 5_000_000,
        '601': 8_000_000,
        '602': 8_000_000,
      },
    },
    {
      name: 'fixed per floor, amounts scaled to the amount shared',
      scheme: { kind: 'fixed_per_floor', fenByFloor: { 3: 1, 4: 1, 5: 1, 6: 2 } } as CostScheme,
      flats: UNIT,
      // 10 weights: 4,000,000 per unit of weight
      amount: 40_000_000,
      expected: {
        '101': 0,
        '102': 0,
        '201': 0,
        '202': 0,
        '301': 4_000_000,
        '302': 4_000_000,
        '401': 4_000_000,
        '402': 4_000_000,
        '501': 4_000_000,
        '502': 4_000_000,
        '601': 8_000_000,
        '602': 8_000_000,
      },
    },
    {
      name: 'fixed per floor scaled with a remainder: leftover fen by room',
      scheme: { kind: 'fixed_per_floor', fenByFloor: { 5: 100, 6: 100 } } as CostScheme,
      flats: UNIT,
      amount: 3,
      expected: {
        '101': 0,
        '102': 0,
        '201': 0,
        '202': 0,
        '301': 0,
        '302': 0,
        '401': 0,
        '402': 0,
        '501': 1,
        '502': 1,
        '601': 1,
        '602': 0,
      },
    },
    {
      name: 'explicit per-room amounts that sum exactly',
      scheme: { kind: 'explicit', fenByRoom: { '501': 250, '601': 750 } } as CostScheme,
      flats: UNIT.filter(({ floor }) => floor >= 5),
      amount: 1000,
      expected: { '501': 250, '502': 0, '601': 750, '602': 0 },
    },
  ])('splits $name', ({ scheme, flats, amount, expected }) => {
    const split = splitCost(flats, { totalCostFen: amount, subsidyFen: 0, scheme });
    expect(split.amountSharedFen).toBe(amount);
    expect(pays({ totalCostFen: amount, subsidyFen: 0, scheme }, flats)).toEqual(expected);
    expect(sum(split.shares.map((share) => share.payFen))).toBe(amount);
  });

  it('renders fixed and explicit terms in yuan (weightScale 100)', () => {
    const fixed = splitCost(UNIT.slice(10), {
      totalCostFen: 100,
      subsidyFen: 0,
      scheme: { kind: 'fixed_per_floor', fenByFloor: { 6: 50 } },
    });
    expect(fixed.shares[0]?.terms).toEqual({
      scheme: 'fixed_per_floor',
      fixedFen: 50,
      weight: 50,
      totalWeight: 100,
      weightScale: 100,
      amountFen: 100,
    });
    const explicit = splitCost(UNIT.slice(10), {
      totalCostFen: 100,
      subsidyFen: 0,
      scheme: { kind: 'explicit', fenByRoom: { '601': 100 } },
    });
    expect(explicit.shares.map(({ terms }) => terms)).toEqual([
      { scheme: 'explicit', agreedFen: 100, weight: 100, totalWeight: 100, weightScale: 100, amountFen: 100 },
      {
        scheme: 'explicit',
        agreedFen: 0,
        weight: 0,
        totalWeight: 100,
        weightScale: 100,
        amountFen: 100,
        exempt: 'zero_weight',
      },
    ]);
  });

  it('refuses explicit shares that do not sum to the amount shared', () => {
    const error = caught(() =>
      splitCost(UNIT, {
        totalCostFen: 1000,
        subsidyFen: 0,
        scheme: { kind: 'explicit', fenByRoom: { '501': 250, '601': 749 } },
      }),
    );
    expect(error.code).toBe('explicit_shares_do_not_sum');
    expect(error.details).toEqual({ expected: 1000, actual: 999 });
  });

  it('counts only non-exempt rooms when checking explicit shares', () => {
    const plan: CostPlan = {
      totalCostFen: 1000,
      subsidyFen: 0,
      scheme: { kind: 'explicit', fenByRoom: { '501': 250, '601': 750, '602': 1 } },
    };
    expect(caught(() => splitCost(UNIT, plan)).details).toEqual({ expected: 1000, actual: 1001 });
    const split = splitCost(UNIT, { ...plan, exemptRooms: ['602'] });
    expect(split.shares.find((share) => share.room === '602')).toMatchObject({
      payFen: 0,
      terms: { agreedFen: 1, weight: 0, exempt: 'exempt_room' },
    });
  });

  it('exempts listed rooms and shares their part among the others', () => {
    const split = splitCost(UNIT, { ...PLAN, exemptRooms: ['301', '302'] });
    const shares = Object.fromEntries(split.shares.map((share) => [share.room, share]));
    expect(shares['301']).toMatchObject({ payFen: 0, terms: { exempt: 'exempt_room', weight: 0 } });
    expect(shares['302']?.payFen).toBe(0);
    expect(shares['401']?.terms.totalWeight).toBe(50_455_400 - 5_075_000 - 3_850_000);
    expect(sum(split.shares.map((share) => share.payFen))).toBe(40_000_000);
    expect(shares['401']!.payFen).toBeGreaterThan(5_153_066);
  });

  it('adds compensation to the amount shared and pays it to the named flats', () => {
    const split = splitCost(UNIT, {
      ...PLAN,
      compensations: [
        { toRoom: '101', amountFen: 1_000_000, reason: '采光' },
        { toRoom: '102', amountFen: 1_500_000, reason: '通行' },
        { toRoom: '101', amountFen: 500_000, reason: '噪音' },
      ],
    });
    expect(split.compensationFen).toBe(3_000_000);
    expect(split.amountSharedFen).toBe(43_000_000);
    expect(sum(split.shares.map((share) => share.payFen))).toBe(43_000_000);
    expect(sum(split.shares.map((share) => share.receiveFen))).toBe(3_000_000);
    expect(split.shares.find((share) => share.room === '101')).toMatchObject({
      payFen: 0,
      receiveFen: 1_500_000,
      netFen: -1_500_000,
    });
    const s602 = split.shares.find((share) => share.room === '602')!;
    expect(s602.netFen).toBe(s602.payFen);
    expect(sum(split.shares.map((share) => share.netFen))).toBe(40_000_000);
  });

  it.each([
    { name: 'passes at exactly 30% of cost', amountFen: 18_000_000, code: undefined },
    { name: 'fails 1 fen over 30% of cost', amountFen: 18_000_001, code: 'compensation_over_cap' },
  ])('with a 30% compensation cap, $name', ({ amountFen, code }) => {
    const plan: CostPlan = {
      ...PLAN,
      compensationCapPermille: 300,
      compensations: [{ toRoom: '101', amountFen, reason: '采光' }],
    };
    if (code === undefined) {
      expect(splitCost(UNIT, plan).amountSharedFen).toBe(40_000_000 + amountFen);
    } else {
      const error = caught(() => splitCost(UNIT, plan));
      expect(error.code).toBe(code);
      expect(error.details).toEqual({
        capPermille: 300,
        maxFen: 18_000_000,
        compensationFen: amountFen,
        totalCostFen: 60_000_000,
      });
    }
  });

  it('allows any compensation without a cap', () => {
    const plan: CostPlan = {
      ...PLAN,
      compensations: [{ toRoom: '101', amountFen: 60_000_000, reason: 'x' }],
    };
    expect(splitCost(UNIT, plan).amountSharedFen).toBe(100_000_000);
  });

  it('shares nothing when the subsidy covers the whole cost', () => {
    const split = splitCost(UNIT, { ...PLAN, subsidyFen: 60_000_000 });
    expect(split.amountSharedFen).toBe(0);
    expect(split.shares.every((share) => share.payFen === 0)).toBe(true);
  });

  it.each([
    {
      name: 'a subsidy larger than the cost',
      plan: { ...PLAN, subsidyFen: 60_000_001 },
      code: 'subsidy_exceeds_cost',
      details: { totalCostFen: 60_000_000, subsidyFen: 60_000_001 },
    },
    {
      name: 'compensation to an unknown room',
      plan: { ...PLAN, compensations: [{ toRoom: '701', amountFen: 1, reason: 'x' }] },
      code: 'unknown_room',
      details: { field: 'compensations[0].toRoom', room: '701' },
    },
    {
      name: 'an exemption of an unknown room',
      plan: { ...PLAN, exemptRooms: ['701'] },
      code: 'unknown_room',
      details: { field: 'exemptRooms', room: '701' },
    },
    {
      name: 'an explicit share for an unknown room',
      plan: { ...PLAN, scheme: { kind: 'explicit', fenByRoom: { '701': 40_000_000 } } },
      code: 'unknown_room',
      details: { field: 'scheme.fenByRoom', room: '701' },
    },
    {
      name: 'a negative total cost',
      plan: { ...PLAN, totalCostFen: -1 },
      code: 'validation_error',
      details: { field: 'totalCostFen' },
    },
    {
      name: 'a fractional subsidy',
      plan: { ...PLAN, subsidyFen: 0.5 },
      code: 'validation_error',
      details: { field: 'subsidyFen' },
    },
    {
      name: 'a negative compensation',
      plan: { ...PLAN, compensations: [{ toRoom: '101', amountFen: -1, reason: 'x' }] },
      code: 'validation_error',
      details: { field: 'compensations[0].amountFen' },
    },
    {
      name: 'compensation beyond safe integers',
      plan: {
        ...PLAN,
        compensations: [
          { toRoom: '101', amountFen: Number.MAX_SAFE_INTEGER, reason: 'x' },
          { toRoom: '102', amountFen: Number.MAX_SAFE_INTEGER, reason: 'x' },
        ],
      },
      code: 'validation_error',
      details: { field: 'compensations' },
    },
    {
      name: 'a fractional cap',
      plan: { ...PLAN, compensationCapPermille: 300.5 },
      code: 'validation_error',
      details: { field: 'compensationCapPermille' },
    },
    {
      name: 'a negative coefficient',
      plan: { ...PLAN, scheme: { kind: 'floor_coefficient', permilleByFloor: { 3: -700 } } },
      code: 'validation_error',
      details: { field: 'scheme.permilleByFloor.3' },
    },
    {
      name: 'a fractional fixed amount',
      plan: { ...PLAN, scheme: { kind: 'fixed_per_floor', fenByFloor: { 6: 1.5 } } },
      code: 'validation_error',
      details: { field: 'scheme.fenByFloor.6' },
    },
    {
      name: 'a negative explicit share',
      plan: { ...PLAN, scheme: { kind: 'explicit', fenByRoom: { '601': -1 } } },
      code: 'validation_error',
      details: { field: 'scheme.fenByRoom.601' },
    },
    {
      name: 'weights beyond safe integers',
      plan: {
        ...PLAN,
        scheme: { kind: 'fixed_per_floor', fenByFloor: { 6: Number.MAX_SAFE_INTEGER } },
      },
      code: 'validation_error',
      details: { field: 'scheme' },
    },
    {
      name: 'an unknown scheme',
      plan: { ...PLAN, scheme: { kind: 'lottery' } as unknown as CostScheme },
      code: 'validation_error',
      details: { field: 'scheme.kind' },
    },
    {
      name: 'an amount to share with every flat exempt',
      plan: { ...PLAN, scheme: { kind: 'floor_coefficient', permilleByFloor: {} } },
      code: 'no_contributors',
      details: { totalFen: 40_000_000 },
    },
  ] as { name: string; plan: CostPlan; code: string; details: object }[])(
    'refuses $name',
    ({ plan, code, details }) => {
      const error = caught(() => splitCost(UNIT, plan));
      expect(error.code).toBe(code);
      expect(error.details).toMatchObject(details);
    },
  );

  it.each([
    { name: 'an empty room', flats: [{ room: '', floor: 1, areaCenti: 1 }], field: 'flats[0].room' },
    {
      name: 'a repeated room',
      flats: [
        { room: '101', floor: 1, areaCenti: 1 },
        { room: '101', floor: 1, areaCenti: 1 },
      ],
      field: 'flats[1].room',
    },
    {
      name: 'a fractional floor',
      flats: [{ room: '101', floor: 1.5, areaCenti: 1 }],
      field: 'flats[0].floor',
    },
    {
      name: 'a negative area',
      flats: [{ room: '101', floor: 1, areaCenti: -1 }],
      field: 'flats[0].areaCenti',
    },
  ])('refuses a unit with $name', ({ flats, field }) => {
    const error = caught(() =>
      splitCost(flats, { totalCostFen: 1, subsidyFen: 0, scheme: { kind: 'area' } }),
    );
    expect(error.code).toBe('validation_error');
    expect(error.details).toEqual({ field });
  });

  it('accepts basement floors and an empty unit with nothing to share', () => {
    expect(
      splitCost([{ room: 'B1', floor: -1, areaCenti: 100 }], {
        totalCostFen: 5,
        subsidyFen: 0,
        scheme: { kind: 'area' },
      }).shares[0]?.payFen,
    ).toBe(5);
    expect(splitCost([], { totalCostFen: 5, subsidyFen: 5, scheme: { kind: 'area' } }).shares).toEqual([]);
  });
});
