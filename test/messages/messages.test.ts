import { fastCheckSeed } from '../support/fast-check.js';
import { alertAdminNotice, alertNotice } from '../../messages/clocks.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_TIME_ZONE, formatChatTime } from '../../lib/format-time.js';
import {
  ERROR_MESSAGES,
  HINT_MESSAGES,
  STAGE_WORDS,
  acknowledged,
  caseProgressMessage,
  confirmVoteQuestion,
  maybeVoteInDialog,
  maybeVoteNoBallot,
  objectionAskGround,
  type CaseProgress,
  alreadyBound,
  bindingCodeExpired,
  bindingCodeReissuedToCommittee,
  bindingCodeSaidInGroup,
  joinConfirmedNotice,
  joinRequestPending,
  joinRequestToOwner,
  bindingLocked,
  enteredVoteNotice,
  errorMessage,
  groupAlreadyBound,
  groupVoteNotice,
  helpMessage,
  hintMessage,
  householdBound,
  householdBoundNotice,
  minimumsOf,
  missingLine,
  noOpenBallot,
  notBoundMessage,
  notInThisUnit,
  progressMessage,
  proxyBindingPending,
  receiptCode,
  reminderMessage,
  remindersSent,
  resultAnnouncement,
  unboundGroupLine,
  unitBoundNotice,
  unitHasOtherGroup,
  voteReceipt,
  wrongBindingCode,
} from '../../messages/index.js';
import { EXAMPLE_BINDING_CODE, EXAMPLE_REFERENCE, HINT_REASONS, parseIntent } from '../../bot/parse/index.js';
import { ERROR_CODES } from '../../domain/errors.js';
import { STAGES } from '../../domain/case/index.js';
import { buildRoster, tallyVotes } from '../../domain/vote/index.js';
import type { BallotRules, CastVote, Choice, RosterFlat, Tally } from '../../domain/vote/index.js';

const seed = fastCheckSeed('messages.test.ts');

const MAJOR: BallotRules = { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' };
const ORDINARY: BallotRules = { ...MAJOR, matter: 'ordinary' };

const flat = (room: string, areaCenti: number, extra: Partial<RosterFlat> = {}): RosterFlat => ({
  room,
  floor: Number(room.slice(0, -2)) || 1,
  areaCenti,
  areaSource: 'register',
  ...extra,
});

/** Six flats of 100.00 m² each (101 … 602): 6 owners, 600.00 m². */
const SIX = buildRoster(['101', '102', '201', '202', '301', '302'].map((room) => flat(room, 10_000)));

/** Votes cast in order: `[room, choice]`. */
const tallyOf = (votes: readonly [string, Choice][], rules: BallotRules = MAJOR, roster = SIX): Tally =>
  tallyVotes(
    roster,
    rules,
    votes.map(([room, choice], i): CastVote => ({ seq: i + 1, room, choice })),
  );

/** Only CJK, digits, spaces, punctuation and ㎡: English letters are allowed only inside `allowed`. */
const lettersOutside = (text: string, allowed: readonly string[] = []): string =>
  allowed.reduce((rest, token) => rest.replaceAll(token, ''), text).replace(/[^A-Za-z]/g, '');

const HAN = /\p{Script=Han}/u;

// ------------------------------------------------------------------------------------------ errors

describe('errorMessage', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has a short Chinese sentence without English', (code) => {
    const sentence = errorMessage(code);
    expect(sentence).toBe(ERROR_MESSAGES[code]);
    expect(sentence.trim()).not.toBe('');
    expect(sentence).toMatch(HAN);
    expect(lettersOutside(sentence)).toBe('');
    expect(sentence.length).toBeLessThanOrEqual(40);
    expect(sentence).not.toContain('\n');
  });

  it('maps exactly the error codes, no more', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('says a closed ballot did not record the vote and whom to ask', () => {
    expect(errorMessage('ballot_closed')).toBe('这次表决已经结束了，您的表决没有记录。有疑问请联系社区。');
  });
});

// ------------------------------------------------------------------------------------ help, hints

/** The example after "例如：" in a message. */
const exampleIn = (text: string): string => text.slice(text.indexOf('例如：') + '例如：'.length);

describe('hints and help', () => {
  it.each(HINT_REASONS.map((reason) => [reason]))('%s has one Chinese line', (reason) => {
    const line = hintMessage(reason);
    expect(line).toBe(HINT_MESSAGES[reason]);
    expect(line).toMatch(HAN);
    expect(line).not.toContain('\n');
    expect(lettersOutside(line, [EXAMPLE_BINDING_CODE, EXAMPLE_REFERENCE])).toBe('');
  });

  it('shows examples that do what the hint says', () => {
    expect(parseIntent(exampleIn(hintMessage('bind_code_missing')))).toEqual({
      kind: 'bind_household',
      code: EXAMPLE_BINDING_CODE,
    });
    expect(parseIntent(exampleIn(hintMessage('bind_group_code_missing')))).toEqual({
      kind: 'bind_group',
      code: EXAMPLE_BINDING_CODE,
    });
    expect(parseIntent(exampleIn(hintMessage('ack_ref_malformed')))).toEqual({
      kind: 'acknowledge',
      ref: EXAMPLE_REFERENCE,
    });
    expect(parseIntent(exampleIn(notBoundMessage()))).toEqual({
      kind: 'bind_household',
      code: EXAMPLE_BINDING_CODE,
    });
  });

  it('lists the numbers and words the parser understands', () => {
    const help = helpMessage();
    expect(help).toBe(
      [
        '您可以这样回复我：',
        '回复 1 同意，2 反对，3 弃权。',
        '回复 进度，看现在到哪一步；表决时回复 表决详情，看四项法定条件。',
        '回复 我的费用，私下看您家要分摊多少、交了多少。',
        '私聊我回复 绑定 和绑定码（例如：绑定 8K3M2P），绑定您家的房号；绑定码找社区要，不要发在群里。',
        '替家里老人表决：私聊我回复 代办 和他家的绑定码，等业主回复「确认代办」。',
        '异议：要在公示期内提（表决通过、签好协议后公示），到时回复 异议。',
        '回复 帮助，再看这份说明。',
      ].join('\n'),
    );
    expect(parseIntent('1')).toEqual({ kind: 'vote', choice: 'agree' });
    expect(parseIntent('2')).toEqual({ kind: 'vote', choice: 'oppose' });
    expect(parseIntent('3')).toEqual({ kind: 'vote', choice: 'abstain' });
    expect(parseIntent('进度')).toEqual({ kind: 'progress' });
    expect(parseIntent('表决详情')).toEqual({ kind: 'progress', detail: true });
    expect(parseIntent('帮助')).toEqual({ kind: 'help' });
    expect(parseIntent('我的费用')).toEqual({ kind: 'my_costs' });
    expect(parseIntent('异议')).toEqual({ kind: 'objection' });
    expect(parseIntent('代办 8K3M2P')).toEqual({ kind: 'bind_household', code: '8K3M2P', asProxy: true });
    expect(parseIntent('确认代办')).toEqual({ kind: 'confirm_proxy' });
    expect(parseIntent('代办')).toEqual({ kind: 'conversation' });
    expect(parseIntent('代办人是谁')).toEqual({ kind: 'conversation' });
  });

  it('adds 提醒 for those who may remind', () => {
    const help = helpMessage({ canRemind: true });
    expect(help).toContain('回复 提醒，私聊提醒还没表决的住户。');
    expect(parseIntent('提醒')).toEqual({ kind: 'remind' });
    expect(helpMessage()).not.toContain('提醒');
  });

  it('always says when and how to object: during publicity with its end, before it, and after it', () => {
    const open = helpMessage({ objections: { kind: 'open', startedOn: '2025-03-10', endsOn: '2025-03-20' } });
    expect(open).toContain('有异议（影响通风、采光或通行）：公示期到 3月20日，回复 异议。');
    expect(helpMessage({ objections: { kind: 'not_yet' } })).toContain(
      '异议：要在公示期内提（表决通过、签好协议后公示），到时回复 异议。',
    );
    const over = helpMessage({ objections: { kind: 'over', startedOn: '2025-03-10', endsOn: '2025-03-20' } });
    expect(over).toContain('异议：公示期已在 3月20日 结束，再提不算正式异议；要留下意见，回复 异议。');
  });

  it('answers a word leaning to a choice with the one number that votes it, naming the flats', () => {
    expect(confirmVoteQuestion({ choice: 'agree', rooms: ['302'] })).toBe(
      '您是想为 302 表决「同意」吗？确认请回复 1；不是的话不用回复。',
    );
    expect(confirmVoteQuestion({ choice: 'oppose', rooms: ['302', '502'], asProxy: true })).toBe(
      '您是想代 302、502 表决「反对」吗？确认请回复 2；不是的话不用回复。',
    );
    expect(parseIntent('1')).toEqual({ kind: 'vote', choice: 'agree' });
    expect(parseIntent('2')).toEqual({ kind: 'vote', choice: 'oppose' });
    expect(confirmVoteQuestion({ choice: 'abstain', rooms: ['101'] })).toContain('确认请回复 3');
    expect(maybeVoteInDialog('agree')).toBe(
      '您的异议还没填完，这时回复的数字会算作异议的回答。要表决「同意」，请先回复 取消，再回复 1。',
    );
    expect(maybeVoteNoBallot()).toContain('回复 进度');
  });
});

// ----------------------------------------------------------------------------------------- time

describe('formatChatTime', () => {
  it.each([
    ['an afternoon', '2025-11-25T06:05:00Z', '11月25日 14:05'],
    ['one minute before Shanghai midnight', '2025-11-25T15:59:00Z', '11月25日 23:59'],
    ['Shanghai midnight, still the 25th in UTC', '2025-11-25T16:00:00Z', '11月26日 00:00'],
    ['after UTC midnight', '2025-11-26T00:30:00Z', '11月26日 08:30'],
    ['the new year in Shanghai before UTC', '2025-12-31T16:05:00Z', '1月1日 00:05'],
    ['a leap day', '2028-02-28T16:00:00Z', '2月29日 00:00'],
  ])('shows %s in Shanghai time', (_name, at, shown) => {
    expect(formatChatTime(new Date(at))).toBe(shown);
    expect(formatChatTime(new Date(at), DEFAULT_TIME_ZONE)).toBe(shown);
  });

  it('uses the time zone passed in', () => {
    expect(formatChatTime(new Date('2025-11-25T16:05:00Z'), 'UTC')).toBe('11月25日 16:05');
  });

  it('refuses an invalid date', () => {
    expect(() => formatChatTime(new Date('nonsense'))).toThrow(RangeError);
  });
});

// ----------------------------------------------------------------------------------------- votes

const HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('votes', () => {
  it('receipt codes are the first 8 characters of the event hash, in upper case', () => {
    expect(receiptCode(HASH)).toBe('A1B2C3D4');
  });

  it('gives a private receipt with the choice, the Shanghai time and the receipt code', () => {
    expect(
      voteReceipt({ room: '302', choice: 'agree', at: new Date('2025-11-25T06:05:00Z'), hash: HASH }),
    ).toBe(
      [
        '302 的表决已记录：同意。',
        '时间：11月25日 14:05',
        '回执号：A1B2C3D4',
        '表决结束前可以改，以最后一次为准。',
      ].join('\n'),
    );
  });

  it('dates a receipt after Shanghai midnight on the next day, though it is still the day before in UTC', () => {
    const receipt = voteReceipt({
      room: '302',
      choice: 'oppose',
      at: new Date('2025-11-25T16:30:00Z'),
      hash: HASH,
      changed: true,
    });
    expect(receipt).toContain('302 的表决已改为：反对。');
    expect(receipt).toContain('时间：11月26日 00:30');
  });

  it('tells a proxy whose vote it recorded', () => {
    const receipt = voteReceipt({
      room: '101',
      choice: 'abstain',
      at: new Date('2025-11-25T01:00:00Z'),
      hash: HASH,
      asProxy: true,
    });
    expect(receipt.split('\n')[0]).toBe('您代 101 的表决已记录：弃权。');
  });

  it('tells the group the room and the count, not the choice', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['302', 'oppose'],
    ]);
    expect(groupVoteNotice({ room: '302', tally })).toBe('302 已表决。\n已表决 2 户，共 6 户。');
    expect(groupVoteNotice({ room: '302', tally, byProxy: true })).toBe(
      '302 已由代理人表决。\n已表决 2 户，共 6 户。',
    );
  });

  it('shows the choice and the breakdown for a fully named ballot', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['201', 'abstain'],
      ['302', 'oppose'],
    ]);
    expect(groupVoteNotice({ room: '302', tally, choice: 'oppose' })).toBe(
      '302 已表决：反对。\n已表决 3 户（共 6 户）：同意 1 户、反对 1 户、弃权 1 户。',
    );
    expect(groupVoteNotice({ room: '302', tally, breakdown: true })).toBe(
      '302 已表决。\n已表决 3 户（共 6 户）：同意 1 户、反对 1 户、弃权 1 户。',
    );
  });

  it('announces votes entered by the committee by their channel', () => {
    const tally = tallyOf([['302', 'agree']]);
    expect(enteredVoteNotice({ room: '302', channel: 'paper', tally })).toBe(
      '302 纸质表决已录入。\n已表决 1 户，共 6 户。',
    );
    expect(enteredVoteNotice({ room: '302', channel: 'proxy', tally }).split('\n')[0]).toBe(
      '302 委托表决已录入。',
    );
    expect(enteredVoteNotice({ room: '302', channel: 'in_person', tally, choice: 'agree' })).toBe(
      '302 现场表决已录入：同意。\n已表决 1 户（共 6 户）：同意 1 户、反对 0 户、弃权 0 户。',
    );
  });

  it('tells a member who is bound to no flat that the vote was not counted and how to bind', () => {
    expect(notBoundMessage({ afterVote: true })).toBe(
      '您还没有绑定房号，这次表决没有记录。请私聊我（不要发在群里）发送社区给您的绑定码，例如：绑定 8K3M2P',
    );
    expect(notBoundMessage()).toBe(
      '您还没有绑定房号。请私聊我（不要发在群里）发送社区给您的绑定码，例如：绑定 8K3M2P',
    );
  });
});

// ---------------------------------------------------------------------------------------- binding

describe('binding', () => {
  it('confirms privately which flat, and tells the group only the room', () => {
    expect(householdBound({ room: '302', role: 'owner' })).toBe(
      '绑定成功：您是 302 的业主。回复 帮助 可以查看用法。',
    );
    expect(householdBound({ room: '302', role: 'co_owner' })).toContain('302 的共有人');
    expect(householdBound({ room: '302', role: 'proxy' })).toContain('302 的代理人');
    expect(householdBoundNotice('302')).toBe('302 已绑定');
  });

  it('answers a wrong code kindly, with the tries left', () => {
    expect(wrongBindingCode(3)).toBe('这个绑定码不对，请对照社区给的纸条再发一次（还可以试 3 次）。');
  });

  it('says when a locked contact may try again', () => {
    expect(bindingLocked()).toBe('绑定码错的次数太多了，请一小时后再试。');
    expect(bindingLocked(new Date('2025-11-25T07:05:00Z'))).toBe(
      '绑定码错的次数太多了，请11月25日 15:05 以后再试。',
    );
  });

  it('has one short line for an unbound group, pointing to 绑定单元', () => {
    const line = unboundGroupLine();
    expect(line).not.toContain('\n');
    expect(line).toContain('绑定单元');
    expect(parseIntent('绑定单元')).toEqual({ kind: 'hint', reason: 'bind_group_code_missing' });
  });
});

// ------------------------------------------------------------------------------ progress, result

describe('进度: where the case stands', () => {
  const base: CaseProgress = {
    stage: 'voting',
    planVersion: 1,
    publicityDays: 10,
    openObjections: 0,
    lastInspectionFailed: false,
  };
  const at = new Date('2025-03-03T02:00:00Z');

  it.each(STAGES.map((stage) => [stage]))('%s: three short lines — now, next, when', (stage) => {
    const text = caseProgressMessage({ ...base, stage }, at);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^现在：/);
    expect(lines[1]).toMatch(/^下一步：/);
    expect(lines[2]).toMatch(/^时间：/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    if (stage !== 'new') expect(lines[0]).toContain(`「${STAGE_WORDS[stage]}」`);
    expect(lettersOutside(text)).toBe('');
  });

  it('during the open ballot: who voted, the rooms still missing, what passing needs, and the close', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
    ]);
    const ballot = {
      tally,
      unvotedRooms: ['201', '202', '301', '302'],
      closesAt: new Date('2025-03-10T10:00:00Z'),
      earliestCloseAt: new Date('2025-03-08T02:00:00Z'),
    };
    expect(caseProgressMessage({ ...base, ballot }, at)).toBe(
      [
        '现在：「表决」阶段，已表决 2 户（共 6 户），还没表决：201、202、301、302。',
        '下一步：还差 2 户、200.00㎡ 同意才能通过；通过后签订协议、公示 10 天。',
        '时间：表决到 3月10日 18:00 结束。',
      ].join('\n'),
    );
    const { closesAt: _closesAt, ...openEnded } = ballot;
    expect(caseProgressMessage({ ...base, ballot: openEnded }, at).split('\n')[2]).toBe(
      '时间：表决最早 3月8日 10:00 可以结束，由社区宣布。',
    );
    const late = new Date('2025-03-11T00:00:00Z');
    expect(caseProgressMessage({ ...base, ballot }, late).split('\n')[2]).toBe(
      '时间：表决已在 3月10日 18:00 截止，正在出结果。',
    );
  });

  it('says when passing is reached and when it is out of reach', () => {
    const passed = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
      ['201', 'agree'],
      ['202', 'agree'],
    ]);
    const lost = tallyOf([
      ['101', 'oppose'],
      ['102', 'oppose'],
    ]);
    const ballot = { unvotedRooms: [], earliestCloseAt: at };
    expect(caseProgressMessage({ ...base, ballot: { ...ballot, tally: passed } }, at)).toContain(
      '下一步：已达到通过条件，通过后签订协议、公示 10 天。',
    );
    expect(caseProgressMessage({ ...base, ballot: { ...ballot, tally: lost } }, at)).toContain(
      '下一步：按目前的表决已经无法通过；结束后可以修改方案再表决。',
    );
  });

  it('during publicity: how to object, and the day publicity ends at 24:00', () => {
    const publicity = {
      startedOn: '2025-03-10',
      endsOn: '2025-03-20',
      endsAt: new Date('2025-03-20T16:00:00Z'),
    };
    expect(caseProgressMessage({ ...base, stage: 'publicity', publicity }, at)).toBe(
      [
        '现在：「公示」阶段，协议书和方案正在公示。',
        '下一步：公示期内有异议，私聊我发「异议」；公示结束后报批申请。',
        '时间：公示到 3月20日 24:00 结束。',
      ].join('\n'),
    );
    expect(
      caseProgressMessage({ ...base, stage: 'publicity', publicity }, new Date('2025-03-20T16:00:00Z')),
    ).toContain('时间：公示已在 3月20日 24:00 结束，正在收尾。');
  });

  it('names the dates each later stage has', () => {
    const review = caseProgressMessage(
      {
        ...base,
        stage: 'joint_review',
        application: {
          submittedOn: '2025-03-25',
          acceptedOn: '2025-03-28',
          reviewDueOn: '2025-04-11',
          awaitingSupplement: false,
        },
      },
      at,
    );
    expect(review).toContain('区里 3月28日 受理了申请');
    expect(review).toContain('时间：审查期限到 4月11日。');
    const registration = caseProgressMessage(
      { ...base, stage: 'registration', enteredUseOn: '2025-09-01', useRegistrationDueOn: '2025-10-01' },
      at,
    );
    expect(registration).toContain('电梯 9月1日 起投入使用');
    expect(registration).toContain('时间：使用登记要在 10月1日 前办好。');
    expect(caseProgressMessage({ ...base, stage: 'objections', openObjections: 2 }, at)).toContain(
      '还有 2 条异议在调解',
    );
  });
});

describe('表决详情: the four legal checks', () => {
  it('says what is still missing, in households and area', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
    ]);
    expect(tally.missing).toEqual({ possible: true, owners: 2, areaCenti: 20_000 });
    expect(progressMessage(tally, MAJOR)).toBe(
      [
        '表决进度（全单元 6 户、600.00㎡）',
        '已表决 2 户：同意 2 户、反对 0 户、弃权 0 户；还有 4 户没表决。',
        '参加表决的户数 2 户，至少要 4 户：未达到',
        '参加表决的面积 200.00㎡，至少要 400.00㎡：未达到',
        '同意的户数 2 户，至少要 2 户：已达到',
        '同意的面积 200.00㎡，至少要 150.00㎡：已达到',
        '还差 2 户、200.00㎡ 同意即可通过。',
        '规则：参加表决的户数和面积都要达到全单元的三分之二以上；同意的户数和面积都要达到参加表决的四分之三以上。',
      ].join('\n'),
    );
  });

  it('shows areas to the hundredth of a square metre, as the tally counts them', () => {
    const roster = buildRoster([
      flat('101', 7236),
      flat('102', 6148),
      flat('201', 7236),
      flat('202', 6148),
      flat('301', 5892),
    ]);
    const tally = tallyOf(
      [
        ['101', 'agree'],
        ['102', 'agree'],
        ['202', 'agree'],
      ],
      MAJOR,
      roster,
    );
    // Total 326.60 m²: two thirds is 217.733… m², so at least 217.74 m².
    expect(progressMessage(tally, MAJOR)).toContain('参加表决的面积 195.32㎡，至少要 217.74㎡：未达到');
    expect(missingLine(tally)).toBe(`还差 1 户、22.42㎡ 同意即可通过。`);
    expect(tally.missing).toEqual({ possible: true, owners: 1, areaCenti: 2242 });
  });

  it('says when the vote can no longer pass', () => {
    const tally = tallyOf([
      ['101', 'oppose'],
      ['102', 'oppose'],
      ['201', 'oppose'],
    ]);
    expect(tally.missing.possible).toBe(false);
    const progress = progressMessage(tally, MAJOR);
    expect(progress).toContain('同意的户数 0 户，至少要 3 户：未达到');
    expect(progress).toContain('按目前的表决，已经无法通过：就算还没表决的都同意也不够。');
  });

  it('says when the conditions are met, and that votes may still change', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
      ['201', 'agree'],
      ['202', 'agree'],
      ['301', 'agree'],
      ['302', 'oppose'],
    ]);
    expect(tally.passed).toBe(true);
    const progress = progressMessage(tally, MAJOR);
    expect(progress).toContain('已表决 6 户：同意 5 户、反对 1 户、弃权 0 户；全部都表决了。');
    expect(progress).toContain('同意的户数 5 户，至少要 5 户：已达到');
    expect(progress).toContain('已达到通过条件。表决结束前大家还可以改，以结束时为准。');
  });

  it('does not show approval thresholds before anyone takes part', () => {
    const progress = progressMessage(tallyOf([]), MAJOR);
    expect(progress).toContain('同意的户数 0 户：还没有人参加表决');
    expect(progress).toContain('还差 4 户、400.00㎡ 同意即可通过。');
  });

  it('states the ordinary rule and an abstention rule that differs from the default', () => {
    const tally = tallyOf(
      [
        ['101', 'agree'],
        ['102', 'agree'],
        ['201', 'oppose'],
        ['202', 'abstain'],
      ],
      { ...ORDINARY, abstentionParticipates: false },
    );
    const progress = progressMessage(tally, { ...ORDINARY, abstentionParticipates: false });
    expect(progress).toContain('同意的户数和面积都要超过参加表决的一半。弃权不算参加表决。');
    // 3 take part (the abstainer does not); more than half of 3 is at least 2.
    expect(progress).toContain('参加表决的户数 3 户，至少要 4 户：未达到');
    expect(progress).toContain('同意的户数 2 户，至少要 2 户：已达到');
  });

  it('counts co-owners who disagree, without naming the flat', () => {
    const roster = buildRoster([flat('101', 10_000), flat('102', 10_000)]);
    const tally = tallyVotes(roster, MAJOR, [
      { seq: 1, room: '101', choice: 'agree', voterId: 'a' },
      { seq: 2, room: '101', choice: 'oppose', voterId: 'b' },
    ]);
    const progress = progressMessage(tally, MAJOR);
    expect(progress).toContain('有 1 户的共有人意见不一致，要请社区核实。');
    expect(progress).not.toContain('101');
  });

  it('shows minimums that agree with every check of the tally (property)', () => {
    const rosterArb = fc
      .array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 12 })
      .map((areas) => buildRoster(areas.map((a, i) => flat(`${i + 1}01`, a))));
    const choiceArb = fc.constantFrom<Choice | null>('agree', 'oppose', 'abstain', null);
    const rulesArb = fc.record({
      matter: fc.constantFrom('major' as const, 'ordinary' as const),
      abstentionParticipates: fc.boolean(),
      onCoOwnerConflict: fc.constant('earlier' as const),
    });
    fc.assert(
      fc.property(rosterArb, fc.array(choiceArb, { maxLength: 12 }), rulesArb, (roster, choices, rules) => {
        const votes = roster.flats.flatMap((f, i) => {
          const choice = choices[i] ?? null;
          return choice === null ? [] : [{ seq: i + 1, room: f.room, choice }];
        });
        const tally = tallyVotes(roster, rules, votes);
        const minimum = minimumsOf(tally, rules);
        expect(tally.participating.owners >= minimum.participationOwners).toBe(
          tally.checks.participationOwners,
        );
        expect(tally.participating.areaCenti >= minimum.participationAreaCenti).toBe(
          tally.checks.participationArea,
        );
        expect(tally.agree.owners >= minimum.approvalOwners).toBe(tally.checks.approvalOwners);
        expect(tally.agree.areaCenti >= minimum.approvalAreaCenti).toBe(tally.checks.approvalArea);
        expect(() => progressMessage(tally, rules)).not.toThrow();
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('result announcement', () => {
  it('announces a pass with the four figures against their thresholds, in Shanghai time', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
      ['201', 'agree'],
      ['202', 'agree'],
      ['301', 'oppose'],
    ]);
    expect(resultAnnouncement(tally, MAJOR, { closedAt: new Date('2025-11-30T10:00:00Z') })).toBe(
      [
        '表决已在 11月30日 18:00 结束，结果：通过。',
        '已表决 5 户：同意 4 户、反对 1 户、弃权 0 户；还有 1 户没表决。',
        '参加表决的户数 5 户，至少要 4 户：已达到',
        '参加表决的面积 500.00㎡，至少要 400.00㎡：已达到',
        '同意的户数 4 户，至少要 4 户：已达到',
        '同意的面积 400.00㎡，至少要 375.00㎡：已达到',
        '规则：参加表决的户数和面积都要达到全单元的三分之二以上；同意的户数和面积都要达到参加表决的四分之三以上。',
      ].join('\n'),
    );
  });

  it('announces a failure and which checks were not met', () => {
    const tally = tallyOf([
      ['101', 'agree'],
      ['102', 'agree'],
      ['201', 'agree'],
    ]);
    const text = resultAnnouncement(tally, MAJOR, { closedAt: new Date('2025-11-30T16:00:00Z') });
    expect(text.split('\n')[0]).toBe('表决已在 12月1日 00:00 结束，结果：没有通过。');
    expect(text).toContain('参加表决的户数 3 户，至少要 4 户：未达到');
    expect(text).not.toContain('还差');
  });
});

// ------------------------------------------------------------------------------------ objections

describe('the objection dialog, first step', () => {
  it('in publicity: says it counts until the end day, and that 其他 does not count', () => {
    const text = objectionAskGround({ kind: 'open', startedOn: '2025-03-10', endsOn: '2025-03-20' });
    expect(text.split('\n')[0]).toBe(
      '您要提异议。现在是公示期，到 3月20日 24:00 结束：影响您家通风、采光或通行的异议，算正式异议。',
    );
    expect(text).toContain('\n1 通风\n2 采光\n3 通行\n4 其他（不算正式异议，社区会看到）\n');
    expect(text.endsWith('不想提了，回复 取消。')).toBe(true);
  });

  it('before publicity: says at once that it will not count, and that it may still be left on record', () => {
    const text = objectionAskGround({ kind: 'not_yet' });
    expect(text.split('\n')[0]).toBe(
      '现在还不是公示期，这时提的异议不算正式异议。表决通过、签好协议后会公示，公示期内提才算。',
    );
    expect(text).toContain('您也可以先留下意见，社区会看到。');
    expect(text).toContain('\n4 其他\n');
  });

  it('after publicity: names the window that has passed', () => {
    const text = objectionAskGround({ kind: 'over', startedOn: '2025-03-10', endsOn: '2025-03-20' });
    expect(text.split('\n')[0]).toBe('公示期（3月10日 到 3月20日）已经结束，现在提的异议不算正式异议。');
  });
});

// ---------------------------------------------------------------------------------------- others

describe('every sentence', () => {
  const tally = tallyOf([['302', 'agree']]);
  const rooms = ['302', '101'];
  const samples: [string, string][] = [
    [
      'help',
      helpMessage({
        canRemind: true,
        objections: { kind: 'open', startedOn: '2025-03-10', endsOn: '2025-03-20' },
      }),
    ],
    ['confirm a vote', confirmVoteQuestion({ choice: 'agree', rooms: ['302'] })],
    ['no ballot to lean to', maybeVoteNoBallot()],
    ['leaning during a dialog', maybeVoteInDialog('oppose')],
    [
      'objection, first step, in publicity',
      objectionAskGround({ kind: 'open', startedOn: '2025-03-10', endsOn: '2025-03-20' }),
    ],
    ['objection, first step, before publicity', objectionAskGround({ kind: 'not_yet' })],
    [
      'progress, voting',
      caseProgressMessage(
        {
          stage: 'voting',
          planVersion: 1,
          publicityDays: 10,
          openObjections: 0,
          lastInspectionFailed: false,
          ballot: { tally, unvotedRooms: ['101'], earliestCloseAt: new Date(0) },
        },
        new Date(0),
      ),
    ],
    ['receipt', voteReceipt({ room: '302', choice: 'agree', at: new Date(0), hash: HASH })],
    ['group vote', groupVoteNotice({ room: '302', tally })],
    ['entered vote', enteredVoteNotice({ room: '302', channel: 'paper', tally })],
    ['no ballot', noOpenBallot()],
    ['other unit', notInThisUnit()],
    ['bound', householdBound({ room: '302', role: 'owner' })],
    ['bound notice', householdBoundNotice('302')],
    ['proxy pending', proxyBindingPending('302')],
    ['already bound', alreadyBound('302')],
    ['wrong code', wrongBindingCode(4)],
    ['locked', bindingLocked(new Date(0))],
    ['code said in a group, reissued', bindingCodeSaidInGroup(true)],
    ['code said in a group', bindingCodeSaidInGroup(false)],
    [
      'code reissued to the committee',
      bindingCodeReissuedToCommittee({ room: '302', code: EXAMPLE_BINDING_CODE, expiresAt: new Date(0) }),
    ],
    ['join request pending', joinRequestPending('302')],
    ['join request with no owner bound', joinRequestPending('302', false)],
    ['join request to owner', joinRequestToOwner('302')],
    ['join confirmed', joinConfirmedNotice('302')],
    ['expired code', bindingCodeExpired()],
    ['not bound', notBoundMessage({ afterVote: true })],
    ['unit bound', unitBoundNotice('演示新村 12幢2单元')],
    ['unit has a group', unitHasOtherGroup()],
    ['group already bound', groupAlreadyBound()],
    ['unbound group', unboundGroupLine()],
    ['reminder', reminderMessage({ room: '302', closesAt: new Date('2025-11-30T10:00:00Z') })],
    ['reminders sent', remindersSent({ rooms: 3, queued: 3, unboundRooms: ['101', '302'] })],
    ['already reminded today', remindersSent({ rooms: 3, queued: 0, unboundRooms: [] })],
    ['nobody to remind', remindersSent({ rooms: 0, queued: 0, unboundRooms: [] })],
    ['acknowledged', acknowledged(EXAMPLE_REFERENCE)],
    ['ballot detail', progressMessage(tally, MAJOR)],
    ['result', resultAnnouncement(tally, ORDINARY, { closedAt: new Date(0) })],
  ];

  it.each(samples)('%s is Chinese with no English except codes and rooms', (_name, text) => {
    expect(text).toMatch(HAN);
    expect(lettersOutside(text, [...rooms, EXAMPLE_BINDING_CODE, EXAMPLE_REFERENCE, receiptCode(HASH)])).toBe(
      '',
    );
  });

  it('reminds privately with the numbers to reply and the closing time', () => {
    expect(reminderMessage({ room: '302', closesAt: new Date('2025-11-30T10:00:00Z') })).toBe(
      '您好！单元里的表决还没有收到 302 的意见。回复 1 同意，2 反对，3 弃权。表决在 11月30日 18:00 结束。',
    );
  });

  it('tells whoever asked for reminders which rooms nobody can be reached in', () => {
    expect(remindersSent({ rooms: 3, queued: 4, unboundRooms: ['101', '302'] })).toBe(
      '已私聊提醒 3 户还没表决的住户。\n101、302 还没有人绑定，请上门提醒或送纸质表决票。',
    );
  });

  it('says so when the unvoted were already reminded today, rather than claiming to remind them again', () => {
    expect(remindersSent({ rooms: 2, queued: 0, unboundRooms: [] })).toBe(
      '还没表决的 2 户今天已经提醒过了，一天只提醒一次，明天可以再发。',
    );
  });
});

describe('alerts that could not go where they were due', () => {
  const facts = {
    ref: 'TX-3',
    kind: 'no_quorum',
    unitName: '朝晖7幢2单元',
    days: 14,
    voted: 5,
    households: 12,
  } as const;

  it('tell the level that got it which levels had no one recorded', () => {
    expect(alertNotice({ ...facts, level: 'committee' }).split('\n')[0]).toBe(
      '【需要跟进 TX-3】朝晖7幢2单元',
    );
    expect(alertNotice({ ...facts, level: 'subdistrict', skipped: ['committee'] }).split('\n')[0]).toBe(
      '【已转街道 TX-3】朝晖7幢2单元（居委会没有登记联系人）',
    );
    expect(
      alertNotice({ ...facts, level: 'district', escalatedAfter: 3, skipped: ['subdistrict'] }).split(
        '\n',
      )[0],
    ).toBe('【已转区住建部门 TX-3】朝晖7幢2单元（下一级 3 个工作日没有确认；街道没有登记联系人）');
  });

  it('tell the admins where it went, or that no one got it, and what to record', () => {
    expect(
      alertAdminNotice({ ...facts, level: 'subdistrict', skipped: ['committee'], unreached: false }),
    ).toBe(
      [
        '【提醒已越级 TX-3】朝晖7幢2单元',
        '居委会没有登记联系人，这条提醒已直接转给街道。',
        '加装电梯表决已经 14 天，参加表决的户数或面积还不到三分之二（已表决 5 户，共 12 户）。请上门或打电话问问还没表决的住户。',
        '请在管理后台为本单元登记居委会的联系人。',
      ].join('\n'),
    );
    const nobody = alertAdminNotice({ ...facts, level: 'committee', unreached: true }).split('\n');
    expect(nobody[0]).toBe('【提醒无人接收 TX-3】朝晖7幢2单元');
    expect(nobody[1]).toBe('居委会、街道、区住建部门都没有登记联系人，这条提醒没有发给任何人。');
    expect(nobody[3]).toBe('请在管理后台为本单元登记居委会、街道、区住建部门的联系人，并尽快跟进。');
    expect(alertAdminNotice({ ...facts, level: 'district', unreached: true }).split('\n')[1]).toBe(
      '区住建部门没有登记联系人，这条提醒没有发给任何人。',
    );
  });
});
