/**
 * `我的费用` and the subsidy's group line (`messages/costs.ts`): a household's share, the subsidy taken
 * off, what it paid and still owes, or what the plan proposes before the agreement; once the elevator
 * passed completion acceptance, that it may withdraw provident fund (公积金) and what to bring, or how
 * its withdrawal stands; and one short line for the group at each step of the project's subsidy claim.
 */
import { describe, expect, it } from '@jest/globals';
import {
  CLAIM_STATUSES,
  type ClaimState,
  type FlatCosts,
  type HouseholdAccount,
} from '../../domain/case/index.js';
import { CLAIM_STATUS_WORDS, myCostsMessage, subsidyClaimNotice } from '../../messages/costs.js';

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
const agreed = (
  a: HouseholdAccount,
  unitName = '1幢2单元',
  unitId = 'u_a',
  providentFund: { open: boolean; claim?: ClaimState } = { open: false },
): FlatCosts => ({
  kind: 'agreed',
  unitId,
  unitName,
  account: a,
  providentFund,
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

describe('我的费用 after completion acceptance', () => {
  const FIRST =
    '301 室：按协议分摊 40,000 元（全楼已扣政府补贴 200,000 元）。已交 10,000 元，还要交 30,000 元。';
  const PAY = '交费请找居委会或申请人代表，交了会记在这里。';
  const OPEN = '电梯已验收合格，可以提取公积金付这笔钱（本人及配偶、父母、子女的都可以）。';
  const PAPERS = ['本人身份证', '不动产权证', '本户付款凭证'];
  const open = (claim?: ClaimState) =>
    agreed(account(), '1幢2单元', 'u_a', { open: true, ...(claim ? { claim } : {}) });
  const claim = (status: ClaimState['status'], amountFen?: number): ClaimState => ({
    fund: 'provident_fund',
    room: '301',
    status,
    ...(amountFen === undefined ? {} : { amountFen }),
    steps: [],
  });

  it('says the household may withdraw provident fund, and what to bring', () => {
    expect(myCostsMessage([open()], PAPERS)).toBe(
      [FIRST, OPEN, PAY, '提取公积金要带：本人身份证、不动产权证、本户付款凭证。'].join('\n'),
    );
    // No checklist given: no papers line.
    expect(myCostsMessage([open()])).toBe([FIRST, OPEN, PAY].join('\n'));
  });

  it('says how the withdrawal stands once claimed, in the status words, with the amount when named', () => {
    expect(CLAIM_STATUSES.map((status) => myCostsMessage([open(claim(status, 3_000_000))], PAPERS))).toEqual(
      CLAIM_STATUSES.map((status) =>
        [
          FIRST,
          `公积金提取：${CLAIM_STATUS_WORDS[status]} 30,000 元。`,
          PAY,
          // Refused, it may be applied for again: what to bring is said again.
          ...(status === 'refused' ? ['提取公积金要带：本人身份证、不动产权证、本户付款凭证。'] : []),
        ].join('\n'),
      ),
    );
    expect(myCostsMessage([open(claim('applied'))], PAPERS)).toBe(
      [FIRST, '公积金提取：已申请。', PAY].join('\n'),
    );
    expect(CLAIM_STATUS_WORDS).toEqual({
      none: '未申请',
      applied: '已申请',
      approved: '已批准',
      paid: '已到账',
      refused: '未通过',
    });
  });

  it('says nothing of provident fund before completion acceptance, or to a flat that pays nothing', () => {
    expect(myCostsMessage([agreed(account())], PAPERS)).toBe([FIRST, PAY].join('\n'));
    const free = account({ oweFen: 0, paidFen: 0, dueFen: 0 });
    expect(myCostsMessage([agreed(free, '1幢2单元', 'u_a', { open: true })], PAPERS)).toBe(
      ['301 室：按协议不用出钱（全楼已扣政府补贴 200,000 元）。', PAY].join('\n'),
    );
  });

  it('lists the papers once, after every flat, when any flat may still withdraw', () => {
    const other = agreed(account({ room: '302' }), '3幢1单元', 'u_b', {
      open: true,
      claim: claim('paid', 100),
    });
    const lines = myCostsMessage([other, open()], PAPERS).split('\n');
    expect(lines).toEqual([
      '3幢1单元 302 室：按协议分摊 40,000 元（全楼已扣政府补贴 200,000 元）。已交 10,000 元，还要交 30,000 元。',
      '公积金提取：已到账 1 元。',
      `1幢2单元 ${FIRST}`,
      OPEN,
      PAY,
      '提取公积金要带：本人身份证、不动产权证、本户付款凭证。',
    ]);
  });
});

describe('subsidyClaimNotice', () => {
  it('gives the group one short line for each step, the amount in yuan when named', () => {
    const lines = [
      subsidyClaimNotice({ status: 'applied', amountFen: 20_000_000 }),
      subsidyClaimNotice({ status: 'applied' }),
      subsidyClaimNotice({ status: 'approved', amountFen: 18_000_050 }),
      subsidyClaimNotice({ status: 'paid', amountFen: 18_000_050 }),
      subsidyClaimNotice({ status: 'refused', reasons: ['缺竣工验收报告', '发票抬头不对'] }),
    ];
    expect(lines).toEqual([
      '加装电梯的政府补助已经递交申请 200,000 元，有结果会告诉大家。',
      '加装电梯的政府补助已经递交申请，有结果会告诉大家。',
      '政府补助批下来了 180,000.50 元，到账后会告诉大家。',
      '政府补助已经到账 180,000.50 元。',
      // A refusal's reasons may name a household: they stay in the record, never in the group.
      '政府补助这次没有通过，申请人会补齐材料后再申请；详情可以问居委会。',
    ]);
    for (const line of lines) {
      expect(line).not.toContain('\n');
      expect(line.length).toBeLessThan(60);
    }
  });
});
