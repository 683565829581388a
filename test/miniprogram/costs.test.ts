/**
 * The mini-program's 我家费用 page on a real server over HTTP: one tap from home, it shows the plan's
 * proposal for my flat before the agreement, and after it my share, the subsidy taken off, each
 * payment the committee recorded (a cancelled one marked so) and what is still owed — my flat only.
 * After the works it shows the subsidy's claim as the committee records it, and once the elevator
 * passed completion acceptance, that the provident fund may pay each flat that owes a share, with the
 * city's list of what to bring; a flat's recorded withdrawal shows where it stands instead, and the
 * list goes once no flat of mine is left to claim. A flat that owes nothing is never offered it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endPublicity, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type TestApi } from '../support/http.js';
import { startPhone, tap, text, type Phone, type Rendered } from '../support/miniprogram.js';
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

/** Each flat's card on the page: its title, then each of its lines (the card's rendered children). */
function cards(page: Rendered): string[][] {
  return page.querySelectorAll('.flat').map((card) => {
    const dom = card.dom as unknown as { children: ArrayLike<{ textContent: string | null }> };
    return Array.from(dom.children, (child) => child.textContent ?? '');
  });
}

describe('我家费用 after the works: the subsidy and the provident fund', () => {
  /** 201's card as the agreement and its payments left it (the test above). */
  const flat201 = [
    '201室',
    '按协议分摊：40,000.00 元',
    '全楼已扣政府补贴：20,000.00 元',
    '已交：10,000.00 元',
    '还要交：30,000.00 元',
    '2025-03-10 交 10,000.00 元',
    '2025-03-10 交 500.00 元（记错了，已撤销）',
  ];
  const FUND_OPEN = '电梯已验收合格，可以提取公积金付这笔钱（本人及配偶、父母、子女的都可以）。';
  const PAPERS =
    '提取公积金要带：本人身份证、不动产权证、加装电梯协议书（写明本户分摊）、竣工验收合格证明、本户付款凭证。';
  const claim = (body: Record<string, unknown>) => api.post(`/api/v1/units/${unitId}/claims`, body);
  const bindMine = async (room: string) => {
    const code = (await bindingCodes(api, unitId)).get(room);
    const token = phone.storage.get('jiati.session') as string;
    expect((await api.post('/api/v1/me/flats', { code }, { token })).status).toBe(201);
  };

  it('shows the subsidy’s claim once the committee recorded it, and no provident fund before acceptance', async () => {
    expect((await claim({ fund: 'subsidy', status: 'applied', amountFen: 2_000_000 })).status).toBe(201);
    const page = await phone.open('/pages/costs/index');
    expect(cards(page)).toEqual([[...flat201, '政府补助：已申请 20,000.00 元']]);
    expect(text(page, '#papers')).toBe('');
  });

  it('after completion acceptance says the provident fund may pay the share, and what to bring', async () => {
    // What the `publicity.end` clock does at 24:00 of the last day (signed 2025-03-10: ends 03-20);
    // every later step the morning after, while the phone's session (30 days) still signs 201 in.
    api.clock.set('2025-03-20T16:00:00.000Z');
    await endPublicity(api.system.commands, unitId, api.clock.now());
    api.clock.set('2025-03-21T02:00:00.000Z');
    const steps: [string, unknown][] = [
      ['/application', { materials: ['加装电梯申请书', '设计方案及施工图'] }],
      ['/application/acceptance', { departments: ['区住建局'] }],
      ['/application/opinions', { department: '区住建局', opinion: 'approve' }],
      ['/application/conclusion', { decision: 'approved' }],
      ['/works/pipeline-relocation', { utilities: ['燃气'] }],
      ['/works/installation-notice', { installer: '杭州某电梯安装公司' }],
      ['/works/start', {}],
      ['/works/completion', {}],
      ['/works/inspections', { passed: true, reportRef: 'JY-2025-301' }],
      ['/works/acceptance', {}],
    ];
    for (const [tail, body] of steps) {
      const status = (await api.post(`/api/v1/units/${unitId}${tail}`, body)).status;
      expect({ tail, status }).toEqual({ tail, status: 201 });
    }
    expect((await claim({ fund: 'subsidy', status: 'approved', amountFen: 1_800_000 })).status).toBe(201);

    const page = await phone.open('/pages/costs/index');
    expect(cards(page)).toEqual([[...flat201, '政府补助：已批准 18,000.00 元', FUND_OPEN]]);
    expect(text(page, '#papers')).toBe(PAPERS);
    expect(text(page, '#where')).toBe('交费请找居委会或申请人代表，交了会记在这里。');
  });

  it('never offers the provident fund to a flat that owes nothing', async () => {
    await bindMine('101');
    const page = await phone.open('/pages/costs/index');
    expect(cards(page)).toEqual([
      [...flat201, '政府补助：已批准 18,000.00 元', FUND_OPEN],
      [
        '101室',
        '按协议分摊：0.00 元',
        '全楼已扣政府补贴：20,000.00 元',
        '已交：0.00 元',
        '按协议您家不用出钱。',
        '政府补助：已批准 18,000.00 元',
      ],
    ]);
    expect(text(page, '#papers')).toBe(PAPERS);
  });

  it('shows a recorded withdrawal where it stands instead, and what to bring only while a flat is left to claim', async () => {
    expect((await claim({ fund: 'provident_fund', room: '201', status: 'applied' })).status).toBe(201);
    let page = await phone.open('/pages/costs/index');
    const [mine, ground] = cards(page);
    expect(mine).toEqual([...flat201, '政府补助：已批准 18,000.00 元', '公积金提取：已申请']);
    expect(ground?.at(-1)).toBe('政府补助：已批准 18,000.00 元');
    // 101 owes nothing: no flat of mine is left to claim.
    expect(text(page, '#papers')).toBe('');
    expect(page.querySelector('#papers')).toBeUndefined();

    // 202, paid up, may still have its share paid back from the provident fund.
    await bindMine('202');
    page = await phone.open('/pages/costs/index');
    expect(cards(page).at(-1)).toEqual([
      '202室',
      '按协议分摊：40,000.00 元',
      '全楼已扣政府补贴：20,000.00 元',
      '已交：40,000.00 元',
      '已经交清了。',
      '2025-03-10 交 40,000.00 元',
      '政府补助：已批准 18,000.00 元',
      FUND_OPEN,
    ]);
    expect(text(page, '#papers')).toBe(PAPERS);

    expect(
      (await claim({ fund: 'provident_fund', room: '202', status: 'applied', amountFen: 4_000_000 })).status,
    ).toBe(201);
    page = await phone.open('/pages/costs/index');
    expect(cards(page).map((card) => card.at(-1))).toEqual([
      '公积金提取：已申请',
      '政府补助：已批准 18,000.00 元',
      '公积金提取：已申请 40,000.00 元',
    ]);
    expect(cards(page).flat()).not.toContain(FUND_OPEN);
    expect(page.querySelector('#papers')).toBeUndefined();
  });
});
