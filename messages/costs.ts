/**
 * What a household is told of its money (domain.md §6), privately and only of its own flats: its share
 * under the agreement, the subsidy already taken off the whole cost, what it has paid and what it still
 * owes; before the agreement, what the plan now published proposes. Pure: no I/O, no clock.
 */
import type { ClaimStatus, FlatCosts } from '../domain/case/index.js';
import { formatYuan } from './plan.js';

/** A claim's status as people say it (`none`: not applied for yet). */
export const CLAIM_STATUS_WORDS: Readonly<Record<ClaimStatus | 'none', string>> = {
  none: '未申请',
  applied: '已申请',
  approved: '已批准',
  paid: '已到账',
  refused: '未通过',
};

function flatLine(costs: FlatCosts, unitNames: boolean): string {
  const where = unitNames ? `${costs.unitName} ` : '';
  if (costs.kind === 'not_agreed') {
    return costs.proposedFen === undefined
      ? `${where}${costs.room} 室：还没有费用方案。${runningLine(costs)}`
      : `${where}${costs.room} 室：现在的方案里要分摊 ${formatYuan(costs.proposedFen)}，签协议后以协议为准。${runningLine(costs)}`;
  }
  const { account } = costs;
  const room = `${where}${account.room} 室`;
  const subsidy = account.subsidyFen > 0 ? `（全楼已扣政府补贴 ${formatYuan(account.subsidyFen)}）` : '';
  const receive =
    account.share.receiveFen > 0 ? `另外您家获补偿 ${formatYuan(account.share.receiveFen)}。` : '';
  if (account.oweFen === 0) return `${room}：按协议不用出钱${subsidy}。${receive}${runningLine(costs)}`;
  const paid =
    account.dueFen === 0
      ? `已交清 ${formatYuan(account.paidFen)}。`
      : `已交 ${formatYuan(account.paidFen)}，还要交 ${formatYuan(account.dueFen)}。`;
  return `${room}：按协议分摊 ${formatYuan(account.oweFen)}${subsidy}。${paid}${receive}${fundLine(costs)}${runningLine(costs)}`;
}

/** The flat's running costs, once the key is recorded: what it still owes, or that it is settled. */
function runningLine(costs: FlatCosts): string {
  const running = costs.running;
  if (running === undefined || running.billedFen === 0) return '';
  return running.balanceFen > 0
    ? `\n电梯运行费：还要交 ${formatYuan(running.balanceFen)}。`
    : `\n电梯运行费：已交清${running.balanceFen < 0 ? `，预交 ${formatYuan(-running.balanceFen)}` : ''}。`;
}

/** The household's provident-fund withdrawal, once it may be made (after completion acceptance). */
function fundLine(costs: Extract<FlatCosts, { kind: 'agreed' }>): string {
  const { open, claim } = costs.providentFund;
  if (claim !== undefined) {
    const amount = claim.amountFen === undefined ? '' : ` ${formatYuan(claim.amountFen)}`;
    return `\n公积金提取：${CLAIM_STATUS_WORDS[claim.status]}${amount}。`;
  }
  return open ? '\n电梯已验收合格，可以提取公积金付这笔钱（本人及配偶、父母、子女的都可以）。' : '';
}

/**
 * `我的费用`: one line per flat the asker is bound to (the unit named when they are in more than
 * one), and where to pay; once the elevator passed completion acceptance, the provident-fund
 * withdrawal's status, or what to bring to make it (`fundPapers`, the city's checklist).
 */
export function myCostsMessage(flats: readonly FlatCosts[], fundPapers: readonly string[] = []): string {
  const units = new Set(flats.map((costs) => costs.unitId));
  const lines = flats.map((costs) => flatLine(costs, units.size > 1));
  const agreed = flats.some((costs) => costs.kind === 'agreed');
  const fund = flats.some(
    (costs) =>
      costs.kind === 'agreed' &&
      costs.account.oweFen > 0 &&
      costs.providentFund.open &&
      // Not applied for yet, or refused and to be applied for again: the papers help either way.
      (costs.providentFund.claim === undefined || costs.providentFund.claim.status === 'refused'),
  );
  return [
    ...lines,
    ...(agreed ? ['交费请找居委会或申请人代表，交了会记在这里。'] : []),
    ...(fund && fundPapers.length > 0 ? [`提取公积金要带：${fundPapers.join('、')}。`] : []),
  ].join('\n');
}

/** The group's one line on a step of the project's subsidy claim. */
export function subsidyClaimNotice(step: {
  readonly status: ClaimStatus;
  readonly amountFen?: number;
  readonly reasons?: readonly string[];
}): string {
  const amount = step.amountFen === undefined ? '' : ` ${formatYuan(step.amountFen)}`;
  switch (step.status) {
    case 'applied':
      return `加装电梯的政府补助已经递交申请${amount}，有结果会告诉大家。`;
    case 'approved':
      return `政府补助批下来了${amount}，到账后会告诉大家。`;
    case 'paid':
      return `政府补助已经到账${amount}。`;
    case 'refused':
      // The reasons may name a household: they stay in the record, not in the group.
      return '政府补助这次没有通过，申请人会补齐材料后再申请；详情可以问居委会。';
  }
}
