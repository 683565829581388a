/**
 * The mini-program's 我家费用 page on a real server over HTTP: one tap from home, it shows the plan's
 * proposal for my flat before the agreement, and after it my share, the subsidy taken off, each
 * payment the committee recorded (a cancelled one marked so) and what is still owed — my flat only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type TestApi } from '../support/http.js';
import { startPhone, tap, text, type Phone } from '../support/miniprogram.js';
import { bindingCodes, devSignIn, taggedFlats, unitInGroup } from '../support/people.js';

const DAY = 86_400_000;
let api: TestApi;
let phone: Phone;
let unitId: string;

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  unitId = await unitInGroup(api, {
    name: '丁3幢2单元',
    flats: taggedFlats(4, '丁', '1394444'),
    roomId: 'room-costs@chatroom',
  });
  const plan = await api.post(`/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '方案一',
    cost: {
      totalCostFen: 10_000_000,
      subsidyFen: 2_000_000,
      scheme: { kind: 'explicit', fenByRoom: { '201': 4_000_000, '202': 4_000_000 } },
    },
  });
  expect(plan.status).toBe(201);
  const token = await devSignIn(api, (await bindingCodes(api, unitId)).get('201'));
  phone = await startPhone(api.url);
  phone.storage.set('jiati.session', token);
});

afterAll(async () => {
  phone?.close();
  await api?.close();
});

describe('我家费用', () => {
  it('is one tap from home, and before the agreement shows what the plan proposes', async () => {
    const home = await phone.open('/pages/home/index');
    await tap(home, '#to-costs');
    const page = await phone.follow();
    expect(phone.visits.at(-1)).toBe('/pages/costs/index');
    expect(text(page, '.flat')).toBe('201室现在的方案里要分摊 40,000.00 元，签协议后以协议为准。');
    expect(text(page, '#where')).toBe('');
  });

  it('after the agreement shows the share, the subsidy, each payment and what is still owed', async () => {
    const ballot = await openBallot(api, unitId, {
      matter: 'major',
      closesAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
    });
    await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
    api.clock.set(new Date(Date.parse(T0) + 7 * DAY).toISOString());
    expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    const paid = await api.post(`/api/v1/units/${unitId}/payments`, { room: '201', amountFen: 1_000_000 });
    const wrong = await api.post(`/api/v1/units/${unitId}/payments`, { room: '201', amountFen: 50_000 });
    await api.post(`/api/v1/units/${unitId}/payments/${wrong.body.paymentId}/cancel`, { reason: '录错' });
    await api.post(`/api/v1/units/${unitId}/payments`, { room: '202', amountFen: 4_000_000 });
    expect(paid.status).toBe(201);

    const page = await phone.open('/pages/costs/index');
    expect(text(page, '.flat')).toBe(
      [
        '201室',
        '按协议分摊：40,000.00 元',
        '全楼已扣政府补贴：20,000.00 元',
        '已交：10,000.00 元',
        '还要交：30,000.00 元',
        '2025-03-10 交 10,000.00 元',
        '2025-03-10 交 500.00 元（记错了，已撤销）',
      ].join(''),
    );
    expect(text(page, '#where')).toBe('交费请找居委会或申请人代表，交了会记在这里。');
  });
});
