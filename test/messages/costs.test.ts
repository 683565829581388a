import { describe, expect, it } from '@jest/globals';
import type { FlatCosts, HouseholdAccount } from '../../domain/case/index.js';
import { myCostsMessage } from '../../messages/costs.js';

const account = (over: Partial<HouseholdAccount> & { receiveFen?: number } = {}): HouseholdAccount => ({
  room: '301',
  share: {
    room: '301',
    floor: 3,
    payFen: 4_000_000,
    receiveFen: over.receiveFen ?? 0,
    netFen: 4_000_000 - (over.receiveFen ?? 0),
    terms: { scheme: 'explicit', weight: 1, totalWeight: 1, weightScale: 100, amountFen: 4_000_000 },
  },
  subsidyFen: 20_000_000,
  totalCostFen: 60_000_000,
  oweFen: 4_000_000,
  paidFen: 1_000_000,
  dueFen: 3_000_000,
  payments: [],
  ...over,
});
const agreed = (a: HouseholdAccount, unitName = '1幢2单元', unitId = 'u_a'): FlatCosts => ({
  kind: 'agreed',
  unitId,
  unitName,
  account: a,
  providentFund: { open: false },
});

describe('我的费用', () => {
  it('says the share, the subsidy taken off, what is paid and what is still owed, then where to pay', () => {
    expect(myCostsMessage([agreed(account())])).toBe(
      '301 室：按协议分摊 40,000 元（全楼已扣政府补贴 200,000 元）。已交 10,000 元，还要交 30,000 元。\n' +
        '交费请找居委会或申请人代表，交了会记在这里。',
    );
  });

  it('says when a flat has paid in full, pays nothing, or receives compensation', () => {
    expect(
      myCostsMessage([agreed(account({ paidFen: 4_000_000, dueFen: 0, subsidyFen: 0 }))]).split('\n')[0],
    ).toBe('301 室：按协议分摊 40,000 元。已交清 40,000 元。');
    expect(
      myCostsMessage([
        agreed(account({ oweFen: 0, paidFen: 0, dueFen: 0, subsidyFen: 0, receiveFen: 500_000 })),
      ]).split('\n')[0],
    ).toBe('301 室：按协议不用出钱。另外您家获补偿 5,000 元。');
  });

  it('before the agreement, says what the plan proposes, or that there is no cost plan yet, with no payment line', () => {
    expect(
      myCostsMessage([
        { kind: 'not_agreed', unitId: 'u_a', unitName: '1幢2单元', room: '301', proposedFen: 3_850_050 },
      ]),
    ).toBe('301 室：现在的方案里要分摊 38,500.50 元，签协议后以协议为准。');
    expect(myCostsMessage([{ kind: 'not_agreed', unitId: 'u_a', unitName: '1幢2单元', room: '301' }])).toBe(
      '301 室：还没有费用方案。',
    );
  });

  it('names the unit when the household has flats in more than one', () => {
    const lines = myCostsMessage([
      agreed(account(), '1幢2单元', 'u_a'),
      { kind: 'not_agreed', unitId: 'u_b', unitName: '3幢1单元', room: '502' },
    ]).split('\n');
    expect(lines[0]).toMatch(/^1幢2单元 301 室：/);
    expect(lines[1]).toBe('3幢1单元 502 室：还没有费用方案。');
  });
});
