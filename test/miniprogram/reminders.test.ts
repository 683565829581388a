/**
 * The mini-program's reminders page on a real server over HTTP, signed in with WeChat (the stand-in
 * plays WeChat's side): it lists the reminders this deployment sends and how many are left, asks
 * WeChat for them with `wx.requestSubscribeMessage`, and tells the server what the resident allowed —
 * one more per 允许, none for 取消.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBallot } from '../support/api-helpers.js';
import { startTestApi, T0, type TestApi } from '../support/http.js';
import { startPhone, tap, text, type Phone, type Rendered } from '../support/miniprogram.js';
import { bindingCodes, createPlace, registerUnitIn, taggedFlats } from '../support/people.js';
import {
  STANDIN_APPID,
  STANDIN_SECRET,
  startWechatStandIn,
  type WechatStandIn,
} from '../support/wechat-standin.js';

const TEMPLATE = 'tmpl-ballot-reminder';
let standIn: WechatStandIn;
let api: TestApi;
let phone: Phone;
let home: Rendered;
let unitId: string;

beforeAll(async () => {
  standIn = await startWechatStandIn();
  api = await startTestApi({
    env: {
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: standIn.url,
      WECHAT_TEMPLATE_BALLOT: TEMPLATE,
    },
  });
  const district = await createPlace(api, 'district', '区');
  const subdistrict = await createPlace(api, 'subdistrict', '街道', district);
  const community = await createPlace(api, 'community', '社区', subdistrict);
  unitId = await registerUnitIn(api, community, '丙1幢1单元', taggedFlats(6, '丙', '1393333'));
  expect((await api.post(`/api/v1/units/${unitId}/plans`, { planVersion: 1, title: '方案一' })).status).toBe(
    201,
  );
  await openBallot(api, unitId, {
    title: '加装电梯',
    matter: 'major',
    closesAt: new Date(Date.parse(T0) + 7 * 86_400_000).toISOString(),
  });
  // Signed in on the phone with WeChat, and 201 bound with its slip's code.
  const signed = await api.post(
    '/api/v1/sessions/wechat',
    { code: standIn.login('o-chen') },
    { token: null },
  );
  expect(signed.status).toBe(201);
  const token = signed.body.token as string;
  const code = (await bindingCodes(api, unitId)).get('201');
  expect((await api.post('/api/v1/me/flats', { code }, { token })).status).toBe(201);
  phone = await startPhone(api.url);
  phone.storage.set('jiati.session', token);
});

afterAll(async () => {
  phone?.close();
  await api?.close();
  await standIn?.close();
});

describe('my reminders', () => {
  it('is one tap from home and lists each reminder: ballots on offer and none allowed yet, publicity not sent here', async () => {
    home = await phone.open('/pages/home/index');
    await tap(home, '#to-reminders');
    const page = await phone.follow();
    expect(phone.visits.at(-1)).toBe('/pages/reminders/index');
    expect(text(page, '#kinds')).toBe('投票提醒：还没有开启公示开始通知：暂不提供');
    expect(text(page, '#allow')).toBe('开启微信提醒');
  });

  it('asks WeChat for the ballot reminder; 允许 allows one more, 取消 none, each said plainly', async () => {
    const page = await phone.open('/pages/reminders/index');
    const asked: string[][] = [];
    phone.answerSubscribe = (ids) => {
      asked.push([...ids]);
      return Object.fromEntries(ids.map((id) => [id, 'accept']));
    };
    await tap(page, '#allow');
    expect(asked).toEqual([[TEMPLATE]]);
    expect(text(page, '#kinds')).toContain('投票提醒：还能收到 1 次');
    expect(text(page, '#said')).toBe('已开启。到时候会用微信通知您。');
    expect(text(page, '#allow')).toBe('再多收一次');

    phone.answerSubscribe = (ids) => Object.fromEntries(ids.map((id) => [id, 'reject']));
    await tap(page, '#allow');
    expect(text(page, '#kinds')).toContain('投票提醒：还能收到 1 次');
    expect(text(page, '#said')).toContain('您没有点「允许」');
    // What the page shows is what the server keeps.
    const stored = await api.get('/api/v1/me/reminders', {
      token: String(phone.storage.get('jiati.session')),
    });
    expect(stored.body.reminders[0]).toEqual({ kind: 'ballot', templateId: TEMPLATE, remaining: 1 });
  });
});

describe('my share, beside the version before', () => {
  it('says how much more or less my flat pays than in the last version, to the fen', async () => {
    const cost = (subsidyYuan: number) => ({
      totalCostFen: 60_000_000,
      subsidyFen: subsidyYuan * 100,
      scheme: { kind: 'floor_coefficient', permilleByFloor: { '2': 800, '3': 1000 } },
    });
    for (const [planVersion, subsidy] of [
      [2, 200_000],
      [3, 250_000],
    ] as const) {
      const published = await api.post(`/api/v1/units/${unitId}/plans`, {
        planVersion,
        title: `方案${planVersion}`,
        cost: cost(subsidy),
      });
      expect(published.status).toBe(201);
    }
    const plans = (await api.get(`/api/v1/units/${unitId}/plans`)).body.items as {
      version: number;
      shares: { room: string; payFen: number }[];
    }[];
    const payOf = (version: number) =>
      plans.find((p) => p.version === version)!.shares.find((s) => s.room === '201')!.payFen;
    const less = payOf(2) - payOf(3);
    expect(less).toBeGreaterThan(0);
    const yuanText = `${Math.floor(less / 100).toLocaleString('en-US')}.${String(less % 100).padStart(2, '0')} 元`;
    const page = await phone.open(`/pages/share/index?unitId=${unitId}`);
    expect(text(page, '.change')).toBe(`比方案2少出 ${yuanText}`);
  });
});
