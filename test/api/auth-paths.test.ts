/**
 * Authentication holds on every path the router can match (conventions.md §9). The
 * guard once compared the path case-sensitively while the router matched case-insensitively, so
 * `/API/v1/…`, `//api/v1/…` and `/api%2Fv1/…` reached the routes without a token: any roster could be
 * read and group codes taken over. Over real HTTP on the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, publishPlan, registerUnit } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';

let api: TestApi;
let unitId: string;
beforeAll(async () => {
  api = await startTestApi();
  unitId = await registerUnit(api, 6);
  await publishPlan(api, unitId);
});
afterAll(async () => {
  await api.close();
});

/** Spellings of `path` a router or a proxy might take for it. */
const variants = (path: string): string[] => [
  path.replace('/api/', '/API/'),
  path.replace('/api/', '/Api/'),
  path.replace('/v1/', '/V1/'),
  path.replace('/units/', '/UNITS/'),
  path.replace('/api/', '//api/'),
  path.replace('/v1/', '/v1//'),
  path.replace('/api/v1/', '/api/./v1/'),
  path.replace('/api/v1/', '/api/x/../v1/'),
  path.replace('/api/v1/', '/api%2Fv1/'),
  path.replace('/api/v1/', '/%61pi/v1/'),
  path.replace('/units/', '/units%2F'),
  `${path}/`,
  `${path}//`,
  `${path}?x=1`,
  `${path}/.`,
  `${path};x=1`,
];

describe('without a token', () => {
  it.each(variants('/api/v1/units/UNIT'))('GET %s is 401 and shows nothing', async (pattern) => {
    const reply = await api.get(pattern.replace('UNIT', unitId), { token: null });
    expectError(reply, 401, 'unauthorized');
    expect(JSON.stringify(reply.body)).not.toContain('业主');
  });

  it.each(variants('/api/v1/units/UNIT/group-code'))('POST %s is 401 and stores nothing', async (pattern) => {
    const before = await storedRecords(api.system.models);
    expectError(await api.post(pattern.replace('UNIT', unitId), {}, { token: null }), 401, 'unauthorized');
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('is 401 on a path no route has, so nothing tells which paths exist', async () => {
    expectError(await api.get('/api/v1/nothing-here', { token: null }), 401, 'unauthorized');
    expectError(await api.get('/anything', { token: null }), 401, 'unauthorized');
  });

  it('still reaches the public health check', async () => {
    expect((await api.get('/healthz', { token: null })).status).toBe(200);
  });
});

describe('with the token', () => {
  it('answers only the path as written; every other spelling is not found', async () => {
    expect((await api.get(`/api/v1/units/${unitId}`)).status).toBe(200);
    for (const pattern of variants('/api/v1/units/UNIT')) {
      const path = pattern.replace('UNIT', unitId);
      // Skip spellings the client itself sends as the canonical path (a query; dot segments, which
      // fetch resolves before sending): they are the route, rightly.
      if (new URL(path, api.url).pathname === `/api/v1/units/${unitId}`) continue;
      const reply = await api.get(path);
      // Not found as a route, or as a unit (`%2F` and `;` end up inside the id): never the unit.
      expect({ path, status: reply.status, ok: reply.body.ok }).toEqual({ path, status: 404, ok: false });
    }
  });
});
