/**
 * The places and people of the API tests: the administrator builds places, issues staff tokens, and
 * registers units whose owners have names of their own (so a test can look for them in any answer).
 */
import { expect } from '@jest/globals';
import { bindGroup } from '../../commands/bind-group.js';
import type { Json, TestApi } from './http.js';
import { flats, type FlatBody } from './units.js';

/** Creates a place as the administrator; returns its id. */
export async function createPlace(
  api: TestApi,
  kind: string,
  name: string,
  parentId?: string,
): Promise<string> {
  const reply = await api.post('/api/v1/places', { kind, name, ...(parentId ? { parentId } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

/** Issues a staff token as the administrator (or `token`); returns its secret and id. */
export async function issueToken(
  api: TestApi,
  body: Record<string, unknown>,
  token?: string,
): Promise<{ secret: string; id: string; body: Json }> {
  const reply = await api.post(
    '/api/v1/tokens',
    { expiresInDays: 30, ...body },
    token === undefined ? {} : { token },
  );
  expect(reply.status).toBe(201);
  return { secret: reply.body.token as string, id: reply.body.id as string, body: reply.body };
}

/** `count` flats whose owners are named `<tag>业主<room>` with phones `139<tag digits><room>`. */
export function taggedFlats(count: number, tag: string, phonePrefix: string): FlatBody[] {
  return flats(count).map((flat) => ({
    ...flat,
    owners: [{ name: `${tag}业主${flat.room}`, phone: `${phonePrefix}${flat.room.padStart(4, '0')}` }],
  }));
}

/** Registers a unit in `communityId` as the administrator; returns its id. */
export async function registerUnitIn(
  api: TestApi,
  communityId: string,
  name: string,
  list: readonly FlatBody[],
): Promise<string> {
  const reply = await api.post('/api/v1/units', { name, communityId, flats: list });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

/** Issues the unit's binding codes; returns each room's code. */
export async function bindingCodes(api: TestApi, unitId: string): Promise<Map<string, string>> {
  const reply = await api.post(`/api/v1/units/${unitId}/binding-codes`);
  expect(reply.status).toBe(201);
  return new Map((reply.body.codes as { room: string; code: string }[]).map((c) => [c.room, c.code]));
}

/** Signs a resident in with a flat's binding code (`POST /sessions/dev`, `JIATI_DEV_SIGN_IN=1`); returns the token. */
export async function devSignIn(api: TestApi, code: string | undefined): Promise<string> {
  const reply = await api.post('/api/v1/sessions/dev', { code }, { token: null });
  expect(reply.status).toBe(201);
  return reply.body.token as string;
}

/**
 * A unit registered in a community of its own (district → sub-district → community) and bound to the
 * WeChat group `roomId` by a committee contact; returns its id.
 */
export async function unitInGroup(
  api: TestApi,
  input: { readonly name: string; readonly flats: readonly FlatBody[]; readonly roomId: string },
): Promise<string> {
  const district = await createPlace(api, 'district', '区');
  const subdistrict = await createPlace(api, 'subdistrict', '街道', district);
  const community = await createPlace(api, 'community', '社区', subdistrict);
  const unitId = await registerUnitIn(api, community, input.name, input.flats);
  const groupCode = (await api.post(`/api/v1/units/${unitId}/group-code`)).body.code as string;
  const bound = await bindGroup(
    api.system.commands,
    { roomId: input.roomId, code: groupCode, contactId: 'wx-committee', groupUnitId: null },
    { now: api.clock.now() },
  );
  expect(bound.kind).toBe('bound');
  return unitId;
}
