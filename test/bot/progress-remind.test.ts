/**
 * `进度` (and `表决详情`), `提醒` and the announcement of votes entered through the API in the
 * real system: the bot on the mock puppet, the embedded database, the real outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import {
  enteredVoteNotice,
  householdBound,
  reminderMessage,
  errorMessage,
  remindersSent,
  myCostsMessage,
} from '../../messages/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { T0 } from '../support/http.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'progress_remind');
const { post } = world;
let system: System;
let group: mock.RoomMock;
let li: mock.ContactMock;
let wang: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let codes: { room: string; code: string }[];
let ballotId: string;
let closesAt: string;

/** Says `text` as `who` (in the group, or privately to the bot) and waits until it is handled. */
const say = (who: mock.ContactMock, text: string, where: 'group' | 'bot' = 'group'): Promise<Message> =>
  world.say(who, text, where === 'group' ? group : 'bot');
const privately = world.privately;
const inGroup = () => world.inRoom(group);
const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, zhang, group } = world.residents());
  ({ unitId, ballotId, closesAt } = await world.unitWithBallot(group));
});

afterAll(world.stop);

const reminders = () => system.models.outbox.countDocuments({ _id: { $regex: '^remind:' } });

describe('setup: bindings, a vote, a committee contact', () => {
  it('binds 302 (li) and 101 (wang); li votes; zhang is recorded as committee', async () => {
    codes = (await post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as typeof codes;
    await say(li, `绑定 ${codeOf('302')}`, 'bot');
    await waitFor(() => privately(li).includes(householdBound({ room: '302', role: 'owner' })));
    await say(wang, `绑定 ${codeOf('101')}`, 'bot');
    await waitFor(() => privately(wang).includes(householdBound({ room: '101', role: 'owner' })));
    await say(li, '同意');
    const role = await post(`/api/v1/units/${unitId}/contacts`, { contactId: zhang.id, role: 'committee' });
    expect(role.status).toBe(201);
  });
});

describe('我的费用', () => {
  it('answers privately, even asked in the group, and the group hears nothing', async () => {
    await say(li, '我的费用');
    await waitFor(() =>
      privately(li).includes(
        myCostsMessage([{ kind: 'not_agreed', unitId, unitName: '测试单元', room: '302' }]),
      ),
    );
    expect(inGroup().filter((text) => text.includes('费用') || text.includes('分摊'))).toEqual([]);
  });
});

describe('进度', () => {
  it('answers in the group in three short lines: the count and the rooms missing, what passing needs, the close', async () => {
    const before = inGroup().length;
    await say(zhang, '进度');
    await waitFor(() =>
      inGroup()
        .slice(before)
        .some((t) => t.startsWith('现在：')),
    );
    const text = inGroup()
      .slice(before)
      .find((t) => t.startsWith('现在：'))!;
    expect(text.split('\n')).toEqual([
      '现在：「表决」阶段，已表决 1 户（共 6 户），还没表决：101、102、201、202、301。',
      '下一步：还差 3 户、150.00㎡ 同意才能通过；通过后签订协议、公示 10 天。',
      '时间：表决到 3月10日 10:00 结束。',
    ]);
  });

  it('answers privately when asked privately by a bound resident', async () => {
    await say(wang, '进度', 'bot');
    await waitFor(() => privately(wang).some((t) => t.startsWith('现在：「表决」阶段')));
  });

  it('表决详情 answers with the counts, the four checks and what is missing', async () => {
    const before = inGroup().length;
    await say(zhang, '表决详情');
    await waitFor(() =>
      inGroup()
        .slice(before)
        .some((t) => t.startsWith('表决进度')),
    );
    const text = inGroup()
      .slice(before)
      .find((t) => t.startsWith('表决进度'))!;
    expect(text).toContain('全单元 6 户');
    expect(text).toContain('已表决 1 户：同意 1 户、反对 0 户、弃权 0 户；还有 5 户没表决。');
    expect(text).toContain('同意的户数 1 户');
    expect(text).toContain('同意的面积');
    expect(text).toMatch(/还差 \d+ 户/);
  });
});

describe('提醒', () => {
  it('from the committee: one private reminder per unvoted bound household, none to voters', async () => {
    await say(zhang, '提醒', 'bot');
    const sent = remindersSent({ rooms: 1, queued: 1, unboundRooms: ['102', '201', '202', '301'] });
    await waitFor(() => privately(zhang).includes(sent));
    const reminder = reminderMessage({ room: '101', closesAt: new Date(closesAt) });
    await waitFor(() => privately(wang).includes(reminder));
    expect(privately(li).filter((t) => t.startsWith('您好！单元里的表决'))).toEqual([]);
    const queued = await system.models.outbox
      .find({ _id: { $regex: '^remind:' } })
      .lean()
      .exec();
    expect(queued.map((m) => ({ _id: m._id, to: m.to, priority: m.priority }))).toEqual([
      {
        _id: `remind:${ballotId}:${wang.id}:2025-03-03`,
        to: { kind: 'contact', id: wang.id },
        priority: 'notice',
      },
    ]);
  });

  it('a second 提醒 the same day sends nothing new, and says so', async () => {
    const before = privately(zhang).length;
    await say(zhang, '提醒');
    await waitFor(() => privately(zhang).length > before);
    expect(privately(zhang).at(-1)).toBe(
      remindersSent({ rooms: 1, queued: 0, unboundRooms: ['102', '201', '202', '301'] }),
    );
    expect(await reminders()).toBe(1);
    expect(privately(wang).filter((t) => t.startsWith('您好！单元里的表决'))).toHaveLength(1);
  });

  it('from a resident is kindly refused, and reminds no one', async () => {
    await say(wang, '提醒');
    await waitFor(() => privately(wang).includes(errorMessage('forbidden', { action: 'remind' })));
    expect(await reminders()).toBe(1);
  });
});

describe('votes entered through the API', () => {
  it('announces a paper vote in the bound group, once, under announce:<caseId>:<seq>', async () => {
    const cast = await post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '102',
      choice: 'oppose',
      channel: 'paper',
      reference: 'P-102',
    });
    expect(cast.status).toBe(201);
    const event = await system.models.caseEvents
      .findOne({ caseId: unitId, type: 'VoteCast', 'data.room': '102' })
      .lean()
      .exec();
    const announce = await system.models.outbox.findById(`announce:${unitId}:${event!.seq}`).lean().exec();
    expect(announce).toMatchObject({ to: { kind: 'room', id: group.id }, priority: 'notice' });
    await waitFor(() => inGroup().some((t) => t.startsWith('102 纸质表决已录入。')));
    const text = inGroup().find((t) => t.startsWith('102 纸质表决已录入。'))!;
    expect(text).toBe(announce!.text);
    expect(text).not.toContain('反对');
    expect(text.split('\n')[1]).toBe('已表决 2 户，共 6 户。');
    expect(enteredVoteNotice).toBeInstanceOf(Function);
  });
});
