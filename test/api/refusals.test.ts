/**
 * Refuse before you append (conventions.md §9): every request the API refuses
 * — a bad field, a date out of bounds, the wrong stage, a rule of the domain, an unknown id — has
 * stored nothing, in any collection. Over real HTTP on the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBallot, publishPlan, registerUnit } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { flats } from '../support/units.js';

const DAY = 86_400_000;
let api: TestApi;
let unitId: string;
let ballotId: string;
const unknownUnit = 'u_0000000000000000';

beforeAll(async () => {
  api = await startTestApi();
  unitId = await registerUnit(api, 6);
  await publishPlan(api, unitId);
  const ballot = await openBallot(api, unitId, {
    matter: 'major',
    closesAt: new Date(api.clock.now().getTime() + 7 * DAY).toISOString(),
  });
  ballotId = ballot.id as string;
});
afterAll(async () => {
  await api.close();
});

const now = () => api.clock.now().getTime();
const iso = (ms: number) => new Date(ms).toISOString();

/** [what is refused, method, path, body, expected status]. Paths name `UNIT` and `BALLOT`. */
const refused: [string, string, string, unknown, number][] = [
  ['a unit without flats', 'POST', '/units', { name: '空单元', flats: [] }, 422],
  ['a unit with a room twice', 'POST', '/units', { name: '重复', flats: [...flats(2), ...flats(1)] }, 422],
  ['a plan version that is not newer', 'POST', '/units/UNIT/plans', { planVersion: 1, title: '又一版' }, 422],
  ['a plan for an unknown unit', 'POST', `/units/${unknownUnit}/plans`, { planVersion: 1, title: 'x' }, 404],
  ['a proxy without a contact', 'POST', '/units/UNIT/proxies', { room: '101' }, 400],
  ['binding codes for an unknown unit', 'POST', `/units/${unknownUnit}/binding-codes`, {}, 404],
  ['a group code for an unknown unit', 'POST', `/units/${unknownUnit}/group-code`, {}, 404],
  [
    'a contact role that does not exist',
    'POST',
    '/units/UNIT/contacts',
    { contactId: 'wx', role: 'mayor' },
    400,
  ],
  ['an agreement before the vote passed', 'POST', '/units/UNIT/agreement', {}, 422],
  [
    'an objection filed in the future',
    'POST',
    '/units/UNIT/objections',
    { ground: 'daylight', filedAt: iso(Date.parse('2025-03-03T02:00:00Z') + DAY), summary: '挡光' },
    400,
  ],
  [
    'an objection filed before the case began',
    'POST',
    '/units/UNIT/objections',
    { ground: 'daylight', filedAt: '2020-01-01T00:00:00Z', summary: '挡光' },
    400,
  ],
  [
    'a mediation of an unknown objection',
    'POST',
    '/units/UNIT/objections/YY-999/mediations',
    { level: 'committee', heldOn: '2025-03-03', participants: ['居委会'], outcome: 'failed' },
    404,
  ],
  ['clock settings out of range', 'PATCH', '/units/UNIT/clock-settings', { publicityDays: 0 }, 400],
  ['a clock setting that does not exist', 'PATCH', '/units/UNIT/clock-settings', { sundays: true }, 400],
  ['acknowledging an unknown alert', 'POST', '/units/UNIT/alerts/TX-999/ack', {}, 404],
  [
    'a ballot closing in the year 9999',
    'POST',
    '/units/UNIT/ballots',
    { title: '表决', matter: 'ordinary', closesAt: '9999-12-31T23:59:59Z' },
    400,
  ],
  [
    'a ballot closing after 90 days',
    'POST',
    '/units/UNIT/ballots',
    { title: '表决', matter: 'ordinary', closesAt: 'IN_91_DAYS' },
    400,
  ],
  [
    'a ballot closing before 5 days',
    'POST',
    '/units/UNIT/ballots',
    { title: '表决', matter: 'ordinary', closesAt: 'IN_1_DAY' },
    422,
  ],
  ['a second open elevator ballot', 'POST', '/units/UNIT/ballots', { title: '表决', matter: 'major' }, 409],
  [
    'a vote for a room not on the roster',
    'POST',
    '/ballots/BALLOT/votes',
    { room: '999', choice: 'agree', channel: 'paper', reference: 'P-1' },
    422,
  ],
  [
    'a paper vote without its reference',
    'POST',
    '/ballots/BALLOT/votes',
    { room: '101', choice: 'agree', channel: 'paper' },
    400,
  ],
  ['closing a ballot before its time', 'POST', '/ballots/BALLOT/close', {}, 409],
  ['a cancellation without its reason', 'POST', '/ballots/BALLOT/cancellation', {}, 400],
  [
    'a roster with a room twice',
    'PUT',
    '/units/UNIT/flats',
    { flats: [...flats(2), ...flats(1)], reason: '更正' },
    422,
  ],
  ['a roster change without its reason', 'PUT', '/units/UNIT/flats', { flats: flats(6) }, 400],
  [
    'a contact no one knows',
    'POST',
    '/units/UNIT/contacts',
    { contactId: 'wx-nobody', role: 'committee' },
    422,
  ],
  [
    'withdrawing an unknown objection',
    'POST',
    '/units/UNIT/objections/YY-999/withdrawal',
    { reason: '录错' },
    404,
  ],
  [
    'withdrawing a step of an unknown objection',
    'POST',
    '/units/UNIT/objections/YY-999/mediations/1/withdrawal',
    { reason: '录错' },
    404,
  ],
];

describe('a refused request stores nothing', () => {
  it.each(refused)('%s', async (_what, method, path, body, status) => {
    const closesAt = (body as { closesAt?: string } | undefined)?.closesAt;
    const resolved =
      closesAt === 'IN_91_DAYS' || closesAt === 'IN_1_DAY'
        ? { ...(body as object), closesAt: iso(now() + (closesAt === 'IN_1_DAY' ? 1 : 91) * DAY) }
        : body;
    const before = await storedRecords(api.system.models);
    const reply = await api.request(
      method,
      `/api/v1${path.replace('UNIT', unitId).replace('BALLOT', ballotId)}`,
      resolved,
    );
    expect({ status: reply.status, ok: reply.body.ok }).toEqual({ status, ok: false });
    expect(reply.body.message).toMatch(/\p{Script=Han}/u);
    expect(await storedRecords(api.system.models)).toEqual(before);
  });
});
