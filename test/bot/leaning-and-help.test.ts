/**
 * Residents are never left without an answer, and never answered in front of the whole group when
 * only they asked: words that lean to a choice (`支持`, `👍`, `[强]`, `我改成同意吧`), confusion (`？？？`,
 * `怎么弄`), `帮助` and `进度` — through the real bot on the mock puppet, the embedded database and the
 * real outbox. A leaning word is answered privately with the one number that votes, and nothing is
 * counted until that number is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import {
  confirmVoteQuestion,
  helpMessage,
  householdBound,
  maybeVoteInDialog,
  maybeVoteNoBallot,
  notBoundMessage,
  objectionAskGround,
  objectionCancelled,
} from '../../messages/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { OutboxDoc } from '../../models/outbox.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';

const DAY = 86_400_000;
const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'leaning_help');
const { post } = world;
let system: System;
let group: mock.RoomMock;
let unbound: mock.RoomMock;
let li: mock.ContactMock;
let wang: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let ballotId: string;

const say = (who: mock.ContactMock, text: string, where: 'group' | 'bot' | mock.RoomMock = 'group') =>
  world.say(who, text, where === 'group' ? group : where);
const privately = world.privately;
const inGroup = () => world.inRoom(group);
const votes = () =>
  system.models.caseEvents.find({ caseId: unitId, type: 'VoteCast' }).lean<CaseEventDoc[]>().exec();
/** Every reply queued for `message` (`reply:<messageId>:<n>`), in order. */
const repliesTo = async (message: Message) =>
  (
    await system.models.outbox
      .find({ _id: { $regex: `^reply:${message.id}:` } })
      .lean<OutboxDoc[]>()
      .exec()
  ).sort((a, b) => a._id.localeCompare(b._id));

/**
 * Says `text` as `who` and waits for the one private answer `reply`: it must be the only reply to the
 * message, and go to the speaker — the group hears nothing.
 */
async function answeredPrivately(
  who: mock.ContactMock,
  text: string,
  reply: string,
  where: 'group' | 'bot' | mock.RoomMock = 'group',
): Promise<void> {
  const count = () => privately(who).filter((t) => t === reply).length;
  const before = count();
  const message = await say(who, text, where);
  await waitFor(() => count() > before);
  const queued = await repliesTo(message);
  expect(queued.map((doc) => ({ to: doc.to, text: doc.text }))).toEqual([
    { to: { kind: 'contact', id: who.id }, text: reply },
  ]);
}

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, zhang, group } = world.residents());
  const mocker = system.mocker!;
  unbound = mocker.createRoom({
    topic: '测试小区 9 幢 1 单元',
    memberIdList: [mocker.puppet.currentUserId, li.id, zhang.id],
  });
  ({ unitId, ballotId } = await world.unitWithBallot(group));
  const codes = (await post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
    room: string;
    code: string;
  }[];
  const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;
  await say(li, `绑定 ${codeOf('302')}`, 'bot');
  await waitFor(() => privately(li).includes(householdBound({ room: '302', role: 'owner' })));
  await say(wang, `绑定 ${codeOf('101')}`, 'bot');
  await waitFor(() => privately(wang).includes(householdBound({ room: '101', role: 'owner' })));
});

afterAll(world.stop);

describe('a word that leans to a choice, while the ballot is open', () => {
  const toAgree = confirmVoteQuestion({ choice: 'agree', rooms: ['302'] });

  it.each([['支持'], ['👍'], ['[强]'], ['我改成同意吧']])(
    '%s in the group: a private one-tap confirmation, nothing in the group, no vote',
    async (text) => {
      await answeredPrivately(li, text, toAgree);
      expect(toAgree).toBe('您是想为 302 表决「同意」吗？确认请回复 1；不是的话不用回复。');
      expect(await votes()).toEqual([]);
    },
  );

  it('said privately: the same confirmation; 不支持 asks to confirm 反对 with 2', async () => {
    await answeredPrivately(li, '我改成同意吧', toAgree, 'bot');
    await answeredPrivately(wang, '不支持', confirmVoteQuestion({ choice: 'oppose', rooms: ['101'] }), 'bot');
    expect(await votes()).toEqual([]);
  });

  it('the 1 asked for is the vote: recorded once, with its receipt and the group notice', async () => {
    const message = await say(li, '1');
    await waitFor(() => privately(li).some((t) => t.startsWith('302 的表决已记录：同意。')));
    const cast = await votes();
    expect(cast).toHaveLength(1);
    expect(cast[0]!.data).toMatchObject({ room: '302', choice: 'agree', messageId: message.id });
    await waitFor(() => inGroup().some((t) => t.startsWith('302 已表决。')));
  });

  it('from a member bound to no flat: a private hint how to bind, nothing in the group', async () => {
    await answeredPrivately(zhang, '👍', notBoundMessage());
    expect(await votes()).toHaveLength(1);
  });

  it('while the speaker’s 异议 dialog waits for a number: how to leave it first, no vote', async () => {
    await answeredPrivately(wang, '异议', objectionAskGround({ kind: 'not_yet' }), 'bot');
    await answeredPrivately(wang, '支持', maybeVoteInDialog('agree'));
    await answeredPrivately(wang, '取消', objectionCancelled(), 'bot');
    expect(await votes()).toHaveLength(1);
  });

  it('in a group bound to no unit: ignored, the group hears nothing', async () => {
    const message = await say(li, '👍', unbound);
    expect((await world.inbox(message.id))?.status).toBe('ignored');
    expect(await repliesTo(message)).toEqual([]);
    expect(await system.models.outbox.countDocuments({ _id: { $regex: '^unbound:' } })).toBe(0);
  });
});

describe('help and confusion', () => {
  it.each([['？？？'], ['怎么弄'], ['帮助']])(
    '%s in the group: the menu privately, naming 异议; nothing in the group',
    async (text) => {
      const menu = helpMessage({ objections: { kind: 'not_yet' } });
      await answeredPrivately(zhang, text, menu);
      expect(menu).toContain('异议：要在公示期内提（表决通过、签好协议后公示），到时回复 异议。');
      expect(inGroup().some((t) => t.startsWith('您可以这样回复我'))).toBe(false);
    },
  );
});

describe('进度 while voting', () => {
  it('answers in the group in three lines: the count with the rooms missing, what passing needs, the close', async () => {
    const message = await say(zhang, '进度');
    await waitFor(async () => (await repliesTo(message)).length > 0);
    const [reply] = await repliesTo(message);
    expect(reply!.to).toEqual({ kind: 'room', id: group.id });
    const lines = reply!.text.split('\n');
    expect(lines).toEqual([
      '现在：「表决」阶段，已表决 1 户（共 6 户），还没表决：101、102、201、202、301。',
      '下一步：还差 3 户、150.00㎡ 同意才能通过；通过后签订协议、公示 10 天。',
      '时间：表决到 3月10日 10:00 结束。',
    ]);
  });

  it('表决详情 answers with the four legal checks', async () => {
    const message = await say(zhang, '表决详情');
    await waitFor(async () => (await repliesTo(message)).length > 0);
    const [reply] = await repliesTo(message);
    expect(reply!.text).toMatch(/^表决进度（全单元 6 户、300\.00㎡）/);
    expect(reply!.text).toContain('参加表决的户数 1 户，至少要 4 户：未达到');
  });
});

describe('after the ballot closed', () => {
  it('a leaning word gets a kind private answer that nothing is open to vote on', async () => {
    clock.set(new Date(Date.parse(T0) + 7 * DAY).toISOString());
    expect((await post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    await answeredPrivately(li, '支持', maybeVoteNoBallot());
    expect(await votes()).toHaveLength(1);
  });

  it('进度 says the last ballot did not pass and what comes next', async () => {
    const message = await say(wang, '进度', 'bot');
    await waitFor(async () => (await repliesTo(message)).length > 0);
    const [reply] = await repliesTo(message);
    expect(reply!.to).toEqual({ kind: 'contact', id: wang.id });
    expect(reply!.text.split('\n')[0]).toBe('现在：「表决」阶段，上次表决没有通过。');
  });
});
