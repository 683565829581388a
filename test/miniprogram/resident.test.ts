/**
 * The resident's mini-program, page by page, on a real server over HTTP on the embedded database:
 * sign in with the slip's code (WeChat sign-in is not set up here, so the page falls back to it), read
 * my unit and my share, vote (a choice, a confirmation, the receipt code), see the tally move, file an
 * objection and see whether it counts. The vote is the chat's own command through the `miniprogram`
 * channel: the same receipt code, the group told in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import { receiptCode } from '../../messages/chat.js';
import { openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { startPhone, tap, text, type, type Phone, type Rendered } from '../support/miniprogram.js';
import { bindingCodes, createPlace, registerUnitIn, taggedFlats } from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-mp-1@chatroom';

let api: TestApi;
let phone: Phone;
let unitId: string;
let ballotId: string;
let codes: Map<string, string>;
let home: Rendered;

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  const district = await createPlace(api, 'district', '区');
  const subdistrict = await createPlace(api, 'subdistrict', '街道', district);
  const community = await createPlace(api, 'community', '社区', subdistrict);
  unitId = await registerUnitIn(api, community, '乙3幢2单元', taggedFlats(12, '乙', '1392222'));
  const groupCode = (await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string;
  const bound = await bindGroup(
    api.system.commands,
    { roomId: GROUP, code: groupCode, contactId: 'wx-committee', groupUnitId: null },
    { now: api.clock.now() },
  );
  expect(bound.kind).toBe('bound');
  codes = await bindingCodes(api, unitId);
  const plan = await api.post(`/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '加装一部电梯',
    cost: {
      totalCostFen: 60_000_000,
      subsidyFen: 20_000_000,
      scheme: { kind: 'floor_coefficient', permilleByFloor: { '3': 700, '4': 800, '5': 900, '6': 1000 } },
    },
  });
  expect(plan.status).toBe(201);
  ballotId = (await openBallot(api, unitId, { title: '加装电梯', matter: 'major', closesAt: day(7) }))
    .id as string;
  phone = await startPhone(api.url);
});

afterAll(async () => {
  phone?.close();
  await api?.close();
});

describe('signing in', () => {
  it('falls back to the slip’s code, says a wrong code in plain Chinese, and signs in with the right one', async () => {
    const page = await phone.open('/pages/sign-in/index');
    await tap(page, '#wechat');
    expect(text(page, '#note')).toContain('绑定码');
    await type(page, '#code', 'ABCDEFGH');
    await tap(page, '#submit-code');
    expect(text(page, '#error')).toMatch(/\p{Script=Han}/u);
    expect(phone.storage.size).toBe(0);
    await type(page, '#code', codes.get('301') ?? '');
    await tap(page, '#submit-code');
    expect(text(page, '#error')).toBe('');
    expect(String(phone.storage.get('jiati.session'))).toMatch(/^js_/);
    expect(phone.visits.at(-1)).toBe('/pages/home/index');
  });
});

describe('my unit', () => {
  it('shows the unit, my room, the stage and when voting closes, with one button per action', async () => {
    home = await phone.follow();
    expect(text(home, '#unit')).toBe('乙3幢2单元');
    expect(text(home, '#rooms')).toBe('我家：301室');
    expect(text(home, '#stage')).toBe('正在投票');
    expect(text(home, '#next')).toBe('请在 3月10日 10:00 前投票。');
    for (const button of ['#to-vote', '#to-share', '#to-progress', '#to-objection', '#to-reminders'])
      expect(home.querySelector(button)).toBeDefined();
    // The case's steps so far, newest first, in plain words, without anyone's name.
    const steps = home
      .querySelectorAll('.step')
      .map((step) => step.dom.textContent?.replace(/\s+/g, ' ').trim());
    expect(steps).toEqual([
      '2025年3月3日：开始表决「加装电梯」（加装电梯，重大事项），共 12 户。',
      '2025年3月3日：发布第 1 版方案「加装一部电梯」。',
      '2025年3月3日：登记单元「乙3幢2单元」，共 12 户。',
    ]);
  });
});

describe('the plan and my share', () => {
  it('shows what my flat pays and how it was worked out', async () => {
    await tap(home, '#to-share');
    const page = await phone.follow();
    expect(text(page, '.pay')).toBe('301室要出：41,176.47 元');
    const terms = page.querySelectorAll('.term').map((term) => term.dom.textContent?.trim());
    expect(terms).toEqual(['3楼，楼层系数 0.7，面积 50.00 平方米。', '您家占 35 份，全单元共 340 份。']);
    expect(text(page, '#total')).toBe('600,000.00 元');
    expect(text(page, '#subsidy')).toBe('200,000.00 元');
    expect(text(page, '#shared')).toBe('400,000.00 元');
  });
});

describe('voting', () => {
  let before: Rendered;

  it('shows the progress before the vote: nobody yet, the four checks, what is missing', async () => {
    await tap(home, '#to-progress');
    before = await phone.follow();
    expect(text(before, '#participating')).toBe('已投票 0 户（共 12 户）');
    expect(before.querySelectorAll('.check')).toHaveLength(4);
    expect(text(before, '#missing')).toBe('还差 8 户、400.00 平方米参与投票。');
  });

  it('asks one question, confirms the choice, and shows the receipt code the chat would give', async () => {
    await tap(home, '#to-vote');
    const page = await phone.follow();
    expect(text(page, '#question')).toBe('您是否同意「加装电梯」？');
    await tap(page, '#oppose');
    expect(text(page, '#confirm')).toBe('您选择的是：反对');
    await tap(page, '#change');
    await tap(page, '#agree');
    expect(text(page, '#confirm')).toBe('您选择的是：同意');
    await tap(page, '#submit');
    expect(text(page, '#error')).toBe('');
    const shown = text(page, '.code');
    const events = (await api.system.models.caseEvents
      .find({ caseId: unitId, type: 'VoteCast' })
      .lean()
      .exec()) as Json[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      channel: 'miniprogram',
      actor: { kind: 'resident' },
      data: { ballotId, room: '301', choice: 'agree', channel: 'miniprogram' },
    });
    expect(shown).toBe(receiptCode(events[0].hash));
    expect(text(page, '.receipt')).toContain('301室：同意');
    expect(text(page, '#counted')).toBe('现在已有 1 户参与投票。');

    // A second tap of the same confirmation is the same vote: recorded once.
    await (page.instance.submit as () => Promise<void>)();
    expect(
      await api.system.models.caseEvents.countDocuments({ caseId: unitId, type: 'VoteCast' }).exec(),
    ).toBe(1);
  });

  it('tells the group the room and the new count, never the choice', async () => {
    const notices = (await api.system.models.outbox
      .find({ 'to.id': GROUP, _id: /^announce:/ })
      .lean()
      .exec()) as Json[];
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain('301');
    expect(notices[0].text).not.toMatch(/同意|反对|弃权/);
  });

  it('shows the tally moved', async () => {
    const after = await phone.open(`/pages/progress/index?ballotId=${ballotId}`);
    expect(text(after, '#participating')).toBe('已投票 1 户（共 12 户）');
    expect(text(after, '#counts')).toBe('同意 1 户，反对 0 户，弃权 0 户');
    expect(text(after, '#missing')).toBe('还差 7 户、350.00 平方米参与投票。');
  });
});

describe('an objection', () => {
  async function fileObjection(summary: string): Promise<Rendered> {
    const page = await phone.open(`/pages/objection/index?unitId=${unitId}`);
    await tap(page, '#ground-daylight');
    await tap(page, '#next');
    expect(text(page, '#error')).toBe('请先写下具体情况。');
    await type(page, '#summary', summary);
    await tap(page, '#next');
    expect(text(page, '#confirm')).toBe('您要以本人名义提出「采光」方面的异议：');
    await tap(page, '#submit');
    expect(text(page, '#error')).toBe('');
    return page;
  }

  it('is filed before publicity with its reference, and says it does not count yet', async () => {
    const page = await fileObjection('电梯井挡住我家客厅的阳光');
    expect(text(page, '#reference')).toBe('YY-1');
    expect(text(page, '#ineffective')).toContain('不算有效异议');
    expect(text(page, '.reason')).toContain('公示期');
  });

  it('counts when filed during publicity, and home says what happens next', async () => {
    await vote(api, ballotId, ['102', '201', '202', '302', '401', '402', '501'], 'agree');
    api.clock.set(day(7));
    expect((await api.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    api.clock.set(day(8));
    const again = await phone.open('/pages/home/index');
    expect(text(again, '#stage')).toBe('公示中');
    expect(text(again, '#next')).toBe('公示期内，如果受到影响可以提出异议。');
    expect(again.querySelector('#to-vote')).toBeUndefined();
    const page = await fileObjection('电梯井挡住我家客厅的阳光');
    expect(text(page, '#reference')).toBe('YY-2');
    expect(text(page, '#effective')).toBe('这份异议有效，居委会会联系您协调。');
    const stored = (await api.system.models.caseEvents
      .find({ caseId: unitId, type: 'ObjectionFiled' })
      .sort({ seq: 1 })
      .lean()
      .exec()) as Json[];
    expect(stored.map((event) => [event.channel, event.data.effective, event.data.objector.room])).toEqual([
      ['miniprogram', false, '301'],
      ['miniprogram', true, '301'],
    ]);
  });

  it('shows a closed ballot as over, not as a question', async () => {
    const page = await phone.open(`/pages/vote/index?ballotId=${ballotId}`);
    expect(text(page, '#closed')).toBe('这次投票已经结束了。');
    expect(page.querySelector('#agree')).toBeUndefined();
  });
});
