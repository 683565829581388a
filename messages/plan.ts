/**
 * What the bot says when a plan version is published: the group summary, and each
 * household's own share with the terms that produced it. Pure: no I/O, no clock.
 *
 * Money is shown in yuan with thousands separators (`55,000 元`, `48,123.45 元`); areas exactly as the
 * tally shows them. Shares per floor are ranges when flats of a floor differ in area.
 */
import type { PlanState } from '../domain/case/index.js';
import { roomsWithChangedShare } from '../domain/cost/index.js';
import type { CostPlan, CostSchemeKind, CostShare, ShareTerms } from '../domain/cost/index.js';
import { formatArea } from '../domain/vote/index.js';

/** `55,000 元`, `48,123.45 元`, `0 元`: fen as yuan, the way a bill writes it. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = abs % 100;
  return `${sign}${yuan}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`} 元`;
}

/** Each cost scheme in words (`按楼层系数 × 住房面积分摊`). */
export const SCHEME_WORDS: Readonly<Record<CostSchemeKind, string>> = {
  floor_coefficient: '按楼层系数 × 住房面积分摊',
  fixed_per_floor: '按楼层定额分摊',
  area: '按住房面积分摊',
  explicit: '按大家商定的金额分摊',
};

/** `0.9`, `1.15`: a coefficient in thousandths as a plain decimal. */
function coefficient(permille: number): string {
  return String(permille / 1000);
}

/** A weight as the 份 a household reads (`65.25 份`). */
function portions(weight: number, scale: number): string {
  return (weight / scale).toFixed(2);
}

/** The shares of the paying flats of each floor, as `3 楼 40,000 元` or `5 楼 48,100–53,200 元`. */
export function floorLines(shares: readonly CostShare[]): string[] {
  const byFloor = new Map<number, number[]>();
  for (const share of shares) {
    if (share.payFen === 0) continue;
    byFloor.set(share.floor, [...(byFloor.get(share.floor) ?? []), share.payFen]);
  }
  return [...byFloor.entries()]
    .sort(([a], [b]) => a - b)
    .map(([floor, fens]) => {
      const low = Math.min(...fens);
      const high = Math.max(...fens);
      const amount =
        low === high ? formatYuan(low) : `${formatYuan(low).replace(' 元', '')}–${formatYuan(high)}`;
      return `${floor} 楼每户 ${amount}`;
    });
}

/** The floors that pay nothing, as `1–2 楼` or `1、3 楼`, or null when every floor pays. */
export function freeFloors(shares: readonly CostShare[]): string | null {
  const floors = [...new Set(shares.map((s) => s.floor))].sort((a, b) => a - b);
  const free = floors.filter((floor) => shares.every((s) => s.floor !== floor || s.payFen === 0));
  if (free.length === 0) return null;
  const contiguous = free.every((floor, i) => i === 0 || floor === free[i - 1]! + 1);
  return contiguous && free.length > 1 ? `${free[0]}–${free.at(-1)} 楼` : `${free.join('、')} 楼`;
}

/** What changed since the last version, in one line; null for the first version. */
function changesLine(plan: PlanState, previous: PlanState | undefined): string | null {
  if (previous === undefined) return null;
  const parts: string[] = [];
  const was = previous.cost;
  const now = plan.cost;
  if (was !== undefined && now !== undefined) {
    if (was.totalCostFen !== now.totalCostFen) {
      parts.push(`总造价 ${formatYuan(was.totalCostFen)} → ${formatYuan(now.totalCostFen)}`);
    }
    if (was.subsidyFen !== now.subsidyFen) {
      parts.push(`补贴 ${formatYuan(was.subsidyFen)} → ${formatYuan(now.subsidyFen)}`);
    }
    if (was.scheme.kind !== now.scheme.kind) parts.push(`改为${SCHEME_WORDS[now.scheme.kind]}`);
  }
  const changed = roomsWithChangedShare(previous.shares, plan.shares).length;
  parts.push(changed === 0 ? '各户分摊没有变' : `${changed} 户的分摊变了`);
  return `与第 ${previous.version} 版相比：${parts.join('；')}。`;
}

/** The amount the households share: total − subsidy + compensation. */
export function sharedFen(cost: CostPlan): number {
  const compensation = (cost.compensations ?? []).reduce((sum, c) => sum + c.amountFen, 0);
  return cost.totalCostFen - cost.subsidyFen + compensation;
}

/**
 * The group's summary of a new plan version: title, what changed since the last version, total cost,
 * subsidy, the scheme, the shares per floor, and — when it came during the ballot — which rooms are
 * asked to vote again. Rooms only, never names.
 */
export function planPublishedNotice(input: {
  plan: PlanState;
  previous?: PlanState;
  reconfirmRooms?: readonly string[];
}): string {
  const { plan } = input;
  const lines = [`加装电梯方案第 ${plan.version} 版已发布：${plan.title}`];
  const changes = changesLine(plan, input.previous);
  if (changes !== null) lines.push(changes);
  if (plan.cost !== undefined && plan.shares !== undefined) {
    lines.push(
      `总造价 ${formatYuan(plan.cost.totalCostFen)}，政府补贴 ${formatYuan(plan.cost.subsidyFen)}，` +
        `住户共同分摊 ${formatYuan(sharedFen(plan.cost))}。`,
    );
    const free = freeFloors(plan.shares);
    lines.push(`${SCHEME_WORDS[plan.cost.scheme.kind]}${free === null ? '' : `，${free}不出钱`}。`);
    lines.push(...floorLines(plan.shares));
    lines.push('每户的具体金额，我会私聊发给已绑定的住户。');
  }
  const again = input.reconfirmRooms ?? [];
  if (again.length > 0) {
    lines.push(`表决还在进行。分摊变了的 ${again.join('、')}，之前的表决不再算数，请重新表决。`);
  }
  return lines.join('\n');
}

/** How one share was computed, in words a household can check with a calculator. */
function termsLine(share: CostShare): string {
  const t: ShareTerms = share.terms;
  if (t.exempt === 'exempt_room') return '按约定，您家不用出钱。';
  if (t.exempt === 'exempt_floor' || t.weight === 0) return `按方案，${share.floor} 楼不用出钱。`;
  const total = `全单元共 ${portions(t.totalWeight, t.weightScale)} 份，共同分摊 ${formatYuan(t.amountFen)}`;
  switch (t.scheme) {
    case 'floor_coefficient':
      return (
        `算法：${share.floor} 楼系数 ${coefficient(t.coefficientPermille ?? 0)} × ` +
        `${formatArea(t.areaCenti ?? 0)}㎡ = ${portions(t.weight, t.weightScale)} 份，${total}。`
      );
    case 'area':
      return `算法：按面积 ${formatArea(t.areaCenti ?? 0)}㎡ 计 ${portions(t.weight, t.weightScale)} 份，${total}。`;
    case 'fixed_per_floor':
      return `算法：${share.floor} 楼每户定额 ${formatYuan(t.fixedFen ?? 0)}，按总额折算。`;
    case 'explicit':
      return '算法：按大家商定的金额。';
  }
}

/**
 * How one share was computed, as a roster's cell says it of any flat (not to the household itself):
 * `5 楼系数 0.9 × 72.50㎡ = 65.25 份 / 全单元 612.30 份 × 400,000 元`, `约定不出钱`.
 */
export function shareTermsWords(share: CostShare): string {
  const t: ShareTerms = share.terms;
  if (t.exempt === 'exempt_room') return '按约定不出钱';
  if (t.exempt === 'exempt_floor' || t.weight === 0) return `按方案 ${share.floor} 楼不出钱`;
  const of = `/ 全单元 ${portions(t.totalWeight, t.weightScale)} 份 × ${formatYuan(t.amountFen)}`;
  switch (t.scheme) {
    case 'floor_coefficient':
      return (
        `${share.floor} 楼系数 ${coefficient(t.coefficientPermille ?? 0)} × ` +
        `${formatArea(t.areaCenti ?? 0)}㎡ = ${portions(t.weight, t.weightScale)} 份 ${of}`
      );
    case 'area':
      return `面积 ${formatArea(t.areaCenti ?? 0)}㎡ = ${portions(t.weight, t.weightScale)} 份 ${of}`;
    case 'fixed_per_floor':
      return `${share.floor} 楼每户定额 ${formatYuan(t.fixedFen ?? 0)}，按总额折算`;
    case 'explicit':
      return `商定金额 ${formatYuan(t.agreedFen ?? share.payFen)}`;
  }
}

/**
 * The private message with one household's share of a plan version: the amount, the change from the
 * last version when there was one, how it was computed, any compensation it receives, and — when the
 * ballot is open — one action: vote (again).
 */
export function planShareMessage(input: {
  room: string;
  planVersion: number;
  share: CostShare;
  previousFen?: number;
  ballot?: 'vote_again' | 'vote' | 'none';
}): string {
  const { share } = input;
  const lines = [
    `您家 ${input.room} 在方案第 ${input.planVersion} 版里的分摊：${formatYuan(share.payFen)}。`,
  ];
  if (input.previousFen !== undefined && input.previousFen !== share.netFen) {
    lines.push(`（上一版是 ${formatYuan(input.previousFen)}）`);
  }
  lines.push(termsLine(share));
  if (share.receiveFen > 0) lines.push(`另外，您家可以得到补偿 ${formatYuan(share.receiveFen)}。`);
  if (input.ballot === 'vote_again') {
    lines.push('因为分摊变了，您之前的表决不再算数。请重新表决：回复 1 同意，2 反对，3 弃权。');
  } else if (input.ballot === 'vote') {
    lines.push('表决正在进行：回复 1 同意，2 反对，3 弃权。');
  }
  return lines.join('\n');
}
