/**
 * The API's `message` for each error code: plain Chinese for the person behind the console or the
 * mini-program, made specific from the error's `details` (which room, which ballot, until when — times
 * in Asia/Shanghai). Programs read the stable `error` code and `details`; people read this. Exhaustive
 * like `api/error-status.ts`: a new code does not compile until it has its sentence here.
 *
 * Pure: no I/O and no clock.
 */
import type { ErrorCode, ErrorDetails } from '../domain/errors.js';
import { STAGES, type Stage } from '../domain/case/stages.js';
import type { MediationLevel } from '../domain/case/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { CLAIM_STATUS_WORDS } from './costs.js';
import { formatYuan } from './plan.js';
import { dayWords } from './publicity.js';
import { IMPORT_COLUMN_WORDS } from './roster-import.js';
import { IMPORT_FORMATS_WORDS, importProblemsSummary, unreadableFileWords } from './roster-import.js';
import { STAGE_WORDS, stagesWords } from './stages.js';

/** What a sentence may read from the details: every field optional, nothing trusted. */
type Details = ErrorDetails | undefined;

/** Field names of the API as people say them; a field not listed is shown as it is named. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  // A roster's columns are named as its import names them.
  ...IMPORT_COLUMN_WORDS,
  name: '名称',
  flats: '房屋名单',
  title: '标题',
  summary: '摘要',
  planVersion: '方案版本',
  closesAt: '截止时间',
  opensAt: '开始时间',
  matter: '表决事项',
  purpose: '表决用途',
  choice: '表决意见',
  channel: '表决方式',
  reference: '编号',
  proxyFor: '委托人',
  contactId: '联系人',
  role: '角色',
  ground: '异议理由',
  filedAt: '提出时间',
  level: '调解层级',
  outcome: '调解结果',
  heldOn: '调解日期',
  participants: '参加人',
  recordRef: '记录编号',
  signedOn: '签订日期',
  periodFrom: '账期开始',
  periodTo: '账期结束',
  billedOn: '账单日期',
  receivedOn: '收到日期',
  paidOn: '交费日期',
  agreedOn: '约定日期',
  amountFen: '金额（分）',
  visitedOn: '维保日期',
  inspectedOn: '检验日期',
  certificateExpiresOn: '合格证到期日',
  contractFrom: '合同开始',
  contractTo: '合同结束',
  maintenanceIntervalDays: '维保间隔天数',
  rescueCode: '救援码',
  serviceLine: '维保电话',
  agreementRef: '协议编号',
  publicityDays: '公示天数',
  startsOn: '起始日',
  length: '天数',
  from: '起始日期',
  at: '时间',
  text: '内容',
  as: '身份',
  to: '发送对象',
  kind: '类别',
  parentId: '上级',
  communityId: '所属社区',
  scope: '范围',
  id: '编号',
  expiresInDays: '有效天数',
};

/** The kinds of place, and a unit, as people say them. */
const PLACE_WORDS: Readonly<Record<string, string>> = {
  district: '区',
  subdistrict: '街道',
  community: '社区',
  unit: '单元',
};

const MEDIATION_WORDS: Readonly<Record<MediationLevel, string>> = {
  negotiation: '协商',
  committee: '社区调解',
  subdistrict: '街道调解',
  hearing: '听证',
};

function str(details: Details, key: string): string | undefined {
  const value = details?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(details: Details, key: string): number | undefined {
  const value = details?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(details: Details, key: string): string[] {
  const value = details?.[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** 「flats.0.owners.0.phone」 → 「房屋名单 › 业主 › 电话」: the named parts of a field path. */
export function fieldWords(field: string): string {
  const parts = field
    .split(/[.[\]]+/)
    .filter((part) => part !== '' && !/^\d+$/.test(part))
    .map((part) => FIELD_WORDS[part] ?? part);
  return parts.length === 0 ? field : parts.join(' › ');
}

/** An instant as people read it, or the fallback when the details lack it. */
function when(details: Details, key: string, fallback = ''): string {
  const iso = str(details, key);
  if (iso === undefined) return fallback;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? fallback : formatChatTime(at, DEFAULT_TIME_ZONE);
}

/** A size in bytes as people read it: whole megabytes, else kilobytes. */
function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

function room(details: Details): string {
  const value = str(details, 'room');
  return value === undefined ? '这个房号' : `${value} 室`;
}

function claimStatusWords(status: string | undefined): string {
  return Object.hasOwn(CLAIM_STATUS_WORDS, status ?? '')
    ? CLAIM_STATUS_WORDS[status as keyof typeof CLAIM_STATUS_WORDS]
    : CLAIM_STATUS_WORDS.none;
}

function ballot(details: Details): string {
  const id = str(details, 'ballotId');
  return id === undefined ? '这次表决' : `表决 ${id}`;
}

function objection(details: Details): string {
  const id = str(details, 'objectionId');
  return id === undefined ? '这条异议' : `异议 ${id}`;
}

function validation(details: Details): string {
  const field = str(details, 'field');
  const row = num(details, 'row');
  const where = field === undefined ? '请求内容' : `「${field}」（${fieldWords(field)}）`;
  const rowWords = row === undefined ? '' : `第 ${row} 行的`;
  return `${rowWords}${where}填写有误，请检查后再提交。`;
}

function wrongStage(details: Details): string {
  const stage = details?.['stage'];
  const expected = (Array.isArray(details?.['expected']) ? details['expected'] : []).filter(isStage);
  const now = isStage(stage) ? `现在处在「${STAGE_WORDS[stage]}」阶段` : '现在这一步';
  return expected.length === 0
    ? `${now}，还不能办这件事。`
    : `${now}，这件事要到${stagesWords(expected)}阶段才能办。`;
}

/** A refused import: the problems of the whole, then which rows are bad (each problem is in the details). */
function importSummary(details: Details): string {
  const rows = Array.isArray(details?.['rows']) ? details['rows'] : [];
  const numbers = [
    ...new Set(
      rows
        .map((problem: unknown) => (problem as { row?: unknown } | null)?.row)
        .filter((row): row is number => typeof row === 'number'),
    ),
  ];
  const fields = Array.isArray(details?.['fields']) ? details['fields'] : [];
  const others = fields
    .map((problem: unknown) => (problem as { message?: unknown } | null)?.message)
    .filter((message): message is string => typeof message === 'string');
  return importProblemsSummary(numbers, others);
}

const API_MESSAGES: Readonly<Record<ErrorCode, (details: Details) => string>> = {
  // core
  validation_error: validation,
  invalid_json: (d) =>
    str(d, 'reason') === 'encoding'
      ? '请求内容无法按它声明的压缩方式解开，请检查 Content-Encoding。'
      : '请求内容不是有效的 JSON，请检查后再提交。',
  payload_too_large: (d) =>
    `请求内容太大（上限 ${megabytes(num(d, 'limitBytes') ?? 1024 * 1024)}），请减少内容后再试。`,
  unsupported_media_type: (d) => {
    const accepted = list(d, 'accepted');
    if (accepted.includes('application/pdf'))
      return '材料请上传 PDF、JPG 或 PNG 文件，并按文件的实际类型上传。';
    if (accepted.length === 1 && accepted[0] === 'application/json')
      return '请求内容要用 JSON（Content-Type: application/json）。';
    return accepted.length > 0 ? IMPORT_FORMATS_WORDS : '请求内容的编码无法读取，请用 UTF-8 编码的 JSON。';
  },
  unreadable_file: (d) => unreadableFileWords(str(d, 'reason'), num(d, 'row')),
  method_not_allowed: (d) => {
    const allowed = list(d, 'allowed');
    const method = str(d, 'method') ?? '这种请求方式';
    return allowed.length === 0
      ? `这个地址不接受 ${method} 请求。`
      : `这个地址不接受 ${method} 请求，只接受 ${allowed.join('、')}。`;
  },
  rate_limited: (d) => {
    const seconds = num(d, 'retryAfterSeconds') ?? 60;
    return str(d, 'reason') === 'failed_authentication'
      ? `登录失败次数太多，请 ${Math.ceil(seconds / 60)} 分钟后再试。`
      : `请求太频繁，请 ${seconds} 秒后再试。`;
  },
  unauthorized: () => '请先登录：请求需要带上有效的访问令牌。',
  invalid_signature: () => '报警没有用这台电梯的密钥正确签名，或者时间不对、已经收到过，没有记录。',
  forbidden: () => '您没有办理这件事的权限。',
  not_found: (d) => {
    const path = str(d, 'path');
    if (path !== undefined) return `没有这个地址：${str(d, 'method') ?? ''} ${path}`.trim();
    if (str(d, 'room') !== undefined) return `${room(d)}现在没有可撤销的绑定码。`;
    const field = str(d, 'field');
    if (field !== undefined) return `「${field}」（${fieldWords(field)}）指向的记录不存在。`;
    return '没有找到要找的记录。';
  },
  stream_conflict: () => '刚才有人同时在办理同一件事，请稍后再试一次。',
  stream_corrupted: () => '这个单元的记录校验没有通过，系统已停止写入。请联系平台管理员。',
  database_unavailable: () => '数据库暂时不可用，请稍后再试。',
  invalid_cursor: () =>
    '翻页位置「cursor」无效：它不是这个列表上一页给出的 nextCursor。请去掉 cursor，从第一页重新查看。',
  // vote
  empty_roster: () => '房屋名单是空的，至少要有一户。',
  duplicate_room: (d) => {
    const row = num(d, 'row');
    const first = num(d, 'firstRow');
    return row !== undefined && first !== undefined
      ? `房屋名单第 ${row} 行的房号和第 ${first} 行重复了。`
      : '房屋名单里有重复的房号。';
  },
  roster_import_invalid: importSummary,
  // cost
  no_contributors: () => '分摊方案里没有要出钱的住户，费用无人分摊。',
  explicit_shares_do_not_sum: () => '各户分摊的金额加起来和总费用对不上，请核对。',
  subsidy_exceeds_cost: () => '补贴比总费用还多，请核对。',
  compensation_over_cap: () => '补偿超过了约定的上限，请核对。',
  joiner_has_no_share: (d) => `按现在的方案，${room(d)}不用分摊费用。`,
  joiner_already_contributes: (d) => `${room(d)}已经在分摊名单里了。`,
  late_join_needs_agreement: () => '中途加入需要先重新商定分摊方案。',
  // calendar
  invalid_date: (d) => {
    const field = str(d, 'field');
    return field === undefined
      ? '日期不对，请按「年-月-日」（如 2025-04-07）填写真实的日期。'
      : `「${field}」（${fieldWords(field)}）不是真实的日期，请按「年-月-日」（如 2025-04-07）填写。`;
  },
  invalid_period_length: () => '天数要是整数，请检查后再提交。',
  // case: the URL names nothing
  unit_not_registered: (d) => {
    const unitId = str(d, 'unitId');
    return unitId === undefined
      ? '这个单元还没有登记，请先登记单元。'
      : `没有找到单元 ${unitId}，或者它还没有登记。`;
  },
  ballot_not_found: (d) => `没有找到${ballot(d)}。`,
  proxy_not_requested: (d) => `没有人申请代办${room(d)}的表决。`,
  alert_not_found: (d) => `没有找到提醒 ${str(d, 'alertId') ?? ''}。`.replace(' 。', '。'),
  objection_not_found: (d) => `没有找到${objection(d)}。`,
  mediation_step_not_found: (d) => {
    const step = num(d, 'step');
    return step === undefined
      ? `${objection(d)}没有这一步调解记录。`
      : `${objection(d)}没有第 ${step} 步调解记录。`;
  },
  // case: conflicts with the current state
  wrong_stage: wrongStage,
  unit_already_registered: () => '这个单元已经登记过了。',
  elevator_ballot_open: (d) => `加装电梯的表决（${ballot(d)}）还在进行，请等它结束或取消后再开。`,
  ballot_already_exists: (d) => `${ballot(d)}已经存在了，不用再开。`,
  unit_has_other_group: () => '这个单元已经绑定了别的微信群，一个单元只能绑定一个群。',
  ballot_closed: (d) => {
    if (str(d, 'status') === 'cancelled') return `${ballot(d)}已经取消了。`;
    const closesAt = when(d, 'closesAt');
    return closesAt === '' || str(d, 'status') === 'closed'
      ? `${ballot(d)}已经结束了。`
      : `${ballot(d)}已经结束了（截止时间是 ${closesAt}），不再接受表决。`;
  },
  ballot_still_open: (d) => `${ballot(d)}还在进行，结束后才能看各户的表决记录；进行中请看上门名单。`,
  ballot_not_yet_closable: (d) => {
    const at = when(d, 'closableAt');
    return at === '' ? `${ballot(d)}还没到可以结束的时间。` : `${ballot(d)}要到 ${at} 以后才能结束。`;
  },
  publicity_not_over: (d) => {
    const on = str(d, 'publicityEndsOn');
    const at = when(d, 'publicityEndsAt');
    if (on !== undefined) return `公示要到 ${dayWords(on)}结束，之后才能办。`;
    return at === '' ? '公示还没结束，请等公示结束后再办。' : `公示要到 ${at} 结束，之后才能办。`;
  },
  objection_already_filed: (d) => `${objection(d)}已经登记过了。`,
  objection_closed: (d) => `${objection(d)}已经处理完了，不能再记录调解。`,
  objection_already_withdrawn: (d) => `${objection(d)}已经撤回了，不用再撤回。`,
  mediation_not_latest: (d) => {
    const latest = num(d, 'latest');
    return latest === undefined
      ? `${objection(d)}的调解记录都已撤回，没有可以撤回的了。`
      : `调解记录只能从最近的一步往回撤，${objection(d)}现在只能撤回第 ${latest} 步。`;
  },
  application_already_submitted: () => '报批申请已经提交，正在等待答复。',
  application_not_submitted: () => '还没有提交报批申请，请先提交。',
  already_notified: () => '缺少的材料已经一次性告知过了，请等材料补齐。',
  opinion_already_recorded: (d) => `${str(d, 'department') ?? '这个部门'}的意见已经登记过了。`,
  // case: rule refusals
  plan_version_not_newer: (d) => {
    const current = num(d, 'current');
    return current === undefined ? '新方案的版本号要比现在的大。' : `新方案的版本号要大于 ${current}。`;
  },
  plan_version_mismatch: (d) => {
    const current = num(d, 'current');
    return current === undefined
      ? '加装电梯的表决只能针对最新的方案。'
      : `加装电梯的表决只能针对最新的方案（第 ${current} 版）。`;
  },
  elevator_ballot_must_be_major: () => '加装电梯属于重大事项（民法典第二百七十八条），请按重大事项表决。',
  ballot_too_short: (d) => {
    const days = num(d, 'minimumOpenDays');
    const at = when(d, 'earliestCloseAt');
    const length = days === undefined ? '表决开放的时间太短' : `表决至少要开放 ${days} 天`;
    return at === '' ? `${length}。` : `${length}，截止时间最早是 ${at}。`;
  },
  unknown_room: (d) =>
    str(d, 'ballotId') === undefined ? `${room(d)}不在这个单元。` : `${room(d)}不在${ballot(d)}的名单里。`,
  paper_reference_missing: () => '录入纸质表决票时，请填写表决票的编号。',
  proxy_not_recorded: () => '委托表决要写明是替谁表决的。',
  message_not_kept: () => '群聊里的表决或异议要连同原消息一起保存，缺少原消息。',
  vote_not_passed: () => '加装电梯的表决还没有通过，现在不能签订协议。',
  objection_not_effective: (d) => `${objection(d)}不是有效异议，不需要调解。`,
  mediation_out_of_order: (d) => {
    const allowed = list(d, 'allowed').filter((level): level is MediationLevel => level in MEDIATION_WORDS);
    const order = '调解要按顺序来：协商、社区调解、街道调解、听证';
    return allowed.length === 0
      ? `${order}，这条异议已经走完了。`
      : `${order}，这条异议下一步是${allowed.map((level) => `「${MEDIATION_WORDS[level]}」`).join('或')}。`;
  },
  mediation_before_previous: (d) => {
    const previous = str(d, 'previousHeldOn');
    return previous === undefined
      ? '这一步调解的日期早于上一步，请核对日期。'
      : `这一步调解的日期早于上一步（${dayWords(previous)}），请核对日期。`;
  },
  unknown_contact: (d) => {
    const contactId = str(d, 'contactId');
    const who = contactId === undefined ? '这个微信联系人' : `微信联系人 ${contactId}`;
    return `系统里找不到${who}：请先请本人在单元群里或私聊给加梯助手发一条消息，再登记。`;
  },
  hearing_not_recorded: () => '听证要有完整的记录，请填写记录编号和参加人。',
  effective_objection_open: () => '还有有效异议没有处理完，请先处理异议。',
  materials_incomplete: (d) => {
    const missing = list(d, 'outstanding');
    return missing.length === 0 ? '告知补正的材料还没有补齐。' : `还缺这些材料：${missing.join('、')}。`;
  },
  department_not_convened: (d) => `${str(d, 'department') ?? '这个部门'}不在这次联合审查的部门里。`,
  review_opinions_missing: (d) => {
    const missing = list(d, 'departments');
    return missing.length === 0
      ? '还有部门没有出具书面意见。'
      : `还没收到这些部门的书面意见：${missing.join('、')}。`;
  },
  review_opinion_against: (d) => {
    const against = list(d, 'departments');
    return against.length === 0
      ? '有部门不赞成这个项目。'
      : `这些部门不赞成这个项目：${against.join('、')}。`;
  },
  reasons_required: () => '不同意或不通过时，请写明理由。',
  pipeline_relocation_not_recorded: () => '管线迁移还没有完成登记，请先登记管线迁移。',
  installation_not_notified: () => '开工前要先书面告知市场监管部门。',
  supervision_inspection_not_passed: () => '电梯还没有通过监督检验。',
  completion_not_accepted: () => '电梯还没有通过竣工验收，这一步要等验收合格以后再办。',
  no_user_unit: () => '还没有确定电梯的使用单位，请先确定使用单位。',
  agreement_not_signed: () => '协议书还没有签订，这一步要等签订以后再办。',
  no_agreed_cost: () => '签订的方案里没有费用分摊，没有可以记录的交费或补助。请先确认方案的费用。',
  payment_exceeds_due: (d) =>
    `${room(d)}现在还应交 ${formatYuan(num(d, 'dueFen') ?? 0)}，这笔交费超过了应交金额，请核对。`,
  payment_not_found: () => '没有找到这笔交费记录，或者它已经撤销了。',
  elevator_not_recorded: () => '这个单元的电梯还没有登记，请先登记电梯信息。',
  visit_not_found: () => '没有等待确认的维保记录。',
  visit_already_confirmed: () => '这次维保已经确认过了。',
  alarm_not_found: () => '没有找到这条报警。',
  running_key_not_set: () => '还没有登记运行费用的分摊办法（业主协议里约定的），请先登记。',
  document_not_found: () => '没有找到这份材料，或者它已经撤回了。',
  document_already_filed: () => '这份文件已经交过了，不用再交。',
  claim_status_invalid: (d) => {
    const allowed = Array.isArray(d?.allowed) ? (d.allowed as string[]) : [];
    const now = claimStatusWords(str(d, 'status'));
    return allowed.length === 0
      ? `这项申请${now}，不能再改。`
      : `这项申请现在是“${now}”，下一步只能登记：${allowed.map(claimStatusWords).join('、')}。`;
  },
  claim_exceeds_share: (d) =>
    num(d, 'limitFen') === 0 && str(d, 'room') !== undefined
      ? `${room(d)}按协议不用出钱，没有可以提取公积金支付的费用。`
      : `最多只能登记 ${formatYuan(num(d, 'limitFen') ?? 0)}${str(d, 'room') === undefined ? '（工程总造价）' : `（${room(d)}应分摊的费用）`}，请核对金额。`,
  // platform
  place_not_found: (d) => {
    const placeId = str(d, 'placeId');
    return placeId === undefined
      ? '没有找到这个地方（区、街道或社区）。'
      : `没有找到地方 ${placeId}（区、街道或社区）。`;
  },
  no_such_place: (d) => {
    const placeId = str(d, 'placeId');
    return placeId === undefined
      ? '在您能查看的范围里没有这个社区或街道。'
      : `在您能查看的范围里没有社区或街道 ${placeId}。`;
  },
  wrong_place_kind: (d) => {
    const kind = str(d, 'kind');
    const expected = str(d, 'expected');
    const words = (value: string | undefined) => (value === undefined ? '' : (PLACE_WORDS[value] ?? value));
    return kind === undefined || expected === undefined
      ? '这个地方的级别不对，请检查后再提交。'
      : `这里要的是${words(expected)}，填的却是一个${words(kind)}，请检查后再提交。`;
  },
  place_already_exists: () => '同一个上级下面已经有这个名称的地方了，不用再建。',
  token_not_found: (d) => {
    const tokenId = str(d, 'tokenId');
    return tokenId === undefined ? '没有找到这个访问令牌。' : `没有找到访问令牌 ${tokenId}。`;
  },
  sign_in_code_invalid: () => '微信没有认这个登录码（不对、用过或过期了），请重新调用 wx.login 再登录。',
  sign_in_unavailable: () => '微信登录暂时用不了，什么都没有登录，请过一会儿再试。',
  binding_code_wrong: (d) => {
    const left = d?.triesLeft;
    return typeof left === 'number'
      ? `这个绑定码不对，请核对纸条上的码。再错 ${left} 次要等一小时才能再绑。`
      : '这个绑定码不对，请核对纸条上的码。';
  },
  binding_locked: (d) => {
    const until = when(d, 'until');
    return until === '' ? '绑定码错了太多次，请一小时后再试。' : `绑定码错了太多次，请到 ${until} 以后再试。`;
  },
  binding_code_void: () => '这个绑定码已经作废或过期了，请找社区要一张新的。',
  binding_pending: () => '您的绑定还在等户主确认，确认后才能表决。',
};

/** The API's plain-Chinese `message` for an error (see {@link API_MESSAGES}). */
export function apiErrorMessage(code: ErrorCode, details?: ErrorDetails): string {
  // A space between a Latin id and the Chinese after it (`表决 b_1 要到`), as between words.
  return API_MESSAGES[code](details).replace(/(\b[A-Za-z][\w-]*)(?=\p{Script=Han})/gu, '$1 ');
}

/** The message of an error the API did not expect: it says nothing of the cause. */
export const INTERNAL_ERROR_MESSAGE = '系统出了点问题，请稍后再试。如果一直这样，请联系平台管理员。';
