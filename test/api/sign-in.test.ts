/**
 * Residents sign in as themselves, over real HTTP on the real database: the mini-program's `wx.login`
 * code is exchanged with WeChat's `code2Session` — the real client against a local stand-in that
 * follows WeChat's contract — for a session; the resident binds their flat with their slip's code and
 * then sees exactly their own: their unit's shared data, their own flat in full, neighbours by room.
 * The development exchange (a binding code instead of WeChat) is off unless switched on. Each session
 * issued or ended is an event of the platform's stream, which keeps only its secret's hash.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PLATFORM_STREAM_ID } from '../../models/case-stream.js';
import { expectError, openBallot, publishPlan, vote } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { bindingCodes, createPlace, issueToken, registerUnitIn, taggedFlats } from '../support/people.js';
import { rooms } from '../support/units.js';
import {
  startWechatStandIn,
  STANDIN_APPID,
  STANDIN_SECRET,
  type WechatStandIn,
} from '../support/wechat-standin.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const as = (token: string) => ({ token });

let wechat: WechatStandIn;
let api: TestApi;
let unitA: string;
let unitB: string;
let codesA: Map<string, string>;
let ballotA: string;
let officer: string;

beforeAll(async () => {
  wechat = await startWechatStandIn();
  api = await startTestApi({
    env: {
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: wechat.url,
      JIATI_DEV_SIGN_IN: '1',
    },
  });
  const district = await createPlace(api, 'district', '演示区');
  const subdistrict = await createPlace(api, 'subdistrict', '演示街道', district);
  const communityA = await createPlace(api, 'community', '甲社区', subdistrict);
  const communityB = await createPlace(api, 'community', '乙社区', subdistrict);
  unitA = await registerUnitIn(api, communityA, '甲1幢1单元', taggedFlats(4, '甲', '1391111'));
  unitB = await registerUnitIn(api, communityB, '乙1幢1单元', taggedFlats(4, '乙', '1392222'));
  codesA = await bindingCodes(api, unitA);
  await publishPlan(api, unitA);
  ballotA = (await openBallot(api, unitA, { matter: 'major', closesAt: day(7) })).id as string;
  officer = (
    await issueToken(api, {
      name: '街道干部',
      role: 'subdistrict',
      scope: { kind: 'subdistrict', id: subdistrict },
    })
  ).secret;
});

afterAll(async () => {
  await api?.close();
  await wechat?.close();
});

async function signInWithWechat(openid: string): Promise<Json> {
  const reply = await api.post('/api/v1/sessions/wechat', { code: wechat.login(openid) }, { token: null });
  expect(reply.status).toBe(201);
  return reply.body;
}

describe('signing in with WeChat (code2Session against the stand-in)', () => {
  let token: string;

  it('exchanges the wx.login code for a session that reaches no flat yet', async () => {
    const body = await signInWithWechat('openid-101');
    expect(body).toEqual({
      token: expect.stringMatching(/^js_[A-Za-z0-9_-]{43}$/),
      sessionId: expect.stringMatching(/^ses_/),
      method: 'wechat',
      expiresAt: new Date(Date.parse(T0) + 30 * DAY).toISOString(),
      flats: [],
    });
    token = body.token as string;
    const asked = wechat.requests.at(-1)!;
    expect(Object.fromEntries(asked)).toEqual({
      appid: STANDIN_APPID,
      secret: STANDIN_SECRET,
      js_code: expect.any(String),
      grant_type: 'authorization_code',
    });
    const me = await api.get('/api/v1/me', as(token));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: 'resident', roles: [], flats: [] });
    expectError(await api.get(`/api/v1/units/${unitA}`, as(token)), 404, 'unit_not_registered');
  });

  it('binds the flat with the slip code typed loosely, then reaches its unit', async () => {
    const typed = codesA
      .get('101')!
      .toLowerCase()
      .replace(/^(.{3})/, '$1-');
    const bound = await api.post('/api/v1/me/flats', { code: typed }, as(token));
    expect(bound.status).toBe(201);
    expect(bound.body).toMatchObject({
      unitId: unitA,
      room: '101',
      role: 'owner',
      pending: false,
      mayVote: true,
    });
    const me = await api.get('/api/v1/me', as(token));
    expect(me.body.flats).toEqual([{ unitId: unitA, room: '101', unitName: '甲1幢1单元', stage: 'voting' }]);
    const events = (await api.system.models.caseEvents
      .find({ caseId: unitA, type: 'HouseholdBound' })
      .lean()
      .exec()) as unknown as Json[];
    expect(events.at(-1)).toMatchObject({
      channel: 'miniprogram',
      actor: { kind: 'resident', id: 'mp:openid-101' },
    });
  });

  it('shows their own flat in full and the neighbours by room only', async () => {
    const unit = await api.get(`/api/v1/units/${unitA}`, as(token));
    expect(unit.status).toBe(200);
    const [own, ...others] = unit.body.flats as Json[];
    expect(own).toMatchObject({
      room: '101',
      mine: true,
      owners: [{ name: '甲业主101', hasPhone: true, phone: '13911110101' }],
    });
    for (const flat of others) {
      expect(Object.keys(flat).sort()).toEqual(['area', 'areaSource', 'floor', 'room']);
    }
    const text = JSON.stringify(unit.body);
    for (const room of ['102', '201', '202']) expect(text).not.toContain(`甲业主${room}`);
  });

  it('keeps staff work and other units from them', async () => {
    expectError(await api.get(`/api/v1/units/${unitA}/bindings`, as(token)), 403, 'forbidden');
    expectError(await api.get(`/api/v1/ballots/${ballotA}/worklist`, as(token)), 403, 'forbidden');
    expectError(await api.post(`/api/v1/ballots/${ballotA}/votes`, {}, as(token)), 403, 'forbidden');
    expectError(await api.get(`/api/v1/units/${unitB}`, as(token)), 404, 'unit_not_registered');
    expectError(await api.get('/api/v1/tokens', as(token)), 403, 'forbidden');
  });

  it('refuses a used, unknown or empty code, and says so when WeChat is busy', async () => {
    const code = wechat.login('openid-x');
    expect((await api.post('/api/v1/sessions/wechat', { code }, { token: null })).status).toBe(201);
    expectError(
      await api.post('/api/v1/sessions/wechat', { code }, { token: null }),
      401,
      'sign_in_code_invalid',
    );
    expectError(
      await api.post('/api/v1/sessions/wechat', { code: 'no-such-code' }, { token: null }),
      401,
      'sign_in_code_invalid',
    );
    expectError(
      await api.post('/api/v1/sessions/wechat', { code: ' ' }, { token: null }),
      400,
      'validation_error',
    );
    wechat.busy = true;
    try {
      expectError(
        await api.post('/api/v1/sessions/wechat', { code: wechat.login('openid-y') }, { token: null }),
        503,
        'sign_in_unavailable',
      );
    } finally {
      wechat.busy = false;
    }
  });

  it('signs the same WeChat user in again with the flats they bound', async () => {
    const again = await signInWithWechat('openid-101');
    expect(again.flats).toEqual([{ unitId: unitA, room: '101' }]);
    expect(again.token).not.toBe(token);
  });

  it('records each session on the platform stream by its hash, never its secret', async () => {
    const events = (await api.system.models.caseEvents
      .find({ caseId: PLATFORM_STREAM_ID, type: 'SessionIssued' })
      .lean()
      .exec()) as unknown as Json[];
    const hashes = events.map((event) => event.data.sessionHash);
    expect(hashes).toContain(sha256(token));
    expect(JSON.stringify(events)).not.toContain(token);
    expect(events[0]).toMatchObject({
      actor: { kind: 'resident', id: 'mp:openid-101' },
      channel: 'miniprogram',
    });
  });

  it('signs out: the session signs no one in from the next request', async () => {
    expect((await api.request('DELETE', '/api/v1/me/session', undefined, as(token))).status).toBe(204);
    expectError(await api.get('/api/v1/me', as(token)), 401, 'unauthorized');
    const revoked = await api.system.models.caseEvents
      .countDocuments({ caseId: PLATFORM_STREAM_ID, type: 'SessionRevoked' })
      .exec();
    expect(revoked).toBe(1);
  });
});

describe('the development exchange (switched on here)', () => {
  it('signs in with a binding code, binding its flat, and again with the same code as the same person', async () => {
    const first = await api.post('/api/v1/sessions/dev', { code: codesA.get('102') }, { token: null });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ method: 'dev', flats: [{ unitId: unitA, room: '102' }] });
    const second = await api.post('/api/v1/sessions/dev', { code: codesA.get('102') }, { token: null });
    expect(second.body.flats).toEqual([{ unitId: unitA, room: '102' }]);
    const me = await api.get('/api/v1/me', as(second.body.token as string));
    expect(me.body.flats).toHaveLength(1);
  });

  it('refuses a wrong code, saying how many tries are left', async () => {
    const wrong = await api.post('/api/v1/sessions/dev', { code: '8K3M2P' }, { token: null });
    expectError(wrong, 422, 'binding_code_wrong');
    expect(wrong.body.details).toEqual({ triesLeft: 4 });
    expectError(
      await api.post('/api/v1/sessions/dev', { code: 'U' }, { token: null }),
      400,
      'validation_error',
    );
  });

  it('ends after 30 days', async () => {
    const signed = await api.post('/api/v1/sessions/dev', { code: codesA.get('201') }, { token: null });
    const secret = signed.body.token as string;
    api.clock.set(new Date(Date.parse(T0) + 30 * DAY + 1000).toISOString());
    try {
      expectError(await api.get('/api/v1/me', as(secret)), 401, 'unauthorized');
    } finally {
      api.clock.set(T0);
    }
  });
});

describe('the named ballot record', () => {
  it('names the owners to the unit’s residents once the ballot closed, and to other staff by room only', async () => {
    const signed = await api.post('/api/v1/sessions/dev', { code: codesA.get('202') }, { token: null });
    const resident = signed.body.token as string;
    await vote(api, ballotA, rooms(4), 'agree');
    api.clock.set(day(7));
    try {
      expect((await api.post(`/api/v1/ballots/${ballotA}/close`)).status).toBe(200);
      const seen = await api.get(`/api/v1/ballots/${ballotA}/record`, as(resident));
      expect(seen.status).toBe(200);
      expect(seen.body.named).toBe(true);
      expect(seen.body.flats[0].owners).toEqual(['甲业主101']);
      const byOfficer = await api.get(`/api/v1/ballots/${ballotA}/record`, as(officer));
      expect(byOfficer.status).toBe(200);
      expect(byOfficer.body.named).toBe(false);
      expect(JSON.stringify(byOfficer.body)).not.toContain('甲业主');
    } finally {
      api.clock.set(T0);
    }
  });
});

describe('switched off', () => {
  it('answers the development exchange as an address that does not exist, and WeChat sign-in as unavailable', async () => {
    const plain = await startTestApi();
    try {
      expectError(
        await plain.post('/api/v1/sessions/dev', { code: '8K3M2P' }, { token: null }),
        404,
        'not_found',
      );
      expectError(
        await plain.post('/api/v1/sessions/wechat', { code: 'abc' }, { token: null }),
        503,
        'sign_in_unavailable',
      );
    } finally {
      await plain.close();
    }
  });
});
