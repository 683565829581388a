import type { ENTERED_VOTE_CHANNELS } from '../domain/case/index.js';
/**
 * Ballots and votes: the announcements of votes entered through the API, progress, reminders and the
 * result. Pure: no I/O, no clock.
 */
import { formatArea, type BallotRules, type Choice, type Tally } from '../domain/vote/index.js';
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
export type EnteredVoteChannel = (typeof ENTERED_VOTE_CHANNELS)[number];

/** The three choices in words. */
export const CHOICE_WORDS: Readonly<Record<Choice, string>> = {
  agree: '同意',
  oppose: '反对',
  abstain: '弃权',
};

/** The number that votes each choice (`HOW_TO_VOTE`: 1 同意，2 反对，3 弃权). */
export const CHOICE_NUMBERS: Readonly<Record<Choice, string>> = {
  agree: '1',
  oppose: '2',
  abstain: '3',
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

export const ENTERED_CHANNEL_WORDS: Readonly<Record<EnteredVoteChannel, string>> = {
  paper: '纸质表决',
  proxy: '委托表决',
  in_person: '现场表决',
  statement: '共有人共同书面说明',
};

/**
 * The group's notice of a vote the committee entered through the API: `302 纸质表决已录入。` (or
 * 委托表决, 现场表决) and the new count, with the same rules as `groupVoteNotice` in `chat.ts`.
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

// --------------------------------------------------------------------------------- progress, result

/** ⌈a / b⌉ for non-negative safe integers, without floats. */
function ceilDiv(a: number, b: number): number {
  return (a - (a % b)) / b + (a % b > 0 ? 1 : 0);
}

/** The least count that passes "三分之二以上" of `total` (the boundary passes: Civil Code art. 1259). */
function participationMinimum(total: number): number {
  return ceilDiv(2 * total, 3);
}

/**
 * The least agreeing count that passes approval of `participating`: "四分之三以上" (the boundary passes)
 * for a major matter, "过半数" (strictly more than half) for an ordinary one.
 */
function approvalMinimum(rules: BallotRules, participating: number): number {
  return rules.matter === 'major'
    ? ceilDiv(3 * participating, 4)
    : (participating - (participating % 2)) / 2 + 1;
}

/** The least counts that pass each of the four checks, as the progress and result messages show them. */
export interface Minimums {
  readonly participationOwners: number;
  readonly participationAreaCenti: number;
  /** Moves with participation: of those taking part. */
  readonly approvalOwners: number;
  readonly approvalAreaCenti: number;
}

/**
 * The thresholds of Civil Code art. 278 para. 2 as least counts (integers, exactly as `tallyVotes`
 * decides): each check of the tally holds exactly when its count reaches its minimum.
 */
export function minimumsOf(tally: Tally, rules: BallotRules): Minimums {
  return {
    participationOwners: participationMinimum(tally.totals.owners),
    participationAreaCenti: participationMinimum(tally.totals.areaCenti),
    approvalOwners: approvalMinimum(rules, tally.participating.owners),
    approvalAreaCenti: approvalMinimum(rules, tally.participating.areaCenti),
  };
}

const area = (centi: number): string => `${formatArea(centi)}㎡`;

const reached = (ok: boolean): string => (ok ? '已达到' : '未达到');

/**
 * The four legal checks of Civil Code art. 278 para. 2, each as its figure against its threshold: the
 * least count that passes, computed exactly as the tally does (integers, the boundary passes). The
 * approval thresholds move with participation; while nobody takes part they are not shown.
 */
function checkLines(tally: Tally, rules: BallotRules): string[] {
  const { participating, agree, checks } = tally;
  const minimum = minimumsOf(tally, rules);
  const lines = [
    `参加表决的户数 ${participating.owners} 户，至少要 ${minimum.participationOwners} 户：${reached(checks.participationOwners)}`,
    `参加表决的面积 ${area(participating.areaCenti)}，至少要 ${area(minimum.participationAreaCenti)}：${reached(checks.participationArea)}`,
  ];
  if (participating.owners === 0) {
    lines.push('同意的户数 0 户：还没有人参加表决', '同意的面积 0.00㎡：还没有人参加表决');
  } else {
    lines.push(
      `同意的户数 ${agree.owners} 户，至少要 ${minimum.approvalOwners} 户：${reached(checks.approvalOwners)}`,
      `同意的面积 ${area(agree.areaCenti)}，至少要 ${area(minimum.approvalAreaCenti)}：${reached(checks.approvalArea)}`,
    );
  }
  return lines;
}

/** The thresholds in plain words, from the rules frozen when the ballot opened. */
export function rulesLine(rules: BallotRules): string {
  const approval = rules.matter === 'major' ? '都要达到参加表决的四分之三以上' : '都要超过参加表决的一半';
  const abstention = rules.abstentionParticipates ? '' : '弃权不算参加表决。';
  return `规则：参加表决的户数和面积都要达到全单元的三分之二以上；同意的户数和面积${approval}。${abstention}`;
}

/** `已表决 8 户：同意 6 户、反对 1 户、弃权 1 户；还有 4 户没表决。` */
function countsLine(tally: Tally): string {
  const voted = votedOwners(tally);
  const rest = tally.totals.owners - voted;
  return (
    `已表决 ${voted} 户：同意 ${tally.agree.owners} 户、反对 ${tally.oppose.owners} 户、` +
    `弃权 ${tally.abstain.owners} 户；${rest === 0 ? '全部都表决了' : `还有 ${rest} 户没表决`}。`
  );
}

/** Co-owners who disagree are flagged to the committee (domain.md §2); the count only, no rooms. */
function conflictsLine(tally: Tally): string[] {
  return tally.conflicts.length === 0
    ? []
    : [`有 ${tally.conflicts.length} 户的共有人意见不一致，要请社区核实。`];
}

/**
 * What is still missing, from `tally.missing`: `已达到通过条件…`, `还差 2 户、96.40㎡ 同意即可通过。`, or
 * — when even every household that has not voted agreeing would not be enough — `已经无法通过`.
 */
export function missingLine(tally: Tally): string {
  const { missing } = tally;
  if (tally.passed) return '已达到通过条件。表决结束前大家还可以改，以结束时为准。';
  if (!missing.possible) return '按目前的表决，已经无法通过：就算还没表决的都同意也不够。';
  const extraArea = missing.areaCenti > 0 ? `、${area(missing.areaCenti)}` : '';
  return `还差 ${missing.owners} 户${extraArea} 同意即可通过。`;
}

/**
 * The answer to `表决详情`: the counts, the four legal checks against their thresholds, what is still
 * missing, and the rules in plain words — all from the tally and the rules frozen at opening.
 */
export function progressMessage(tally: Tally, rules: BallotRules): string {
  return [
    `表决进度（全单元 ${tally.totals.owners} 户、${area(tally.totals.areaCenti)}）`,
    countsLine(tally),
    ...checkLines(tally, rules),
    ...conflictsLine(tally),
    missingLine(tally),
    rulesLine(rules),
  ].join('\n');
}

/** The group announcement at close: the result and the four figures against their thresholds. */
export function resultAnnouncement(
  tally: Tally,
  rules: BallotRules,
  input: { closedAt: Date; timeZone?: string },
): string {
  const when = formatChatTime(input.closedAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  return [
    `表决已在 ${when} 结束，结果：${tally.passed ? '通过' : '没有通过'}。`,
    countsLine(tally),
    ...checkLines(tally, rules),
    ...conflictsLine(tally),
    rulesLine(rules),
  ].join('\n');
}
