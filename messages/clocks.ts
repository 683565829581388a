/**
 * What the clocks say: alerts to the committee and up the ladder, the platform admin's word when an
 * alert skipped a level or reached no one, and publicity's midpoint and end in the group, enqueued by
 * commands from deadlines and the API. Pure: no I/O, no clock. Group messages name rooms, never
 * people; alerts name the unit and the reference to acknowledge with.
 */
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { ALERT_LEVELS, type AlertKind, type AlertLevel, type MediationLevel } from '../domain/case/index.js';
import { dayWords } from './publicity.js';

/** Who an alert is with, in words. */
export const LEVEL_WORDS: Readonly<Record<AlertLevel, string>> = {
  committee: '居委会',
  subdistrict: '街道',
  district: '区住建部门',
};

/** The steps of the mediation ladder, in words. */
export const STEP_WORDS: Readonly<Record<MediationLevel, string>> = {
  negotiation: '双方协商',
  committee: '居委会调解',
  subdistrict: '街道调解',
  hearing: '听证会',
};

/** What the alert is about, as its sender knows it. */
export interface AlertFacts {
  readonly ref: string;
  readonly kind: AlertKind;
  readonly level: AlertLevel;
  readonly unitName: string;
  /** `no_quorum`: days the ballot has been open, and how many households voted of how many. */
  readonly days?: number;
  readonly voted?: number;
  readonly households?: number;
  /** `objection_unanswered` / `mediation_overdue`: the objection and the step expected next. */
  readonly objectionRef?: string;
  readonly workingDays?: number;
  readonly expected?: MediationLevel;
  /** `clocks_failed`: the part of the case whose clocks cannot be planned (`ballot:<id>`, `publicity`…). */
  readonly scope?: string;
  /** `review_opinions_late`: the convened departments whose opinion is missing. */
  readonly departments?: readonly string[];
  /** `review_overdue` / `registration_overdue`: the day it was due (`YYYY-MM-DD`). */
  readonly dueOn?: string;
  /** Set when the alert climbed: the working days the level below left it unacknowledged. */
  readonly escalatedAfter?: number;
  /** Set when an urgent alert climbed: the minutes the level below left it unacknowledged. */
  readonly escalatedAfterMinutes?: number;
  /** `maintenance_overdue`: the last visit (or the record's first day), and the contract's interval. */
  readonly lastOn?: string;
  readonly intervalDays?: number;
  /** `entrapment_unanswered`: when, the minutes no one took it on, and whom to call. */
  readonly occurredAt?: string;
  readonly minutes?: number;
  readonly rescueCode?: string;
  readonly maintainerLine?: string;
  /** Levels this raise or climb passed over because no contact is recorded there, lowest first. */
  readonly skipped?: readonly AlertLevel[];
}

/** Levels in words, joined: `居委会、街道`. */
function levelsWords(levels: readonly AlertLevel[]): string {
  return levels.map((level) => LEVEL_WORDS[level]).join('、');
}

/** A part of the case in words: `ballot:b_…` → 表决, `objection:YY-3` → 异议 YY-3. */
function scopeWords(scope: string | undefined): string {
  const [part, id] = (scope ?? '').split(/:(.*)/s);
  if (part === 'ballot') return '表决';
  if (part === 'publicity') return '公示';
  if (part === 'objection') return `异议 ${id ?? ''}`;
  if (part === 'alert') return `提醒 ${id ?? ''}`;
  if (part === 'review') return '联合审查';
  if (part === 'handover') return '移交';
  if (part === 'registration') return '使用登记';
  return '本单元';
}

function what(facts: AlertFacts): string {
  switch (facts.kind) {
    case 'no_quorum':
      return (
        `加装电梯表决已经 ${facts.days ?? 0} 天，参加表决的户数或面积还不到三分之二` +
        `（已表决 ${facts.voted ?? 0} 户，共 ${facts.households ?? 0} 户）。请上门或打电话问问还没表决的住户。`
      );
    case 'objection_unanswered':
      return `异议 ${facts.objectionRef ?? ''} 登记已经 ${facts.workingDays ?? 0} 个工作日，还没有安排协商或调解。请尽快联系双方。`;
    case 'mediation_overdue':
      return (
        `异议 ${facts.objectionRef ?? ''} 上次调解后已经 ${facts.workingDays ?? 0} 个工作日，` +
        `下一步（${STEP_WORDS[facts.expected ?? 'committee']}）还没有记录。请尽快安排。`
      );
    case 'clocks_failed':
      return `${scopeWords(facts.scope)}的日期无法计算，自动提醒和截止时间已停止。请在管理后台检查并更正。`;
    case 'review_opinions_late': {
      const who = facts.departments?.length
        ? `${facts.departments.join('、')}的书面意见`
        : '有部门的书面意见';
      return `联合审查已过 ${facts.workingDays ?? 3} 个工作日，${who}还没有收到。请联系区住建部门催办。`;
    }
    case 'review_overdue':
      return `联合审查${facts.dueOn ? `应在 ${dayWords(facts.dueOn)} 前结束，` : '已超过期限，'}还没有结论。请联系区住建部门催办。`;
    case 'user_unit_missing':
      return (
        `电梯竣工验收已过 ${facts.workingDays ?? 5} 个工作日，还没有确定使用单位和安全管理员。` +
        '没有使用单位不能移交使用，市场监管部门也可以责令停止使用。请尽快确定并在管理后台登记。'
      );
    case 'registration_overdue':
      return (
        `电梯使用登记${facts.dueOn ? `应在 ${dayWords(facts.dueOn)} 前办理` : '已超过 30 天期限'}，还没有登记。` +
        '逾期使用可能被市场监管部门责令停用。请尽快办理并在管理后台记录。'
      );
    case 'maintenance_overdue':
      return (
        `电梯${facts.lastOn ? `上次维保是 ${dayWords(facts.lastOn)}，` : ''}` +
        `${facts.dueOn ? `最晚应在 ${dayWords(facts.dueOn)} 再次维保，` : ''}` +
        `还没有新的维保记录（至少每 ${facts.intervalDays ?? 15} 天一次）。` +
        '请使用单位联系维保单位马上安排。'
      );
    case 'entrapment_unanswered':
      return (
        `电梯${facts.occurredAt ? ` ${formatChatTime(new Date(facts.occurredAt), DEFAULT_TIME_ZONE)}` : ''}报警有人被困，` +
        `${facts.minutes ?? 5} 分钟还没有人接手。请马上打 96333` +
        `${facts.rescueCode ? `（救援码 ${facts.rescueCode}）` : ''}` +
        `${facts.maintainerLine ? `，并联系维保单位 ${facts.maintainerLine}` : ''}，到现场看看。`
      );
  }
}

/**
 * The private alert to the contacts at the alert's level: the reference, the unit, what stalled and
 * what to do, and the one reply that acknowledges it (`收到 TX-3`). After an escalation it says who
 * left it unacknowledged for how long.
 */
export function alertNotice(facts: AlertFacts): string {
  const skipped = facts.skipped ?? [];
  const why = [
    ...(facts.escalatedAfter === undefined ? [] : [`下一级 ${facts.escalatedAfter} 个工作日没有确认`]),
    ...(facts.escalatedAfterMinutes === undefined
      ? []
      : [`下一级 ${facts.escalatedAfterMinutes} 分钟没有确认`]),
    ...(skipped.length === 0 ? [] : [`${levelsWords(skipped)}没有登记联系人`]),
  ];
  const moved =
    facts.escalatedAfter !== undefined || facts.escalatedAfterMinutes !== undefined || skipped.length > 0;
  const head =
    (moved ? `【已转${LEVEL_WORDS[facts.level]} ${facts.ref}】` : `【需要跟进 ${facts.ref}】`) +
    facts.unitName +
    (why.length === 0 ? '' : `（${why.join('；')}）`);
  return [head, what(facts), `跟进后请回复：收到 ${facts.ref}`].join('\n');
}

/**
 * The platform admin's private notice about an alert that could not go where it was due: it passed
 * over levels with no contact recorded (`skipped`) and went to `level`, or no one is recorded at
 * `level` nor above (`unreached`) and no one was told. Says what the alert is about and what to record.
 */
export function alertAdminNotice(facts: AlertFacts & { readonly unreached: boolean }): string {
  const skipped = facts.skipped ?? [];
  if (facts.unreached) {
    const nobody = ALERT_LEVELS.slice(ALERT_LEVELS.indexOf(facts.level));
    return [
      `【提醒无人接收 ${facts.ref}】${facts.unitName}`,
      `${levelsWords(nobody)}${nobody.length > 1 ? '都' : ''}没有登记联系人，这条提醒没有发给任何人。`,
      what(facts),
      `请在管理后台为本单元登记${levelsWords(nobody)}的联系人，并尽快跟进。`,
    ].join('\n');
  }
  return [
    `【提醒已越级 ${facts.ref}】${facts.unitName}`,
    `${levelsWords(skipped)}没有登记联系人，这条提醒已直接转给${LEVEL_WORDS[facts.level]}。`,
    what(facts),
    `请在管理后台为本单元登记${levelsWords(skipped)}的联系人。`,
  ].join('\n');
}

/** The group's reminder halfway through publicity: when it ends, and how to object. */
export function publicityMidpointNotice(endsOn: string): string {
  return (
    `公示已经过半，${dayWords(endsOn)} 24:00 结束。\n` +
    '如果加装电梯影响您家的通风、采光或通行，请在公示结束前私聊我发「异议」。'
  );
}

/**
 * The district's and the committee's private reminder, the morning a joint-review deadline falls due:
 * the departments still to give their opinion, or the conclusion.
 */
export function reviewDueNotice(
  unitName: string,
  dueOn: string,
  missingDepartments?: readonly string[],
): string {
  return [
    `【联合审查提醒】${unitName}`,
    missingDepartments === undefined
      ? `联合审查意见今天（${dayWords(dueOn)}）24:00 到期，还没有结论。`
      : `${missingDepartments.join('、')}的书面意见今天（${dayWords(dueOn)}）24:00 到期，还没有收到。`,
    '出具后请在管理后台登记；逾期会提醒上一级。',
  ].join('\n');
}

/** The applicants' private reminder of materials the district's notice listed and they have not supplied. */
export function supplementDueNotice(
  unitName: string,
  notifiedOn: string,
  missing: readonly string[],
): string {
  return [
    `【补交材料提醒】${unitName}`,
    `区里 ${dayWords(notifiedOn)} 告知补材料，现在还缺：${missing.join('、')}。`,
    '补齐后在管理后台登记补交，区里才能受理。',
  ].join('\n');
}

/**
 * The private reminder to the unit's applicants and committee that use registration is due soon
 * (domain.md §5: within 30 days of entering use): by when, who goes, and what to record after.
 */
export function registrationDueNotice(unitName: string, dueOn: string): string {
  return [
    `【使用登记提醒】${unitName}`,
    `电梯使用登记要在 ${dayWords(dueOn)} 前办好（进入使用后 30 天内）。`,
    '请使用单位到市场监管部门办理，办好后在管理后台记录登记证编号。',
  ].join('\n');
}

/** The group's notice that publicity ended: what comes next, with or without open objections. */
export function publicityEndedNotice(openObjections: number): string {
  return openObjections === 0
    ? '公示已结束，没有收到有效异议。接下来申请人代表会向区里提交申请。'
    : `公示已结束，有 ${openObjections} 条有效异议还在协商调解，处理完后才能提交申请。`;
}
