/**
 * The bot's replies in chat — help, votes and receipts, reminders, group binding (conventions.md
 * §4; the other subjects are beside this file, see `index.ts`): error codes and results in, plain
 * Chinese out. Many residents are elderly, so each message is short, kind, in everyday words, and asks
 * for at most one thing — with the exact words or numbers to reply with. Group messages name rooms,
 * never people.
 *
 * Pure: no I/O and no clock. Times are passed in and shown in the display time zone
 * (`formatChatTime`); areas are shown with `formatArea`, exactly as the tally used them.
 */
import { CHOICE_NUMBERS, CHOICE_WORDS, HOW_TO_VOTE, votedLine } from './ballot.js';
import { EXAMPLE_BINDING_CODE } from '../domain/binding-code.js';
import { type Choice, type Tally } from '../domain/vote/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import type { ObjectionWindowNow } from './objections.js';
import { dayWords } from './publicity.js';

// ------------------------------------------------------------------------------------ help and hints

/**
 * The `异议` line of the menu, always there: when objections count (during publicity), and how to
 * raise one — `objections` is the unit's publicity window now, unknown for a contact of no unit.
 */
function objectionMenuLine(objections: ObjectionWindowNow | undefined): string {
  switch (objections?.kind) {
    case 'open':
      return `有异议（影响通风、采光或通行）：公示期到 ${dayWords(objections.endsOn)}，回复 异议。`;
    case 'over':
      return `异议：公示期已在 ${dayWords(objections.endsOn)} 结束，再提不算正式异议；要留下意见，回复 异议。`;
    case 'not_yet':
    case undefined:
      return '异议：要在公示期内提（表决通过、签好协议后公示），到时回复 异议。';
  }
}

/**
 * The menu `帮助` (and `?`, `怎么弄`) answers with, privately: what one can say, numbers first, and
 * always when and how to object. `canRemind` adds `提醒` (for the committee and the applicant
 * representative); `objections` is the unit's publicity window now (see {@link objectionMenuLine}).
 */
export function helpMessage(
  options: { canRemind?: boolean; canConfirmMaintenance?: boolean; objections?: ObjectionWindowNow } = {},
): string {
  return [
    '您可以这样回复我：',
    HOW_TO_VOTE,
    '回复 进度，看现在到哪一步；表决时回复 表决详情，看四项法定条件。',
    '回复 我的费用，私下看您家要分摊多少、交了多少。',
    `私聊我回复 绑定 和绑定码（例如：绑定 ${EXAMPLE_BINDING_CODE}），绑定您家的房号；绑定码找社区要，不要发在群里。`,
    '替家里老人表决：私聊我回复 代办 和他家的绑定码，等业主回复「确认代办」。',
    objectionMenuLine(options.objections),
    ...(options.canRemind === true ? ['回复 提醒，私聊提醒还没表决的住户。'] : []),
    ...(options.canConfirmMaintenance === true ? ['维保做完后，私聊我回复 维保确认，签收这次维保。'] : []),
    '回复 帮助，再看这份说明。',
  ].join('\n');
}

// ------------------------------------------------------------------------------------------- votes

/** The receipt code of a vote: the first 8 characters of its event hash, upper case (`1A2B3C4D`). */
export function receiptCode(hash: string): string {
  return hash.slice(0, 8).toUpperCase();
}

/**
 * The private receipt of a chat vote (domain.md §2: every voter gets one): the room and choice, the time
 * in the display time zone, and the receipt code. `changed` when it replaces an earlier vote;
 * `asProxy` when the speaker voted as the owner's recorded proxy.
 */
export function voteReceipt(input: {
  room: string;
  choice: Choice;
  at: Date;
  hash: string;
  changed?: boolean;
  asProxy?: boolean;
  /** The flat's co-owners disagree after this vote: what counts until they settle it. */
  conflictCounts?: Choice;
  timeZone?: string;
}): string {
  const whose = input.asProxy === true ? `您代 ${input.room} 的表决` : `${input.room} 的表决`;
  const stamp = [
    `时间：${formatChatTime(input.at, input.timeZone ?? DEFAULT_TIME_ZONE)}`,
    `回执号：${receiptCode(input.hash)}`,
  ];
  if (input.conflictCounts !== undefined) {
    return [
      `已收到您为 ${input.room} 的表决：${CHOICE_WORDS[input.choice]}。`,
      `但 ${input.room} 的共有人意见不一致，现在按先表决的「${CHOICE_WORDS[input.conflictCounts]}」计入。`,
      ...stamp,
      SETTLE_HOW,
    ].join('\n');
  }
  const verb = input.changed === true ? '已改为' : '已记录';
  return [
    `${whose}${verb}：${CHOICE_WORDS[input.choice]}。`,
    ...stamp,
    '表决结束前可以改，以最后一次为准。',
  ].join('\n');
}

/** How co-owners settle a disagreement (domain.md §2a). */
const SETTLE_HOW = '要定下来，请共有人一起写一份书面说明交给社区，或一起到社区填纸质表决票。';

/**
 * Private, to a co-owner whose earlier vote another co-owner of the flat now contradicts: what counts
 * until they settle it, and how.
 */
export function coOwnerConflictNotice(input: { room: string; yours: Choice; counts: Choice }): string {
  return [
    `${input.room} 的另一位共有人的表决和您的「${CHOICE_WORDS[input.yours]}」不一致。`,
    `现在按先表决的「${CHOICE_WORDS[input.counts]}」计入。`,
    SETTLE_HOW,
  ].join('\n');
}

/**
 * Private, to the committee, at once: a flat's co-owners disagree — each stance with its time, what
 * counts meanwhile, and the two ways to settle it.
 */
export function coOwnerConflictAlert(input: {
  room: string;
  stances: readonly { readonly choice: Choice; readonly at: Date }[];
  counts: Choice;
  timeZone?: string;
}): string {
  const zone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const stances = input.stances
    .map((stance) => `${CHOICE_WORDS[stance.choice]}（${formatChatTime(stance.at, zone)}）`)
    .join('、');
  return [
    `【表决分歧】${input.room} 的共有人表决不一致：${stances}。`,
    `现在按先表决的「${CHOICE_WORDS[input.counts]}」计入。`,
    `请收下共有人的共同书面说明，或录入 ${input.room} 的纸质表决票（都要写编号）。`,
  ].join('\n');
}

/**
 * The group's notice of a chat vote: `302 已表决。` and the new count. The choice is not shown unless the
 * ballot is fully named (`choice` given). The agree/oppose/abstain breakdown is shown for named ballots
 * or when `breakdown` is set: beside a room number, a breakdown that moves by one reveals the choice.
 */
export function groupVoteNotice(input: {
  room: string;
  tally: Tally;
  choice?: Choice;
  byProxy?: boolean;
  breakdown?: boolean;
}): string {
  const who = input.byProxy === true ? `${input.room} 已由代理人表决` : `${input.room} 已表决`;
  const what = input.choice === undefined ? '。' : `：${CHOICE_WORDS[input.choice]}。`;
  return `${who}${what}\n${votedLine(input.tally, input.choice !== undefined || input.breakdown === true)}`;
}

// ------------------------------------------------------------------------- words that lean to a choice

/**
 * Private, to a bound resident who leaned to a choice without voting (`支持`, `👍`, `我改成同意吧`)
 * while a ballot is open: nothing was counted; one number confirms. `rooms` are the flats the vote
 * would be cast for; `asProxy` when the speaker holds them only as a confirmed proxy.
 */
export function confirmVoteQuestion(input: {
  readonly choice: Choice;
  readonly rooms: readonly string[];
  readonly asProxy?: boolean;
}): string {
  const whose = `${input.asProxy === true ? '代' : '为'} ${input.rooms.join('、')} `;
  return (
    `您是想${whose}表决「${CHOICE_WORDS[input.choice]}」吗？` +
    `确认请回复 ${CHOICE_NUMBERS[input.choice]}；不是的话不用回复。`
  );
}

/** Private: a word that leans to a choice while no ballot is open. Nothing to vote on; where to look. */
export function maybeVoteNoBallot(): string {
  return '谢谢您！现在没有正在进行的表决，不用表决。回复 进度，看现在到哪一步。';
}

/**
 * Private: a word that leans to a choice while the speaker's `异议` dialog waits for an answer — a
 * number now would answer the dialog, so the dialog is left first.
 */
export function maybeVoteInDialog(choice: Choice): string {
  return (
    `您的异议还没填完，这时回复的数字会算作异议的回答。` +
    `要表决「${CHOICE_WORDS[choice]}」，请先回复 取消，再回复 ${CHOICE_NUMBERS[choice]}。`
  );
}

/** There is no open ballot in this unit to vote in. */
export function noOpenBallot(): string {
  return '现在没有正在进行的表决。';
}

/** The speaker's flats are in another unit: a vote in this group is not recorded. */
export function notInThisUnit(): string {
  return '您绑定的房号不在这个单元，这次表决没有记录。请在您自己单元的群里表决。';
}

// ------------------------------------------------------------------------------------- reminders

/**
 * The answer to `提醒`, saying what really happened: how many households were reminded privately just
 * now (`queued` reminders to the contacts of `rooms` unvoted bound rooms), or that they already were
 * today; and which rooms cannot be reached in chat because no one there is bound (a visit or a paper
 * ballot).
 */
export function remindersSent(input: {
  readonly rooms: number;
  readonly queued: number;
  readonly unboundRooms: readonly string[];
}): string {
  const sent =
    input.rooms === 0
      ? '已绑定的住户都表决了，没有要提醒的。'
      : input.queued === 0
        ? `还没表决的 ${input.rooms} 户今天已经提醒过了，一天只提醒一次，明天可以再发。`
        : `已私聊提醒 ${input.rooms} 户还没表决的住户。`;
  const unbound =
    input.unboundRooms.length === 0
      ? ''
      : `\n${input.unboundRooms.join('、')} 还没有人绑定，请上门提醒或送纸质表决票。`;
  return `${sent}${unbound}`;
}

/** `收到 <ref>` was recorded. */
export function acknowledged(ref: string): string {
  return `已记下您的确认：${ref}。`;
}

// ------------------------------------------------------------------------------------ group binding

/** `绑定单元 <code>` said privately: it is said in the group to bind. */
export function bindGroupInGroup(): string {
  return '请在要绑定的单元群里发送“绑定单元”加上单元绑定码，不要私聊发给我。';
}

/** A group binding code that is not one. */
export function wrongGroupCode(): string {
  return '这个单元绑定码不对，请向社区核对后再发一次。';
}
