import { describe, expect, it } from '@jest/globals';
import type { CostPlan } from '../../../domain/cost/index.js';
import { lateJoinerCatchUp, splitCost } from '../../../domain/cost/index.js';
import { caught } from '../support.js';
import { PLAN as ALL_IN, UNIT } from './fixtures.js';

/** domain.md §6 coefficients, ¥600,000 less ¥200,000 subsidy; 302 stayed out. */
const PLAN: CostPlan = { ...ALL_IN, exemptRooms: ['302'] };

describe('lateJoinerCatchUp', () => {
  it('charges the joiner its share had it joined, refunded to the payers so each ends at the recomputed split', () => {
    const result = lateJoinerCatchUp(UNIT, PLAN, '302');
    expect(result.joinerRoom).toBe('302');
    expect(result.joinerPaysFen).toBe(3_052_201);
    expect(result.refunds).toEqual([
      { room: '301', fen: 332_363 },
      { room: '401', fen: 425_687 },
      { room: '402', fen: 347_518 },
      { room: '501', fen: 427_324 },
      { room: '502', fen: 558_763 },
      { room: '601', fen: 451_228 },
      { room: '602', fen: 509_318 },
    ]);
    expect(result.terms).toEqual({
      catchUpFen: 3_052_201,
      surchargePermille: 0,
      surchargeFen: 0,
      share: {
        scheme: 'floor_coefficient',
        coefficientPermille: 700,
        areaCenti: 5500,
        weight: 3_850_000,
        totalWeight: 50_455_400,
        weightScale: 100_000,
        amountFen: 40_000_000,
      },
    });
    // Here every payer's net equals the recomputed split to the fen.
    const before = splitCost(UNIT, PLAN).shares;
    const after = splitCost(UNIT, { ...PLAN, exemptRooms: [] }).shares;
    for (const { room, fen } of result.refunds) {
      const paid = before.find((share) => share.room === room)!.payFen;
      expect(paid - fen).toBe(after.find((share) => share.room === room)!.payFen);
    }
  });

  it('adds a surcharge, rounded half up, and shares it among the original payers', () => {
    const result = lateJoinerCatchUp(UNIT, PLAN, '302', { surchargePermille: 50 });
    // 5% of 3,052,201 = 152,610.05 → 152,610
    expect(result.terms).toMatchObject({
      catchUpFen: 3_052_201,
      surchargePermille: 50,
      surchargeFen: 152_610,
    });
    expect(result.joinerPaysFen).toBe(3_204_811);
    expect(result.refunds).toEqual([
      { room: '301', fen: 348_981 },
      { room: '401', fen: 446_971 },
      { room: '402', fen: 364_894 },
      { room: '501', fen: 448_690 },
      { room: '502', fen: 586_701 },
      { room: '601', fen: 473_790 },
      { room: '602', fen: 534_784 },
    ]);
    expect(result.refunds.reduce((sum, { fen }) => sum + fen, 0)).toBe(result.joinerPaysFen);
  });

  it('rounds a surcharge of exactly half a fen up', () => {
    const flats = [
      { room: '301', floor: 3, areaCenti: 100 },
      { room: '302', floor: 3, areaCenti: 100 },
    ];
    const plan: CostPlan = {
      totalCostFen: 20,
      subsidyFen: 0,
      scheme: { kind: 'area' },
      exemptRooms: ['302'],
    };
    // catch-up 10 fen; 5% = 0.5 fen → 1 fen
    const result = lateJoinerCatchUp(flats, plan, '302', { surchargePermille: 50 });
    expect(result).toMatchObject({ joinerPaysFen: 11, refunds: [{ room: '301', fen: 11 }] });
  });

  it('keeps compensation unchanged and refunds only those who paid', () => {
    const plan: CostPlan = {
      ...PLAN,
      scheme: { kind: 'area' },
      exemptRooms: ['101', '102'],
      compensations: [{ toRoom: '201', amountFen: 100_000, reason: '采光' }],
    };
    const result = lateJoinerCatchUp(UNIT, plan, '102');
    const recomputed = splitCost(UNIT, { ...plan, exemptRooms: ['101'] });
    expect(result.joinerPaysFen).toBe(recomputed.shares.find((share) => share.room === '102')!.payFen);
    expect(result.terms.share.amountFen).toBe(40_100_000);
    expect(result.refunds.map(({ room }) => room)).not.toContain('101');
    expect(result.refunds).toHaveLength(10);
    expect(result.refunds.reduce((sum, { fen }) => sum + fen, 0)).toBe(result.joinerPaysFen);
  });

  it('never asks an original payer for more, even where re-rounding would (new-states paradox)', () => {
    const flats = [7, 73, 5, 93, 21, 41, 5].map((areaCenti, i) => ({
      room: String(101 + i),
      floor: 1,
      areaCenti,
    }));
    const plan: CostPlan = {
      totalCostFen: 17,
      subsidyFen: 0,
      scheme: { kind: 'area' },
      exemptRooms: ['103'],
    };
    // Re-rounding with 103 in moves a fen from 104 to 105 although 103's own share rounds to 0.
    expect(splitCost(flats, plan).shares.map(({ payFen }) => payFen)).toEqual([1, 5, 0, 7, 1, 3, 0]);
    expect(splitCost(flats, { ...plan, exemptRooms: [] }).shares.map(({ payFen }) => payFen)).toEqual([
      1, 5, 0, 6, 2, 3, 0,
    ]);
    const result = lateJoinerCatchUp(flats, plan, '103');
    expect(result.joinerPaysFen).toBe(0);
    expect(result.refunds.every(({ fen }) => fen === 0)).toBe(true);
  });

  it('charges nothing when the subsidy covered everything', () => {
    const result = lateJoinerCatchUp(UNIT, { ...PLAN, subsidyFen: 60_000_000 }, '302', {
      surchargePermille: 100,
    });
    expect(result).toMatchObject({ joinerPaysFen: 0, refunds: [] });
  });

  it.each([
    { name: 'a joiner not in the unit', room: '701', plan: PLAN, code: 'unknown_room' },
    {
      name: 'a joiner whose coefficient is 0',
      room: '101',
      plan: { ...PLAN, exemptRooms: ['101'] },
      code: 'joiner_has_no_share',
    },
    { name: 'a joiner that already pays', room: '301', plan: PLAN, code: 'joiner_already_contributes' },
    {
      name: 'a joiner under a plan with no exemptions',
      room: '302',
      plan: { ...PLAN, exemptRooms: undefined },
      code: 'joiner_already_contributes',
    },
    {
      name: 'a joiner with no weight and no exemption',
      room: '201',
      plan: PLAN,
      code: 'joiner_has_no_share',
    },
    {
      name: 'a joiner under explicit shares',
      room: '302',
      plan: { ...PLAN, scheme: { kind: 'explicit' as const, fenByRoom: { '601': 40_000_000 } } },
      code: 'late_join_needs_agreement',
    },
    { name: 'a negative surcharge', room: '302', plan: PLAN, surcharge: -1, code: 'validation_error' },
    {
      name: 'a surcharge beyond safe integers',
      room: '302',
      plan: PLAN,
      surcharge: Number.MAX_SAFE_INTEGER,
      code: 'validation_error',
    },
    { name: 'an invalid plan', room: '302', plan: { ...PLAN, subsidyFen: -1 }, code: 'validation_error' },
  ] as { name: string; room: string; plan: CostPlan; surcharge?: number; code: string }[])(
    'refuses $name',
    ({ room, plan, surcharge, code }) => {
      expect(caught(() => lateJoinerCatchUp(UNIT, plan, room, { surchargePermille: surcharge })).code).toBe(
        code,
      );
    },
  );
});
