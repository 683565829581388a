/**
 * Reminders that do not depend on the group chat: in the real system (the bot on the mock puppet,
 * the embedded database, the real outbox worker) with WeChat's server API played by the local
 * stand-in. Three households have not voted: 302 is bound in chat, 101 and 102 through the
 * mini-program. 101's resident allowed ballot reminders (`wx.requestSubscribeMessage` → accept),
 * 102's did not. A round of `提醒` reaches each where they can be reached — 302 in a private chat,
 * 101 by a subscription message that opens the vote page, 102 nowhere — and never twice: the same
 * round again sends nothing, and a later day sends 101 nothing more than the one reminder allowed.
 * When the agreement is signed, 101 (who allowed publicity notices) is told publicity has started and
 * until when; 102 is not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import { FixedClock } from '../../lib/clock.js';
import { householdBound, reminderMessage } from '../../messages/index.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { BotWorld, FAST_OUTBOX, waitFor } from '../support/bot.js';
import { T0, type Json } from '../support/http.js';
import {
  STANDIN_APPID,
  STANDIN_SECRET,
  startWechatStandIn,
  type WechatStandIn,
} from '../support/wechat-standin.js';

const TEMPLATE = 'tmpl-ballot-reminder';
const PUBLICITY = 'tmpl-publicity-notice';
const clock = new FixedClock(T0);
let standIn: WechatStandIn;
let world: BotWorld;
let group: mock.RoomMock;
let li: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let ballotId: string;
let closesAt: string;
const sessions: Record<string, string> = {};

/** Calls the API as the resident signed in with `token`. */
async function asResident(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${world.system.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** Signs `openid` in through WeChat (a `wx.login` code from the stand-in) and binds `room` with its code. */
async function miniprogramResident(openid: string, code: string): Promise<string> {
  const signed = await fetch(`${world.system.url}/api/v1/sessions/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: standIn.login(openid) }),
  });
  expect(signed.status).toBe(201);
  const token = ((await signed.json()) as Json).token as string;
  expect((await asResident(token, 'POST', '/me/flats', { code })).status).toBe(201);
  return token;
}

const reminded = async (): Promise<OutboxDoc[]> =>
  (
    await world.system.models.outbox
      .find({ _id: { $regex: '^remind:' } })
      .lean<OutboxDoc[]>()
      .exec()
  ).sort((a, b) => a._id.localeCompare(b._id));

beforeAll(async () => {
  standIn = await startWechatStandIn();
  world = new BotWorld(clock, 'mp_remind', {
    ...FAST_OUTBOX,
    WECHAT_APPID: STANDIN_APPID,
    WECHAT_SECRET: STANDIN_SECRET,
    WECHAT_API_BASE: standIn.url,
    WECHAT_TEMPLATE_BALLOT: TEMPLATE,
    WECHAT_TEMPLATE_PUBLICITY: PUBLICITY,
  });
  await world.start();
  ({ li, zhang, group } = world.residents());
  ({ unitId, ballotId, closesAt } = await world.unitWithBallot(group));
  const codes = (await world.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
    room: string;
    code: string;
  }[];
  const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;
  await world.say(li, `绑定 ${codeOf('302')}`, 'bot');
  await waitFor(() => world.privately(li).includes(householdBound({ room: '302', role: 'owner' })));
  sessions.wang = await miniprogramResident('o-wang', codeOf('101'));
  sessions.zhao = await miniprogramResident('o-zhao', codeOf('102'));
  expect(
    (await world.post(`/api/v1/units/${unitId}/contacts`, { contactId: zhang.id, role: 'committee' })).status,
  ).toBe(201);
});

afterAll(async () => {
  await world?.stop();
  await standIn?.close();
});

describe('allowing reminders in the mini-program', () => {
  it('offers the ballot reminder’s template, none allowed yet', async () => {
    const read = await asResident(sessions.wang!, 'GET', '/me/reminders');
    expect(read.status).toBe(200);
    expect(read.body.reminders).toEqual([
      { kind: 'ballot', templateId: TEMPLATE, remaining: 0 },
      { kind: 'publicity', templateId: PUBLICITY, remaining: 0 },
    ]);
  });

  it('counts one reminder per 允许, and nothing for 拒绝 or a template this deployment does not use', async () => {
    standIn.allow('o-wang', TEMPLATE); // the tap, as WeChat records it
    const wang = await asResident(sessions.wang!, 'POST', '/me/reminders', {
      results: { [TEMPLATE]: 'accept', 'tmpl-unknown': 'accept' },
    });
    expect(wang.status).toBe(200);
    expect(wang.body.reminders[0]).toEqual({ kind: 'ballot', templateId: TEMPLATE, remaining: 1 });
    const zhao = await asResident(sessions.zhao!, 'POST', '/me/reminders', {
      results: { [TEMPLATE]: 'reject' },
    });
    expect(zhao.body.reminders[0].remaining).toBe(0);
    // The consent is an audited event on the platform stream; the refusal appended nothing.
    const events = await world.system.models.caseEvents
      .find({ caseId: 'platform', type: 'RemindersAllowed' })
      .lean<{ data: Json; channel: string }[]>()
      .exec();
    expect(events.map((e) => [e.data.contactId, e.data.kinds, e.channel])).toEqual([
      ['mp:o-wang', ['ballot'], 'miniprogram'],
    ]);
  });

  it('answers a malformed consent with a clear refusal, storing nothing', async () => {
    const bad = await asResident(sessions.wang!, 'POST', '/me/reminders', {
      results: { [TEMPLATE]: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await asResident(sessions.wang!, 'GET', '/me/reminders')).body.reminders[0].remaining).toBe(1);
  });
});

describe('a round of reminders', () => {
  it('reaches 302 in chat, 101 by a subscription message to the vote page, and 102 nowhere', async () => {
    await world.say(zhang, '提醒', 'bot');
    await waitFor(() => standIn.delivered.some((m) => m.touser === 'o-wang'));
    const message = standIn.delivered.find((m) => m.touser === 'o-wang')!;
    expect(message).toEqual({
      touser: 'o-wang',
      templateId: TEMPLATE,
      page: `pages/vote/index?ballotId=${ballotId}`,
      data: {
        thing1: '测试单元加装电梯表决',
        time2: '2025年3月10日 10:00',
        thing3: '您家还没表决，点这里投票',
      },
      state: 'formal',
    });
    await waitFor(() =>
      world.privately(li).includes(reminderMessage({ room: '302', closesAt: new Date(closesAt) })),
    );
    await waitFor(async () => (await reminded()).every((m) => m.status === 'sent'));
    const queued = await reminded();
    expect(queued.map((m) => [m.to.kind, m.to.id, m.status])).toEqual([
      ['contact', li.id, 'sent'],
      ['subscriber', 'o-wang', 'sent'],
    ]);
    // Nobody tried to find a mini-program resident in chat.
    expect(queued.some((m) => m.to.id.startsWith('mp:'))).toBe(false);
    expect(standIn.delivered.some((m) => m.touser === 'o-zhao')).toBe(false);
    expect((await asResident(sessions.wang!, 'GET', '/me/reminders')).body.reminders[0].remaining).toBe(0);
  });

  it('sends nothing twice: the same round again, and the next day past what 101 allowed', async () => {
    const delivered = standIn.delivered.length;
    await world.say(zhang, '提醒', 'bot');
    clock.set(new Date(Date.parse(T0) + 86_400_000));
    await world.say(zhang, '提醒', 'bot');
    // The next day's chat reminder to 302 goes out; 101 has no tap left, so nothing is queued for it.
    await waitFor(
      async () =>
        (await reminded()).filter((m) => m.to.kind === 'contact' && m.status === 'sent').length === 2,
    );
    expect((await reminded()).filter((m) => m.to.kind === 'subscriber')).toHaveLength(1);
    expect(standIn.delivered.length).toBe(delivered);
  });
});

describe('the start of publicity', () => {
  it('tells the mini-program resident who allowed it, once, until when to object; not the one who did not', async () => {
    standIn.allow('o-wang', PUBLICITY);
    const allowed = await asResident(sessions.wang!, 'POST', '/me/reminders', {
      results: { [PUBLICITY]: 'accept' },
    });
    expect(allowed.body.reminders[1]).toEqual({ kind: 'publicity', templateId: PUBLICITY, remaining: 1 });
    for (const room of ['101', '102', '201', '202', '301', '302']) {
      const entered = await world.post(`/api/v1/ballots/${ballotId}/votes`, {
        room,
        choice: 'agree',
        channel: 'paper',
        reference: `ZB-${room}`,
      });
      expect(entered.status).toBe(201);
    }
    clock.set(new Date(Date.parse(closesAt) + 3_600_000));
    expect((await world.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    const signed = await world.post(`/api/v1/units/${unitId}/agreement`, {});
    expect(signed.status).toBe(201);
    const endsOn = signed.body.publicity.endsOn as string;
    await waitFor(() => standIn.delivered.some((m) => m.templateId === PUBLICITY));
    const [year, month, day] = endsOn.split('-').map(Number);
    expect(standIn.delivered.filter((m) => m.templateId === PUBLICITY)).toEqual([
      {
        touser: 'o-wang',
        templateId: PUBLICITY,
        page: 'pages/home/index',
        data: {
          thing1: '测试单元加装电梯公示',
          time2: `${year}年${month}月${day}日 24:00`,
          thing3: '有意见请在公示期内提出',
        },
        state: 'formal',
      },
    ]);
    expect((await asResident(sessions.wang!, 'GET', '/me/reminders')).body.reminders[1].remaining).toBe(0);
  });
});
