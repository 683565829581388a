/**
 * Everything a resident can type to the bot, in one place. To accept a new word, add it to the right
 * row; `test/bot/parse.test.ts` checks that no word is listed twice and that each one parses to its row.
 *
 * Words are matched whole, after `normalizeText` and with every space removed, in lower case: `同 意`,
 * `同意！！` and `同意👍` are all `同意`. Votes are deliberately few and plain: a vote is a legal act
 * (Civil Code art. 278), so the bot never guesses one. Words that lean to a choice without saying it
 * plainly (`支持`, `👍`, `[强]`, `同意吧`, `我改成同意吧`) are a `maybe_vote`: the speaker is asked
 * privately to confirm with one number, and nothing is counted until they send it. Words that take
 * no side (`好的`, `可以`, `没意见`) are conversation: asking "did you mean 同意?" would put the choice
 * in their mouth. Questions (`同意吗`, `同意?`) and double negatives (`不反对`) get a hint saying
 * exactly what to send.
 */
import type { Choice } from '../../domain/vote/index.js';
import type { HintReason, Intent } from './intent.js';

/**
 * What a word means when a particle or question mark follows it (`进度?`, `进度呢`, `同意吗`, `同意了`):
 * `same` — the same intent; `maybe_vote` — for a word naming a choice: after a particle that states
 * (`同意吧`, `同意了`, `支持啊`) a `maybe_vote` of that choice, after a question (`同意吗`, `同意?`,
 * `同意呢`) the hint `vote_unclear`; `vote_unclear` — the hint, always; `conversation` — nothing (an
 * action such as `提醒` is never taken on a question).
 */
export type WithParticle = 'same' | 'maybe_vote' | 'vote_unclear' | 'conversation';

/** One row of the vocabulary: the whole-message words that mean `intent`. */
export interface VocabularyRow {
  readonly intent: Intent;
  readonly words: readonly string[];
  readonly withParticle: WithParticle;
}

const hint = (reason: HintReason): Intent => ({ kind: 'hint', reason });
const maybe = (choice: Choice): Intent => ({ kind: 'maybe_vote', choice });

/**
 * Whole-message words. Numbers 1–3 are the three choices of a paper ballot; any other one- or two-digit
 * number is a hint (`unknown_number`), never progress or help, so a mistyped vote is never taken for
 * something else.
 */
export const VOCABULARY: readonly VocabularyRow[] = [
  {
    intent: { kind: 'vote', choice: 'agree' },
    words: ['1', '同意', '我同意', '赞成', '我赞成', '同意票', '投同意票', '我投同意票'],
    withParticle: 'maybe_vote',
  },
  {
    intent: { kind: 'vote', choice: 'oppose' },
    words: [
      '2',
      '反对',
      '我反对',
      '不同意',
      '我不同意',
      '不赞成',
      '我不赞成',
      '反对票',
      '投反对票',
      '我投反对票',
    ],
    withParticle: 'maybe_vote',
  },
  {
    intent: { kind: 'vote', choice: 'abstain' },
    words: ['3', '弃权', '我弃权', '弃权票', '投弃权票', '我投弃权票'],
    withParticle: 'maybe_vote',
  },
  {
    // Leaning to agree: a thumbs-up (`[强]` is WeChat's, see `normalizeText`), support, "me too",
    // "I'll change to agree". Confirmed with 1 before anything counts.
    intent: maybe('agree'),
    words: [
      '👍',
      '支持',
      '我支持',
      '也支持',
      '我也支持',
      '也同意',
      '我也同意',
      '改成同意',
      '我改成同意',
      '改为同意',
      '我改为同意',
      '改同意',
      '我改同意',
    ],
    withParticle: 'maybe_vote',
  },
  {
    intent: maybe('oppose'),
    words: [
      '👎',
      '不支持',
      '我不支持',
      '也反对',
      '我也反对',
      '改成反对',
      '我改成反对',
      '改为反对',
      '我改为反对',
      '改反对',
      '我改反对',
    ],
    withParticle: 'maybe_vote',
  },
  {
    intent: maybe('abstain'),
    words: ['也弃权', '我也弃权', '改成弃权', '我改成弃权', '改为弃权', '我改为弃权', '改弃权', '我改弃权'],
    withParticle: 'maybe_vote',
  },
  {
    // Double negatives name no choice.
    intent: hint('vote_unclear'),
    words: ['不反对', '我不反对', '不弃权'],
    withParticle: 'vote_unclear',
  },
  {
    intent: hint('how_to_vote'),
    words: ['投票', '表决', '我要投票', '我要表决', '怎么投票', '怎么表决', '如何投票', '如何表决'],
    withParticle: 'same',
  },
  {
    intent: { kind: 'progress' },
    words: [
      '进度',
      '查进度',
      '查看进度',
      '看进度',
      '表决进度',
      '投票进度',
      '进度如何',
      '进度怎么样',
      '现在进度',
      '到哪一步',
    ],
    withParticle: 'same',
  },
  {
    intent: { kind: 'progress', detail: true },
    words: ['表决详情', '详细进度', '进度详情', '投票详情'],
    withParticle: 'same',
  },
  {
    intent: { kind: 'my_costs' },
    words: [
      '我的费用',
      '费用',
      '我家费用',
      '查费用',
      '我要交多少钱',
      '要交多少钱',
      '交多少钱',
      '我家交多少钱',
    ],
    withParticle: 'same',
  },
  {
    intent: { kind: 'confirm_maintenance' },
    words: ['维保确认', '确认维保', '维保已确认', '维保签字'],
    withParticle: 'conversation',
  },
  {
    intent: { kind: 'remind' },
    words: ['提醒', '提醒表决', '提醒投票', '发提醒'],
    withParticle: 'conversation',
  },
  {
    intent: { kind: 'help' },
    words: [
      '?',
      '帮助',
      '菜单',
      '说明',
      '使用说明',
      '怎么用',
      'help',
      '怎么弄',
      '怎么搞',
      '咋弄',
      '咋办',
      '怎么办',
      '怎么操作',
      '怎么回复',
      '回复什么',
      '看不懂',
      '我看不懂',
      '不懂',
      '我不懂',
      '不会弄',
      '不会用',
    ],
    withParticle: 'same',
  },
  {
    intent: { kind: 'confirm_proxy' },
    words: [
      '确认代办',
      '同意代办',
      '确认代理',
      '同意代理',
      '确认代办人',
      '确认代理人',
      '确认家人',
      '同意家人',
    ],
    withParticle: 'conversation',
  },
  {
    intent: { kind: 'objection' },
    words: ['异议', '有异议', '我有异议', '提异议', '提出异议', '我要提异议'],
    withParticle: 'conversation',
  },
];

/** A command followed by an argument (`绑定 8K3M2P`, `收到 R-12`). */
export interface ArgumentCommand {
  readonly kind: 'bind_group' | 'bind_household' | 'bind_proxy' | 'acknowledge';
  /** Spellings of the command word, matched at the start of the message with spaces removed. */
  readonly prefixes: readonly string[];
}

/**
 * Commands that take an argument, tried longest prefix first (so `绑定单元` wins over `绑定`). `收到` alone
 * is everyday chat ("got it") and stays conversation; only `收到` with a reference acknowledges.
 */
export const ARGUMENT_COMMANDS: readonly ArgumentCommand[] = [
  { kind: 'bind_group', prefixes: ['绑定单元码', '绑定单元'] },
  { kind: 'bind_household', prefixes: ['绑定码', '绑定房号', '绑定'] },
  { kind: 'bind_proxy', prefixes: ['代办绑定', '代理绑定', '代办', '代理'] },
  { kind: 'acknowledge', prefixes: ['已收到', '收到'] },
];

/** Characters allowed between a command word and its argument: `绑定：8K3M2P`, `绑定,8K3M2P`. */
export const ARGUMENT_SEPARATORS: ReadonlySet<string> = new Set([':', ',', '.', '、', '。', '-', '=']);

/**
 * Particles that make a word a question or a remark about it, not the thing itself: `同意吗`, `进度呢`,
 * `同意吧`, `同意了`, `同意的`, `同意啊`. One is stripped from the end (after a `?`).
 * {@link QUESTION_PARTICLES} are those that ask.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  '吗',
  '呢',
  '吧',
  '么',
  '嘛',
  '了',
  '的',
  '啊',
  '呀',
  '哦',
  '哈',
  '啦',
]);

/** The particles that make a question of a word (`同意吗`, `进度呢`): a vote word asked is never a vote. */
export const QUESTION_PARTICLES: ReadonlySet<string> = new Set(['吗', '呢', '么', '嘛']);

/** The vote words and digits, for spotting a message made only of them (`同意1`, `同意反对`, `11`). */
export const VOTE_TOKENS = /^(?:不同意|不赞成|同意|赞成|反对|弃权|[123])+$/;

/** Each vote word and digit of {@link VOTE_TOKENS} with the choice it names. */
export const VOTE_TOKEN_CHOICES: Readonly<Record<string, Choice>> = {
  不同意: 'oppose',
  不赞成: 'oppose',
  同意: 'agree',
  赞成: 'agree',
  反对: 'oppose',
  弃权: 'abstain',
  '1': 'agree',
  '2': 'oppose',
  '3': 'abstain',
};
