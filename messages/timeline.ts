/**
 * The case timeline in words (`GET /units/:unitId/timeline`): one short, plain line per event of a
 * unit's stream, for the people behind the console who read a case's history. Pure: no I/O, no clock
 * (the time of each event is shown beside its line, not in it).
 *
 * Personal data: a line names people (an objector, a named user of the elevator) and repeats free
 * text people typed (reasons, which may name someone) only when `names` is true — for those who may
 * see names (`personalDataView` in `domain/case/policies.ts`); anyone else reads rooms and
 * references. No line ever carries a phone number.
 */
import type {
  AlertKind,
  BallotPurpose,
  CaseEvent,
  CaseEventType,
  ContactRole,
  MediationOutcome,
  ReviewOpinion,
  VoteChannel,
  WithdrawnBy,
} from '../domain/case/index.js';
import type { Matter } from '../domain/vote/index.js';
import { CHOICE_WORDS } from './ballot.js';
import { HOUSEHOLD_ROLE_WORDS } from './binding.js';
import { LEVEL_WORDS, STEP_WORDS } from './clocks.js';
import { CLAIM_STATUS_WORDS } from './costs.js';
import { ALARM_KIND_WORDS, BILL_KIND_WORDS, VISIT_KIND_WORDS } from './elevator.js';
import { formatYuan } from './plan.js';
import { GROUND_WORDS } from './publicity.js';

/** What the reader of the timeline may see. */
export interface TimelineReader {
  /** True: names of people and the free text people typed; false: rooms and references only. */
  readonly names: boolean;
}

/** `2025-04-07` → `2025年4月7日`: a timeline spans years, so the year is always said. */
export function dateWords(on: string): string {
  const [year, month, day] = on.slice(0, 10).split('-');
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

const CONTACT_ROLE_WORDS: Readonly<Record<ContactRole, string>> = {
  committee: LEVEL_WORDS.committee,
  subdistrict: LEVEL_WORDS.subdistrict,
  district: LEVEL_WORDS.district,
  applicant: '申请人代表',
  maintainer: '维保单位',
  user_unit: '使用单位',
};

const VOTE_CHANNEL_WORDS: Readonly<Record<VoteChannel, string>> = {
  wechat: '在微信群里',
  miniprogram: '在小程序里',
  paper: '用纸质表决票',
  proxy: '由代理人',
  in_person: '当面',
  statement: '以共有人书面声明',
};

const MATTER_WORDS: Readonly<Record<Matter, string>> = { major: '重大事项', ordinary: '一般事项' };

const PURPOSE_WORDS: Readonly<Record<BallotPurpose, string>> = {
  elevator: '加装电梯',
  repair_funds: '使用维修资金',
  maintainer: '选定维保单位',
  user_unit: '确定使用单位',
  other: '其他事项',
};

/** How a mediation session ended, in words (the timeline and the objection's minutes). */
export const OUTCOME_WORDS: Readonly<Record<MediationOutcome, string>> = {
  resolved: '达成一致',
  withdrawn: '异议撤回',
  failed: '没有谈成',
  refused: '一方不愿调解',
};

/** On whose word an objection or a step was withdrawn. */
export const WITHDRAWN_BY_WORDS: Readonly<Record<WithdrawnBy, string>> = {
  committee: '居委会撤回（登记有误）',
  objector: '异议人书面撤回',
};

const OPINION_WORDS: Readonly<Record<ReviewOpinion, string>> = {
  approve: '同意',
  approve_with_conditions: '有条件同意',
  reject: '不同意',
};

const ALERT_KIND_WORDS: Readonly<Record<AlertKind, string>> = {
  no_quorum: '表决参与人数不够',
  objection_unanswered: '异议没人答复',
  mediation_overdue: '调解超时',
  clocks_failed: '期限算不出来',
  review_opinions_late: '部门意见超时',
  review_overdue: '联合审查超期',
  user_unit_missing: '没有确定使用单位',
  registration_overdue: '使用登记超期',
  maintenance_overdue: '维保超期',
  entrapment_unanswered: '困人报警没人接手',
};

/** `，原因：…` when the reader may see what people typed, else nothing. */
const because = (reason: string, reader: TimelineReader) => (reader.names ? `，原因：${reason}` : '');

/** Each event type's line. A record, so a new event does not compile until it has one. */
const LINES: {
  readonly [K in CaseEventType]: (
    data: Extract<CaseEvent, { type: K }>['data'],
    reader: TimelineReader,
  ) => string;
} = {
  // the unit and its roster
  UnitRegistered: (d) =>
    `登记单元${d.unit.name === undefined ? '' : `「${d.unit.name}」`}，共 ${d.flats.length} 户。`,
  UnitPlaced: (d) =>
    d.previousCommunityId === undefined
      ? `单元归入社区 ${d.communityId}。`
      : `单元从社区 ${d.previousCommunityId} 改归社区 ${d.communityId}。`,
  RosterUpdated: (d, r) =>
    `更新房屋名单：新增 ${d.changes.added.length} 户，去掉 ${d.changes.removed.length} 户，` +
    `改动 ${d.changes.changed.length} 户${because(d.reason, r)}。`,
  // bindings
  BindingCodesIssued: (d) => `给 ${d.rooms.length} 户发了绑定码。`,
  HouseholdBound: (d) =>
    `${d.room} 室的${HOUSEHOLD_ROLE_WORDS[d.role]}绑定了微信${d.pending === true ? '（等业主确认）' : ''}。`,
  ProxyConfirmed: (d) => `${d.room} 室的业主确认了代理人。`,
  GroupBound: () => '单元的微信群绑定好了。',
  ContactRoleRecorded: (d) => `登记了${CONTACT_ROLE_WORDS[d.role]}的微信联系人。`,
  // plans
  PlanPublished: (d) =>
    `发布第 ${d.planVersion} 版方案「${d.title}」` +
    (d.ballot === undefined || d.ballot.reconfirmRooms.length === 0
      ? '。'
      : `，分摊变了的 ${d.ballot.reconfirmRooms.length} 户要重新表决。`),
  // ballots
  BallotOpened: (d) =>
    `开始表决「${d.title}」（${PURPOSE_WORDS[d.purpose]}，${MATTER_WORDS[d.matter]}），共 ${d.roster.length} 户。`,
  VoteCast: (d) => `${d.room} 室${VOTE_CHANNEL_WORDS[d.channel]}表决：${CHOICE_WORDS[d.choice]}。`,
  BallotClosed: (d) =>
    `表决结束：${d.result.passed ? '通过' : '没有通过'}${d.late ? '（过了截止时间才结束）' : ''}。`,
  BallotCancelled: (d, r) => `取消了表决${because(d.reason, r)}。`,
  // publicity and objections
  AgreementSigned: (d) => `签订项目协议，公示到 ${dateWords(d.publicityEndsOn)}。`,
  ObjectionFiled: (d, r) => {
    const name = r.names ? d.objector?.name : undefined;
    const room = d.objector?.room === undefined ? undefined : `${d.objector.room} 室`;
    const who = name === undefined ? (room ?? '') : room === undefined ? name : `${name}（${room}）`;
    return (
      `${who}提出异议 ${d.objectionId}（${GROUND_WORDS[d.ground]}）` +
      `${d.effective ? '，是有效异议' : '，不算有效异议'}。`
    );
  },
  ObjectionAcknowledged: (d) => `${CONTACT_ROLE_WORDS[d.role]}确认收到异议 ${d.objectionId}。`,
  MediationRecorded: (d) => `异议 ${d.objectionId}：${STEP_WORDS[d.level]}，${OUTCOME_WORDS[d.outcome]}。`,
  ObjectionWithdrawn: (d, r) =>
    `异议 ${d.objectionId} 撤回：${WITHDRAWN_BY_WORDS[d.by]}${because(d.reason, r)}。`,
  MediationWithdrawn: (d, r) =>
    `撤回异议 ${d.objectionId} 的第 ${d.step} 步调解记录${because(d.reason, r)}。`,
  PublicityEnded: (d) =>
    d.openObjectionIds.length === 0
      ? '公示结束，没有未处理的有效异议。'
      : `公示结束，还有 ${d.openObjectionIds.length} 条有效异议没处理完。`,
  // application and joint review
  ApplicationSubmitted: (d) => `提交报批申请（${d.materials.length} 份材料）。`,
  IncompleteMaterialsNotified: (d) => `一次性告知补正，缺 ${d.missing.length} 项材料。`,
  MaterialsSupplemented: (d) => `补交了 ${d.materials.length} 项材料。`,
  ApplicationAccepted: (d) => `申请已受理，${d.departments.length} 个部门联合审查。`,
  ReviewOpinionRecorded: (d) => `${d.department}的书面意见：${OPINION_WORDS[d.opinion]}。`,
  JointReviewConcluded: (d) => `联合审查结论：${d.decision === 'approved' ? '通过' : '不通过'}。`,
  // works
  PipelineRelocationRecorded: (d) =>
    d.utilities.length === 0 ? '不需要迁移管线。' : `管线迁移完成（${d.utilities.length} 类管线）。`,
  InstallationNotified: () => '开工前已书面告知市场监管部门。',
  ConstructionStarted: (d) => `${dateWords(d.startedOn)}开工。`,
  ConstructionCompleted: (d) => `${dateWords(d.completedOn)}完工。`,
  SupervisionInspectionRecorded: (d) =>
    `监督检验${d.passed ? '合格' : `不合格（${d.defects.length} 处问题）`}。`,
  CompletionAccepted: () => '通过竣工验收。',
  UserUnitNamed: (d, r) =>
    d.kind === 'entrusted_manager'
      ? `确定电梯使用单位：${d.name}。`
      : `确定电梯使用单位：${r.names ? d.name : '业主指定的人'}。`,
  HandedOver: (d) => `移交钥匙和资料，电梯投入使用；要在 ${dateWords(d.useRegistrationDueOn)}前办使用登记。`,
  UseRegistered: (d) => `办好使用登记${d.late ? '（晚于期限）' : ''}。`,
  PaymentRecorded: (d, r) => (r.names ? `${d.room} 交费 ${formatYuan(d.amountFen)}。` : '记录了一笔交费。'),
  PaymentCancelled: (d, r) => `撤销了一笔交费记录${because(d.reason, r)}。`,
  ElevatorRecorded: (d) => `登记电梯：${d.maker} ${d.model}，维保单位${d.maintainer.name}。`,
  MaintenanceVisitLogged: (d) => `${dateWords(d.visitedOn)}维保（${VISIT_KIND_WORDS[d.kind]}）。`,
  MaintenanceVisitConfirmed: () => '使用单位确认了一次维保。',
  PeriodicInspectionRecorded: (d) =>
    `${dateWords(d.inspectedOn)}定期检验${d.passed ? '合格' : '不合格'}` +
    `${d.certificateExpiresOn === undefined ? '' : `，合格证到 ${dateWords(d.certificateExpiresOn)}`}。`,
  AlarmRecorded: (d) => `电梯报警：${ALARM_KIND_WORDS[d.kind]}。`,
  AlarmAcknowledged: () => '报警有人接手处理。',
  AlarmKeyReplaced: () => '更换了电梯的报警密钥。',
  RunningCostKeySet: () => '登记了运行费用的分摊办法。',
  RunningBillRecorded: (d) => `${BILL_KIND_WORDS[d.kind]}账单 ${formatYuan(d.amountFen)}，按户分摊。`,
  RunningIncomeRecorded: (d) =>
    `${d.source === 'advertising' ? '广告' : '其他'}收入 ${formatYuan(d.amountFen)}，抵扣运行费用。`,
  RunningPaymentRecorded: (d, r) =>
    r.names ? `${d.room} 交运行费 ${formatYuan(d.amountFen)}。` : '记录了一笔运行费。',
  DocumentFiled: (d, r) => (r.names ? `交了材料：${d.name}。` : '交了一份材料。'),
  DocumentWithdrawn: (d, r) => `撤回了一份材料${because(d.reason, r)}。`,
  FundClaimRecorded: (d, r) =>
    `${d.fund === 'subsidy' ? '加装补助' : `${r.names && d.room !== undefined ? `${d.room} ` : ''}公积金提取`}` +
    `${CLAIM_STATUS_WORDS[d.status]}${d.amountFen === undefined ? '' : ` ${formatYuan(d.amountFen)}`}。`,
  // clocks and alerts
  ClockSettingsChanged: () => '改了单元的期限设置。',
  AlertRaised: (d) =>
    `发出提醒 ${d.alertId}：${ALERT_KIND_WORDS[d.kind]}，交给${LEVEL_WORDS[d.level]}` +
    `${d.unreached === true ? '，但没有登记能收到的人' : ''}。`,
  AlertAcknowledged: (d) => `${LEVEL_WORDS[d.level]}确认了提醒 ${d.alertId}。`,
  AlertEscalated: (d) =>
    `提醒 ${d.alertId} 没人确认，从${LEVEL_WORDS[d.from]}转给${LEVEL_WORDS[d.to]}` +
    `${d.unreached === true ? '，但没有登记能收到的人' : ''}。`,
};

/**
 * The line of one event. An event of a type this version does not know, or whose data is not what
 * its type says (a stored event tampered with), gets a line that says only that.
 */
export function timelineLine(
  event: { readonly type: string; readonly data: unknown },
  reader: TimelineReader,
): string {
  const line = Object.hasOwn(LINES, event.type)
    ? (LINES[event.type as CaseEventType] as (data: unknown, reader: TimelineReader) => string)
    : undefined;
  if (line === undefined) return '一条这个版本不认识的记录。';
  try {
    return line(event.data, reader);
  } catch {
    return '一条内容不完整的记录。';
  }
}
