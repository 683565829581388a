/**
 * `PUT /api/v1/units/:unitId/flats` over real HTTP on the real database: the roster after
 * registration, checked as registration checks it, stored as one new event with its reason and what
 * changed. A ballot already open keeps its frozen roster, denominators and tally; a ballot opened
 * later counts the new flats. A refused request stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { flats, rooms, type FlatBody } from '../support/units.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

let api: TestApi;
let unitId: string;
let ballotId: string;
beforeAll(async () => {
  api = await startTestApi();
  unitId = await registerUnit(api, 6);
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, { matter: 'major', closesAt: day(7) });
  ballotId = ballot.id as string;
  await vote(api, ballotId, rooms(4), 'agree');
  await vote(api, ballotId, ['302'], 'oppose');
});
afterAll(async () => {
  await api.close();
});

const put = (body: unknown, id = unitId, token?: string | null) =>
  api.request('PUT', `/api/v1/units/${id}/flats`, body, token === undefined ? {} : { token });
const events = () => api.system.commands.streams.load(unitId);

/** 101's area corrected to 53.20 m², 302 gone, 401 added with its owner. */
function corrected(): FlatBody[] {
  const list = flats(6).filter((flat) => flat.room !== '302');
  list[0] = { ...list[0]!, area: '53.20' };
  return [
    ...list,
    { room: '401', floor: 4, area: '61.00', areaSource: 'survey', owners: [{ name: '新业主' }] },
  ];
}

describe('PUT /api/v1/units/:unitId/flats', () => {
  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await put({ flats: corrected(), reason: '更正' }, unitId, null), 401, 'unauthorized');
  });

  it.each([
    ['reason', { flats: corrected() }, 'reason', undefined],
    ['an empty reason', { flats: corrected(), reason: ' ' }, 'reason', undefined],
    ['flats that are not a list', { flats: 'many', reason: '更正' }, 'flats', undefined],
    [
      'a room with a dot',
      { flats: [{ ...flats(1)[0]!, room: '1.01' }], reason: '更正' },
      'flats.0.room',
      undefined,
    ],
    [
      'an area with three decimals',
      { flats: [{ ...flats(1)[0]!, area: '50.001' }], reason: '更正' },
      'flats.0.area',
      1,
    ],
  ])(
    'refuses %s (400 validation_error naming the field) and stores nothing',
    async (_label, body, field, row) => {
      const before = await storedRecords(api.system.models);
      const reply = await put(body);
      expectError(reply, 400, 'validation_error');
      expect(reply.body.details).toEqual(expect.objectContaining({ field, ...(row ? { row } : {}) }));
      expect(await storedRecords(api.system.models)).toEqual(before);
    },
  );

  it('refuses a duplicate room and an empty roster as registration does (422), storing nothing', async () => {
    const before = await storedRecords(api.system.models);
    const twice = [...flats(6), flats(2)[1]!];
    const duplicate = await put({ flats: twice, reason: '更正' });
    expectError(duplicate, 422, 'duplicate_room', /第 7 行的房号和第 2 行重复了/);
    expect(duplicate.body.details).toEqual({ field: 'flats.6.room', row: 7, firstRow: 2 });
    expectError(await put({ flats: [], reason: '更正' }), 422, 'empty_roster');
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it.each([['u_aaaaaaaaaaaaaaaa'], ['nonsense']])('answers 404 unit_not_registered for %s', async (id) => {
    expectError(await put({ flats: corrected(), reason: '更正' }, id), 404, 'unit_not_registered');
  });

  it('stores one RosterUpdated event with the reason and the changes; the open ballot keeps its roster and tally', async () => {
    const ballotBefore = (await api.get(`/api/v1/ballots/${ballotId}`)).body as Json;
    const tallyBefore = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body as Json;
    const reply = await put({ flats: corrected(), reason: '按不动产登记簿更正面积；302 为重复录入' });
    expect(reply.status).toBe(200);
    expect(reply.body.rosterUpdate).toEqual({
      updated: true,
      added: ['401'],
      removed: ['302'],
      changed: ['101'],
      openBallotIds: [ballotId],
    });
    expect(reply.body.totals).toEqual({ flats: 6, owners: 6, area: '314.20' });
    expect(reply.body.flats.map((flat: Json) => [flat.room, flat.area])).toEqual([
      ['101', '53.20'],
      ['102', '50.00'],
      ['201', '50.00'],
      ['202', '50.00'],
      ['301', '50.00'],
      ['401', '61.00'],
    ]);
    const event = (await events()).at(-1)!;
    expect(event).toMatchObject({
      type: 'RosterUpdated',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      data: {
        reason: '按不动产登记簿更正面积；302 为重复录入',
        openBallotIds: [ballotId],
        changes: { added: ['401'], removed: ['302'], changed: ['101'] },
      },
    });
    // Nothing is lost: the flats as registered are still in the stream.
    const registered = (await events()).find((e) => e.type === 'UnitRegistered')!;
    expect((registered.data as Json).flats.map((flat: Json) => flat.room)).toEqual(rooms(6));

    // The open ballot: same frozen roster and denominators, same tally, still taking 302's vote.
    const ballotAfter = (await api.get(`/api/v1/ballots/${ballotId}`)).body as Json;
    expect(ballotAfter.denominators).toEqual(ballotBefore.denominators);
    expect(ballotAfter.flats).toBe(6);
    const tallyAfter = (await api.get(`/api/v1/ballots/${ballotId}/tally`)).body as Json;
    expect({ ...tallyAfter, asOfSeq: 0 }).toEqual({ ...tallyBefore, asOfSeq: 0 });
    const late = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '401',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-401',
    });
    expectError(late, 422, 'unknown_room');
    const kept = await api.post(`/api/v1/ballots/${ballotId}/votes`, {
      room: '302',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-302-2',
    });
    expect(kept.status).toBe(201);
  });

  it('changes nothing when the roster is already so (200, updated false, no event)', async () => {
    const before = (await events()).length;
    const reply = await put({ flats: [...corrected()].reverse(), reason: '再提交一次' });
    expect(reply.status).toBe(200);
    expect(reply.body.rosterUpdate).toEqual({
      updated: false,
      added: [],
      removed: [],
      changed: [],
      openBallotIds: [],
    });
    expect(await events()).toHaveLength(before);
  });

  it('gives a ballot opened later the new roster', async () => {
    const later = await openBallot(api, unitId, { matter: 'ordinary', purpose: 'maintainer' });
    expect(later.flats).toBe(6);
    expect(later.denominators).toEqual({ owners: 6, area: '314.20' });
    const refused = await api.post(`/api/v1/ballots/${later.id}/votes`, {
      room: '302',
      choice: 'agree',
      channel: 'paper',
      reference: 'P-302-3',
    });
    expectError(refused, 422, 'unknown_room');
  });
});
