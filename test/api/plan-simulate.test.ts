/**
 * `POST /api/v1/units/:unitId/plans/simulate` over real HTTP on the real database: every household's
 * share under a candidate cost plan, split as publishing it would split it, with totals that add up
 * exactly — and nothing stored, whether the candidate is accepted or refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, registerUnit } from '../support/api-helpers.js';
import { startTestApi, type Json, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { flats } from '../support/units.js';

let api: TestApi;
let unitId: string;
beforeAll(async () => {
  api = await startTestApi();
  // Six floors of two flats, areas differing so the split has remainders to place.
  const list = flats(12).map((flat, index) => ({ ...flat, area: `${(56.7 + index * 3.13).toFixed(2)}` }));
  unitId = await registerUnit(api, 12, list);
});
afterAll(async () => {
  await api.close();
});

const simulate = (body: unknown, id = unitId) => api.post(`/api/v1/units/${id}/plans/simulate`, body);

/** Floors 1–2 pay nothing, 3F 0.7 … 6F 1.0, ¥600,000 less a ¥200,000 subsidy, 101 compensated ¥5,000. */
const CANDIDATE = {
  totalCostFen: 60_000_000,
  subsidyFen: 20_000_000,
  scheme: { kind: 'floor_coefficient', permilleByFloor: { '3': 700, '4': 800, '5': 900, '6': 1000 } },
  compensations: [{ toRoom: '101', amountFen: 500_000, reason: '采光受影响' }],
};

describe('POST /api/v1/units/:unitId/plans/simulate', () => {
  it('returns every household’s share, summing exactly to the total, and stores nothing', async () => {
    const before = await storedRecords(api.system.models);
    const reply = await simulate(CANDIDATE);
    expect(reply.status).toBe(200);
    const { shares, totals } = reply.body;
    expect(shares).toHaveLength(12);
    expect(totals).toEqual({
      flats: 12,
      totalCostFen: 60_000_000,
      subsidyFen: 20_000_000,
      compensationFen: 500_000,
      amountSharedFen: 40_500_000,
      payFen: 40_500_000,
      receiveFen: 500_000,
      netFen: 40_000_000,
      yuan: {
        totalCost: '600,000 元',
        subsidy: '200,000 元',
        compensation: '5,000 元',
        amountShared: '405,000 元',
      },
    });
    const sum = (key: string) => shares.reduce((total: number, share: Json) => total + share[key], 0);
    expect(sum('payFen')).toBe(totals.amountSharedFen);
    expect(sum('receiveFen')).toBe(totals.compensationFen);
    expect(sum('netFen')).toBe(totals.totalCostFen - totals.subsidyFen);
    for (const share of shares) {
      expect(Number.isInteger(share.payFen)).toBe(true);
      expect(share.netFen).toBe(share.payFen - share.receiveFen);
    }
    expect(shares.filter((share: Json) => share.floor <= 2).map((share: Json) => share.payFen)).toEqual([
      0, 0, 0, 0,
    ]);
    expect(shares[0]).toMatchObject({ room: '101', netFen: -500_000, yuan: '-5,000 元' });
    const top = shares.find((share: Json) => share.room === '602');
    expect(top.yuan).toMatch(/^\d{1,3}(,\d{3})*(\.\d{2})? 元$/);
    expect(Math.round(Number(top.yuan.replace(/[, 元]/g, '')) * 100)).toBe(top.netFen);
    expect(top.terms).toMatchObject({ scheme: 'floor_coefficient', coefficientPermille: 1000 });
    expect(reply.body).toMatchObject({ unitId, stored: false, changedRooms: expect.any(Array) });
    expect(reply.body.changedRooms).toHaveLength(12);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('splits as publishing the same cost plan splits it, and names the households whose share would change', async () => {
    const published = await api.post(`/api/v1/units/${unitId}/plans`, {
      planVersion: 1,
      title: '方案一',
      cost: CANDIDATE,
    });
    expect(published.status).toBe(201);
    const plans = await api.get(`/api/v1/units/${unitId}/plans`);
    const told = plans.body.items[0].shares;

    const same = await simulate(CANDIDATE);
    expect(same.status).toBe(200);
    expect(same.body.comparedWith).toEqual({ planVersion: 1 });
    expect(same.body.changedRooms).toEqual([]);
    expect(same.body.shares.map(({ yuan: _yuan, currentNetFen: _current, ...share }: Json) => share)).toEqual(
      told,
    );

    const before = await storedRecords(api.system.models);
    const byArea = await simulate({ ...CANDIDATE, scheme: { kind: 'area' }, exemptRooms: ['101', '102'] });
    expect(byArea.status).toBe(200);
    expect(byArea.body.shares.reduce((total: number, share: Json) => total + share.payFen, 0)).toBe(
      40_500_000,
    );
    expect(byArea.body.changedRooms.length).toBeGreaterThan(0);
    const first = byArea.body.shares.find((share: Json) => share.room === '201');
    expect(first.currentNetFen).toBe(0);
    expect(first.payFen).toBeGreaterThan(0);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it.each([
    ['a subsidy larger than the cost', { ...CANDIDATE, subsidyFen: 70_000_000 }, 422, 'subsidy_exceeds_cost'],
    ['an exemption of a room not in the unit', { ...CANDIDATE, exemptRooms: ['901'] }, 422, 'unknown_room'],
    [
      'explicit shares that do not add up',
      { totalCostFen: 1000, subsidyFen: 0, scheme: { kind: 'explicit', fenByRoom: { '101': 999 } } },
      422,
      'explicit_shares_do_not_sum',
    ],
    ['compensation over its cap', { ...CANDIDATE, compensationCapPermille: 1 }, 422, 'compensation_over_cap'],
    ['money that is not whole fen', { ...CANDIDATE, totalCostFen: 600.5 }, 400, 'validation_error'],
    ['an unknown scheme', { ...CANDIDATE, scheme: { kind: 'lottery' } }, 400, 'validation_error'],
  ])('refuses %s, storing nothing', async (_label, body, status, code) => {
    const before = await storedRecords(api.system.models);
    expectError(await simulate(body), status, code);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('answers 404 for a unit that is not registered', async () => {
    expectError(await simulate(CANDIDATE, 'u_aaaaaaaaaaaaaaaa'), 404, 'unit_not_registered');
  });
});
