/**
 * The words of an objection's minutes (异议处理记录): the record the committee prints and files for one
 * objection — how it came, whether it counts and why not, each mediation step and hearing with its
 * outcome, and how it ended. Pure: no I/O, no clock. Names and what people wrote appear only when the
 * reader may see them (`names`); otherwise rooms and references alone.
 */
import type {
  IneffectiveReason,
  MediationSession,
  ObjectionChannel,
  ObjectionState,
  ObjectionStatus,
} from '../domain/case/index.js';
import { formatDocumentTime } from '../lib/format-time.js';
import { STEP_WORDS } from './clocks.js';
import { GROUND_WORDS, ineffectiveReasonWords } from './publicity.js';
import { dayWithYear } from './records.js';
import { OUTCOME_WORDS, WITHDRAWN_BY_WORDS } from './timeline.js';

export const MINUTES_TITLE = '加装电梯异议处理记录';

/** How an objection reached the case. */
const OBJECTION_CHANNEL_WORDS: Readonly<Record<ObjectionChannel, string>> = {
  wechat: '微信群私聊提交',
  miniprogram: '小程序提交',
  paper: '书面递交，居委会录入',
  in_person: '当面提出，居委会录入',
};

/** Where the objection stands now. */
const STATUS_WORDS: Readonly<Record<ObjectionStatus, string>> = {
  ineffective: '已记录，不是正式异议，不影响报批',
  open: '正式异议，尚未解决，报批暂停',
  resolved: '已调解解决',
  withdrawn: '已撤回',
  closed_after_hearing: '听证后办结，可以继续报批',
};

/** The file name's words (`Content-Disposition`'s fallback is ASCII). */
export const MINUTES_FILE_WORD = '异议处理记录';

/** The heading lines: unit, reference, and when it was filed (Beijing time). */
export function minutesHeading(input: { unitName: string; objection: ObjectionState }): string[] {
  const filedAt = formatDocumentTime(new Date(input.objection.filedAt));
  return [input.unitName, `异议编号 ${input.objection.objectionId}，提出时间 ${filedAt}（北京时间）`];
}

/** The objection itself as label–value rows: who, how, on what ground, whether it counts. */
export function objectionRows(
  objection: ObjectionState,
  input: { names: boolean; window?: { startedOn: string; endsOn: string } },
): [string, string][] {
  const objector = objection.objector;
  const who = [
    objector?.room === undefined ? '' : `${objector.room} 室`,
    input.names && objector?.name !== undefined ? objector.name : '',
  ]
    .filter(Boolean)
    .join(' ');
  const reasons = objection.ineffectiveReasons.map((reason: IneffectiveReason) =>
    ineffectiveReasonWords(reason, input.window),
  );
  const rows: [string, string][] = [
    ['异议人', who === '' ? (objection.named ? '已实名（姓名只给居委会看）' : '未署名') : who],
    ['提出方式', `${OBJECTION_CHANNEL_WORDS[objection.channel]}${objection.written ? '，书面' : '，口头'}`],
    ['理由', GROUND_WORDS[objection.ground]],
  ];
  if (input.names && objection.summary !== undefined) rows.push(['异议内容', objection.summary]);
  rows.push(
    ['是否正式异议', objection.effective ? '是' : `否：${reasons.join('；')}`],
    ['现在的状态', STATUS_WORDS[objection.status]],
  );
  if (objection.withdrawal !== undefined) {
    const w = objection.withdrawal;
    rows.push([
      '撤回',
      `${WITHDRAWN_BY_WORDS[w.by]}，${formatDocumentTime(new Date(w.withdrawnAt))}${w.reference === undefined ? '' : `，凭据 ${w.reference}`}：${w.reason}`,
    ]);
  }
  return rows;
}

/** The columns of the table of mediation steps. */
export const MEDIATION_COLUMNS = ['步骤', '层级', '日期', '参加人', '结果', '纪要', '记录编号'] as const;

/** One mediation step (or hearing) as a row; a withdrawn step says so and why, and no longer counts. */
export function mediationRow(session: MediationSession, step: number, names: boolean): string[] {
  const outcome = OUTCOME_WORDS[session.outcome];
  return [
    String(step),
    STEP_WORDS[session.level],
    dayWithYear(session.heldOn),
    names ? session.participants.join('、') : `${session.participants.length} 人`,
    session.withdrawal === undefined
      ? outcome
      : `${outcome}（此条已撤回，不再计入：${session.withdrawal.reason}）`,
    names ? (session.summary ?? '') : '',
    session.recordRef ?? '',
  ];
}

/** Said when no step has been held yet. */
export const NO_MEDIATION_YET = '还没有进行调解。';

/** The filing lines at the end: who keeps the record, and signatures by hand. */
export const MINUTES_SIGNATURE: readonly string[] = [
  '记录人（签字）：__________　　日期：__________',
  '异议人（签字）：__________　　日期：__________',
  '居委会（盖章）',
];
