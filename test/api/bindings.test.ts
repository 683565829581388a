/**
 * `GET /api/v1/units/:unitId/bindings` and `DELETE /api/v1/units/:unitId/binding-codes/:room` over real
 * HTTP on the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { expectError, registerUnit } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';

let api: TestApi;
let unitId: string;
let codes: { room: string; code: string }[];
beforeAll(async () => {
  api = await startTestApi();
  unitId = await registerUnit(api, 4);
  codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as typeof codes;
});
afterAll(async () => {
  await api.close();
});

const bind = (contactId: string, code: string) =>
  bindHousehold(api.system.commands, { contactId, code }, { now: api.clock.now() });
const codeOf = (room: string) => codes.find((c) => c.room === room)!.code;

describe('GET /api/v1/units/:unitId/bindings', () => {
  it('lists each flat with the contacts bound to it; no names of people', async () => {
    expect(await bind('wx-li', codeOf('101'))).toMatchObject({ kind: 'bound', room: '101' });
    // A slip binds one person: the second asks to join, pending until a bound owner confirms.
    expect(await bind('wx-wang', codeOf('101'))).toMatchObject({ kind: 'bound', room: '101', pending: true });
    const reply = await api.get(`/api/v1/units/${unitId}/bindings`);
    expect(reply.status).toBe(200);
    expect(reply.body.nextCursor).toBeNull();
    expect(reply.body.items).toEqual([
      {
        room: '101',
        bound: true,
        contacts: [
          { contactId: 'wx-li', role: 'owner' },
          { contactId: 'wx-wang', role: 'co_owner', pending: true },
        ],
      },
      { room: '102', bound: false, contacts: [] },
      { room: '201', bound: false, contacts: [] },
      { room: '202', bound: false, contacts: [] },
    ]);
    expect(JSON.stringify(reply.body)).not.toMatch(/业主|1380000/);
  });

  it.each([
    ['no token', `/api/v1/units/UNIT/bindings`, null, 401, 'unauthorized'],
    ['an unknown unit', '/api/v1/units/u_aaaaaaaaaaaaaaaa/bindings', undefined, 404, 'unit_not_registered'],
    ['a malformed unit id', '/api/v1/units/nonsense/bindings', undefined, 404, 'unit_not_registered'],
  ])('refuses %s', async (_, path, token, status, code) => {
    expectError(await api.get(path.replace('UNIT', unitId), { token }), status, code);
  });
});

describe('POST /api/v1/units/:unitId/binding-codes/:room', () => {
  it('issues a new code for one flat, valid 30 days, and voids the old one', async () => {
    const old = codeOf('201');
    const reply = await api.post(`/api/v1/units/${unitId}/binding-codes/201`);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      room: '201',
      code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{8}$/),
      expiresAt: new Date(api.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    });
    expect(await bind('wx-zhao', old)).toEqual({ kind: 'revoked' });
    expect(await bind('wx-zhao', reply.body.code as string)).toMatchObject({ kind: 'bound', role: 'owner' });
  });

  it('refuses a room the unit lacks (422 unknown_room) and an unknown unit (404)', async () => {
    expectError(await api.post(`/api/v1/units/${unitId}/binding-codes/909`), 422, 'unknown_room');
    expectError(
      await api.post('/api/v1/units/u_aaaaaaaaaaaaaaaa/binding-codes/101'),
      404,
      'unit_not_registered',
    );
  });
});

describe('DELETE /api/v1/units/:unitId/binding-codes/:room', () => {
  it('revokes the flat’s code: binding with it then gets the revoked answer, other codes still work', async () => {
    const reply = await api.request('DELETE', `/api/v1/units/${unitId}/binding-codes/102`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ room: '102', revoked: 1 });
    expect(await bind('wx-zhang', codeOf('102'))).toEqual({ kind: 'revoked' });
    expect(await bind('wx-zhang', codeOf('202'))).toMatchObject({ kind: 'bound', room: '202' });
    // Nothing left to revoke.
    expectError(await api.request('DELETE', `/api/v1/units/${unitId}/binding-codes/102`), 404, 'not_found');
  });

  it.each([
    ['no token', 'UNIT', '201', null, 401, 'unauthorized'],
    ['an unknown unit', 'u_aaaaaaaaaaaaaaaa', '201', undefined, 404, 'unit_not_registered'],
    ['a room the unit does not have', 'UNIT', '909', undefined, 422, 'unknown_room'],
    ['a malformed room', 'UNIT', 'a.b', undefined, 400, 'validation_error'],
  ])('refuses %s', async (_, unit, room, token, status, code) => {
    const path = `/api/v1/units/${unit.replace('UNIT', unitId)}/binding-codes/${room}`;
    expectError(await api.request('DELETE', path, undefined, { token }), status, code);
  });
});
