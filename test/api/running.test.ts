/**
 * The elevator's running costs over real HTTP on the real database (domain.md §6), as the people who
 * keep them: once the agreement is signed the committee records the running-cost key the owners agreed
 * (the ground floor exempt by default); each bill is split among the flats by it to the fen and shown
 * per flat; advertising income is credited to each flat by the key; a household's payment lowers what
 * its flat owes, never beyond it. Every refusal — before the agreement, before a key, a period ending
 * before it starts, a day that does not exist (2026-02-30), more than the flat owes, a room not in the
 * unit, a key no one would pay under — answers its status, stable code and a plain-Chinese message,
 * and stores nothing. Running costs are staff work: a resident is refused them, a committee member of
 * another community is answered as if the unit did not exist, and the 使用单位, with a token for the
 * unit, records them. A resident sees their own flat's running account in `GET /me/costs`, and no
 * running-cost amount is ever queued to the unit's group.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import type { OutboxDoc } from '../../models/outbox.js';
import { expectError, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type Reply, type TestApi } from '../support/http.js';
import {
  bindingCodes,
  createPlace,
  devSignIn,
  issueToken,
  registerUnitIn,
  taggedFlats,
} from '../support/people.js';
import { storedRecords } from '../support/stored.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-running@chatroom';

let api: TestApi;
let unitId: string;
let committee: string;
let otherCommittee: string;
let userUnit: string;
let resident: string;

const path = (tail = '') => `/api/v1/units/${unitId}/running${tail}`;
const post = (tail: string, body: unknown, token = committee) => api.post(path(tail), body, { token });
const putKey = (body: unknown, token = committee) => api.request('PUT', path('/key'), body, { token });
const groupSaid = async () =>
  (await api.system.models.outbox.find({ 'to.id': GROUP }).lean<OutboxDoc[]>().exec())
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id))
    .map((m) => m.text);

/** A refusal that changed nothing stored. */
async function refusedUnchanged(
  send: () => Promise<Reply>,
  status: number,
  code: string,
  message?: RegExp,
): Promise<Reply> {
  const before = await storedRecords(api.system.models);
  const reply = await send();
  expectError(reply, status, code, message);
  expect(await storedRecords(api.system.models)).toEqual(before);
  return reply;
}

/** A flat's running account that holds nothing yet. */
const empty = (room: string) => ({ room, billedFen: 0, creditedFen: 0, paidFen: 0, balanceFen: 0 });

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  const districtId = await createPlace(api, 'district', '运区');
  const subdistrictId = await createPlace(api, 'subdistrict', '运街道', districtId);
  const communityId = await createPlace(api, 'community', '运社区', subdistrictId);
  const otherCommunityId = await createPlace(api, 'community', '别社区', subdistrictId);
  unitId = await registerUnitIn(api, communityId, '运3幢1单元', taggedFlats(4, '运', '1396666'));
  const token = async (role: string, kind: string, id: string) =>
    (await issueToken(api, { name: `${role}的人`, role, scope: { kind, id }, expiresInDays: 366 })).secret;
  committee = await token('committee', 'community', communityId);
  otherCommittee = await token('committee', 'community', otherCommunityId);
  userUnit = await token('user_unit', 'unit', unitId);
  const codes = await bindingCodes(api, unitId);
  resident = await devSignIn(api, codes.get('201'));
  const groupCode = (await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string;
  await bindGroup(
    api.system.commands,
    { roomId: GROUP, code: groupCode, contactId: 'wx-committee', groupUnitId: null },
    { now: api.clock.now() },
  );
  // ¥80,000 of construction shared by the second floor; the ground floor pays nothing.
  const plan = await api.post(`/api/v1/units/${unitId}/plans`, {
    planVersion: 1,
    title: '方案一',
    cost: {
      totalCostFen: 8_000_000,
      subsidyFen: 0,
      scheme: { kind: 'explicit', fenByRoom: { '201': 4_000_000, '202': 4_000_000 } },
    },
  });
  expect(plan.status).toBe(201);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
  // Monday 2025-03-10, 10:00 in Hangzhou: the ballot closes; the agreement is not signed yet.
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
});

describe('before the agreement', () => {
  it('records no key, and shows every flat’s account empty', async () => {
    await refusedUnchanged(
      () => putKey({ key: { scheme: { kind: 'area' } } }),
      409,
      'agreement_not_signed',
      /协议书还没有签订/,
    );
    const read = await api.get(path(), { token: committee });
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.body).toEqual({
      unitId,
      accounts: ['101', '102', '201', '202'].map(empty),
    });
  });
});

describe('after the agreement, before a key', () => {
  beforeAll(async () => {
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {}, { token: committee })).status).toBe(201);
  });

  it('refuses a bill, income and a payment until the key is recorded', async () => {
    const bill = { kind: 'maintenance', amountFen: 100, periodFrom: '2025-03-01', periodTo: '2025-03-31' };
    for (const [tail, body] of [
      ['/bills', bill],
      ['/incomes', { source: 'advertising', amountFen: 100 }],
      ['/payments', { room: '201', amountFen: 100 }],
    ] as const) {
      await refusedUnchanged(() => post(tail, body), 409, 'running_key_not_set', /分摊办法/);
    }
  });

  it('refuses a key no one would pay under, a room not in the unit, and a day that does not exist', async () => {
    await refusedUnchanged(
      () => putKey({ key: { scheme: { kind: 'area' }, exemptFloors: [1, 2] } }),
      422,
      'no_contributors',
      /没有要出钱的住户/,
    );
    await refusedUnchanged(
      () => putKey({ key: { scheme: { kind: 'area' }, exemptRooms: ['901'] } }),
      422,
      'unknown_room',
      /901 室不在这个单元/,
    );
    await refusedUnchanged(
      () => putKey({ key: { scheme: { kind: 'area' } }, agreedOn: '2025-02-30' }),
      400,
      'invalid_date',
      /不是真实的日期/,
    );
    await refusedUnchanged(() => putKey({ key: { scheme: { kind: 'by_mood' } } }), 400, 'validation_error');
  });
});

describe('the key, a bill, income and payments', () => {
  let afterKey: Json;

  it('records the key the owners agreed: the unit has no bill yet', async () => {
    const reply = await putKey({ key: { scheme: { kind: 'area' } }, agreedOn: '2025-03-10' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      unitId,
      running: {
        key: { scheme: { kind: 'area' } },
        agreedOn: '2025-03-10',
        bills: [],
        incomes: [],
        payments: [],
      },
      accounts: ['101', '102', '201', '202'].map(empty),
      seq: expect.any(Number),
    });
    afterKey = reply.body;
  });

  it('splits a bill among the flats by the key to the fen, the ground floor exempt, and shows it per flat', async () => {
    const reply = await post('/bills', {
      kind: 'maintenance',
      amountFen: 120_001,
      periodFrom: '2025-03-01',
      periodTo: '2026-02-28',
      note: '年度维保合同',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.seq).toBe(afterKey.seq + 1);
    expect(reply.body.running.bills).toEqual([
      {
        billId: expect.stringMatching(/^bill_[0-9a-f]{12}$/),
        kind: 'maintenance',
        amountFen: 120_001,
        periodFrom: '2025-03-01',
        periodTo: '2026-02-28',
        billedOn: '2025-03-10',
        note: '年度维保合同',
        parts: [
          { room: '201', fen: 60_001 },
          { room: '202', fen: 60_000 },
        ],
      },
    ]);
    expect(reply.body.accounts).toEqual([
      empty('101'),
      empty('102'),
      { ...empty('201'), billedFen: 60_001, balanceFen: 60_001, owedSince: '2025-03-10' },
      { ...empty('202'), billedFen: 60_000, balanceFen: 60_000, owedSince: '2025-03-10' },
    ]);
    const read = await api.get(path(), { token: committee });
    expect(read.body).toEqual({ unitId, running: reply.body.running, accounts: reply.body.accounts });
  });

  it('refuses a period ending before it starts, a day that does not exist, and a bill dated after today', async () => {
    const bill = { kind: 'electricity', amountFen: 5_000, periodFrom: '2026-02-01', periodTo: '2026-02-28' };
    await refusedUnchanged(
      () => post('/bills', { ...bill, periodTo: '2026-01-31' }),
      400,
      'validation_error',
      /periodTo/,
    );
    await refusedUnchanged(
      () => post('/bills', { ...bill, periodTo: '2026-02-30' }),
      400,
      'invalid_date',
      /不是真实的日期/,
    );
    await refusedUnchanged(
      () => post('/bills', { ...bill, billedOn: '2025-03-11' }),
      400,
      'validation_error',
      /billedOn/,
    );
    await refusedUnchanged(() => post('/bills', { ...bill, amountFen: 0 }), 400, 'validation_error');
    await refusedUnchanged(() => post('/bills', { ...bill, kind: 'parking' }), 400, 'validation_error');
  });

  it('credits advertising income to each paying flat by the key', async () => {
    const reply = await post('/incomes', {
      source: 'advertising',
      amountFen: 20_000,
      receivedOn: '2025-03-09',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.running.incomes).toEqual([
      {
        incomeId: expect.stringMatching(/^inc_[0-9a-f]{12}$/),
        source: 'advertising',
        amountFen: 20_000,
        receivedOn: '2025-03-09',
        parts: [
          { room: '201', fen: 10_000 },
          { room: '202', fen: 10_000 },
        ],
      },
    ]);
    expect(reply.body.accounts.slice(2)).toEqual([
      {
        room: '201',
        billedFen: 60_001,
        creditedFen: 10_000,
        paidFen: 0,
        balanceFen: 50_001,
        owedSince: '2025-03-10',
      },
      {
        room: '202',
        billedFen: 60_000,
        creditedFen: 10_000,
        paidFen: 0,
        balanceFen: 50_000,
        owedSince: '2025-03-10',
      },
    ]);
    await refusedUnchanged(
      () => post('/incomes', { source: 'advertising', amountFen: 1, receivedOn: '2026-02-30' }),
      400,
      'invalid_date',
      /不是真实的日期/,
    );
  });

  it('records a household’s payment, and refuses more than the flat owes and a room not in the unit', async () => {
    const reply = await post('/payments', { room: '201', amountFen: 30_000 });
    expect(reply.status).toBe(201);
    expect(reply.body.running.payments).toEqual([
      {
        paymentId: expect.stringMatching(/^rp_[0-9a-f]{12}$/),
        room: '201',
        amountFen: 30_000,
        paidOn: '2025-03-10',
      },
    ]);
    expect(reply.body.accounts[2]).toEqual({
      room: '201',
      billedFen: 60_001,
      creditedFen: 10_000,
      paidFen: 30_000,
      balanceFen: 20_001,
      owedSince: '2025-03-10',
    });
    await refusedUnchanged(
      () => post('/payments', { room: '201', amountFen: 20_002 }),
      422,
      'payment_exceeds_due',
      /201 室现在还应交 200\.01 元/,
    );
    await refusedUnchanged(
      () => post('/payments', { room: '101', amountFen: 1 }),
      422,
      'payment_exceeds_due',
      /101 室现在还应交 0 元/,
    );
    await refusedUnchanged(
      () => post('/payments', { room: '901', amountFen: 1 }),
      422,
      'unknown_room',
      /901 室不在这个单元/,
    );
    await refusedUnchanged(
      () => post('/payments', { room: '201', amountFen: 1, paidOn: '2026-02-30' }),
      400,
      'invalid_date',
      /不是真实的日期/,
    );
  });
});

describe('who may keep them', () => {
  it('refuses a resident, and answers a committee member of another community as if the unit did not exist', async () => {
    await refusedUnchanged(() => api.get(path(), { token: resident }), 403, 'forbidden');
    await refusedUnchanged(
      () => post('/payments', { room: '201', amountFen: 1 }, resident),
      403,
      'forbidden',
    );
    await refusedUnchanged(() => api.get(path(), { token: otherCommittee }), 404, 'unit_not_registered');
    await refusedUnchanged(
      () => post('/payments', { room: '201', amountFen: 1 }, otherCommittee),
      404,
      'unit_not_registered',
    );
    await refusedUnchanged(
      () => putKey({ key: { scheme: { kind: 'area' } } }, otherCommittee),
      404,
      'unit_not_registered',
    );
  });

  it('lets the 使用单位 record a payment with its token for the unit', async () => {
    const reply = await post('/payments', { room: '202', amountFen: 50_000 }, userUnit);
    expect(reply.status).toBe(201);
    expect(reply.body.accounts[3]).toEqual({
      room: '202',
      billedFen: 60_000,
      creditedFen: 10_000,
      paidFen: 50_000,
      balanceFen: 0,
    });
  });
});

describe('what the household and the group see', () => {
  it('shows the resident their own flat’s running account in GET /me/costs', async () => {
    const mine = await api.get('/api/v1/me/costs', { token: resident });
    expect(mine.status).toBe(200);
    expect(mine.body.flats).toHaveLength(1);
    expect(mine.body.flats[0]).toMatchObject({
      kind: 'agreed',
      unitId,
      account: { room: '201' },
      running: {
        room: '201',
        billedFen: 60_001,
        creditedFen: 10_000,
        paidFen: 30_000,
        balanceFen: 20_001,
        owedSince: '2025-03-10',
      },
    });
  });

  it('never queues a running-cost amount to the group', async () => {
    const said = await groupSaid();
    // The group was told of the case (the agreement signed): it is the running costs it never hears of.
    expect(said.some((text) => text.includes('协议'))).toBe(true);
    expect(said.filter((text) => /运行费|维保合同|广告/.test(text))).toEqual([]);
    for (const amount of ['1,200.01', '600.01', '200', '300', '500']) {
      expect(said.filter((text) => text.includes(`${amount} 元`))).toEqual([]);
    }
  });
});
