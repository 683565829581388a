/**
 * What the elevator in service tells people (domain.md §7): an alarm, said so that whoever reads it
 * knows what to do in the next minute; the reminders of its inspection; the answer to `维保确认`. Pure:
 * no I/O, no clock.
 */
import type { AlarmKind, BillKind, VisitKind } from '../domain/case/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { formatYuan } from './plan.js';
import { dayWords } from './publicity.js';

/** TSG T5002's visits as people say them. */
export const VISIT_KIND_WORDS: Readonly<Record<VisitKind, string>> = {
  half_monthly: '半月保',
  quarterly: '季度保',
  half_yearly: '半年保',
  annual: '年度保',
};

/** What a running-cost bill is for. */
export const BILL_KIND_WORDS: Readonly<Record<BillKind, string>> = {
  electricity: '电费',
  maintenance: '维保费',
  inspection: '检验费',
  insurance: '保险费',
  repair: '维修费',
  other: '其他费用',
};

/**
 * A household's gentle, private reminder of running costs still owed: how much, since when, where to
 * pay and how to see the detail. Never to the group.
 */
export function runningArrearsNotice(input: {
  readonly unitName: string;
  readonly room: string;
  readonly owedFen: number;
  readonly since: string;
}): string {
  return [
    `【电梯运行费】${input.unitName} ${input.room} 室`,
    `从 ${dayWords(input.since)} 的账单起，还有 ${formatYuan(input.owedFen)} 没交。`,
    '方便时交给居委会或电梯使用单位就行；回复 我的费用 看明细。',
  ].join('\n');
}

/** What an alarm says happened. */
export const ALARM_KIND_WORDS: Readonly<Record<AlarmKind, string>> = {
  entrapment: '困人',
  fault: '故障',
  offline: '监测中断',
};

/** An alarm, to the group (an entrapment) and to the 使用单位 and the committee. */
export function alarmNotice(alarm: {
  readonly unitName: string;
  readonly kind: AlarmKind;
  readonly occurredAt: Date;
  readonly rescueCode: string;
  readonly maintainer: { readonly name: string; readonly serviceLine: string };
}): string {
  const at = formatChatTime(alarm.occurredAt, DEFAULT_TIME_ZONE);
  const call = `救援电话 96333（电梯救援码 ${alarm.rescueCode}），维保单位${alarm.maintainer.name} ${alarm.maintainer.serviceLine}。`;
  switch (alarm.kind) {
    case 'entrapment':
      return [
        `【电梯困人】${alarm.unitName}的电梯 ${at} 报警有人被困。`,
        call,
        '被困的人请按轿厢里的警铃或对讲，不要扒门；门口的邻居请安抚、等救援。',
      ].join('\n');
    case 'fault':
      return [`【电梯故障】${alarm.unitName}的电梯 ${at} 报告故障。`, call].join('\n');
    case 'offline':
      return [
        `【监测中断】${alarm.unitName}的电梯 ${at} 起监测系统没有信号。`,
        `请联系维保单位${alarm.maintainer.name} ${alarm.maintainer.serviceLine}。`,
      ].join('\n');
  }
}

/** The 使用单位's and the committee's reminder to request the periodic inspection in time. */
export function inspectionDueNotice(unitName: string, expiresOn: string): string {
  return [
    `【定期检验提醒】${unitName}`,
    `电梯检验合格证 ${dayWords(expiresOn)} 到期，要在到期前 1 个月申请定期检验。`,
    '请使用单位向检验机构申请，检验后在管理后台登记。',
  ].join('\n');
}

/** The answer to the 使用单位's `维保确认`: which visit it signed off. */
export function visitConfirmedMessage(visitedOn: string): string {
  return `已确认 ${dayWords(visitedOn)} 的维保。谢谢！`;
}
