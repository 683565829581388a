/**
 * The words of the records Jiati prints and files (`GET /ballots/:id/record.pdf` and the others): the
 * named ballot record, the binding-code slips handed out door to door, the publicity notice posted in
 * the unit, and the roster with each household's share. Pure: no I/O, no clock — the documents' own
 * layout lives in `api/documents/`. Dates are those of Asia/Shanghai, with the year: a record is
 * filed for years.
 */
import type { VoteChannel } from '../domain/case/index.js';
import { formatArea, type BallotRules, type Choice, type Matter, type Tally } from '../domain/vote/index.js';
import { CHOICE_WORDS, ENTERED_CHANNEL_WORDS, minimumsOf, votedOwners } from './ballot.js';
import { dayWords } from './publicity.js';
import { IMPORT_COLUMN_WORDS } from './roster-import.js';

/** `2025-03-13` → `2025年3月13日`: a calendar day as a filed record writes it. */
export function dayWithYear(on: string): string {
  const [year, month, day] = on.split('-');
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

/** The footer of every page: when the record was made, and which page of how many. */
export function pageFooter(input: { madeAt: string; page: number; pages: number }): string {
  return `生成时间：${input.madeAt}（北京时间）    第 ${input.page} 页，共 ${input.pages} 页`;
}

/** What a non-ASCII file name falls back to, by record (`Content-Disposition`'s `filename`). */
export const RECORD_FILE_WORDS = {
  ballotRecord: '表决记录',
  bindingSlips: '绑定码',
  publicityNotice: '公示',
  roster: '住户名单',
} as const;

// ----------------------------------------------------------------------------------- ballot record

/** How a vote was given, in words (the chat, the mini-program, or entered by the committee). */
export const VOTE_CHANNEL_WORDS: Readonly<Record<VoteChannel, string>> = {
  wechat: '微信',
  miniprogram: '小程序',
  ...ENTERED_CHANNEL_WORDS,
};

/** The matter of a ballot, as the record's heading names it. */
export const MATTER_WORDS: Readonly<Record<Matter, string>> = {
  major: '重大事项（加装电梯等，民法典第二百七十八条）',
  ordinary: '一般事项',
};

/** The record's heading lines above its tables. */
export function ballotRecordHeading(input: {
  readonly unitName: string;
  readonly title: string;
  readonly matter: Matter;
  readonly opensAt: string;
  readonly endedAt?: string;
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly passed?: boolean;
  readonly cancelReason?: string;
  readonly named: boolean;
}): { title: string; lines: string[] } {
  const lines = [`单元：${input.unitName}`, `事项：${MATTER_WORDS[input.matter]}`, `开始：${input.opensAt}`];
  if (input.status === 'cancelled') {
    lines.push(`已取消${input.endedAt === undefined ? '' : `：${input.endedAt}`}`);
    if (input.cancelReason !== undefined) lines.push(`取消原因：${input.cancelReason}`);
    lines.push('取消的表决不计票，下面的表决只作记录。');
  } else {
    if (input.endedAt !== undefined) lines.push(`结束：${input.endedAt}`);
    if (input.passed !== undefined) lines.push(`结果：${input.passed ? '通过' : '没有通过'}`);
  }
  if (!input.named) lines.push('本记录按房号列出，不含业主姓名。');
  return { title: `${input.title} 表决记录`, lines };
}

/** The column heads of the record's votes, one row per vote (a flat that did not vote: one row). */
export function ballotRecordColumns(named: boolean): string[] {
  return [
    '房号',
    '楼层',
    ...(named ? ['业主'] : []),
    '面积（㎡）',
    '表决意见',
    '方式',
    '时间（北京时间）',
    '回执号',
    '纸质表决编号',
    '是否计入',
  ];
}

/** A choice, or `未表决` for a flat with no vote. */
export function choiceWords(choice: Choice | undefined): string {
  return choice === undefined ? '未表决' : CHOICE_WORDS[choice];
}

/**
 * Whether a vote is the flat's counted one: `计入`; with the flat's co-owners still disagreeing, the
 * earlier stance counts (domain.md §2); a vote a later plan version voided, or one a later vote replaced.
 * A cancelled ballot counts none.
 */
export function voteCountsWords(
  vote: { counts: boolean; valid: boolean },
  conflict: boolean,
  cancelled = false,
): string {
  if (cancelled) return '不计票（表决已取消）';
  if (vote.counts) return conflict ? '计入（共有人意见不一致，按先投的算）' : '计入';
  if (!vote.valid) return '不计入（方案改版后要重新表决）';
  return '不计入（以后来的表决为准）';
}

/** One row of the four legal checks: what is measured, its figure, the least that passes, whether it did. */
export interface CheckRow {
  readonly label: string;
  readonly figure: string;
  readonly minimum: string;
  readonly result: string;
}

const area = (centi: number): string => `${formatArea(centi)}㎡`;
const reached = (ok: boolean): string => (ok ? '达到' : '未达到');

/** The column heads of the checks' table. */
export const CHECK_COLUMNS = ['法定条件', '实际', '至少要', '结果'] as const;

/**
 * The four checks of Civil Code art. 278 para. 2 with their figures, each against the least count
 * that passes (computed exactly as the tally does: integers, the boundary passes). While nobody took
 * part, the approval minimums are not defined: `—`.
 */
export function checkRows(tally: Tally, rules: BallotRules): CheckRow[] {
  const { participating, agree, checks } = tally;
  const minimum = minimumsOf(tally, rules);
  const nobody = participating.owners === 0;
  return [
    {
      label: '参加表决的户数',
      figure: `${participating.owners} 户`,
      minimum: `${minimum.participationOwners} 户`,
      result: reached(checks.participationOwners),
    },
    {
      label: '参加表决的面积',
      figure: area(participating.areaCenti),
      minimum: area(minimum.participationAreaCenti),
      result: reached(checks.participationArea),
    },
    {
      label: '同意的户数',
      figure: `${agree.owners} 户`,
      minimum: nobody ? '—' : `${minimum.approvalOwners} 户`,
      result: reached(checks.approvalOwners),
    },
    {
      label: '同意的面积',
      figure: area(agree.areaCenti),
      minimum: nobody ? '—' : area(minimum.approvalAreaCenti),
      result: reached(checks.approvalArea),
    },
  ];
}

/** The counts under the checks: the whole unit, then each choice by households and area. */
export function tallyLines(tally: Tally): string[] {
  const rest = tally.totals.owners - votedOwners(tally);
  return [
    `全单元 ${tally.totals.owners} 户、${area(tally.totals.areaCenti)}；没有表决 ${rest} 户。`,
    `同意 ${tally.agree.owners} 户、${area(tally.agree.areaCenti)}；反对 ${tally.oppose.owners} 户、` +
      `${area(tally.oppose.areaCenti)}；弃权 ${tally.abstain.owners} 户、${area(tally.abstain.areaCenti)}。`,
    ...(tally.conflicts.length === 0
      ? []
      : [`有 ${tally.conflicts.length} 户的共有人意见不一致，按先投的计票。`]),
  ];
}

// ----------------------------------------------------------------------------------- binding slips

/** The head of a slip. */
export const SLIP_TITLE = '加装电梯 · 住户绑定码';

/** The room line of a slip. */
export function slipRoom(room: string): string {
  return `房号：${room}`;
}

/** What the slip's QR code holds: exactly what the resident sends the bot, nothing else. */
export function slipQrText(code: string): string {
  return `绑定 ${code}`;
}

/** The caption under the QR code. */
export const SLIP_QR_CAPTION = '扫码可复制要发的字';

/**
 * The two-line how-to of a slip, in plain words: what to send, privately, and that the code is a
 * secret that works once until `expiresOn`.
 */
export function slipHowTo(input: { code: string; expiresOn: string }): [string, string] {
  return [
    `微信私聊「加梯助手」，发送：${slipQrText(input.code)}`,
    `只能用一次，${dayWords(input.expiresOn)}前有效。别发到群里，别告诉别人。`,
  ];
}

/** The line at the top of each sheet of slips, for the committee member cutting them. */
export function slipsSheetHeading(input: { unitName: string; count: number; issuedAt: string }): string {
  return `${input.unitName} 住户绑定码，共 ${input.count} 户（${input.issuedAt} 发放，之前的码已作废）。沿虚线剪开，每户一张，当面交给住户。`;
}

// -------------------------------------------------------------------------------- publicity notice

/** The notice's title. */
export const PUBLICITY_TITLE = '加装电梯公示';

/** The opening paragraph: the vote passed and the agreement was signed. */
export function publicityOpening(input: { unitName: string; signedOn: string }): string {
  return (
    `${input.unitName}加装电梯事项已经本单元业主表决通过，项目协议书已于 ${dayWithYear(input.signedOn)} 签订。` +
    '现将协议书和加装方案公示如下。'
  );
}

/** The vote's result in one line: who took part and who agreed, by households and area. */
export function publicityVoteLine(tally: Tally): string {
  return (
    `表决结果：全单元 ${tally.totals.owners} 户、${area(tally.totals.areaCenti)}；参加表决 ` +
    `${tally.participating.owners} 户、${area(tally.participating.areaCenti)}；同意 ${tally.agree.owners} 户、` +
    `${area(tally.agree.areaCenti)}。`
  );
}

/** The plan's heading line. */
export function publicityPlanLine(input: { version: number; title: string }): string {
  return `加装方案：第 ${input.version} 版《${input.title}》`;
}

/**
 * The publicity period as the legal clock computed it (Civil Code arts. 201–203): from the day it
 * started to the end day at 24:00; `provisional` when the end lies in a year whose holiday notice is
 * not out yet.
 */
export function publicityPeriodLines(input: {
  startedOn: string;
  endsOn: string;
  days?: number;
  provisional: boolean;
}): string[] {
  const days = input.days === undefined ? '' : `，共 ${input.days} 天`;
  return [
    `公示期：${dayWithYear(input.startedOn)} 起，至 ${dayWithYear(input.endsOn)} 24:00 止${days}。`,
    '（按《民法典》第二百零一条至第二百零三条计算：公示开始当天不算；最后一天是休息日的，顺延到下一个工作日。）',
    ...(input.provisional ? ['明年的放假安排还没公布，结束日期可能调整，以社区通知为准。'] : []),
  ];
}

/** How to object, one step a line (domain.md §3: named, written, on ventilation, daylight or passage). */
export const PUBLICITY_HOW_TO_OBJECT: readonly string[] = [
  '如有异议，请在公示期内提出：',
  '1. 认为加装电梯影响您家通风、采光或通行的，请写实名书面意见（写明姓名、房号和理由），交到社区居民委员会。',
  '2. 也可以微信私聊「加梯助手」，发送「异议」，按提示填写。',
  '3. 没有署名的意见、只是口头说的意见会记录下来，但不算正式异议。',
  '4. 收到异议后，社区会组织大家协商调解。',
];

/** Who posts the notice, and the day it is dated. */
export function publicitySignature(startedOn: string): [string, string] {
  return ['社区居民委员会（盖章）', dayWithYear(startedOn)];
}

/** The heading when the plan in force has no cost plan. */
export const PUBLICITY_NO_COST = '分摊方案：见协议书。';

// ------------------------------------------------------------------------------------------- roster

/** Each area source in the words the roster import reads back (登记, 测绘, 合同). */
export const AREA_SOURCE_WORDS = { register: '登记', survey: '测绘', contract: '合同' } as const;

/** A yes/no cell, as the roster import reads it. */
export const yesWord = (value: boolean | undefined): string => (value === true ? '是' : '');

/** The column heads of the roster: the import's own words, then binding and the share. */
export function rosterColumns(named: boolean, shares: boolean): string[] {
  const w = IMPORT_COLUMN_WORDS;
  return [
    w.room,
    w.floor,
    `${w.area}（㎡）`,
    w.areaSource,
    ...(named ? [w.owners, `${w.phone}（隐去中间几位）`, w.ownerKey, w.elderly, w.disabled] : []),
    w.developerStock,
    '已绑定微信',
    ...(shares ? ['应分摊（元）', '可得补偿（元）', '净额（元）', '算法'] : []),
  ];
}

/** The roster sheet's heading line. */
export function rosterHeading(input: { unitName: string; flats: number; named: boolean }): string {
  return `${input.unitName} 住户名单（共 ${input.flats} 户）${input.named ? '' : '，按房号列出，不含业主信息'}`;
}

/** The plan sheet's rows: what the shares are of. */
export function rosterPlanRows(input: {
  version?: number;
  title?: string;
  totalCostFen?: number;
  subsidyFen?: number;
  compensationFen?: number;
  sharedFen?: number;
  schemeWords?: string;
}): [string, string | number][] {
  if (input.version === undefined) return [['方案', '还没有发布方案']];
  const yuan = (fen: number | undefined) => (fen === undefined ? '' : fen / 100);
  return [
    ['方案', `第 ${input.version} 版 ${input.title ?? ''}`],
    ['总造价（元）', yuan(input.totalCostFen)],
    ['政府补贴（元）', yuan(input.subsidyFen)],
    ['补偿合计（元）', yuan(input.compensationFen)],
    ['住户共同分摊（元）', yuan(input.sharedFen)],
    ['分摊方式', input.schemeWords ?? '这一版没有分摊方案'],
  ];
}

/** The sheets' names. */
export const SHEET_WORDS = {
  votes: '表决记录',
  checks: '计票结果',
  roster: '住户名单',
  plan: '方案',
} as const;

/** The total row's label. */
export const TOTAL_WORD = '合计';
