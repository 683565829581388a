/**
 * The sentences about publicity and objections that commands enqueue themselves (the group's
 * announcement that publicity starts, the committee's private alert of a new objection);
 * `objections.ts` holds the `异议` dialog. Pure: no I/O, no clock. Many readers are elderly: plain
 * words, one action per message, the exact words to reply with.
 */
import type { IneffectiveReason, ObjectionGround } from '../domain/case/index.js';

/** The four grounds as the dialog numbers them (1 通风 2 采光 3 通行 4 其他). */
export const GROUND_WORDS: Readonly<Record<ObjectionGround, string>> = {
  ventilation: '通风',
  daylight: '采光',
  passage: '通行',
  other: '其他',
};

/** `2025-04-07` → `4月7日` (a calendar day as residents say it; no year within a few weeks). */
export function dayWords(on: string): string {
  const [, month, day] = on.split('-');
  return `${Number(month)}月${Number(day)}日`;
}

/**
 * Why an objection does not count, in plain words (domain.md §3; HZ-2021 item 5). `window` is the
 * publicity period to show beside `outside_window`, when there is one.
 */
export function ineffectiveReasonWords(
  reason: IneffectiveReason,
  window?: { readonly startedOn: string; readonly endsOn: string },
): string {
  switch (reason) {
    case 'anonymous':
      return '没有写明是谁提的（要实名）';
    case 'oral':
      return '不是书面的（口头说的不算）';
    case 'outside_window':
      return window === undefined
        ? '现在不在公示期内'
        : `不在公示期内（公示期是 ${dayWords(window.startedOn)} 到 ${dayWords(window.endsOn)}）`;
    case 'ground_not_covered':
      return '只有影响通风、采光或通行的才算正式异议';
  }
}

/**
 * The group announcement when the agreement is signed: publicity of the agreement
 * and plan starts today, for `days` days, and ends on `endsOn` at 24:00 (Civil Code art. 203);
 * `provisional` when the end lies in a year whose holiday notice is not out yet. One action: how to
 * object.
 */
export function publicityStartedNotice(input: {
  readonly days: number;
  readonly endsOn: string;
  readonly provisional?: boolean;
}): string {
  const maybe = input.provisional === true ? '（明年的放假安排还没公布，结束日期可能调整）' : '';
  return [
    `公示开始：加装电梯的协议书和方案从今天起公示 ${input.days} 天，至 ${dayWords(input.endsOn)} 24:00 结束。${maybe}`,
    '如有异议（加装电梯影响您家的通风、采光或通行），请在公示期内私聊我发「异议」，或者写书面意见交到社区。',
  ].join('\n');
}

/**
 * The private alert to each committee member of a new objection: its reference, the
 * room (never the objector's name), the ground, whether it counts and why not, what it says, and the
 * one reply asked for: `收到 <ref>`.
 */
export function objectionAlert(input: {
  readonly ref: string;
  readonly unitName?: string;
  readonly room?: string;
  readonly ground: ObjectionGround;
  readonly effective: boolean;
  readonly reasons: readonly IneffectiveReason[];
  readonly text?: string;
}): string {
  const where = [input.unitName, input.room].filter((part) => part !== undefined).join(' ');
  const status = input.effective
    ? '这是有效异议，要组织调解。'
    : `这条不算正式异议：${input.reasons.map((reason) => ineffectiveReasonWords(reason)).join('；')}。`;
  const text = input.text === undefined ? [] : [`内容：${clip(input.text, 200)}`];
  return [
    `新异议 ${input.ref}${where === '' ? '' : `（${where}）`}，理由：${GROUND_WORDS[input.ground]}。`,
    status,
    ...text,
    `请回复 收到 ${input.ref} 确认。`,
  ].join('\n');
}

/** At most `max` characters, with `…` when cut. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
