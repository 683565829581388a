/**
 * Every word and number the console shows, pure: the API's codes in Chinese, money and dates as
 * people write them, and the tally's checks and "still missing" in the sentences the bot uses in the
 * group (so the committee reads what residents read).
 */
import type { Choice, Share, StaffRole, Tally, VoteChannel } from './types';

export const STAGE_WORDS: Readonly<Record<string, string>> = {
  new: '尚未登记',
  canvassing: '征求意见',
  planning: '方案公布',
  voting: '表决',
  agreement: '签订协议',
  publicity: '公示',
  objections: '异议处理',
  application: '报批申请',
  joint_review: '联合审查',
  approved: '审查通过、准备施工',
  works: '施工',
  inspection: '监督检验',
  acceptance: '竣工验收',
  handover: '移交',
  registration: '使用登记',
  in_service: '投入使用',
};

export const stageWord = (stage: string): string => STAGE_WORDS[stage] ?? stage;

export const ROLE_WORDS: Readonly<Record<StaffRole | 'admin', string>> = {
  admin: '平台管理员',
  committee: '居委会',
  applicant: '申请人代表',
  subdistrict: '街道',
  district: '区住建',
};

export const CHOICE_WORDS: Readonly<Record<Choice, string>> = {
  agree: '同意',
  oppose: '反对',
  abstain: '弃权',
};

export const CHANNEL_WORDS: Readonly<Record<VoteChannel, string>> = {
  paper: '纸质表决票',
  proxy: '委托代理人',
  in_person: '当面表决',
  statement: '共有人书面声明',
};

export const AREA_SOURCE_WORDS: Readonly<Record<string, string>> = {
  register: '不动产登记',
  survey: '测绘',
  contract: '购房合同',
};

export const BALLOT_STATUS_WORDS: Readonly<Record<string, string>> = {
  open: '进行中',
  closed: '已结束',
  cancelled: '已取消',
};

export const TOKEN_STATUS_WORDS: Readonly<Record<string, string>> = {
  active: '有效',
  expired: '已过期',
  revoked: '已作废',
};

/** `¥48,123.45` → `48,123.45 元`: integer fen as a bill writes it. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')} 元`;
}

/**
 * Yuan as typed (`600000`, `600,000.50`, `６０万` is not) → integer fen, exactly (no floating point),
 * or null when it is not an amount of at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const plain = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/元$/, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(plain);
  if (match === null) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A coefficient as typed (`0.9`, `1.15`) → thousandths, or null (at most three decimals, at most 100). */
export function parseCoefficient(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (match === null) return null;
  const permille = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return permille <= 100_000 ? permille : null;
}

/** Thousandths as a plain decimal: 900 → `0.9`. */
export const coefficient = (permille: number): string => String(permille / 1000);

/** 0.01 m² → `72.50`. */
export const area = (centi: number): string => (centi / 100).toFixed(2);

const TIME_ZONE = 'Asia/Shanghai';

/** An instant in Hangzhou's time, as `2026年3月3日 10:00` (the unit's time, wherever the browser is). */
export function dateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}

/** The receipt code of a vote, as the voter's chat receipt shows it: the hash's first 8, upper case. */
export const receiptCode = (hash: string): string => hash.slice(0, 8).toUpperCase();

/** One of the four legal checks, as the committee reads it against its threshold. */
export interface CheckLine {
  key: keyof Tally['checks'];
  label: string;
  passed: boolean;
  detail: string;
}

/** The four checks of Civil Code art. 278 para. 2, each with the counts behind it. */
export function checkLines(tally: Tally): CheckLine[] {
  const approval = tally.rules.matter === 'major' ? '四分之三以上' : '过半数';
  return [
    {
      key: 'participationOwners',
      label: '参加表决的户数达到全体的三分之二以上',
      passed: tally.checks.participationOwners,
      detail: `${tally.participating.owners} / ${tally.totals.owners} 户`,
    },
    {
      key: 'participationArea',
      label: '参加表决的面积达到全体的三分之二以上',
      passed: tally.checks.participationArea,
      detail: `${tally.participating.area} / ${tally.totals.area} ㎡`,
    },
    {
      key: 'approvalOwners',
      label: `同意的户数达到参加表决的${approval}`,
      passed: tally.checks.approvalOwners,
      detail: `${tally.agree.owners} / ${tally.participating.owners} 户`,
    },
    {
      key: 'approvalArea',
      label: `同意的面积达到参加表决的${approval}`,
      passed: tally.checks.approvalArea,
      detail: `${tally.agree.area} / ${tally.participating.area} ㎡`,
    },
  ];
}

/** What is still missing to pass, as the group hears it (`还差 2 户、96.40㎡ 同意即可通过。`). */
export function missingLine(tally: Tally): string {
  if (tally.passed) return '已达到通过条件。表决结束前大家还可以改，以结束时为准。';
  if (!tally.missing.possible) return '按目前的表决，已经无法通过：就算还没表决的都同意也不够。';
  const extraArea = Number(tally.missing.area) > 0 ? `、${tally.missing.area}㎡` : '';
  return `还差 ${tally.missing.owners} 户${extraArea} 同意即可通过。`;
}

/** `已表决 8 户：同意 6 户、反对 1 户、弃权 1 户；还有 4 户没表决。` */
export function countsLine(tally: Tally): string {
  const voted = tally.agree.owners + tally.oppose.owners + tally.abstain.owners;
  const rest = tally.totals.owners - voted;
  return (
    `已表决 ${voted} 户：同意 ${tally.agree.owners} 户、反对 ${tally.oppose.owners} 户、` +
    `弃权 ${tally.abstain.owners} 户；${rest === 0 ? '全部都表决了' : `还有 ${rest} 户没表决`}。`
  );
}

const portions = (weight: number, scale: number): string => (weight / scale).toFixed(2);

/** How one share was computed, in words a household can check with a calculator. */
export function termsLine(share: Pick<Share, 'floor' | 'terms'>): string {
  const t = share.terms;
  if (t.exempt === 'exempt_room') return '按约定不出钱';
  if (t.exempt === 'exempt_floor' || t.weight === 0) return `${share.floor} 楼不出钱`;
  const total = `共 ${portions(t.totalWeight, t.weightScale)} 份分摊 ${yuan(t.amountFen)}`;
  switch (t.scheme) {
    case 'floor_coefficient':
      return (
        `系数 ${coefficient(t.coefficientPermille ?? 0)} × ${area(t.areaCenti ?? 0)}㎡ = ` +
        `${portions(t.weight, t.weightScale)} 份；${total}`
      );
    case 'area':
      return `面积 ${area(t.areaCenti ?? 0)}㎡ = ${portions(t.weight, t.weightScale)} 份；${total}`;
    case 'fixed_per_floor':
      return `${share.floor} 楼每户定额 ${yuan(t.fixedFen ?? 0)}，按总额折算`;
    case 'explicit':
      return `商定金额 ${yuan(t.agreedFen ?? 0)}`;
  }
}

export const SCHEME_WORDS: Readonly<Record<string, string>> = {
  floor_coefficient: '楼层系数 × 住房面积',
  fixed_per_floor: '按楼层定额',
  area: '按住房面积',
  explicit: '逐户商定金额',
};

export const GROUND_WORDS: Readonly<Record<string, string>> = {
  ventilation: '通风',
  daylight: '采光',
  passage: '通行',
  other: '其他',
};

export const INEFFECTIVE_WORDS: Readonly<Record<string, string>> = {
  anonymous: '没有署名',
  oral: '不是书面提出',
  outside_window: '不在公示期内',
  ground_not_covered: '不是通风、采光或通行方面的理由',
};

export const OBJECTION_STATUS_WORDS: Readonly<Record<string, string>> = {
  ineffective: '已记录（不影响报批）',
  open: '待调解',
  resolved: '已调解解决',
  withdrawn: '已撤回',
  closed_after_hearing: '听证后结束',
};

export const MEDIATION_LEVEL_WORDS: Readonly<Record<string, string>> = {
  negotiation: '协商',
  committee: '居委会调解',
  subdistrict: '街道调解',
  hearing: '听证',
};

export const MEDIATION_OUTCOME_WORDS: Readonly<Record<string, string>> = {
  resolved: '已解决',
  withdrawn: '异议人撤回',
  failed: '未谈拢',
  refused: '异议人拒绝参加',
};

export const ALERT_KIND_WORDS: Readonly<Record<string, string>> = {
  no_quorum: '表决参与人数迟迟不够',
  objection_unanswered: '异议没有及时答复',
  mediation_overdue: '异议调解超期',
  clocks_failed: '时限无法计算，需要人工处理',
  review_opinions_late: '联合审查部门意见超时',
  review_overdue: '联合审查超过期限',
  user_unit_missing: '竣工后还没有确定使用单位',
  registration_overdue: '使用登记超过 30 天期限',
};

export const ALERT_LEVEL_WORDS: Readonly<Record<string, string>> = {
  committee: '居委会',
  subdistrict: '街道',
  district: '区住建',
};

export const CLOCK_KIND_WORDS: Readonly<Record<string, string>> = {
  'ballot.close': '表决截止并公布结果',
  'ballot.remind': '提醒还没表决的住户',
  'ballot.stall': '检查表决参与人数',
  'publicity.midpoint': '公示过半，提醒大家如何提异议',
  'publicity.end': '公示结束',
  'objection.stall': '异议下一步调解的期限',
  'alert.escalate': '提醒没人确认，上报上一级',
  'review.opinions': '联合审查部门意见期限',
  'review.overdue': '联合审查期限',
  'handover.user_unit': '确定使用单位的期限',
  'registration.remind': '提醒办理使用登记',
  'application.supplement': '提醒补交材料',
  'review.remind': '提醒联合审查到期',
  'registration.overdue': '使用登记期限',
};

/** `2026-03-17` → `2026年3月17日`. */
export function day(on: string): string {
  const [y, m, d] = on.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export const EVENT_CHANNEL_WORDS: Readonly<Record<string, string>> = {
  wechat: '微信群',
  api: '工作台',
  miniprogram: '小程序',
  paper: '纸质表决票',
  proxy: '委托代理人',
  in_person: '当面',
  statement: '书面声明',
  system: '系统',
  job: '系统定时',
};

export const ACTOR_WORDS: Readonly<Record<string, string>> = {
  admin: '平台管理员',
  committee: '居委会',
  applicant: '申请人代表',
  subdistrict: '街道',
  district: '区住建',
  resident: '居民',
  system: '系统',
  owner: '业主',
  co_owner: '共有人',
  proxy: '代理人',
};

/** A claim's status (the subsidy, a flat's provident fund), as the bot and the mini-program say it. */
export const CLAIM_STATUS_WORDS: Readonly<Record<string, string>> = {
  none: '未申请',
  applied: '已申请',
  approved: '已批准',
  paid: '已到账',
  refused: '未通过',
};

/** A file's size as people read it: `820 KB`, `1.5 MB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
