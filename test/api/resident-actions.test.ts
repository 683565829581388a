/**
 * A resident votes and objects from the mini-program, over real HTTP on the real database: the very
 * commands the chat runs, through the `miniprogram` channel — one vote per flat they hold, a receipt
 * code as the chat's, the group told the rooms and the new count (never the choice), a retried
 * request recorded once; their own objection named and in writing for their own flat, the committee
 * alerted. Staff and other units' residents cannot act for them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { receiptCode } from '../../messages/chat.js';
import { expectError, openBallot, publishPlan, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { bindingCodes, devSignIn, taggedFlats, unitInGroup } from '../support/people.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const as = (token: string) => ({ token });
const GROUP = 'room-jia-1@chatroom';

let api: TestApi;
let unitId: string;
let ballotId: string;
let codes: Map<string, string>;
let resident101: string;

const signIn = (room: string) => devSignIn(api, codes.get(room));

beforeAll(async () => {
  api = await startTestApi({ env: { JIATI_DEV_SIGN_IN: '1' } });
  unitId = await unitInGroup(api, {
    name: '甲1幢1单元',
    flats: taggedFlats(4, '甲', '1391111'),
    roomId: GROUP,
  });
  codes = await bindingCodes(api, unitId);
  await publishPlan(api, unitId);
  ballotId = (await openBallot(api, unitId, { matter: 'major', closesAt: day(7) })).id as string;
  resident101 = await signIn('101');
});

afterAll(async () => {
  await api?.close();
});

describe('a vote from the mini-program', () => {
  it('records the flat’s vote through the miniprogram channel and answers its receipt', async () => {
    const reply = await api.request(
      'POST',
      `/api/v1/ballots/${ballotId}/my-vote`,
      { choice: 'agree' },
      { token: resident101 },
    );
    expect(reply.status).toBe(201);
    const [receipt] = reply.body.votes as Json[];
    expect(reply.body).toMatchObject({ ballotId, duplicate: false, choice: 'agree' });
    expect(receipt).toMatchObject({ room: '101', counts: 'agree', changed: false, asProxy: false });
    expect(receipt.receipt.code).toBe(receiptCode(receipt.receipt.hash));
    const event = (await api.system.models.caseEvents
      .findOne({ caseId: unitId, seq: receipt.receipt.seq })
      .lean()
      .exec()) as Json;
    expect(event).toMatchObject({
      type: 'VoteCast',
      channel: 'miniprogram',
      hash: receipt.receipt.hash,
      actor: { kind: 'resident' },
      data: { ballotId, room: '101', choice: 'agree', channel: 'miniprogram' },
    });
    const tally = await api.get(`/api/v1/ballots/${ballotId}/tally`);
    expect(tally.body.agree.owners).toBe(1);
  });

  it('tells the group the room and the new count, never the choice', async () => {
    const notices = (await api.system.models.outbox
      .find({ 'to.id': GROUP, _id: /^announce:/ })
      .lean()
      .exec()) as Json[];
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain('101');
    expect(notices[0].text).not.toMatch(/同意|反对|弃权/);
  });

  it('records a retried request with the same Idempotency-Key once', async () => {
    const tap = () =>
      fetch(`${api.url}/api/v1/ballots/${ballotId}/my-vote`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${resident101}`,
          'content-type': 'application/json',
          'idempotency-key': 'tap-7',
        },
        body: JSON.stringify({ choice: 'oppose' }),
      });
    expect((await tap()).status).toBe(201);
    const again = await tap();
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).duplicate).toBe(true);
    const votes = await api.system.models.caseEvents
      .countDocuments({ caseId: unitId, type: 'VoteCast', 'data.room': '101' })
      .exec();
    expect(votes).toBe(2);
  });

  it('refuses staff, other ballots and a closed ballot, storing nothing', async () => {
    const before = await api.system.models.caseEvents.countDocuments({ caseId: unitId }).exec();
    expectError(await api.post(`/api/v1/ballots/${ballotId}/my-vote`, { choice: 'agree' }), 403, 'forbidden');
    expectError(
      await api.post(
        `/api/v1/ballots/b_${'a'.repeat(16)}_aaaaaaaa/my-vote`,
        { choice: 'agree' },
        as(resident101),
      ),
      404,
      'ballot_not_found',
    );
    expectError(
      await api.post(`/api/v1/ballots/${ballotId}/my-vote`, { choice: 'maybe' }, as(resident101)),
      400,
      'validation_error',
    );
    expect(await api.system.models.caseEvents.countDocuments({ caseId: unitId }).exec()).toBe(before);
  });
});

describe('an objection from the mini-program', () => {
  it('counts only during publicity: filed named and in writing for their own flat', async () => {
    const body = { ground: 'daylight', summary: '电梯井挡住我家客厅的阳光' };
    const early = await api.post(`/api/v1/units/${unitId}/my-objections`, body, as(resident101));
    expect(early.status).toBe(201);
    expect(early.body).toMatchObject({ effective: false, ineffectiveReasons: ['outside_window'] });
    await vote(api, ballotId, ['102', '201', '202'], 'agree');
    api.clock.set(day(7));
    expect((await api.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    expect((await api.post(`/api/v1/units/${unitId}/agreement`, {})).status).toBe(201);
    api.clock.set(day(8));
    expectError(
      await api.post(`/api/v1/units/${unitId}/my-objections`, { ...body, room: '202' }, as(resident101)),
      400,
      'validation_error',
    );
    const filed = await api.post(`/api/v1/units/${unitId}/my-objections`, body, as(resident101));
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      unitId,
      channel: 'miniprogram',
      named: true,
      written: true,
      effective: true,
      objector: { room: '101', hasPhone: false },
    });
    expect(filed.body.reference).toMatch(/^YY-\d+$/);
    // The committee sees the objector's contact; another resident sees the room only.
    const other = await signIn('202');
    const seen = await api.get(`/api/v1/units/${unitId}/objections`, as(other));
    expect(seen.body.items.map((objection: Json) => objection.objector)).toEqual([
      { room: '101' },
      { room: '101' },
    ]);
  });
});
