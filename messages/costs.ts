/**
 * What a household is told of its money (domain.md §6), privately and only of its own flats: its share
 * under the agreement, the subsidy already taken off the whole cost, what it has paid and what it still
 * owes; before the agreement, what the plan now published proposes. Pure: no I/O, no clock.
 */
import type { FlatCosts } from '../domain/case/index.js';
import { formatYuan } from './plan.js';

function flatLine(costs: FlatCosts, unitNames: boolean): string {
  const where = unitNames ? `${costs.unitName} ` : '';
  if (costs.kind === 'not_agreed') {
    return costs.proposedFen === undefined
      ? `${where}${costs.room} 室：还没有费用方案。`
      : `${where}${costs.room} 室：现在的方案里要分摊 ${formatYuan(costs.proposedFen)}，签协议后以协议为准。`;
  }
  const { account } = costs;
  const room = `${where}${account.room} 室`;
  const subsidy = account.subsidyFen > 0 ? `（全楼已扣政府补贴 ${formatYuan(account.subsidyFen)}）` : '';
  const receive =
    account.share.receiveFen > 0 ? `另外您家获补偿 ${formatYuan(account.share.receiveFen)}。` : '';
  if (account.oweFen === 0) return `${room}：按协议不用出钱${subsidy}。${receive}`;
  const paid =
    account.dueFen === 0
      ? `已交清 ${formatYuan(account.paidFen)}。`
      : `已交 ${formatYuan(account.paidFen)}，还要交 ${formatYuan(account.dueFen)}。`;
  return `${room}：按协议分摊 ${formatYuan(account.oweFen)}${subsidy}。${paid}${receive}`;
}

/**
 * `我的费用`: one line per flat the asker is bound to (the unit named when they are in more than
 * one), and where to pay.
 */
export function myCostsMessage(flats: readonly FlatCosts[]): string {
  const units = new Set(flats.map((costs) => costs.unitId));
  const lines = flats.map((costs) => flatLine(costs, units.size > 1));
  const agreed = flats.some((costs) => costs.kind === 'agreed');
  return [...lines, ...(agreed ? ['交费请找居委会或申请人代表，交了会记在这里。'] : [])].join('\n');
}
