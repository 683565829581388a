/**
 * The named record and the door-to-door worklist of a ballot over real HTTP: while open, the flats to
 * visit (co-owners in conflict first, then unbound, then silent); the tally says whether the open
 * conflict could change the outcome; a joint statement settles it; once closed, who voted what,
 * through which channel, when, with which receipt — and the receipt the voter was told.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import { confirmProxiesInChat } from '../../commands/confirm-proxy.js';
import { expectError, openBallot, publishPlan, registerUnit } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
let api: TestApi;
let unitId: string;
let ballotId: string;
let codes: { room: string; code: string }[];
const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;
const now = () => ({ now: api.clock.now() });
const chatVote = (contactId: string, choice: 'agree' | 'oppose', n: number) =>
  castChatVote(
    api.system.commands,
    { contactId, messageId: `m-${n}`, text: choice === 'agree' ? '同意' : '反对', choice },
    now(),
  );

beforeAll(async () => {
  api = await startTestApi();
  api.clock.set(T0);
  unitId = await registerUnit(api, 4);
  await publishPlan(api, unitId);
  ballotId = (await openBallot(api, unitId, { matter: 'major', closesAt: day(7) })).id as string;
  codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as typeof codes;
  const { commands } = api.system;
  await bindHousehold(commands, { contactId: 'wx-wife', code: codeOf('101') }, now());
  await bindHousehold(commands, { contactId: 'wx-husband', code: codeOf('101') }, now());
  await confirmProxiesInChat(commands, { contactId: 'wx-wife' }, now());
  await bindHousehold(commands, { contactId: 'wx-202', code: codeOf('202') }, now());
});
afterAll(async () => {
  await api.close();
});

describe('while the ballot is open', () => {
  it('records a co-owner conflict honestly: the second co-owner is told the earlier stance counts', async () => {
    const first = await chatVote('wx-wife', 'agree', 1);
    expect(first).toMatchObject({
      kind: 'recorded',
      votes: [{ room: '101', counts: 'agree', changed: false }],
    });
    const second = await chatVote('wx-husband', 'oppose', 2);
    expect(second).toMatchObject({
      kind: 'recorded',
      votes: [{ room: '101', counts: 'agree', changed: false, conflict: { counts: 'agree' } }],
    });
    if (second.kind !== 'recorded') throw new Error('not recorded');
    expect(second.votes[0]!.conflict!.stances.map((s) => [s.voterId, s.choice])).toEqual([
      ['wx-wife', 'agree'],
      ['wx-husband', 'oppose'],
    ]);
  });

  it('lists the flats to visit, conflict first, with owners and masked phones', async () => {
    const reply = await api.get(`/api/v1/ballots/${ballotId}/worklist`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ballotId,
      counts: { conflict: 1, reconfirm: 0, unbound: 2, notVoted: 1 },
      flats: [
        {
          room: '101',
          floor: 1,
          reason: 'conflict',
          unbound: false,
          owners: [{ name: '业主101', phone: '138****0101' }],
        },
        {
          room: '102',
          floor: 1,
          reason: 'unbound',
          unbound: true,
          owners: [{ name: '业主102', phone: '138****0102' }],
        },
        {
          room: '201',
          floor: 2,
          reason: 'unbound',
          unbound: true,
          owners: [{ name: '业主201', phone: '138****0201' }],
        },
        {
          room: '202',
          floor: 2,
          reason: 'not_voted',
          unbound: false,
          owners: [{ name: '业主202', phone: '138****0202' }],
        },
      ],
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/1380000\d{4}/);
  });

  it('says in the tally whether the open conflict could change the outcome', async () => {
    for (const room of ['102', '201', '202']) {
      const entered = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
        room,
        choice: 'agree',
        channel: 'paper',
        reference: `P-${room}`,
      });
      expect(entered.status).toBe(201);
    }
    // 101 counts agree (4 of 4 pass); oppose would leave 3 of 4, still at least three quarters.
    const tally = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body as Json;
    expect(tally).toMatchObject({ passed: true, conflicts: ['room:101'], conflictsCouldChange: false });
    const worklist = (await api.get(`/api/v1/ballots/${ballotId}/worklist`)).body as Json;
    expect(worklist.flats).toEqual([expect.objectContaining({ room: '101', reason: 'conflict' })]);
  });

  it('keeps the named record until the ballot is over (409 ballot_still_open)', async () => {
    expectError(await api.get(`/api/v1/ballots/${ballotId}/record`), 409, 'ballot_still_open');
  });

  it('lets the co-owners’ joint written statement settle the conflict', async () => {
    const settled = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '101',
      choice: 'oppose',
      channel: 'statement',
      reference: 'SM-101',
    });
    expect(settled.status).toBe(201);
    const tally = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body as Json;
    expect(tally).toMatchObject({ conflicts: [], conflictsCouldChange: false, oppose: { owners: 1 } });
    expect(((await api.get(`/api/v1/ballots/${ballotId}/worklist`)).body as Json).flats).toEqual([]);
    expectError(
      await api.post(`/api/v1/ballots/${ballotId}/votes`, {
        room: '101',
        choice: 'agree',
        channel: 'statement',
      }),
      400,
      'validation_error',
    );
  });
});

describe('once the ballot is over', () => {
  it('publishes who voted what, through which channel, when, with which receipt', async () => {
    api.clock.set(day(7));
    expect((await api.post(`/api/v1/ballots/${ballotId}/close`)).status).toBe(200);
    const reply = await api.get(`/api/v1/ballots/${ballotId}/record`);
    expect(reply.status).toBe(200);
    const flats = reply.body.flats as Json[];
    expect(flats.map((f) => [f.room, f.counted, f.conflict, (f.votes as Json[]).length])).toEqual([
      ['101', 'oppose', false, 3],
      ['102', 'agree', false, 1],
      ['201', 'agree', false, 1],
      ['202', 'agree', false, 1],
    ]);
    const [wife, husband, statement] = flats[0]!.votes as Json[];
    expect(wife).toMatchObject({ choice: 'agree', channel: 'wechat', voterId: 'wx-wife', counts: false });
    expect(husband).toMatchObject({
      choice: 'oppose',
      channel: 'wechat',
      voterId: 'wx-husband',
      counts: false,
    });
    expect(statement).toMatchObject({
      choice: 'oppose',
      channel: 'statement',
      reference: 'SM-101',
      counts: true,
    });
    expect(flats[0]!.owners).toEqual(['业主101']);
    // The receipt code is the vote's event hash, as the voter's receipt showed it.
    const events = await api.system.models.caseEvents
      .find({ caseId: unitId, type: 'VoteCast' })
      .sort({ seq: 1 })
      .lean()
      .exec();
    expect(events[0]!.hash.slice(0, 8).toUpperCase()).toBe(wife!.receipt);
    expect(wife!.hash).toBe(events[0]!.hash);
    expect(JSON.stringify(reply.body)).not.toMatch(/1380000\d{4}/);
    expectError(await api.get(`/api/v1/ballots/${ballotId}/worklist`), 409, 'ballot_closed');
  });

  it('answers 404 for an unknown ballot', async () => {
    expectError(await api.get(`/api/v1/ballots/${ballotId.slice(0, -1)}x/record`), 404, 'ballot_not_found');
  });
});
