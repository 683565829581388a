/**
 * The few sentences that commands enqueue themselves (announcements of votes entered through the API),
 * kept here so that a transport other than the bot can trigger them without importing `bot/`
 * (conventions.md §1). `bot/messages.ts` re-exports them: it stays the one place to read every
 * sentence the bot says. Pure: no I/O, no clock.
 */
import type { Choice, Tally } from '../domain/vote/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';

/** How to vote, in numbers: the line every vote prompt ends with. */
export const HOW_TO_VOTE = '回复 1 同意，2 反对，3 弃权。';

/**
 * The private reminder to a bound household that has not voted (`提醒`, and the scheduled reminders
 * on the configured days); `closesAt` shown when known.
 */
export function reminderMessage(input: { room: string; closesAt?: Date; timeZone?: string }): string {
  const close =
    input.closesAt === undefined
      ? ''
      : `表决在 ${formatChatTime(input.closesAt, input.timeZone ?? DEFAULT_TIME_ZONE)} 结束。`;
  return `您好！单元里的表决还没有收到 ${input.room} 的意见。${HOW_TO_VOTE}${close}`;
}

/** The channels through which the committee enters a vote on someone's behalf (domain.md §2). */
export type EnteredVoteChannel = 'paper' | 'proxy' | 'in_person';

/** The three choices in words. */
export const CHOICE_WORDS: Readonly<Record<Choice, string>> = {
  agree: '同意',
  oppose: '反对',
  abstain: '弃权',
};

/** How many have voted (agree, oppose or abstain), however abstention is counted. */
export function votedOwners(tally: Tally): number {
  return tally.agree.owners + tally.oppose.owners + tally.abstain.owners;
}

/** `已表决 8 户，共 12 户。`, or with the breakdown `已表决 8 户（共 12 户）：同意 6 户、反对 1 户、弃权 1 户。` */
export function votedLine(tally: Tally, breakdown = false): string {
  const voted = votedOwners(tally);
  if (!breakdown) return `已表决 ${voted} 户，共 ${tally.totals.owners} 户。`;
  return (
    `已表决 ${voted} 户（共 ${tally.totals.owners} 户）：同意 ${tally.agree.owners} 户、` +
    `反对 ${tally.oppose.owners} 户、弃权 ${tally.abstain.owners} 户。`
  );
}

const ENTERED_CHANNEL_WORDS: Readonly<Record<EnteredVoteChannel, string>> = {
  paper: '纸质表决',
  proxy: '委托表决',
  in_person: '现场表决',
};

/**
 * The group's notice of a vote the committee entered through the API: `302 纸质表决已录入。` (or
 * 委托表决, 现场表决) and the new count, with the same rules as `groupVoteNotice` in `bot/messages.ts`.
 */
export function enteredVoteNotice(input: {
  room: string;
  channel: EnteredVoteChannel;
  tally: Tally;
  choice?: Choice;
  breakdown?: boolean;
}): string {
  const what = input.choice === undefined ? '。' : `：${CHOICE_WORDS[input.choice]}。`;
  const breakdown = input.choice !== undefined || input.breakdown === true;
  return `${input.room} ${ENTERED_CHANNEL_WORDS[input.channel]}已录入${what}\n${votedLine(input.tally, breakdown)}`;
}
