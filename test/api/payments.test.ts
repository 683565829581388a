/**
 * Money after the vote over real HTTP on the real database (domain.md §6): before the agreement no
 * payment can be recorded; after it the committee records what each flat paid, never more than it
 * owes (refused in plain Chinese, nothing stored), cancels a payment recorded in error (it stays in
 * the record), and the ledger shows every flat's share, paid and due; a resident sees only their own
 * flat, and nothing of it is told to the group.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxDoc } from '../../models/outbox.js';
import { expectError, openBallot, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { bindingCodes, devSignIn, taggedFlats, unitInGroup } from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const GROUP = 'room-payments@chatroom';

let api: TestApi;
let unitId: string;
let codes: Map<string, string>;

const payments = (tail = '') => `/api/v1/units/${unitId}/payments${tail}`;
const events = () => api.system.models.caseEvents.countDocuments({ caseId: unitId });
const groupSaid = async () =>
  (await api.system.models.outbox.find({ 'to.id': GROUP }).lean<OutboxDoc[]>().exec()).map((m) => m.text);

const signIn = (room: string) => devSignIn(api, codes.get(room));

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  unitId = await unitInGroup(api, {
    name: '丙2幢1单元',
    flats: taggedFlats(4, '丙', '1392222'),
    roomId: GROUP,
  });
  codes = await bindingCodes(api, unitId);
  // ¥100,000 less a ¥20,000 subsidy: the second floor shares ¥80,000; the first floor pays nothing.
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
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  await vote(api, ballot.id as string, ['101', '102', '201', '202'], 'agree');
  api.clock.set(day(7));
  expect((await api.post(`/api/v1/ballots/${ballot.id}/close`)).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
});

describe('before the agreement', () => {
  it('records no payment, and a resident sees the plan’s proposal for their flat', async () => {
    const before = await events();
    expectError(
      await api.post(payments(), { room: '201', amountFen: 100 }),
      409,
      'agreement_not_signed',
      /协议书/,
    );
    expect(await events()).toBe(before);
    const mine = await api.get('/api/v1/me/costs', { token: await signIn('201') });
    expect(mine.status).toBe(200);
    expect(mine.body.flats).toEqual([
      { kind: 'not_agreed', unitId, unitName: '丙2幢1单元', room: '201', proposedFen: 4_000_000 },
    ]);
  });
});

describe('after the agreement', () => {
  let paymentId: string;

  beforeAll(async () => {
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
  });

  it('records a payment privately and shows the flat’s account after it', async () => {
    const said = (await groupSaid()).length;
    const reply = await api.post(payments(), { room: '201', amountFen: 1_500_000, reference: 'SJ-001' });
    expect(reply.status).toBe(201);
    paymentId = reply.body.paymentId as string;
    expect(reply.body.account).toMatchObject({
      room: '201',
      oweFen: 4_000_000,
      paidFen: 1_500_000,
      dueFen: 2_500_000,
      subsidyFen: 2_000_000,
    });
    const stored = (await api.system.models.caseEvents
      .findOne({ caseId: unitId, seq: reply.body.seq })
      .lean()
      .exec()) as Json;
    expect(stored).toMatchObject({
      type: 'PaymentRecorded',
      channel: 'api',
      data: { room: '201', amountFen: 1_500_000 },
    });
    expect((await groupSaid()).length).toBe(said);
  });

  it('refuses more than the flat still owes, or any payment from a flat that owes nothing, storing nothing', async () => {
    const before = await events();
    expectError(
      await api.post(payments(), { room: '201', amountFen: 2_500_001 }),
      422,
      'payment_exceeds_due',
      /201 室现在还应交 25,000 元/,
    );
    expectError(await api.post(payments(), { room: '101', amountFen: 1 }), 422, 'payment_exceeds_due');
    expectError(await api.post(payments(), { room: '901', amountFen: 1 }), 422, 'unknown_room');
    expectError(await api.post(payments(), { room: '201', amountFen: 0.5 }), 400, 'validation_error');
    expect(await events()).toBe(before);
  });

  it('lists every flat’s share, paid and due for the staff', async () => {
    const ledger = await api.get(payments());
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({
      unitId,
      totalCostFen: 10_000_000,
      subsidyFen: 2_000_000,
      paidFen: 1_500_000,
      dueFen: 6_500_000,
    });
    expect((ledger.body.accounts as Json[]).map((a) => [a.room, a.oweFen, a.paidFen, a.dueFen])).toEqual([
      ['101', 0, 0, 0],
      ['102', 0, 0, 0],
      ['201', 4_000_000, 1_500_000, 2_500_000],
      ['202', 4_000_000, 0, 4_000_000],
    ]);
  });

  it('shows a resident their own flat only', async () => {
    const mine = await api.get('/api/v1/me/costs', { token: await signIn('202') });
    expect(mine.body.flats).toHaveLength(1);
    expect(mine.body.flats[0]).toMatchObject({
      kind: 'agreed',
      account: { room: '202', dueFen: 4_000_000, payments: [] },
    });
    expect(JSON.stringify(mine.body)).not.toContain('SJ-001');
  });

  it('cancels a payment recorded in error with its reason; it stays in the record and no longer counts', async () => {
    const reply = await api.post(payments(`/${paymentId}/cancel`), { reason: '金额录错' });
    expect(reply.status).toBe(201);
    expect(reply.body.account).toMatchObject({ paidFen: 0, dueFen: 4_000_000 });
    expect(reply.body.account.payments).toEqual([
      expect.objectContaining({
        paymentId,
        amountFen: 1_500_000,
        cancelled: expect.objectContaining({ reason: '金额录错' }),
      }),
    ]);
    expectError(
      await api.post(payments(`/${paymentId}/cancel`), { reason: '再撤一次' }),
      404,
      'payment_not_found',
    );
  });
});
