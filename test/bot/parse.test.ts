import { fastCheckSeed } from '../support/fast-check.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ARGUMENT_COMMANDS,
  EXAMPLE_BINDING_CODE,
  EXAMPLE_REFERENCE,
  HINT_REASONS,
  INTENT_KINDS,
  MAX_COMMAND_LENGTH,
  MAX_INPUT_LENGTH,
  VOCABULARY,
  canonicalBindingCode,
  canonicalReference,
  readDialogReply,
  normalizeText,
  parseIntent,
} from '../../bot/parse/index.js';
import type { Intent } from '../../bot/parse/index.js';

const seed = fastCheckSeed('parse.test.ts');
const params = { seed, numRuns: 500 };

const agree: Intent = { kind: 'vote', choice: 'agree' };
const oppose: Intent = { kind: 'vote', choice: 'oppose' };
const abstain: Intent = { kind: 'vote', choice: 'abstain' };
const conversation: Intent = { kind: 'conversation' };
const hint = (reason: (typeof HINT_REASONS)[number]): Intent => ({ kind: 'hint', reason });
const maybe = (choice: 'agree' | 'oppose' | 'abstain'): Intent => ({ kind: 'maybe_vote', choice });
const household = (code: string): Intent => ({ kind: 'bind_household', code });
const group = (code: string): Intent => ({ kind: 'bind_group', code });

// ------------------------------------------------------------------------------------- the table

const rows: [name: string, text: string, intent: Intent][] = [
  // votes, as residents type them
  ['agree in words', '同意', agree],
  ['oppose in words', '反对', oppose],
  ['abstain in words', '弃权', abstain],
  ['1 is agree', '1', agree],
  ['2 is oppose', '2', oppose],
  ['3 is abstain', '3', abstain],
  ['full-width 1', '１', agree],
  ['full-width 2', '２', oppose],
  ['full-width 3', '３', abstain],
  ['full-width digit with full-width spaces', '\u3000３\u3000', abstain],
  ['circled digit', '①', agree],
  ['keycap emoji digit', '2️⃣', oppose],
  ['digit with a full stop', '1。', agree],
  ['with a subject', '我同意', agree],
  ['exclamation marks', '同意！！', agree],
  ['ASCII exclamation marks', '同意!!!', agree],
  ['a trailing emoji', '同意👍', agree],
  ['a leading emoji and a skin tone', '👍🏻同意', agree],
  ['a ZWJ emoji sequence', '弃权👨‍👩‍👧', abstain],
  ['in brackets', '【反对】', oppose],
  ['in quotes', '“同意”', agree],
  ['with a line break and tabs', '\n\t同意\r\n', agree],
  ['spaces inside the word', '同 意', agree],
  ['full-width spaces inside the word', '同\u3000意', agree],
  ['a synonym', '赞成', agree],
  ['不同意 contains 同意 but is oppose', '不同意', oppose],
  ['我不同意 is oppose', '我不同意！', oppose],
  ['不赞成 is oppose', '不赞成', oppose],
  ['a named vote ticket', '投弃权票', abstain],
  // not votes
  ['a question about agreeing', '同意吗', hint('vote_unclear')],
  ['a question with a full-width question mark', '同意吗？', hint('vote_unclear')],
  ['a bare question mark after a vote word', '同意？', hint('vote_unclear')],
  ['an emoji question mark', '同意❓', hint('vote_unclear')],
  ['a digit with a question mark', '1?', hint('vote_unclear')],
  ['a question particle', '同意呢', hint('vote_unclear')],
  ['a double negative', '不反对', hint('vote_unclear')],
  ['a double negative with a particle', '不反对吧', hint('vote_unclear')],
  ['two choices', '同意反对', hint('vote_unclear')],
  ['two digits of choices', '12', hint('vote_unclear')],
  ['one choice twice, asked', '同意1？', hint('vote_unclear')],
  ['leaning to agree, asked', '支持吗', hint('vote_unclear')],
  // leaning to a choice: confirmed privately with one number, never counted as it stands
  ['support', '支持', maybe('agree')],
  ['I support', '我支持！', maybe('agree')],
  ['a thumbs-up alone', '👍', maybe('agree')],
  ['thumbs-up twice with a skin tone', '👍👍🏻', maybe('agree')],
  ["WeChat's thumbs-up", '[强]', maybe('agree')],
  ["WeChat's thumbs-up twice", '[强][强]', maybe('agree')],
  ["WeChat's thumbs-up in full-width brackets", '［强］', maybe('agree')],
  ['changing to agree, with a particle', '我改成同意吧', maybe('agree')],
  ['agree with a stating particle', '同意吧', maybe('agree')],
  ['agree with 了', '同意了', maybe('agree')],
  ['me too', '我也同意', maybe('agree')],
  ['a word and a digit of one choice', '同意1', maybe('agree')],
  ['a digit and a word of one choice', '1 同意', maybe('agree')],
  ['a choice said twice', '同意同意', maybe('agree')],
  ['a room number and a vote', '302 同意', maybe('agree')],
  ['a room with 室 and a vote', '302室同意', maybe('agree')],
  ['not supporting', '不支持', maybe('oppose')],
  ['a thumbs-down', '👎', maybe('oppose')],
  ["WeChat's thumbs-down", '[弱]', maybe('oppose')],
  ['oppose with a particle', '反对啊', maybe('oppose')],
  ['changing to abstain', '改成弃权', maybe('abstain')],
  ['a thumbs-up with other emoji is not one', '🎉👍', conversation],
  ['a thumbs-up and a thumbs-down name no choice', '👍👎', conversation],
  ['a thumbs-up asked is a question', '👍？', { kind: 'help' }],
  ['强 alone is conversation', '强', conversation],
  ['a number that is not a choice', '5', hint('unknown_number')],
  ['zero', '0', hint('unknown_number')],
  ['a full-width number that is not a choice', '４', hint('unknown_number')],
  ['two digits that are not choices', '45', hint('unknown_number')],
  ['wanting to vote', '投票', hint('how_to_vote')],
  ['asking how to vote', '怎么投票？', hint('how_to_vote')],
  ['unsure, in a sentence', '我不知道同不同意', conversation],
  ['a neighbour agreeing in conversation', '大家都同意了', conversation],
  ['OK is not a vote, nor leans to one', '好的', conversation],
  ['can do is not a vote', '可以', conversation],
  ['no objection is not a vote', '没意见', conversation],
  ['a thumbs-up after a word is that word', '同意[强]', agree],
  ['a room number alone', '302', conversation],
  ['a phone number', '13800000101', conversation],
  // binding
  ['bind a household, lower case', '绑定 abc123', household('ABC123')],
  ['bind with a full-width colon', '绑定：ABC123', household('ABC123')],
  ['bind with an ASCII colon and spaces', '绑定 : ABC123', household('ABC123')],
  ['bind without a space', '绑定ABC123', household('ABC123')],
  ['bind with a full-width space', '绑定\u3000ABC123', household('ABC123')],
  ['bind with extra spaces', '  绑定    abc123  ', household('ABC123')],
  ['bind with full-width letters and digits', '绑定 ＡＢＣ１２３', household('ABC123')],
  ['bind with a grouped code', '绑定 8K3-M2P', household('8K3M2P')],
  ['bind with a spaced code', '绑定 8K3 M2P', household('8K3M2P')],
  ['bind reads O as 0 and I, L as 1', '绑定 OIL234', household('011234')],
  ['bind with 8 characters', '绑定 ABCD2345', household('ABCD2345')],
  ['bind with 绑定码', '绑定码：xyz789', household('XYZ789')],
  ['bind with a trailing question mark still binds', '绑定 ABC123？', household('ABC123')],
  ['bind a group', '绑定单元 XYZ789', group('XYZ789')],
  ['bind a group without a space', '绑定单元XYZ789', group('XYZ789')],
  ['bind a group with spaces inside the word', '绑定 单元 xyz789', group('XYZ789')],
  ['bind a group with a colon', '绑定单元：XYZ789！', group('XYZ789')],
  ['bind without a code', '绑定', hint('bind_code_missing')],
  ['bind without a code, asked', '绑定？', hint('bind_code_missing')],
  ['bind with a particle', '绑定吗', hint('bind_code_missing')],
  ['bind a group without a code', '绑定单元', hint('bind_group_code_missing')],
  ['bind with a code too short', '绑定 12', hint('bind_code_malformed')],
  ['bind with a room number', '绑定 302', hint('bind_code_malformed')],
  ['bind with a code too long', '绑定 ABCDE23456', hint('bind_code_malformed')],
  ['bind with a U, outside the alphabet', '绑定 ABCU23', hint('bind_code_malformed')],
  ['bind a group with a code too short', '绑定单元 XY7', hint('bind_code_malformed')],
  ['talking about binding', '绑定好了', conversation],
  ['asking where codes are', '绑定码在哪里领？', conversation],
  // other commands
  ['progress', '进度', { kind: 'progress' }],
  ['progress, asked', '进度？', { kind: 'progress' }],
  ['progress with a particle', '进度呢', { kind: 'progress' }],
  ['check progress', '查进度', { kind: 'progress' }],
  ['4 is not progress', '4', hint('unknown_number')],
  ['remind', '提醒', { kind: 'remind' }],
  ['remind is never taken from a question', '提醒？', conversation],
  ['help', '帮助', { kind: 'help' }],
  ['menu', '菜单', { kind: 'help' }],
  ['a question mark', '?', { kind: 'help' }],
  ['a full-width question mark', '？', { kind: 'help' }],
  ['question marks', '？？？', { kind: 'help' }],
  ['help in English', 'HELP', { kind: 'help' }],
  ['how do I do this', '怎么弄？', { kind: 'help' }],
  ['how, with a particle', '怎么弄啊', { kind: 'help' }],
  ['I do not understand', '看不懂', { kind: 'help' }],
  ['the four checks', '表决详情', { kind: 'progress', detail: true }],
  ['where are we', '到哪一步了？', { kind: 'progress' }],
  ['my costs', '我的费用', { kind: 'my_costs' }],
  ['how much do I pay', '我家交多少钱？', { kind: 'my_costs' }],
  ['objection', '异议', { kind: 'objection' }],
  ['objection in a sentence', '我有异议', { kind: 'objection' }],
  ['acknowledge a notice', '收到 R-12', { kind: 'acknowledge', ref: 'R-12' }],
  ['acknowledge in lower case without hyphen', '收到r12', { kind: 'acknowledge', ref: 'R-12' }],
  ['acknowledge with a colon', '已收到：TZ-0003', { kind: 'acknowledge', ref: 'TZ-3' }],
  ['got it, without a reference, is chat', '收到', conversation],
  ['got it, thanks', '收到，谢谢！', conversation],
  ['got it OK', '收到ok', conversation],
  ['a reference that is not one', '收到 12345678901', hint('ack_ref_malformed')],
  // noise
  ['empty', '', conversation],
  ['only spaces', ' \u3000\t', conversation],
  ['only emoji', '🎉🎉🎉', conversation],
  ['a lone surrogate', '\ud800', conversation],
  ['a lone surrogate after a vote word', '同意\udc00', agree],
  ['a zero-width space around a vote', '\u200b同意\u200b', agree],
  ['ordinary chat', '今天电梯的事情大家怎么看？', conversation],
  ['ten thousand characters', '同意'.repeat(5000), conversation],
];

describe('parseIntent', () => {
  it.each(rows)('%s', (_name, text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });

  it('answers a 10 000-character message as conversation, quickly', () => {
    const texts = [
      '同'.repeat(10_000),
      '！'.repeat(10_000),
      '同意' + ' '.repeat(9_998),
      '\ufdfa'.repeat(10_000),
      '\ufdfa'.repeat(MAX_INPUT_LENGTH),
    ];
    const started = performance.now();
    for (const text of texts) expect(parseIntent(text)).toEqual(conversation);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('keeps a vote wrapped in punctuation up to the input limit, in linear time', () => {
    const padding = '！'.repeat((MAX_INPUT_LENGTH - 2) / 2);
    const started = performance.now();
    expect(parseIntent(`${padding}同意${padding}`)).toEqual(agree);
    expect(parseIntent(`${padding}同意${padding}!`)).toEqual(conversation);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('treats a non-string as conversation', () => {
    expect(parseIntent(undefined as unknown as string)).toEqual(conversation);
    expect(parseIntent(null as unknown as string)).toEqual(conversation);
  });

  it('reads every vocabulary word as its row, bare and wrapped in noise', () => {
    for (const row of VOCABULARY) {
      for (const word of row.words) {
        // A thumb is itself an emoji: other emoji beside it would make it no longer alone.
        const emoji = /\p{So}/u.test(word) ? '' : '👍';
        expect(parseIntent(word)).toEqual(row.intent);
        expect(parseIntent(` ${word.toUpperCase()}！${emoji} `)).toEqual(row.intent);
      }
    }
  });

  it('reads every vocabulary word followed by 吗 as its row says', () => {
    for (const row of VOCABULARY) {
      const expected: Intent =
        row.withParticle === 'same'
          ? row.intent
          : row.withParticle === 'conversation'
            ? conversation
            : hint('vote_unclear');
      // A symbol (`?`, `👍`) is dropped before a particle; only words take one.
      for (const word of row.words.filter((w) => /\p{L}|\p{N}/u.test(w))) {
        expect(parseIntent(`${word}吗`)).toEqual(expected);
      }
    }
  });

  it('reads every word naming a choice, followed by a stating particle, as a maybe-vote of it', () => {
    for (const row of VOCABULARY) {
      if (row.withParticle !== 'maybe_vote') continue;
      const intent = row.intent as Extract<Intent, { choice: unknown }>;
      for (const word of row.words.filter((w) => /\p{L}|\p{N}/u.test(w))) {
        for (const particle of ['吧', '了', '啊']) {
          expect(parseIntent(`${word}${particle}`)).toEqual(maybe(intent.choice));
        }
      }
    }
  });

  it('lists no word twice, in lower case without spaces, and no word that starts a command', () => {
    const words = VOCABULARY.flatMap((row) => row.words);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(word).toBe(word.toLowerCase().replaceAll(' ', ''));
    const prefixes = ARGUMENT_COMMANDS.flatMap((command) => command.prefixes);
    for (const word of words) expect(prefixes.some((prefix) => word.startsWith(prefix))).toBe(false);
  });

  it('binds with the example code the messages show', () => {
    expect(parseIntent(`绑定 ${EXAMPLE_BINDING_CODE}`)).toEqual(household(EXAMPLE_BINDING_CODE));
    expect(parseIntent(`绑定单元 ${EXAMPLE_BINDING_CODE}`)).toEqual(group(EXAMPLE_BINDING_CODE));
    expect(parseIntent(`收到 ${EXAMPLE_REFERENCE}`)).toEqual({ kind: 'acknowledge', ref: EXAMPLE_REFERENCE });
  });
});

describe('codes', () => {
  it.each([
    ['abc123', 'ABC123'],
    ['8k3-m2p', '8K3M2P'],
    ['o0i1l1', '001111'],
    ['ABCDEFGH', 'ABCDEFGH'],
    ['ABCDE', null],
    ['ABCDEFGHJ', null],
    ['ABCU23', null],
    ['ABC12!', null],
    ['', null],
    ['A'.repeat(17), null],
  ])('canonicalBindingCode(%j) is %j', (text, code) => {
    expect(canonicalBindingCode(text)).toBe(code);
  });

  it.each([
    ['R-12', 'R-12'],
    ['r12', 'R-12'],
    ['TZ-0003', 'TZ-3'],
    ['R-', null],
    ['12', null],
    ['ABCDE-1', null],
    ['R-123456789', null],
  ])('canonicalReference(%j) is %j', (text, ref) => {
    expect(canonicalReference(text)).toBe(ref);
  });
});

describe('normalizeText', () => {
  it.each([
    ['folds full-width digits, letters and spaces', '１２３　ＡＢＣ', '123 ABC'],
    ['drops spaces and exclamation marks at the ends', '  同意！！ ', '同意'],
    ['keeps one trailing question mark', '同意吗？？', '同意吗?'],
    ['keeps a lone question mark', '？', '?'],
    ['keeps the question mark of emoji and a question mark', '👍？', '?'],
    ['empties a text of emoji', '🎉', ''],
    ['keeps a thumbs-up alone, with its punctuation and skin tones dropped', ' 👍🏽！👍 ', '👍'],
    ["reads WeChat's [强] as a thumbs-up", '[强]', '👍'],
    ["reads WeChat's [弱] as a thumbs-down, dropped at the end like any emoji", '反对[弱]', '反对'],
    ['empties a text of a thumbs-up and other emoji', '👍🎉', ''],
    ['collapses whitespace inside', 'a\n\n\tb', 'a b'],
    ['reads a keycap as its digit', '1️⃣', '1'],
    [
      'keeps a text of the longest command length',
      'x'.repeat(MAX_COMMAND_LENGTH),
      'x'.repeat(MAX_COMMAND_LENGTH),
    ],
    ['refuses a text one longer than a command can be', 'x'.repeat(MAX_COMMAND_LENGTH + 1), null],
    ['refuses an input one longer than the limit', '！'.repeat(MAX_INPUT_LENGTH + 1), null],
  ])('%s', (_name, text, normalized) => {
    expect(normalizeText(text)).toBe(normalized);
  });
});

// ------------------------------------------------------------------------------------ properties

/** UTF-16 code units, lone surrogates included. */
const codeUnits = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));

/** Text near the vocabulary: words, commands and codes mixed with noise, so every branch is reached. */
const chatty = fc
  .array(
    fc.oneof(
      fc.constantFrom(...VOCABULARY.flatMap((row) => row.words)),
      fc.constantFrom('绑定', '绑定单元', '收到', '吗', '了', '？', '！', '👍', '：', ' ', '\u3000', '302'),
      fc.constantFrom('ABC123', 'r-12', '８Ｋ３Ｍ２Ｐ', '\ud800', '\u0301', '\ufe0f', '\u20e3'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  chatty,
  fc.string({ unit: 'binary', maxLength: 60 }),
  codeUnits(60),
  codeUnits(3000),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);

const KINDS: ReadonlySet<string> = new Set(INTENT_KINDS);
const REASONS: ReadonlySet<string> = new Set(HINT_REASONS);

describe('parseIntent properties', () => {
  it('never throws and always returns a known kind, for any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const intent = parseIntent(text);
        expect(KINDS.has(intent.kind)).toBe(true);
        if (intent.kind === 'hint') expect(REASONS.has(intent.reason)).toBe(true);
        if (intent.kind === 'bind_household' || intent.kind === 'bind_group') {
          expect(canonicalBindingCode(intent.code)).toBe(intent.code);
        }
      }),
      params,
    );
  });

  it('never throws on huge strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 2000, maxLength: 20_000 }), (text) => {
        expect(parseIntent(text)).toEqual(conversation);
      }),
      { seed, numRuns: 20 },
    );
  });

  it('normalization is idempotent, and parsing depends only on the normalized text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const normalized = normalizeText(text);
        if (normalized === null) return;
        expect(normalizeText(normalized)).toBe(normalized);
        expect(parseIntent(normalized)).toEqual(parseIntent(text));
      }),
      params,
    );
  });

  it('reads full-width text as its ASCII twin', () => {
    const ascii = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(ascii, chatty, (latin, text) => {
        const plain = `${text}${latin}`;
        const wide = [...plain]
          .map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
          .join('');
        expect(parseIntent(wide)).toEqual(parseIntent(plain));
      }),
      params,
    );
  });

  it('never reads a message containing 不同意 or a question as agree', () => {
    fc.assert(
      fc.property(chatty, chatty, fc.constantFrom('不同意', '同意吗', '同意?'), (before, after, core) => {
        expect(parseIntent(`${before}${core}${after}`)).not.toEqual(agree);
      }),
      params,
    );
  });

  it('reads thumbs-up alone, however many and however dressed, as a maybe-vote to agree: never a vote', () => {
    const thumbs = fc
      .array(fc.constantFrom('👍', '👍🏻', '👍🏿', '[强]', '［强］', '！', '~', ' ', '\u3000', '\ufe0f', '。'), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(thumbs, thumbs, (before, after) => {
        expect(parseIntent(`${before}👍${after}`)).toEqual(maybe('agree'));
      }),
      params,
    );
  });

  it('keeps a vote whatever punctuation, emoji and spaces surround it', () => {
    const noise = fc
      .array(fc.constantFrom('！', '!', '。', '～', '👍', '🙏🏻', '❤️', ' ', '\u3000', '\n', '…', '【', '】'), {
        maxLength: 6,
      })
      .map((parts) => parts.join(''));
    const vote = fc.constantFrom(
      ['同意', agree] as const,
      ['２', oppose] as const,
      ['我不同意', oppose] as const,
      ['弃权', abstain] as const,
    );
    fc.assert(
      fc.property(noise, vote, noise, (before, [word, intent], after) => {
        expect(parseIntent(`${before}${word}${after}`)).toEqual(intent);
      }),
      params,
    );
  });
});

describe('readDialogReply', () => {
  it.each([
    [
      '1',
      {
        ground: 'ventilation',
        confirm: true,
        decline: false,
        cancel: false,
        bareNumber: true,
        dialogNumber: true,
      },
    ],
    [
      '２',
      {
        ground: 'daylight',
        confirm: false,
        decline: true,
        cancel: false,
        bareNumber: true,
        dialogNumber: true,
      },
    ],
    [
      '通行',
      {
        ground: 'passage',
        confirm: false,
        decline: false,
        cancel: false,
        bareNumber: false,
        dialogNumber: false,
      },
    ],
    [
      '其它',
      {
        ground: 'other',
        confirm: false,
        decline: false,
        cancel: false,
        bareNumber: false,
        dialogNumber: false,
      },
    ],
    ['确认 提交', { confirm: true, decline: false, cancel: false, bareNumber: false, dialogNumber: false }],
    ['算了', { confirm: false, decline: true, cancel: true, bareNumber: false, dialogNumber: false }],
    ['12', { confirm: false, decline: false, cancel: false, bareNumber: true, dialogNumber: false }],
    ['楼下会挡光', { confirm: false, decline: false, cancel: false, bareNumber: false, dialogNumber: false }],
    [
      'constructor',
      { confirm: false, decline: false, cancel: false, bareNumber: false, dialogNumber: false },
    ],
  ])('reads %j', (text, reply) => {
    expect(readDialogReply(text)).toEqual(reply);
  });
});
