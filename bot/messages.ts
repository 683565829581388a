/**
 * Every sentence the bot says, in one place (conventions.md §4): error codes and results in, plain
 * Chinese out. Many residents are elderly, so each message is short, kind, in everyday words, and asks
 * for at most one thing — with the exact words or numbers to reply with. Group messages name rooms,
 * never people.
 *
 * Pure: no I/O and no clock. Times are passed in and shown in the display time zone
 * (`formatChatTime`); areas are shown with `formatArea`, exactly as the tally used them.
 */
import { CHOICE_WORDS, HOW_TO_VOTE, votedLine } from '../commands/notices.js';
import { GROUND_WORDS, ineffectiveReasonWords } from '../commands/publicity-notices.js';
import type { IneffectiveReason, ObjectionGround } from '../domain/case/index.js';
import type { ErrorCode } from '../domain/errors.js';
import type { Choice, Tally } from '../domain/vote/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import {
  BINDING_CODE_MAX_LENGTH,
  BINDING_CODE_MIN_LENGTH,
  EXAMPLE_BINDING_CODE,
  EXAMPLE_REFERENCE,
} from './parse/index.js';
import type { HintReason } from './parse/index.js';

export {
  CHOICE_WORDS,
  HOW_TO_VOTE,
  enteredVoteNotice,
  minimumsOf,
  missingLine,
  progressMessage,
  reminderMessage,
  resultAnnouncement,
  votedLine,
  type Minimums,
} from '../commands/notices.js';
export { formatYuan, planPublishedNotice, planShareMessage } from '../commands/plan-notices.js';
export {
  LEVEL_WORDS,
  alertNotice,
  publicityEndedNotice,
  publicityMidpointNotice,
} from '../commands/clock-notices.js';
export { GROUND_WORDS, objectionAlert, publicityStartedNotice } from '../commands/publicity-notices.js';

// ----------------------------------------------------------------------------------------- errors

/**
 * The Chinese sentence for each error code. `Record<ErrorCode, string>` makes it exhaustive, like
 * `api/error-status.ts`: a new code does not compile until it has a sentence here. Codes residents
 * never meet in chat (a broken stream, a malformed request, cost and permit gates the committee handles
 * through the API) still get a safe sentence that points to the person who can help.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  // core
  validation_error: '这条消息没能看懂，请检查后再发一次。',
  invalid_json: '系统出了点问题，请稍后再试。',
  unauthorized: '还不能确认您的身份，请联系社区。',
  forbidden: '这件事需要社区工作人员或申请人代表来办，请联系他们。',
  not_found: '没有找到相关记录。有疑问请联系社区。',
  stream_conflict: '刚才有人同时在操作，请稍等一下再发一次。',
  stream_corrupted: '系统出了点问题，这条消息没有处理。请联系社区。',
  payload_too_large: '这条消息太长了，请分几次发。',
  unsupported_media_type: '系统出了点问题，请稍后再试。',
  rate_limited: '发得太快了，请稍等一会儿再发。',
  database_unavailable: '系统暂时忙不过来，请稍后再发一次。',
  // vote
  empty_roster: '这个单元还没有录入房屋名单，请联系社区。',
  duplicate_room: '房屋名单里有重复的房号，请联系社区核对。',
  // cost
  no_contributors: '分摊方案里没有要出钱的住户，请联系申请人代表核对。',
  explicit_shares_do_not_sum: '各户分摊的钱加起来和总费用对不上，请联系申请人代表核对。',
  subsidy_exceeds_cost: '补贴比总费用还多，请联系申请人代表核对。',
  compensation_over_cap: '补偿超过了约定的上限，请联系申请人代表核对。',
  joiner_has_no_share: '按现在的方案，这户不用补交费用。有疑问请联系申请人代表。',
  joiner_already_contributes: '这户已经在分摊名单里了，不用再加入。',
  late_join_needs_agreement: '中途加入要大家重新商定分摊方案，请联系申请人代表。',
  // calendar
  invalid_date: '日期不对，请检查后再发一次。',
  invalid_period_length: '天数不对，请检查后再发一次。',
  // case: nothing there
  unit_not_registered: '这个单元还没有在系统里登记，请联系社区。',
  ballot_not_found: '没有找到这次表决。有疑问请联系社区。',
  alert_not_found: '没有找到这条提醒。有疑问请联系社区。',
  proxy_not_requested: '没有人申请代您家办理表决，不用确认。',
  objection_not_found: '没有找到这条异议。有疑问请联系社区。',
  // case: not now
  wrong_stage: '现在这一步还不能办这件事。有疑问请联系社区。',
  unit_already_registered: '这个单元已经登记过了，不用再登记。',
  elevator_ballot_open: '已经有一次表决正在进行，请等它结束。',
  ballot_already_exists: '这次表决已经开始了，不用再开。',
  unit_has_other_group: '这个单元已经绑定了别的群，一个单元只能绑定一个群。要更换请联系社区。',
  ballot_closed: '这次表决已经结束了，您的表决没有记录。有疑问请联系社区。',
  ballot_not_yet_closable: '表决还没到结束时间，大家还可以表决或改主意。',
  publicity_not_over: '公示期还没结束，请等公示结束后再办。',
  objection_already_filed: '这条异议已经登记过了，不用再提。',
  objection_closed: '这条异议已经处理完了。有疑问请联系社区。',
  application_already_submitted: '申请已经交上去了，请等区里答复。',
  application_not_submitted: '申请还没有提交，请先提交申请。',
  already_notified: '要补的材料已经一次性通知过了，请补齐后再提交。',
  opinion_already_recorded: '这个部门的意见已经登记过了。',
  // case: a rule says no
  plan_version_not_newer: '方案的版本号不对，请联系申请人代表核对。',
  plan_version_mismatch: '方案已经更新了，请先看最新的方案。',
  elevator_ballot_must_be_major: '加装电梯要按重大事项表决，请联系社区。',
  ballot_too_short: '表决开放的时间太短，请把结束时间往后延。',
  unknown_room: '这个房号不在本次表决的名单里。有疑问请联系社区。',
  paper_reference_missing: '录入纸质表决时，请写上表决票的编号。',
  proxy_not_recorded: '还没有登记委托手续，不能代为表决。请先到社区登记。',
  message_not_kept: '这条消息没能保存下来，请再发一次。',
  vote_not_passed: '表决还没有通过，现在还不能办这件事。',
  objection_not_effective: '这条异议不需要调解。有疑问请联系社区。',
  mediation_out_of_order: '调解要按顺序来：先协商，再社区调解，再街道调解。',
  hearing_not_recorded: '听证要有完整记录，请补上记录编号。',
  effective_objection_open: '还有异议没有处理完，请先处理异议。',
  materials_incomplete: '还有材料没补齐，请补齐后再提交。',
  department_not_convened: '这个部门不在这次联合审查里。有疑问请联系区加梯办。',
  review_opinions_missing: '还有部门的书面意见没收到，请等意见到齐。',
  review_opinion_against: '有部门不赞成这个项目，请先按他们的意见修改方案。',
  reasons_required: '不通过时请写明理由。',
  pipeline_relocation_not_recorded: '管线迁移还没有办好，请先办管线迁移。',
  installation_not_notified: '开工前要先书面告知市场监管部门。',
  supervision_inspection_not_passed: '电梯还没有通过监督检验，暂时不能验收或交付。',
  completion_not_accepted: '电梯还没有竣工验收，暂时不能移交。',
  no_user_unit: '还没有定下电梯的使用单位，电梯暂时不能用。请先定下使用单位。',
};

/** The sentence for an error code (see {@link ERROR_MESSAGES}). */
export function errorMessage(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}

// ------------------------------------------------------------------------------------ help and hints

/**
 * The one-line answer to each hint reason of `parseIntent`: what to send instead. Exhaustive like
 * {@link ERROR_MESSAGES}.
 */
export const HINT_MESSAGES: Readonly<Record<HintReason, string>> = {
  bind_code_missing: `请在“绑定”后面加上社区给您的绑定码，例如：绑定 ${EXAMPLE_BINDING_CODE}`,
  bind_group_code_missing: `请在“绑定单元”后面加上单元绑定码，例如：绑定单元 ${EXAMPLE_BINDING_CODE}`,
  bind_code_malformed: `绑定码是 ${BINDING_CODE_MIN_LENGTH} 到 ${BINDING_CODE_MAX_LENGTH} 位字母和数字，请对照社区给的纸条再发一次。`,
  vote_unclear: '要表决请只回复一个：同意、反对 或 弃权（也可以回复 1、2、3）。',
  how_to_vote: `要表决请${HOW_TO_VOTE}`,
  unknown_number: `表决只有三个数字：${HOW_TO_VOTE}`,
  ack_ref_malformed: `请照通知里的编号回复，例如：收到 ${EXAMPLE_REFERENCE}`,
};

/** The one-line hint for a message that looks like a command but is not one. */
export function hintMessage(reason: HintReason): string {
  return HINT_MESSAGES[reason];
}

/**
 * The menu `帮助` answers with: what one can say, numbers first. `canRemind` adds `提醒` (for the
 * committee and the applicant representative); `objections` adds `异议` once that dialog exists.
 */
export function helpMessage(options: { canRemind?: boolean; objections?: boolean } = {}): string {
  return [
    '您可以这样回复我：',
    HOW_TO_VOTE,
    '回复 进度，查看表决进度。',
    `回复 绑定 和绑定码（例如：绑定 ${EXAMPLE_BINDING_CODE}），绑定您家的房号；绑定码找社区要。`,
    '替家里老人表决：回复 代办 和他家的绑定码，等业主回复「确认代办」。',
    ...(options.objections === true ? ['回复 异议，提出异议。'] : []),
    ...(options.canRemind === true ? ['回复 提醒，私聊提醒还没表决的住户。'] : []),
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
  timeZone?: string;
}): string {
  const whose = input.asProxy === true ? `您代 ${input.room} 的表决` : `${input.room} 的表决`;
  const verb = input.changed === true ? '已改为' : '已记录';
  return [
    `${whose}${verb}：${CHOICE_WORDS[input.choice]}。`,
    `时间：${formatChatTime(input.at, input.timeZone ?? DEFAULT_TIME_ZONE)}`,
    `回执号：${receiptCode(input.hash)}`,
    '表决结束前可以改，以最后一次为准。',
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

/** There is no open ballot in this unit to vote in. */
export function noOpenBallot(): string {
  return '现在没有正在进行的表决。';
}

/** The speaker's flats are in another unit: a vote in this group is not recorded. */
export function notInThisUnit(): string {
  return '您绑定的房号不在这个单元，这次表决没有记录。请在您自己单元的群里表决。';
}

// ----------------------------------------------------------------------------------------- binding

/** How a contact is bound to a flat. */
export type BindingRole = 'owner' | 'co_owner' | 'proxy';

const ROLE_WORDS: Readonly<Record<BindingRole, string>> = {
  owner: '业主',
  co_owner: '共有人',
  proxy: '代理人',
};

const HOW_TO_BIND = `请把社区给您的绑定码发给我，例如：绑定 ${EXAMPLE_BINDING_CODE}`;

/** Private confirmation of a household binding: which flat, as what. */
export function householdBound(input: { room: string; role: BindingRole }): string {
  return `绑定成功：您是 ${input.room} 的${ROLE_WORDS[input.role]}。回复 帮助 可以查看用法。`;
}

/** The group's notice of a household binding: the room only (`302 已绑定`). */
export function householdBoundNotice(room: string): string {
  return `${room} 已绑定`;
}

/** Private: a proxy's binding waits for the owner's confirmation or a committee entry (issue 4 item 2). */
export function proxyBindingPending(room: string): string {
  return `已收到您代 ${room} 绑定的申请。要等业主确认或社区登记后才能代为表决，请联系 ${room} 的业主或社区。`;
}

/**
 * Private, to the flat's owners: someone used their code to ask to vote for them. One action: confirm
 * with `确认代办`; the safe default (doing nothing) keeps the request waiting.
 */
export function proxyRequestToOwner(room: string): string {
  return (
    `有人用您家 ${room} 的绑定码，申请代您家表决。\n` +
    '如果是您请的人，请回复：确认代办\n' +
    '如果不是，请不要回复，并请社区给您换新的绑定码。'
  );
}

/** Private, to the owner who confirmed: which flats' proxies may now vote. */
export function proxiesConfirmed(rooms: readonly string[]): string {
  return `已确认：代理人现在可以代 ${[...new Set(rooms)].join('、')} 表决了。您自己也可以表决，以最后一次为准。`;
}

/** Private, to a proxy the owner (or the committee) confirmed. */
export function proxyConfirmedNotice(room: string): string {
  return `${room} 的业主已确认，您现在可以代 ${room} 表决了。${HOW_TO_VOTE}`;
}

/** `确认代办` with no proxy waiting on the speaker's flats. */
export function noProxyPending(): string {
  return '现在没有人在等您确认代办。';
}

/** `确认代办` from someone who owns no bound flat. */
export function confirmProxyNotOwner(): string {
  return `只有业主本人才能确认代办。${HOW_TO_BIND}`;
}

/** Private: the contact is already bound to this flat. */
export function alreadyBound(room: string): string {
  return `您已经绑定过 ${room} 了，不用再绑定。`;
}

/**
 * A wrong binding code, with the tries left (at least 1) before the hour's lock; at 0 send
 * {@link bindingLocked} instead.
 */
export function wrongBindingCode(triesLeft: number): string {
  return `这个绑定码不对，请对照社区给的纸条再发一次（还可以试 ${triesLeft} 次）。`;
}

/**
 * Binding is locked for this contact after too many wrong codes. With `until`, the time it opens again
 * in the display time zone; without, "in an hour".
 */
export function bindingLocked(until?: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const when = until === undefined ? '一小时后' : `${formatChatTime(until, timeZone)} 以后`;
  return `绑定码错的次数太多了，请${when}再试。`;
}

/** A valid code of another unit sent in this unit's group. */
export function bindingCodeOfOtherUnit(): string {
  return '这个绑定码不是本单元的。请在您自己单元的群里发，或者私聊发给我。';
}

/** A revoked or already used one-time code. */
export function bindingCodeExpired(): string {
  return '这个绑定码已经作废了，请向社区要新的绑定码。';
}

/**
 * Private, to a member bound to no flat: how to bind. `afterVote` when they just tried to vote (the vote
 * was not counted, issue 4 item 4).
 */
export function notBoundMessage(options: { afterVote?: boolean } = {}): string {
  const lead = options.afterVote === true ? '您还没有绑定房号，这次表决没有记录。' : '您还没有绑定房号。';
  return `${lead}${HOW_TO_BIND}`;
}

/** The group is bound to its unit (`绑定单元` succeeded); asks households to bind. */
export function unitBoundNotice(unitName: string): string {
  return `本群已绑定 ${unitName}。各位邻居请发送“绑定”加上您家的绑定码，绑定码找社区要。`;
}

/** A unit has one group: this unit is already bound to another one. */
export function unitHasOtherGroup(): string {
  return '这个单元已经绑定了别的群，一个单元只能绑定一个群。要更换请联系社区。';
}

/** This group is already bound to a unit. */
export function groupAlreadyBound(): string {
  return '本群已经绑定过单元了，不用再绑定。';
}

/**
 * The group's one notice after the bot was away (logged out of WeChat, or its database out) for a
 * while: how long, and that what it owes the group follows now. Said once per group and return.
 */
export function backOnlineNotice(awayMs: number): string {
  const minutes = Math.max(1, Math.round(awayMs / 60_000));
  const away = minutes < 60 ? `${minutes} 分钟` : `${Math.round(minutes / 60)} 小时`;
  return `加梯助手刚才断线了约 ${away}，现在恢复了。\n断线期间的消息马上补发。`;
}

/** The one line an unbound group gets (the handler sends it at most once a day). */
export function unboundGroupLine(): string {
  return `本群还没有绑定单元。请社区工作人员或申请人代表在群里发送“绑定单元”加上单元绑定码。`;
}

// ------------------------------------------------------------------------------------- reminders

/**
 * The answer to `提醒`: how many households were reminded privately, and which rooms cannot be reached
 * in chat because no one there is bound (they need a visit or a paper ballot).
 */
export function remindersSent(input: { sent: number; unboundRooms: readonly string[] }): string {
  const sent =
    input.sent === 0 ? '已绑定的住户都表决了，没有要提醒的。' : `已私聊提醒 ${input.sent} 户还没表决的住户。`;
  const unbound =
    input.unboundRooms.length === 0
      ? ''
      : `\n${input.unboundRooms.join('、')} 还没有人绑定，请上门提醒或送纸质表决票。`;
  return `${sent}${unbound}`;
}

/** `提醒` from someone who is neither on the committee nor the applicant representative. */
export function remindNotAllowed(): string {
  return '提醒大家表决要由社区工作人员或申请人代表来发。您可以回复 进度 查看表决进度。';
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

// ------------------------------------------------------------------------------------- objections

/** The dialog's first question (`异议`): which of the four grounds, by number. */
export function objectionAskGround(): string {
  return [
    '您要提异议。请问加装电梯影响您家哪方面？请回复数字：',
    `1 ${GROUND_WORDS.ventilation}`,
    `2 ${GROUND_WORDS.daylight}`,
    `3 ${GROUND_WORDS.passage}`,
    `4 ${GROUND_WORDS.other}`,
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

/** `收到 TX-3` naming no alert. */
export function alertNotFound(ref: string): string {
  return `没有找到编号 ${ref} 的提醒，请对照通知里的编号再发一次。`;
}

/** `收到 TX-3` from someone without a role in the alert's unit. */
export function alertAckNotAllowed(): string {
  return '这条提醒要由社区或街道的工作人员确认。';
}

/** `收到 <ref>` naming no objection. */
export function acknowledgeNotFound(ref: string): string {
  return `没有找到编号 ${ref} 的异议，请对照通知里的编号再发一次。`;
}
