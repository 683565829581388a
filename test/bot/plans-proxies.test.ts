/**
 * Plans and shares pushed to the group and to each household, re-confirmation when a share changes
 * during the ballot, co-owners, proxies and a contact holding several flats, in
 * the real system: the bot on the mock puppet, the embedded database, the real outbox, the API over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { mock } from 'wechaty-puppet-mock';
import {
  groupVoteNotice,
  helpMessage,
  coOwnerConflictNotice,
  joinConfirmedNotice,
  joinRequestPending,
  joinRequestToOwner,
  householdBoundNotice,
  noProxyPending,
  planShareMessage,
  proxiesConfirmed,
  proxyBindingPending,
  proxyConfirmedNotice,
  proxyRequestToOwner,
  voteReceipt,
} from '../../messages/index.js';
import type { CostShare } from '../../domain/cost/index.js';
import { FixedClock } from '../../lib/clock.js';
import type { CaseEventDoc } from '../../models/case-event.js';
import type { System } from '../../system.js';
import { BotWorld, waitFor } from '../support/bot.js';
import { ADMIN_TOKEN, T0, type Json } from '../support/http.js';

const clock = new FixedClock(T0);
const world = new BotWorld(clock, 'plans_proxies');
const { post } = world;
let system: System;
let group: mock.RoomMock;
let li: mock.ContactMock;
let wang: mock.ContactMock;
let zhang: mock.ContactMock;
let unitId: string;
let ballotId: string;
let codes: { room: string; code: string }[];

const say = (who: mock.ContactMock, text: string, where: 'group' | 'bot' = 'group') =>
  world.say(who, text, where === 'group' ? group : 'bot');
const inGroup = () => world.inRoom(group);
const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;
const get = async (path: string): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${system.url}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return { status: response.status, body: (await response.json()) as Json };
};
const tally = async () => (await get(`/api/v1/ballots/${ballotId}/tally`)).body;
const shareOf = async (version: number, room: string): Promise<CostShare> => {
  const { body } = await get(`/api/v1/units/${unitId}/plans`);
  const plan = (body.items as { version: number; shares: CostShare[] }[]).find((p) => p.version === version)!;
  return plan.shares.find((share) => share.room === room)!;
};
/** ¥300,000 less ¥100,000 of subsidy, shared as agreed by floors 2 and 3. */
const explicit = (fenByRoom: Record<string, number>) => ({
  totalCostFen: 30_000_000,
  subsidyFen: 10_000_000,
  scheme: { kind: 'explicit', fenByRoom },
});
const V2 = { '201': 4_000_000, '202': 4_000_000, '301': 6_000_000, '302': 6_000_000 };
const V3 = { ...V2, '301': 7_000_000, '302': 5_000_000 };

beforeAll(async () => {
  system = await world.start();
  ({ li, wang, zhang, group } = world.residents());
  ({ unitId, ballotId } = await world.unitWithBallot(group));
  codes = (await post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as typeof codes;
});

afterAll(world.stop);

describe('a contact holding several flats', () => {
  it('binds each flat and votes for all of them with one message: a receipt per flat, one group notice', async () => {
    await say(zhang, `绑定 ${codeOf('201')}`, 'bot');
    await say(zhang, `绑定 ${codeOf('202')}`, 'bot');
    await say(li, `绑定 ${codeOf('302')}`, 'bot');
    await say(wang, `绑定 ${codeOf('301')}`, 'bot');
    await say(li, '1');
    await say(wang, '2');
    const message = await say(zhang, '同意');
    const events = await system.models.caseEvents
      .find({ caseId: unitId, type: 'VoteCast', 'data.messageId': message.id })
      .lean<CaseEventDoc[]>()
      .exec();
    expect(events.map((e) => (e.data as { room: string }).room).sort()).toEqual(['201', '202']);
    for (const event of events) {
      const room = (event.data as { room: string }).room;
      await waitFor(() =>
        world
          .privately(zhang)
          .includes(voteReceipt({ room, choice: 'agree', at: event.at, hash: event.hash })),
      );
    }
    const counted = await tally();
    expect(counted.agree).toMatchObject({ owners: 3 });
    await waitFor(() => inGroup().some((text) => text.startsWith('201、202 已表决。')));
  });
});

describe('plan versions', () => {
  it('publishes a plan with its cost: a summary in the group, each household its own share privately', async () => {
    const published = await post(`/api/v1/units/${unitId}/plans`, {
      planVersion: 2,
      title: '东侧加装，贯通式',
      cost: explicit(V2),
    });
    expect(published.status).toBe(201);
    expect(published.body.plan).toMatchObject({
      version: 2,
      cost: { totalCostFen: 30_000_000, amountSharedFen: 20_000_000 },
    });
    await waitFor(() =>
      inGroup().some((text) => text.startsWith('加装电梯方案第 2 版已发布：东侧加装，贯通式')),
    );
    const summary = inGroup().find((text) => text.startsWith('加装电梯方案第 2 版'))!;
    expect(summary).toContain('总造价 300,000 元，政府补贴 100,000 元，住户共同分摊 200,000 元。');
    expect(summary).toContain('按大家商定的金额分摊，1 楼不出钱。');
    expect(summary).toContain('3 楼每户 60,000 元');
    // The first cost plan changes every share: everyone who voted is asked again.
    expect(summary).toContain('分摊变了的 201、202、301、302，之前的表决不再算数，请重新表决。');
    const share302 = await shareOf(2, '302');
    await waitFor(() =>
      world
        .privately(li)
        .includes(planShareMessage({ room: '302', planVersion: 2, share: share302, ballot: 'vote_again' })),
    );
    expect(share302).toMatchObject({ payFen: 6_000_000, terms: { scheme: 'explicit' } });
    expect((await tally()).agree).toMatchObject({ owners: 0 });
    expect((await get(`/api/v1/units/${unitId}`)).body.ballots).toEqual([
      expect.objectContaining({ id: ballotId, status: 'open', planVersion: 2 }),
    ]);
  });

  it('asks again only the households whose share changed in a later version', async () => {
    await say(li, '同意');
    await say(zhang, '同意');
    expect((await tally()).agree).toMatchObject({ owners: 3 });
    expect(
      (await post(`/api/v1/units/${unitId}/plans`, { planVersion: 3, title: '方案三', cost: explicit(V3) }))
        .status,
    ).toBe(201);
    await waitFor(() => inGroup().some((text) => text.startsWith('加装电梯方案第 3 版已发布')));
    const summary = inGroup().find((text) => text.startsWith('加装电梯方案第 3 版'))!;
    expect(summary).toContain('与第 2 版相比：2 户的分摊变了。');
    expect(summary).toContain('分摊变了的 301、302，之前的表决不再算数，请重新表决。');
    const share302 = await shareOf(3, '302');
    await waitFor(() =>
      world.privately(li).includes(
        planShareMessage({
          room: '302',
          planVersion: 3,
          share: share302,
          previousFen: 6_000_000,
          ballot: 'vote_again',
        }),
      ),
    );
    const share201 = await shareOf(3, '201');
    await waitFor(() =>
      world.privately(zhang).includes(
        planShareMessage({
          room: '201',
          planVersion: 3,
          share: share201,
          previousFen: 4_000_000,
          ballot: 'none',
        }),
      ),
    );
    // 302's vote no longer counts; 201 and 202 still do.
    expect((await tally()).agree).toMatchObject({ owners: 2 });
  });

  it('lists every version with its cost plan and per-household shares', async () => {
    const { status, body } = await get(`/api/v1/units/${unitId}/plans`);
    expect(status).toBe(200);
    const plans = body.items as { version: number; cost?: unknown; shares?: unknown[] }[];
    expect(plans.map((p) => p.version)).toEqual([1, 2, 3]);
    expect(plans[0]!.cost).toBeUndefined();
    expect(plans[2]!.shares).toHaveLength(6);
    expect((await get('/api/v1/units/u_aaaaaaaaaaaaaaaa/plans')).status).toBe(404);
  });

  it('refuses a cost plan that does not add up, or of an unknown kind, and stores nothing', async () => {
    const before = await system.models.caseEvents.countDocuments({ caseId: unitId }).exec();
    const short = await post(`/api/v1/units/${unitId}/plans`, {
      planVersion: 4,
      title: '方案四',
      cost: explicit({ ...V3, '301': 1 }),
    });
    expect(short).toMatchObject({ status: 422, body: { ok: false, error: 'explicit_shares_do_not_sum' } });
    const odd = await post(`/api/v1/units/${unitId}/plans`, {
      planVersion: 4,
      title: '方案四',
      cost: { totalCostFen: 1.5, subsidyFen: 0, scheme: { kind: 'magic' } },
    });
    expect(odd).toMatchObject({ status: 400, body: { ok: false, error: 'validation_error' } });
    expect(await system.models.caseEvents.countDocuments({ caseId: unitId }).exec()).toBe(before);
  });
});

describe('co-owners and proxies', () => {
  it('lets a second contact join a flat with its used slip only once a bound owner confirms', async () => {
    const qian = system.mocker!.createContact({ name: '钱阿姨' });
    await say(qian, `绑定 ${codeOf('302')}`, 'bot');
    await waitFor(() => world.privately(qian).includes(joinRequestPending('302')));
    await waitFor(() => world.privately(li).includes(joinRequestToOwner('302')));
    const before = await tally();
    await say(qian, '2', 'bot');
    await waitFor(() => world.privately(qian).filter((t) => t === joinRequestPending('302')).length === 2);
    expect(await tally()).toEqual(before);
    await say(li, '确认家人', 'bot');
    await waitFor(() => world.privately(li).includes(proxiesConfirmed([{ room: '302', role: 'co_owner' }])));
    await waitFor(() => world.privately(qian).includes(joinConfirmedNotice('302')));

    // Co-owners who disagree: the second's receipt says the earlier stance counts, the first is told.
    await say(li, '1', 'bot');
    await waitFor(() => world.privately(li).some((t) => t.startsWith('302 的表决已记录：同意')));
    await say(qian, '2', 'bot');
    await waitFor(() =>
      world.privately(qian).some((t) => t.includes('现在按先表决的「同意」计入') && t.includes('回执号')),
    );
    await waitFor(() =>
      world.privately(li).includes(coOwnerConflictNotice({ room: '302', yours: 'agree', counts: 'agree' })),
    );
    const counted = await tally();
    expect(counted.conflicts).toEqual(['room:302']);
    expect(typeof counted.conflictsCouldChange).toBe('boolean');
  });

  it('keeps a proxy waiting until the owner confirms, then lets the proxy vote in the owner’s name', async () => {
    const mocker = system.mocker!;
    const zhao = mocker.createContact({ name: '赵大爷' });
    const sun = mocker.createContact({ name: '孙女' });
    await group.add(zhao);
    await group.add(sun);
    await say(zhao, `绑定 ${codeOf('101')}`, 'bot');
    await waitFor(() => inGroup().includes(householdBoundNotice('101')));

    await say(sun, `代办 ${codeOf('101')}`, 'bot');
    await waitFor(() => world.privately(sun).includes(proxyBindingPending('101')));
    await waitFor(() => world.privately(zhao).includes(proxyRequestToOwner('101')));
    await say(sun, '1');
    await waitFor(() => world.privately(sun).filter((t) => t === proxyBindingPending('101')).length === 2);

    await say(zhao, '确认代办', 'bot');
    await waitFor(() => world.privately(zhao).includes(proxiesConfirmed([{ room: '101', role: 'proxy' }])));
    await waitFor(() => world.privately(sun).includes(proxyConfirmedNotice('101')));
    await say(zhao, '确认代办', 'bot');
    await waitFor(() => world.privately(zhao).includes(noProxyPending()));

    const message = await say(sun, '1');
    const [event] = await system.models.caseEvents
      .find({ caseId: unitId, type: 'VoteCast', 'data.messageId': message.id })
      .lean<CaseEventDoc[]>()
      .exec();
    expect(event?.data).toMatchObject({ room: '101', proxyFor: '101', voterId: sun.id, channel: 'wechat' });
    expect(event?.actor).toEqual({ kind: 'resident', id: sun.id });
    await waitFor(() =>
      world
        .privately(sun)
        .includes(
          voteReceipt({ room: '101', choice: 'agree', at: event!.at, hash: event!.hash, asProxy: true }),
        ),
    );
    const counted = await tally();
    await waitFor(() =>
      inGroup().includes(groupVoteNotice({ room: '101', tally: counted as never, byProxy: true })),
    );
  });

  it('lets the committee record a proxy from a signed power of attorney', async () => {
    const path = `/api/v1/units/${unitId}/proxies`;
    expect(await post(path, { room: '102', contactId: 'wx-paper-proxy' })).toMatchObject({
      status: 201,
      body: { room: '102', recorded: true },
    });
    expect(await post(path, { room: '102', contactId: 'wx-paper-proxy' })).toMatchObject({
      status: 200,
      body: { recorded: false },
    });
    const contact = await system.models.contacts.findById('wx-paper-proxy').lean().exec();
    expect(contact?.flats).toEqual([{ unitId, room: '102', role: 'proxy' }]);
    expect(await post(path, { room: '1 02', contactId: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'validation_error' },
    });
    expect(await post(path, { room: '909', contactId: 'x' })).toMatchObject({
      status: 422,
      body: { error: 'unknown_room' },
    });
    expect(
      (await post('/api/v1/units/u_aaaaaaaaaaaaaaaa/proxies', { room: '102', contactId: 'x' })).status,
    ).toBe(404);
  });
});

describe('帮助', () => {
  it('shows 提醒 only to the committee and the applicant representative', async () => {
    const recorded = await post(`/api/v1/units/${unitId}/contacts`, {
      contactId: wang.id,
      role: 'committee',
    });
    expect(recorded.status).toBe(201);
    await say(wang, '帮助', 'bot');
    await waitFor(() => world.privately(wang).includes(helpMessage({ canRemind: true })));
    await say(li, '帮助', 'bot');
    await waitFor(() => world.privately(li).includes(helpMessage()));
    expect(helpMessage()).not.toContain('提醒');
  });
});
