/**
 * The `异议` dialog, the committee's alert and `收到 <ref>` in the real system: the
 * bot on the mock puppet, the embedded database, the real outbox. One unit goes from voting (a dialog
 * beside other people's votes; an objection outside the window) through a passed ballot and the signed
 * agreement (the group announcement) to objections during publicity and after it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import {
  acknowledged,
  alreadyAcknowledged,
  errorMessage,
  helpMessage,
  householdBound,
  notBoundMessage,
  objectionAskGround,
  objectionAskText,
  objectionByOwner,
  objectionCancelled,
  objectionConfirm,
  objectionFiled,
  objectionInvalidConfirm,
  objectionInvalidGround,
  objectionInvalidText,
  publicityStartedNotice,
} from '../../messages/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';
import { rooms } from '../support/units.js';

const DAY = 86_400_000;
const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'objection');
const { post } = world;
let system: System;
let group: mock.RoomMock;
let li: mock.ContactMock;
let wang: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let ballotId: string;
let codes: { room: string; code: string }[];

const say = (who: mock.ContactMock, text: string, where: 'group' | 'bot' = 'bot') =>
  world.say(who, text, where === 'group' ? group : 'bot');
const privately = world.privately;
const inGroup = () => world.inRoom(group);
/** Waits until the bot said `text` privately to `who`. */
const told = (who: mock.ContactMock, text: string) => waitFor(() => privately(who).includes(text));
const events = async (type: string) =>
  (await system.commands.streams.load(unitId)).filter((event) => event.type === type);
/** The reference in the bot's last `已提交`/`已记录` answer to `who`. */
const lastRef = (who: mock.ContactMock) => {
  const filed = privately(who).filter((t) => /编号 YY-\d+/.test(t));
  return /编号 (YY-\d+)/.exec(filed.at(-1)!)![1]!;
};

/**
 * Says `text` privately and waits for the bot's answer `reply` (one more of it than before): the
 * dialog's steps must not overtake each other (`world.say` may return before the bot recorded the
 * message).
 */
async function answer(who: mock.ContactMock, text: string, reply: string): Promise<void> {
  const count = () => privately(who).filter((t) => t === reply).length;
  const before = count();
  await say(who, text);
  await waitFor(() => count() > before);
}

/** The publicity window of this unit once the agreement is signed (T0 + 7 days, 10 days). */
const PUBLICITY = { startedOn: '2025-03-10', endsOn: '2025-03-20' };
const IN_PUBLICITY = objectionAskGround({ kind: 'open', ...PUBLICITY });

const GROUNDS = { '1': 'ventilation', '2': 'daylight', '3': 'passage', '4': 'other' } as const;

/** Goes through the dialog privately after `异议` was answered: ground, details, then `1`. */
async function object(who: mock.ContactMock, ground: keyof typeof GROUNDS, text: string, room: string) {
  await answer(who, ground, objectionAskText(GROUNDS[ground]));
  await answer(who, text, objectionConfirm({ room, ground: GROUNDS[ground], text }));
  await say(who, '1');
}

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, zhang, group } = world.residents());
  ({ unitId, ballotId } = await world.unitWithBallot(group));
});

afterAll(world.stop);

describe('setup', () => {
  it('binds 302 (li) and 101 (wang); zhang is recorded as committee and bound to no flat', async () => {
    codes = (await post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as typeof codes;
    const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;
    await say(li, `绑定 ${codeOf('302')}`);
    await told(li, householdBound({ room: '302', role: 'owner' }));
    await say(wang, `绑定 ${codeOf('101')}`);
    await told(wang, householdBound({ room: '101', role: 'owner' }));
    const role = await post(`/api/v1/units/${unitId}/contacts`, { contactId: zhang.id, role: 'committee' });
    expect(role.status).toBe(201);
  });
});

describe('while voting', () => {
  it('an unbound member gets the binding hint and no dialog', async () => {
    await say(zhang, '异议', 'group');
    await told(zhang, notBoundMessage());
    expect(await system.models.dialogs.findById(zhang.id).lean().exec()).toBeNull();
  });

  it('a member bound only as a proxy is pointed to the owner or paper, with no dialog', async () => {
    const sun = system.mocker!.createContact({ name: '孙女' });
    await say(sun, `代办 ${codes.find((c) => c.room === '201')!.code}`);
    await waitFor(() => privately(sun).length > 0);
    await answer(sun, '异议', objectionByOwner());
    expect(await system.models.dialogs.findById(sun.id).lean().exec()).toBeNull();
  });

  it('异议 in the group continues privately; numbers of the objector answer the dialog, others still vote', async () => {
    const asked = privately(li).length;
    await say(li, '异议', 'group');
    await told(li, objectionAskGround({ kind: 'not_yet' }));
    expect(privately(li)).toHaveLength(asked + 1);
    // The first message says at once that an objection now, before publicity, will not count.
    expect(privately(li).at(-1)!.split('\n')[0]).toBe(
      '现在还不是公示期，这时提的异议不算正式异议。表决通过、签好协议后会公示，公示期内提才算。',
    );
    expect(inGroup().some((t) => t.includes('异议'))).toBe(false);

    const votes0 = (await say(wang, '1', 'group')).id;
    await waitFor(() => privately(wang).some((t) => t.startsWith('101 的表决已记录：同意。')));
    await say(li, '2', 'group');
    await told(li, objectionAskText('daylight'));
    await waitFor(async () => (await world.inbox(votes0))?.status === 'handled');
    const votes = await events('VoteCast');
    expect(votes.map((v) => (v.data as { room: string }).room)).toEqual(['101']);
  });

  it('records an objection filed outside the publicity window as not effective, saying why', async () => {
    const text = '电梯井挡住我家客厅的阳光';
    await answer(li, text, objectionConfirm({ room: '302', ground: 'daylight', text }));
    await say(li, '1');
    await waitFor(() => privately(li).some((t) => t.startsWith('您的意见已记录')));
    const ref = lastRef(li);
    expect(privately(li)).toContain(objectionFiled({ ref, effective: false, reasons: ['outside_window'] }));
    expect(privately(li).at(-1)).toContain('现在不在公示期内');
    const [filed] = await events('ObjectionFiled');
    expect(filed).toMatchObject({
      actor: { kind: 'resident', id: li.id },
      channel: 'wechat',
      data: {
        objectionId: ref,
        channel: 'wechat',
        named: true,
        written: true,
        effective: false,
        ineffectiveReasons: ['outside_window'],
        objector: { room: '302', contactId: li.id },
        text: '电梯井挡住我家客厅的阳光',
      },
    });
    expect(await system.models.dialogs.findById(li.id).lean().exec()).toBeNull();
  });

  it('answers invalid replies at each step with what to send, and cancels on 2', async () => {
    await answer(li, '异议', objectionAskGround({ kind: 'not_yet' }));
    await answer(li, '5', objectionInvalidGround());
    await answer(li, '3', objectionAskText('passage'));
    await answer(li, '3', objectionInvalidText());
    const text = '楼道变窄，轮椅过不去';
    await answer(li, text, objectionConfirm({ room: '302', ground: 'passage', text }));
    await answer(li, '好的', objectionInvalidConfirm());
    await answer(li, '2', objectionCancelled());
    expect(await events('ObjectionFiled')).toHaveLength(1);
    expect(await system.models.dialogs.findById(li.id).lean().exec()).toBeNull();
  });
});

describe('publicity', () => {
  it('the signed agreement is announced in the group with its end day', async () => {
    for (const room of rooms(6).filter((r) => r !== '101')) {
      const cast = await post(`/api/v1/ballots/${ballotId}/votes`, {
        room,
        choice: 'agree',
        channel: 'paper',
        reference: `P-${room}`,
      });
      expect(cast.status).toBe(201);
    }
    clock.set(new Date(Date.parse(T0) + 7 * DAY).toISOString());
    expect((await post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    const signed = await post(`/api/v1/units/${unitId}/agreement`, {});
    expect(signed.status).toBe(201);
    expect(signed.body.publicity.endsOn).toBe('2025-03-20');
    const notice = publicityStartedNotice({ days: 10, endsOn: '2025-03-20' });
    await waitFor(() => inGroup().includes(notice));
    expect(notice).toContain('至 3月20日 24:00 结束');
  });

  it('帮助 in the group answers privately, naming 异议 and the day publicity ends; the group hears nothing', async () => {
    const asked = await say(li, '帮助', 'group');
    await told(li, helpMessage({ objections: { kind: 'open', ...PUBLICITY } }));
    expect(privately(li).at(-1)).toContain('有异议（影响通风、采光或通行）：公示期到 3月20日，回复 异议。');
    const replies = await system.models.outbox
      .find({ _id: { $regex: `^reply:${asked.id}:` } })
      .lean()
      .exec();
    expect(replies.map((reply) => reply.to)).toEqual([{ kind: 'contact', id: li.id }]);
    expect(inGroup().some((t) => t.startsWith('您可以这样回复我'))).toBe(false);
  });

  it('进度 in the group answers there: publicity, how to object, and the day it ends', async () => {
    const before = inGroup().length;
    await say(wang, '进度', 'group');
    const answered = () =>
      inGroup()
        .slice(before)
        .filter((t) => t.startsWith('现在：'));
    await waitFor(() => answered().length > 0);
    expect(answered()).toEqual([
      [
        '现在：「公示」阶段，协议书和方案正在公示。',
        '下一步：公示期内有异议，私聊我发「异议」；公示结束后报批申请。',
        '时间：公示到 3月20日 24:00 结束。',
      ].join('\n'),
    ]);
  });

  it('the whole dialog files an effective objection, with a reference, and alerts the committee privately', async () => {
    clock.set(new Date(Date.parse(T0) + 8 * DAY).toISOString());
    const asked = privately(li).filter((t) => t === IN_PUBLICITY).length;
    await say(li, '异议', 'group');
    await waitFor(() => privately(li).filter((t) => t === IN_PUBLICITY).length > asked);
    expect(IN_PUBLICITY).toContain('现在是公示期，到 3月20日 24:00 结束');
    await object(li, '2', '电梯挡住了南面的光', '302');
    await waitFor(() => privately(li).some((t) => t.startsWith('您的异议已提交')));
    const ref = lastRef(li);
    expect(privately(li).at(-1)).toBe(objectionFiled({ ref, effective: true, reasons: [] }));
    const filed = (await events('ObjectionFiled')).at(-1)!;
    expect(filed).toMatchObject({
      actor: { kind: 'resident', id: li.id },
      channel: 'wechat',
      data: { objectionId: ref, effective: true, ground: 'daylight', text: '电梯挡住了南面的光' },
    });
    const textMessage = await system.models.inbox.findOne({ text: '电梯挡住了南面的光' }).lean().exec();
    expect((filed.data as { messageId: string }).messageId).toBe(textMessage!._id);
    await waitFor(() => privately(zhang).some((t) => t.startsWith(`新异议 ${ref}`)));
    const alert = privately(zhang).find((t) => t.startsWith(`新异议 ${ref}`))!;
    expect(alert).toContain('302');
    expect(alert).toContain('这是有效异议');
    expect(alert).toContain(`请回复 收到 ${ref} 确认。`);
  });

  it('收到 <ref> from the committee is recorded once; again changes nothing', async () => {
    const ref = lastRef(li);
    await answer(zhang, `收到 ${ref}`, acknowledged(ref));
    await answer(zhang, `收到 ${ref.toLowerCase().replace('-', '')}`, alreadyAcknowledged(ref));
    const acks = await events('ObjectionAcknowledged');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({
      actor: { kind: 'committee', id: zhang.id },
      channel: 'wechat',
      data: { objectionId: ref, contactId: zhang.id, role: 'committee' },
    });
  });

  it('收到 from a resident is refused; an unknown reference is answered kindly', async () => {
    const ref = lastRef(li);
    await answer(wang, `收到 ${ref}`, errorMessage('forbidden', { action: 'acknowledge_objection' }));
    await answer(zhang, '收到 YY-99999', errorMessage('objection_not_found', { objectionId: 'YY-99999' }));
    expect(await events('ObjectionAcknowledged')).toHaveLength(1);
  });

  it('an objection on another ground is recorded as not effective, with the reason in plain words', async () => {
    await answer(wang, '异议', IN_PUBLICITY);
    await object(wang, '4', '施工会很吵', '101');
    await waitFor(() => privately(wang).some((t) => t.startsWith('您的意见已记录')));
    const ref = lastRef(wang);
    expect(privately(wang).at(-1)).toBe(
      objectionFiled({ ref, effective: false, reasons: ['ground_not_covered'] }),
    );
    expect(privately(wang).at(-1)).toContain('只有影响通风、采光或通行的才算正式异议');
  });

  it('two 1s sent at once to confirm file one objection', async () => {
    const before = (await events('ObjectionFiled')).length;
    await answer(wang, '异议', IN_PUBLICITY);
    const text = '窗户被挡，不通风';
    await answer(wang, '1', objectionAskText('ventilation'));
    await answer(wang, text, objectionConfirm({ room: '101', ground: 'ventilation', text }));
    const bot = system.mocker!.ContactMock.load(system.mocker!.puppet.currentUserId);
    const handled = await system.models.inbox.countDocuments({ talkerId: wang.id, status: 'handled' });
    wang.say('1').to(bot);
    wang.say('1').to(bot);
    await waitFor(
      async () =>
        (await system.models.inbox.countDocuments({ talkerId: wang.id, status: 'handled' })) === handled + 2,
    );
    await waitFor(() => privately(wang).filter((t) => t.startsWith('您的异议已提交')).length === 1);
    expect(await events('ObjectionFiled')).toHaveLength(before + 1);
  });

  it('after publicity ended an objection is outside the window, and the window is named', async () => {
    clock.set('2025-03-20T16:00:00.000Z');
    await answer(li, '异议', objectionAskGround({ kind: 'over', ...PUBLICITY }));
    expect(privately(li).at(-1)).toContain(
      '公示期（3月10日 到 3月20日）已经结束，现在提的异议不算正式异议。',
    );
    await object(li, '1', '挡风', '302');
    await waitFor(() => privately(li).filter((t) => t.startsWith('您的意见已记录')).length === 2);
    expect(privately(li).at(-1)).toContain('不在公示期内（公示期是 3月10日 到 3月20日）');
  });
});

describe('logs', () => {
  it('never contain what objectors wrote', () => {
    const text = world.logLines.join('');
    expect(text).toContain('case event appended');
    for (const said of ['电梯挡住了南面的光', '施工会很吵', '窗户被挡，不通风', '楼道变窄']) {
      expect(text).not.toContain(said);
    }
  });
});
