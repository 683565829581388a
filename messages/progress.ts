/**
 * `进度`: where a case stands, in three short lines at every stage — what now, what next, when (days
 * and times in Asia/Shanghai) — and during the ballot the rooms still missing. Pure.
 */
import { HOW_TO_VOTE, votedOwners } from './ballot.js';
import { type Stage } from '../domain/case/index.js';
import { formatArea, type Tally } from '../domain/vote/index.js';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../lib/format-time.js';
import { dayWords } from './publicity.js';
import { STAGE_WORDS } from './stages.js';

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
    /** How many items the district's notice listed that are not supplied yet. */
    readonly outstanding?: number;
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
              ? `区里要求补 ${application.outstanding ?? 0} 项材料，正在补`
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
