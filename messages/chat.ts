/**
 * The bot's replies in chat — errors, help and hints, votes, reminders, group binding (conventions.md
 * §4; the other subjects are beside this file, see `index.ts`): error codes and results in, plain
 * Chinese out. Many residents are elderly, so each message is short, kind, in everyday words, and asks
 * for at most one thing — with the exact words or numbers to reply with. Group messages name rooms,
 * never people.
 *
 * Pure: no I/O and no clock. Times are passed in and shown in the display time zone
 * (`formatChatTime`); areas are shown with `formatArea`, exactly as the tally used them.
 */
import { CHOICE_NUMBERS, CHOICE_WORDS, HOW_TO_VOTE, votedLine, votedOwners } from './ballot.js';
import { EXAMPLE_BINDING_CODE } from '../domain/binding-code.js';
import type { ErrorCode, ErrorDetails } from '../domain/errors.js';
import { isPolicyAction, type PolicyAction, type Stage } from '../domain/case/index.js';
import { formatArea, type Choice, type Tally } from '../domain/vote/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import type { ObjectionWindowNow } from './objections.js';
import { dayWords } from './publicity.js';
import { STAGE_WORDS } from './stages.js';

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
  method_not_allowed: '系统出了点问题，请稍后再试。',
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
  mediation_step_not_found: '没有找到这一步调解记录。有疑问请联系社区。',
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
  objection_already_withdrawn: '这条异议已经撤回了，不用再撤回。',
  mediation_not_latest: '调解记录只能从最近的一步往回撤。有疑问请联系社区。',
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
  mediation_before_previous: '这一步调解的日期早于上一步，请核对日期。',
  unknown_contact: '系统里找不到这个微信联系人，请本人先给加梯助手发一条消息。',
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
  // platform (said over the API only; chat never meets them)
  place_not_found: '没有找到这个社区或街道。有疑问请联系社区。',
  wrong_place_kind: '这个地方的级别不对。有疑问请联系社区。',
  place_already_exists: '这个地方已经建好了，不用再建。',
  token_not_found: '没有找到这个访问令牌。',
};

/** Who may take each guarded action, for a `forbidden` that names it (`details.action`). */
const FORBIDDEN_MESSAGES: Readonly<Record<PolicyAction, string>> = {
  remind: '提醒大家表决要由社区工作人员或申请人代表来发。您可以回复 进度 查看表决进度。',
  acknowledge_objection: '异议要由社区工作人员或申请人代表确认收到。',
  acknowledge_alert: '这条提醒要由社区或街道的工作人员确认。',
};

function detail(details: ErrorDetails | undefined, key: string): string | undefined {
  const value = details?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The sentence for a refusal: {@link ERROR_MESSAGES} by code, made specific where the details say
 * more — which action was not allowed, which reference was not found.
 */
export function errorMessage(code: ErrorCode, details?: ErrorDetails): string {
  const action = details?.['action'];
  if (code === 'forbidden' && isPolicyAction(action)) return FORBIDDEN_MESSAGES[action];
  const objection = detail(details, 'objectionId');
  if (code === 'objection_not_found' && objection !== undefined)
    return `没有找到编号 ${objection} 的异议，请对照通知里的编号再发一次。`;
  const alert = detail(details, 'alertId');
  if (code === 'alert_not_found' && alert !== undefined)
    return `没有找到编号 ${alert} 的提醒，请对照通知里的编号再发一次。`;
  return ERROR_MESSAGES[code];
}

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
export function helpMessage(options: { canRemind?: boolean; objections?: ObjectionWindowNow } = {}): string {
  return [
    '您可以这样回复我：',
    HOW_TO_VOTE,
    '回复 进度，看现在到哪一步；表决时回复 表决详情，看四项法定条件。',
    `私聊我回复 绑定 和绑定码（例如：绑定 ${EXAMPLE_BINDING_CODE}），绑定您家的房号；绑定码找社区要，不要发在群里。`,
    '替家里老人表决：私聊我回复 代办 和他家的绑定码，等业主回复「确认代办」。',
    objectionMenuLine(options.objections),
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

// ------------------------------------------------------------------------------------------ progress

/** The open elevator ballot as `进度` tells it: the count, the rooms still missing, and its close. */
export interface OpenBallotProgress {
  readonly tally: Tally;
  /** Rooms of the frozen roster whose vote does not count yet (never voted, or asked to vote again). */
  readonly unvotedRooms: readonly string[];
  readonly closesAt?: Date;
  /** The ballot may not close before this (the minimum open days, domain.md §2). */
  readonly earliestCloseAt: Date;
}

/**
 * Where a case stands, as `进度` tells it: the stage, and the facts of that stage that say what comes
 * next and when — calendar days in Asia/Shanghai (`…On`, `YYYY-MM-DD`) or instants (`…At`).
 */
export interface CaseProgress {
  readonly stage: Stage;
  /** The plan version in force (0 before the first). */
  readonly planVersion: number;
  /** The open elevator ballot, at `voting`. */
  readonly ballot?: OpenBallotProgress;
  /** The publicity period, once the agreement is signed. */
  readonly publicity?: { readonly startedOn: string; readonly endsOn: string; readonly endsAt: Date };
  /** How long publicity runs for this unit (days), told before it starts. */
  readonly publicityDays: number;
  /** Effective objections still open (mediation). */
  readonly openObjections: number;
  /** The application to the district, from its submission until the joint review concludes. */
  readonly application?: {
    readonly submittedOn: string;
    readonly acceptedOn?: string;
    readonly reviewDueOn?: string;
    readonly awaitingSupplement: boolean;
  };
  readonly constructionStartedOn?: string;
  /** Whether the last supervision inspection failed. */
  readonly lastInspectionFailed: boolean;
  readonly inspectionPassedOn?: string;
  readonly enteredUseOn?: string;
  readonly useRegistrationDueOn?: string;
}

/** What `进度` says: where the unit is now, what comes next, and when. */
interface ProgressLines {
  readonly now: string;
  readonly next: string;
  readonly when: string;
}

const stageNow = (stage: Stage, detail: string): string => `「${STAGE_WORDS[stage]}」阶段，${detail}`;

/** The open ballot: the count and the rooms missing, what passing still needs, and its close. */
function ballotLines(
  ballot: OpenBallotProgress,
  publicityDays: number,
  at: Date,
  timeZone: string,
): ProgressLines {
  const { tally, unvotedRooms } = ballot;
  const missing = unvotedRooms.length === 0 ? '全部都表决了' : `还没表决：${unvotedRooms.join('、')}`;
  const after = `通过后签订协议、公示 ${publicityDays} 天`;
  const extraArea = tally.missing.areaCenti > 0 ? `、${formatArea(tally.missing.areaCenti)}㎡` : '';
  const next = tally.passed
    ? `已达到通过条件，${after}`
    : tally.missing.possible
      ? `还差 ${tally.missing.owners} 户${extraArea} 同意才能通过；${after}`
      : '按目前的表决已经无法通过；结束后可以修改方案再表决';
  const time = (instant: Date) => formatChatTime(instant, timeZone);
  const when =
    ballot.closesAt === undefined
      ? `表决最早 ${time(ballot.earliestCloseAt)} 可以结束，由社区宣布`
      : ballot.closesAt.getTime() <= at.getTime()
        ? `表决已在 ${time(ballot.closesAt)} 截止，正在出结果`
        : `表决到 ${time(ballot.closesAt)} 结束`;
  return {
    now: stageNow('voting', `已表决 ${votedOwners(tally)} 户（共 ${tally.totals.owners} 户），${missing}`),
    next,
    when,
  };
}

/** The three lines of each stage (see {@link caseProgressMessage}). */
function progressLines(progress: CaseProgress, at: Date, timeZone: string): ProgressLines {
  const { stage, publicityDays } = progress;
  switch (stage) {
    case 'new':
      return {
        now: '本单元还没有在系统里登记',
        next: '社区登记单元和各户房屋',
        when: '还没定，有疑问请联系社区',
      };
    case 'canvassing':
      return {
        now: stageNow(stage, '大家在商量加装电梯'),
        next: '申请人代表公布加装方案，然后大家表决',
        when: '方案公布的时间还没定',
      };
    case 'planning':
      return {
        now: stageNow(stage, `第 ${progress.planVersion} 版方案已公布，还没开始表决`),
        next: `开始表决，到时${HOW_TO_VOTE.replace(/。$/, '')}`,
        when: '开始表决的时间还没定',
      };
    case 'voting':
      return progress.ballot === undefined
        ? {
            now: stageNow(stage, '上次表决没有通过'),
            next: '申请人代表可以修改方案，再开一次表决',
            when: '再次表决的时间还没定',
          }
        : ballotLines(progress.ballot, publicityDays, at, timeZone);
    case 'agreement':
      return {
        now: stageNow(stage, '表决已通过，正在签项目协议书'),
        next: `公示 ${publicityDays} 天，公示期内可以提异议`,
        when: '签好协议当天开始公示，我会在群里说结束日期',
      };
    case 'publicity': {
      const ends = progress.publicity;
      const over = ends !== undefined && ends.endsAt.getTime() <= at.getTime();
      return {
        now: stageNow(stage, '协议书和方案正在公示'),
        next: '公示期内有异议，私聊我发「异议」；公示结束后报批申请',
        when:
          ends === undefined
            ? '公示结束日期请问社区'
            : over
              ? `公示已在 ${dayWords(ends.endsOn)} 24:00 结束，正在收尾`
              : `公示到 ${dayWords(ends.endsOn)} 24:00 结束`,
      };
    }
    case 'objections':
      return {
        now: stageNow(
          stage,
          progress.openObjections === 0
            ? '公示已结束，异议正在收尾'
            : `公示已结束，还有 ${progress.openObjections} 条异议在调解`,
        ),
        next: '异议处理完后报批申请',
        when: '要看调解进展，还没定',
      };
    case 'application': {
      const application = progress.application;
      return {
        now: stageNow(
          stage,
          application === undefined
            ? '正在准备申请材料'
            : application.awaitingSupplement
              ? '区里要求补材料，正在补'
              : `申请已在 ${dayWords(application.submittedOn)} 交给区里`,
        ),
        next: '区里受理后组织联合审查',
        when: '受理时间看区里，还没定',
      };
    }
    case 'joint_review': {
      const application = progress.application;
      return {
        now: stageNow(
          stage,
          application?.acceptedOn === undefined
            ? '区里在审查申请'
            : `区里 ${dayWords(application.acceptedOn)} 受理了申请，正在审查`,
        ),
        next: '审查通过后迁移管线、准备开工',
        when:
          application?.reviewDueOn === undefined
            ? '审查期限由区里定'
            : `审查期限到 ${dayWords(application.reviewDueOn)}`,
      };
    }
    case 'approved':
      return {
        now: stageNow(stage, '联合审查已通过，正在迁移管线、办开工告知'),
        next: '开工，施工一般约 3 个月',
        when: '开工日期还没定',
      };
    case 'works':
      return {
        now: stageNow(
          stage,
          progress.constructionStartedOn === undefined
            ? '正在施工'
            : `${dayWords(progress.constructionStartedOn)} 开工，正在施工`,
        ),
        next: '施工完后做监督检验，合格后才能交付',
        when: '施工一般约 3 个月',
      };
    case 'inspection':
      return {
        now: stageNow(
          stage,
          progress.lastInspectionFailed ? '上次检验没通过，正在整改' : '施工已完成，等检验',
        ),
        next: '检验合格后竣工验收',
        when: '检验日期还没定',
      };
    case 'acceptance':
      return {
        now: stageNow(
          stage,
          progress.inspectionPassedOn === undefined
            ? '监督检验已合格，等竣工验收'
            : `监督检验 ${dayWords(progress.inspectionPassedOn)} 合格，等竣工验收`,
        ),
        next: '验收后移交钥匙和资料',
        when: '验收日期还没定',
      };
    case 'handover':
      return {
        now: stageNow(stage, '竣工验收已通过，等移交'),
        next: '移交后投入使用，30 天内办使用登记',
        when: '移交日期还没定',
      };
    case 'registration':
      return {
        now: stageNow(
          stage,
          progress.enteredUseOn === undefined
            ? '电梯已投入使用，正在办使用登记'
            : `电梯 ${dayWords(progress.enteredUseOn)} 起投入使用，正在办使用登记`,
        ),
        next: '办好使用登记，之后按时维保',
        when:
          progress.useRegistrationDueOn === undefined
            ? '使用登记要在投入使用后 30 天内办好'
            : `使用登记要在 ${dayWords(progress.useRegistrationDueOn)} 前办好`,
      };
    case 'in_service':
      return {
        now: stageNow(stage, '电梯在正常使用'),
        next: '每 15 天至少维保一次，按期检验',
        when: '电梯有故障，请按轿厢里的报警按钮或打 96333',
      };
  }
}

/**
 * The answer to `进度`, in three short lines at every stage: where the unit is now (during the open
 * ballot: how many voted and the rooms still missing), what comes next, and when — days and times in
 * the display time zone. `at` is now (a ballot or publicity whose end has passed says so).
 */
export function caseProgressMessage(
  progress: CaseProgress,
  at: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const lines = progressLines(progress, at, timeZone);
  return [`现在：${lines.now}。`, `下一步：${lines.next}。`, `时间：${lines.when}。`].join('\n');
}
