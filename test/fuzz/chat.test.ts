/**
 * Chat fuzzing: 10,000 texts from fast-check through the real bot — Wechaty on the
 * mock puppet, the message handler, the commands, the embedded database — said in a bound unit's group
 * (an elevator ballot open), in an unbound group and privately, by three bound owners, a tenant who owns
 * nothing and a committee member. The texts: commands and near-commands (`同意`, `同意吗`, `绑定 <code>`,
 * `收到 YY-1`, numbers, `异议`…) wrapped in emoji, punctuation, particles, control characters (NUL),
 * bidi and zero-width marks, lone surrogates, full-width letters and digits, spaces between the
 * characters; full-width digits, emoji and invisible characters alone; any Unicode; Chinese chat; and
 * texts of 2,001 to 100,000 characters.
 *
 * Each text is read with the bot's own parser. Those that cannot change anything — conversation, a
 * hint, `帮助`, `进度`, a word that only leans to a choice (`支持`, `👍`: a private question, no vote),
 * and any command said in the unbound group (answered once a day with how to bind it) — are said in
 * the first phase, in batches of 250 at once. Those that can (a vote, a binding code,
 * `异议`, `提醒`, `收到 <ref>`…) are said one at a time in the second phase, each followed by one more
 * harmless text from the same person in the same place, so an objection dialog opened by `异议` gets
 * garbage for answers. The properties:
 *
 * - the process never crashes, the bot stays online, every message is handled and nothing is logged
 *   at `error` (a handler that throws logs `message handling failed`);
 * - no message gets more replies than a real command would (conversation none; a hint, `帮助`, `进度`,
 *   a leaning word or a dialog answer one; a vote a receipt and a group notice; a binding at most three), and no
 *   reply is the "something went wrong" sentence;
 * - a text that is not a valid command stores nothing: in the first phase every record but the inbox
 *   (which keeps every message) and the replies reads back the same, and the only writes that changed
 *   anything were to the inbox, the replies and the case views; in the second phase, the same write
 *   check for each harmless text said one at a time;
 * - every vote and objection stored names a message that was a command, and every case stream still
 *   verifies;
 * - after the storm a real `进度` is answered with the live tally.
 *
 * The outbox worker is stopped: the replies are checked where the bot puts them (the outbox), not as
 * they are sent, which the outbox tests cover.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { caseProgressMessage, householdBound } from '../../messages/index.js';
import { VOCABULARY, parseIntent, type IntentKind } from '../../bot/parse/index.js';
import { caseProgress } from '../../commands/ballot-progress.js';
import { openDialogOf } from '../../commands/objection-dialog.js';
import { makeVerifyAllChains } from '../../commands/verify-chains.js';
import { FixedClock } from '../../lib/clock.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { fastCheckSeed } from '../support/fast-check.js';
import { T0 } from '../support/http.js';
import { recordWrites, storedRecords, type Write, type WriteRecorder } from '../support/stored.js';

const TEXTS = Number(process.env.FUZZ_CHAT_TEXTS ?? 10_000);
const BATCH = 250;
const seed = fastCheckSeed('fuzz/chat.test.ts');

// ------------------------------------------------------------------------------------ the texts

const EMOJI = ['👍', '👍🏻', '🙏', '😀', '❤️', '👨‍👩‍👧', '🏳️‍🌈', '1️⃣', '🈶', '🉑', '✅', '❌', '‼️', '🆗', '🤔'];
const INVISIBLE = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u3000',
  '\u0301',
  '\u20e3',
  '\ufe0f',
  '\ud800',
  '\udfff',
  '\t',
  '\n',
  '\r\n',
];
const PUNCTUATION = [
  '！',
  '!',
  '？',
  '?',
  '。',
  '.',
  '，',
  '~',
  '～',
  '…',
  '：',
  ':',
  '、',
  '「',
  '」',
  '【',
  '】',
  ' ',
];
const PARTICLES = ['吗', '呢', '吧', '了', '的', '啊', '呀', '哦', '哈', '啦'];
/** Whole-message words: the whole vocabulary and near misses. */
const WORDS = [
  ...VOCABULARY.flatMap((row) => row.words),
  '302 同意',
  '302室同意',
  '同意1',
  '同意反对',
  '11',
  '0',
  '4',
  '5',
  '9',
  '45',
  '99',
  '100',
  '302',
  '1201',
  '①',
  '②',
  '③',
  '⑨',
  '好的',
  '支持',
  '没意见',
];
/** Command words that take an argument. */
const ARGUMENT_WORDS = [
  '绑定',
  '绑定码',
  '绑定房号',
  '绑定单元',
  '绑定单元码',
  '代办',
  '代理绑定',
  '收到',
  '已收到',
];
const SEPARATORS = ['', ' ', '  ', ':', '：', ',', '、', '-', '=', '\u3000'];

/** ASCII letters and digits as their full-width forms (`1` → `１`). */
const fullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

const decoration = fc.oneof(
  fc.constantFrom(...EMOJI),
  fc.constantFrom(...INVISIBLE),
  fc.constantFrom(...PUNCTUATION),
  fc.constantFrom(...PARTICLES),
);
const noise = fc.array(decoration, { maxLength: 3 }).map((parts) => parts.join(''));
const argument = fc.oneof(
  fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{6,8}$/),
  fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/),
  fc.constantFrom(
    'YY-1',
    'TX-3',
    'R-12',
    'tx3',
    'ABCD-EFGH',
    '8K3M2P',
    'OIL0UUUU',
    '12345678901',
    '好了',
    '谢谢',
  ),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/),
);
const core = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...ARGUMENT_WORDS), fc.constantFrom(...SEPARATORS), argument)
      .map((parts) => parts.join('')),
  },
);
/** A command or a near-command, dressed the way phones and people dress it. */
const nearCommand = fc
  .tuple(noise, core, noise, fc.constantFrom('plain', 'plain', 'plain', 'full-width', 'spaced'))
  .map(([before, word, after, style]) => {
    const body = style === 'full-width' ? fullWidth(word) : style === 'spaced' ? [...word].join(' ') : word;
    return `${before}${body}${after}`;
  });
const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
const chineseChat = fc.string({ unit: fc.oneof(cjk, cjk, cjk, decoration), minLength: 1, maxLength: 40 });
/** 2,001 to 100,000 characters: a command, chat or noise repeated (a command word at the start). */
const veryLong = fc
  .tuple(
    fc.oneof(nearCommand, chineseChat, fc.string({ unit: 'binary', minLength: 1, maxLength: 20 })),
    fc.integer({ min: 2_001, max: 100_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const text = fc.oneof(
  { weight: 25, arbitrary: nearCommand },
  {
    weight: 8,
    arbitrary: fc.string({ unit: fc.constantFrom(...'０１２３４５６７８９'), minLength: 1, maxLength: 12 }),
  },
  {
    weight: 8,
    arbitrary: fc.array(fc.constantFrom(...EMOJI), { minLength: 1, maxLength: 8 }).map((e) => e.join('')),
  },
  {
    weight: 8,
    arbitrary: fc.array(fc.constantFrom(...INVISIBLE), { minLength: 0, maxLength: 8 }).map((e) => e.join('')),
  },
  { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 20, arbitrary: chineseChat },
  { weight: 2, arbitrary: veryLong },
);

/** Who says a text, and where. */
type Speaker = 'li' | 'wang' | 'zhang' | 'ma' | 'shen';
type Place = 'group' | 'unbound' | 'private';
interface Said {
  readonly text: string;
  readonly speaker: Speaker;
  readonly place: Place;
}

const saying = fc.record({
  text,
  speaker: fc.constantFrom<Speaker>('li', 'wang', 'zhang', 'ma', 'shen'),
  place: fc.oneof(
    { weight: 11, arbitrary: fc.constant<Place>('group') },
    { weight: 7, arbitrary: fc.constant<Place>('private') },
    { weight: 2, arbitrary: fc.constant<Place>('unbound') },
  ),
});

/**
 * What a message may lead to: `inert` changes nothing stored but its answer; `acts` may change the
 * case or the contact (a vote, a binding code, `异议`, `提醒`…).
 */
function effectOf(kind: IntentKind, place: Place): 'inert' | 'acts' {
  // In a group bound to no unit only the two binding commands are handled; anything else that looks
  // like a command gets the "bind this group first" line, once a day.
  if (place === 'unbound') return kind === 'bind_group' || kind === 'bind_household' ? 'acts' : 'inert';
  return ['conversation', 'hint', 'help', 'progress', 'maybe_vote'].includes(kind) ? 'inert' : 'acts';
}

/** The most replies (`reply:<messageId>:<n>` in the outbox) a message of `kind` may get. */
function mostReplies(kind: IntentKind, place: Place, inDialog: boolean): number {
  if (inDialog) return 3;
  if (place === 'unbound') return kind === 'bind_group' || kind === 'bind_household' ? 3 : 0;
  switch (kind) {
    case 'conversation':
      return 0;
    case 'vote': // the receipt (one flat each) and the group notice
      return 2;
    case 'bind_household': // bound, the household's share, the group notice (or: pending, one owner asked)
      return 3;
    default:
      return 1;
  }
}

// ------------------------------------------------------------------------------------ the world

const clock = new FixedClock(T0);
/** Message id → when its handler returned, and how. */
const handled = new Map<string, 'handled' | 'ignored'>();
let onHandled: (() => void) | null = null;
const world = new BotWorld(
  clock,
  'fuzz_chat',
  { JIATI_QUIET_HOURS: '00:00-00:00' },
  {
    onMessageHandled: (messageId, _received, _handled, outcome) => {
      handled.set(messageId, outcome);
      onHandled?.();
    },
  },
);
let system: System;
let people: Record<Speaker, mock.ContactMock>;
let group: mock.RoomMock;
let unbound: mock.RoomMock;
let bot: mock.ContactMock;
let unitId: string;
let recorder: WriteRecorder;
/** Every message the bot heard during the storm, by id: who said what, where. */
const heard = new Map<string, { talkerId: string; roomId: string | null; text: string; place: Place }>();
/** Message ids of the commands (texts that may act), and of messages that answered an open dialog. */
const commands = new Set<string>();
const dialogAnswers = new Set<string>();
const timings: Record<string, number> = {};
let sent = 0;
/** Messages handled before the storm (the bindings of the setup). */
let handledBefore = 0;

beforeAll(async () => {
  system = await world.start();
  const mocker = system.mocker!;
  bot = mocker.ContactMock.load(mocker.puppet.currentUserId);
  const person = (name: string) => mocker.createContact({ name });
  people = {
    li: person('李大爷'),
    wang: person('王阿姨'),
    zhang: person('张先生'),
    ma: person('马小军'),
    shen: person('沈丽萍'),
  };
  const members = [mocker.puppet.currentUserId, ...Object.values(people).map((contact) => contact.id)];
  group = mocker.createRoom({ topic: '测试小区 3 幢 2 单元', memberIdList: members });
  unbound = mocker.createRoom({ topic: '隔壁闲聊群', memberIdList: members });
  ({ unitId } = await world.unitWithBallot(group));
  const codes = (await world.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
    room: string;
    code: string;
  }[];
  for (const [who, room] of [
    ['li', '101'],
    ['wang', '102'],
    ['zhang', '201'],
  ] as const) {
    await world.say(people[who], `绑定 ${codes.find((c) => c.room === room)!.code}`, 'bot');
    await waitFor(() => world.privately(people[who]).includes(householdBound({ room, role: 'owner' })));
  }
  const committee = await world.post(`/api/v1/units/${unitId}/contacts`, {
    contactId: people.shen.id,
    role: 'committee',
  });
  expect(committee.status).toBe(201);
  await system.outbox!.stop();
  system.bot!.wechaty.on('message', (message: Message) => {
    if (message.self()) return;
    const roomId = message.room()?.id ?? null;
    const place: Place = roomId === null ? 'private' : roomId === unbound.id ? 'unbound' : 'group';
    heard.set(message.id, { talkerId: message.talker().id, roomId, text: message.text(), place });
  });
  recorder = recordWrites(system.connection);
  handledBefore = handled.size;
}, 120_000);

afterAll(async () => {
  recorder?.stop();
  const events = await system.models.caseEvents.find({ caseId: unitId }).lean<CaseEventDoc[]>().exec();
  await world.stop();
  const kinds = new Map<string, number>();
  for (const item of items) kinds.set(kindOf(item.text), (kinds.get(kindOf(item.text)) ?? 0) + 1);
  const long = items.filter((item) => item.text.length > 2000).length;
  console.log(
    [
      `chat fuzz: ${sent} texts, ${long} of them over 2,000 characters; read as ${[...kinds]
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')}`,
      `stored: ${events.filter((e) => e.type === 'VoteCast').length} votes, ` +
        `${events.filter((e) => e.type === 'ObjectionFiled').length} objections, ${dialogAnswers.size} dialog answers`,
      `time: ${Object.entries(timings)
        .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`,
    ].join('\n'),
  );
});

/** Says `item` through the mock puppet (not waiting for anything). */
function say({ text, speaker, place }: Said): void {
  const who = people[speaker];
  who.say(text).to(place === 'group' ? group : place === 'unbound' ? unbound : bot);
  sent++;
}

/** Log lines at `error` seen so far, and how far the log has been read. */
const errors: string[] = [];
let logRead = 0;
function newErrors(): string[] {
  for (; logRead < world.logLines.length; logRead++) {
    const line = world.logLines[logRead]!;
    if ((JSON.parse(line) as { level: number }).level >= 50) errors.push(line);
  }
  return errors;
}

/** Waits until `count` messages in all have been handled, or a handler failed. */
async function handledAtLeast(count: number, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (handled.size < count) {
    if (newErrors().length > 0) throw new Error(`logged at error:\n${errors.slice(0, 5).join('')}`);
    if (Date.now() > until) throw new Error(`only ${handled.size} of ${count} messages handled`);
    await new Promise<void>((resolve) => {
      onHandled = resolve;
      setTimeout(resolve, 200);
    });
    onHandled = null;
  }
}

/** Every record but the inbox and the bot's answers (`reply:…`, `unbound:…` in the outbox). */
async function recordsButAnswers(): Promise<Record<string, unknown[]>> {
  const records = await storedRecords(system.models, ['inbox']);
  records.outbox = records.outbox!.filter((doc) => !/^(reply|unbound):/.test((doc as OutboxDoc)._id));
  return records;
}

/**
 * Writes that changed something other than the inbox, the bot's answers and the case views (and the
 * board lines written with them). The
 * outbox's due index (`outbox_due`, slots by hour) follows every outbox write, answers included; the
 * outbox writes themselves are checked.
 */
const notAnswers = (writes: readonly Write[]) =>
  writes.filter(
    ({ write, ids, changed }) =>
      changed &&
      !write.startsWith('inbox.') &&
      !write.startsWith('case_views.') &&
      !write.startsWith('unit_list.') &&
      !write.startsWith('outbox_due.') &&
      !(write.startsWith('outbox.') && ids.length > 0 && ids.every((id) => /^(reply|unbound):/.test(id))),
  );

const kindOf = (text: string) => parseIntent(text).kind;
const items = fc.sample(saying, { seed, numRuns: TEXTS });
const inert = items.filter((item) => effectOf(kindOf(item.text), item.place) === 'inert');
const acting = items.filter((item) => effectOf(kindOf(item.text), item.place) === 'acts');
/**
 * After each command, one harmless text by the same person in the same place: taken from the harmless
 * texts that are harmless anywhere (conversation, a hint, `帮助`, `进度`, a leaning word).
 */
const followers: Said[] = [];
for (let at = inert.length - 1; at >= 0 && followers.length < acting.length; at--) {
  if (effectOf(kindOf(inert[at]!.text), 'group') === 'inert') followers.push(...inert.splice(at, 1));
}

describe(`${TEXTS} texts through the real bot`, () => {
  it('stores nothing but the inbox and the answers for texts that are not commands, said 250 at a time', async () => {
    const started = Date.now();
    const before = await recordsButAnswers();
    const writesBefore = recorder.writes.length;
    for (let at = 0; at < inert.length; at += BATCH) {
      for (const item of inert.slice(at, at + BATCH)) say(item);
      await handledAtLeast(handled.size + Math.min(BATCH, inert.length - at));
    }
    expect(notAnswers(recorder.writes.slice(writesBefore))).toEqual([]);
    expect(isDeepStrictEqual(await recordsButAnswers(), before)).toBe(true);
    timings[`${inert.length} harmless texts`] = Date.now() - started;
  }, 600_000);

  it('says each command, then one harmless text by the same person, one at a time: the harmless one writes nothing', async () => {
    const started = Date.now();
    const harmlessWrote: string[] = [];
    for (const [index, command] of acting.entries()) {
      const follower = followers[index];
      for (const item of follower
        ? [command, { ...follower, speaker: command.speaker, place: command.place }]
        : [command]) {
        const talkerId = people[item.speaker].id;
        const inDialog = (await openDialogOf(system.commands, talkerId, clock.now())) !== null;
        const acts = item === command || inDialog;
        const writesBefore = recorder.writes.length;
        const count = handled.size;
        say(item);
        await handledAtLeast(count + 1, 15_000);
        // A Map keeps insertion order: the message handled last is this one (one at a time).
        const id = [...handled.keys()][count]!;
        if (item === command) commands.add(id);
        if (inDialog) dialogAnswers.add(id);
        if (!acts) {
          const wrote = notAnswers(recorder.writes.slice(writesBefore));
          if (wrote.length > 0)
            harmlessWrote.push(`${JSON.stringify(item.text.slice(0, 80))}: ${JSON.stringify(wrote)}`);
        }
      }
    }
    expect(harmlessWrote).toEqual([]);
    timings[`${acting.length} commands and their followers`] = Date.now() - started;
  }, 600_000);

  it('handled every message, logged nothing at error, and the bot is still online', () => {
    expect(handled.size - handledBefore).toBe(sent);
    expect(newErrors()).toEqual([]);
    expect(system.bot!.status()).toBe('online');
  });

  it('gave no message more replies than its command would get, and never the "something went wrong" sentence', async () => {
    const outbox = await system.models.outbox.find({}).lean<OutboxDoc[]>().exec();
    const replies = new Map<string, number>();
    for (const doc of outbox) {
      const match = /^reply:(.+):\d+$/.exec(doc._id);
      if (match) replies.set(match[1]!, (replies.get(match[1]!) ?? 0) + 1);
    }
    const over = [...heard].flatMap(([id, message]) => {
      const most = mostReplies(kindOf(message.text), message.place, dialogAnswers.has(id));
      const got = replies.get(id) ?? 0;
      return got > most
        ? [`${JSON.stringify(message.text.slice(0, 80))} in ${message.place}: ${got} > ${most}`]
        : [];
    });
    expect(over).toEqual([]);
    expect(outbox.filter((doc) => doc.text.includes('系统出了点问题')).map((doc) => doc._id)).toEqual([]);
    // The "bind this group first" line goes at most once a day to the unbound group.
    expect(outbox.filter((doc) => doc._id.startsWith('unbound:')).length).toBeLessThanOrEqual(1);
  });

  it('stored only votes and objections that name a command, and every case stream still verifies', async () => {
    const events = await system.models.caseEvents
      .find({ caseId: unitId, type: { $in: ['VoteCast', 'ObjectionFiled'] } })
      .lean<CaseEventDoc[]>()
      .exec();
    const named = events
      .map((event) => (event.data as { messageId?: string }).messageId)
      .filter((id): id is string => id !== undefined && heard.has(id));
    expect(named.filter((id) => !commands.has(id) && !dialogAnswers.has(id))).toEqual([]);
    const reports = await makeVerifyAllChains(system.models.caseEvents)();
    expect(reports.filter((report) => !report.ok)).toEqual([]);
    expect(reports.length).toBeGreaterThan(0);
  });

  it('answers a real 进度 after the storm with the live tally', async () => {
    const message = await world.say(people.zhang, '进度', group);
    const reply = await system.models.outbox.findById(`reply:${message.id}:0`).lean<OutboxDoc>().exec();
    const progress = await caseProgress(system.commands, {
      contactId: people.zhang.id,
      groupUnitId: unitId,
    });
    expect(progress.kind).toBe('progress');
    if (progress.kind !== 'progress') return;
    expect(progress.progress.ballot).toBeDefined();
    expect(reply).toMatchObject({
      to: { kind: 'room', id: group.id },
      text: caseProgressMessage(progress.progress, clock.now()),
    });
    sent++;
  });
});
