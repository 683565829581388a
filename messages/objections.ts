/**
 * What the bot says in the `异议` dialog and about an objection's reference (`收到 <ref>`): privately
 * to the objector or the committee. Pure, like every module of `messages/`.
 */
import { GROUND_WORDS, dayWords, ineffectiveReasonWords } from './publicity.js';
import {
  COVERED_GROUNDS,
  OBJECTION_GROUNDS,
  type IneffectiveReason,
  type ObjectionGround,
} from '../domain/case/index.js';

// ------------------------------------------------------------------------------------- objections

/**
 * Whether an objection filed now falls in the unit's publicity window (domain.md §3), as the `异议`
 * dialog and the `帮助` menu tell it: `open` inside it, `not_yet` before publicity started (or with
 * none), `over` after it ended. Days are calendar days in Asia/Shanghai (`YYYY-MM-DD`).
 */
export type ObjectionWindowNow =
  | { readonly kind: 'open'; readonly startedOn: string; readonly endsOn: string }
  | { readonly kind: 'not_yet' }
  | { readonly kind: 'over'; readonly startedOn: string; readonly endsOn: string };

/** The grounds an objection counts on, in words: `通风、采光或通行`. */
function coveredGroundWords(): string {
  const words = COVERED_GROUNDS.map((ground) => GROUND_WORDS[ground]);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join('、')}或${words.at(-1)}`;
}

/** The dialog's first lines: whether an objection can count now, and what counts. */
function windowLines(window: ObjectionWindowNow): string[] {
  switch (window.kind) {
    case 'open':
      return [
        `您要提异议。现在是公示期，到 ${dayWords(window.endsOn)} 24:00 结束：影响您家${coveredGroundWords()}的异议，算正式异议。`,
        '请问加装电梯影响您家哪方面？请回复数字：',
      ];
    case 'not_yet':
      return [
        '现在还不是公示期，这时提的异议不算正式异议。表决通过、签好协议后会公示，公示期内提才算。',
        '您也可以先留下意见，社区会看到。请问加装电梯影响您家哪方面？请回复数字：',
      ];
    case 'over':
      return [
        `公示期（${dayWords(window.startedOn)} 到 ${dayWords(window.endsOn)}）已经结束，现在提的异议不算正式异议。`,
        '您也可以留下意见，社区会看到。请问加装电梯影响您家哪方面？请回复数字：',
      ];
  }
}

/**
 * The dialog's first message (`异议`): at once, whether an objection can count now (inside the
 * publicity window, on ventilation, daylight or passage — HZ-2021 item 5), then which of the four
 * grounds, by number. Outside the window it may still be left on record, marked as not counting.
 */
export function objectionAskGround(window: ObjectionWindowNow): string {
  return [
    ...windowLines(window),
    // Numbered as the dialog reads them (`bot/parse/dialog.ts`): 1 通风 2 采光 3 通行 4 其他.
    ...OBJECTION_GROUNDS.map((ground, index) => {
      const uncovered = window.kind === 'open' && !COVERED_GROUNDS.includes(ground);
      return `${index + 1} ${GROUND_WORDS[ground]}${uncovered ? '（不算正式异议，社区会看到）' : ''}`;
    }),
    '不想提了，回复 取消。',
  ].join('\n');
}

/** A reply to the ground question that is not 1–4. */
export function objectionInvalidGround(): string {
  return '请回复一个数字：1 通风，2 采光，3 通行，4 其他。';
}

/** The second question: the details, in the person's own words. */
export function objectionAskText(ground: ObjectionGround): string {
  return `您选的是：${GROUND_WORDS[ground]}。请写下具体情况，比如影响哪个房间、怎么影响。直接打字发给我。`;
}

/** A reply to the details question that is not details (a bare number, nothing) or is too long. */
export function objectionInvalidText(tooLong = false): string {
  return tooLong
    ? '写得太长了，请简短一些，在 1000 字以内，再发给我。'
    : '请用文字写下具体情况，直接打字发给我。';
}

/** The summary to check before filing, and the one choice: 1 submit, 2 cancel. */
export function objectionConfirm(input: { room: string; ground: ObjectionGround; text: string }): string {
  return [
    '请核对您的异议：',
    `房号：${input.room}`,
    `影响：${GROUND_WORDS[input.ground]}`,
    `情况：${input.text}`,
    '回复 1 确认提交，2 取消。',
  ].join('\n');
}

/** A reply to the summary that is neither 1 nor 2. */
export function objectionInvalidConfirm(): string {
  return '请回复 1 确认提交，或者回复 2 取消。';
}

/** The dialog was cancelled: nothing was filed. */
export function objectionCancelled(): string {
  return '好的，已取消，没有提交。以后要提异议，再发「异议」。';
}

/**
 * The answer once filed: the reference to keep, whether it counts and — if not — why, in plain words,
 * and what happens next. `window` is the publicity period (to explain "not during publicity").
 */
export function objectionFiled(input: {
  ref: string;
  effective: boolean;
  reasons: readonly IneffectiveReason[];
  window?: { startedOn: string; endsOn: string };
}): string {
  if (input.effective) {
    return [
      `您的异议已提交，编号 ${input.ref}，请记下这个编号。`,
      '这是有效异议。社区会联系您，先请双方协商；协商不成，社区会组织调解。',
    ].join('\n');
  }
  const reasons = input.reasons.map((reason) => ineffectiveReasonWords(reason, input.window)).join('；');
  return [
    `您的意见已记录，编号 ${input.ref}，请记下这个编号。`,
    `按规定，这条不算正式异议：${reasons}。社区会看到您的意见，有疑问请联系社区。`,
  ].join('\n');
}

/** `异议` in the group of a unit the speaker is not bound in. */
export function objectionNotInThisUnit(): string {
  return '您绑定的房号不在这个单元。要提异议，请私聊我发「异议」。';
}

/** `异议` from a contact bound only as someone's proxy: the owner objects, in chat or on paper. */
export function objectionByOwner(): string {
  return '异议要由业主本人提出。请业主本人私聊我发「异议」，或者写书面意见交到社区。';
}

/** `收到 <ref>` from a contact who had already confirmed it. */
export function alreadyAcknowledged(ref: string): string {
  return `您已经确认过 ${ref} 了，不用再发。`;
}
