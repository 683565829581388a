/**
 * Residents' sessions on the real database, without HTTP: `flatsOf` counts only confirmed bindings;
 * `signInWithWechat` signs in `mp:<openid>` for 30 days, keeping only the secret's hash, and turns
 * WeChat's refusals into `sign_in_code_invalid` / `sign_in_unavailable` storing nothing;
 * `signInWithBindingCode` binds a development contact of the code's own and refuses as binding
 * does; `bindMyFlat` binds through the mini-program for residents alone; `resolveResidentSession`
 * signs in a live session with the flats bound now; `signOut` ends a session once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  bindMyFlat,
  flatsOf,
  resolveResidentSession,
  SESSION_DAYS,
  signInWithBindingCode,
  signInWithWechat,
  signOut,
} from '../../commands/resident-sessions.js';
import { sha256Hex } from '../../lib/hash.js';
import { WechatAuthError, type WechatAuth } from '../../lib/wechat-auth.js';
import { PLATFORM_STREAM_ID } from '../../models/case-stream.js';
import { readSessionByHash } from '../../models/resident-session.js';
import {
  contextFor,
  DAY,
  givenUnit,
  openCommandWorld,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
let unitId: string;
let slip: (room: string) => string;
beforeAll(async () => {
  world = await openCommandWorld('resident-sessions');
  unitId = await givenUnit(world.ctx, 6);
  slip = await slipsOf(world.ctx, unitId);
});
afterAll(() => world.close());

const now = (ms = 0) => new Date(Date.parse(T0) + ms);
const platformEvents = () => world.ctx.streams.load(PLATFORM_STREAM_ID);

/** WeChat as the mini-program's sign-in sees it: each code names a user, or fails as told. */
function wechat(answers: Record<string, string | Error>): WechatAuth {
  return {
    code2Session(code) {
      const answer = answers[code];
      if (answer === undefined) return Promise.reject(new WechatAuthError('code_refused', 'refused', 40029));
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve({ openid: answer });
    },
  };
}

describe('signInWithWechat', () => {
  it('signs in mp:<openid> for 30 days, storing and recording only the hash of a js_ secret', async () => {
    const before = (await platformEvents()).length;
    const signed = await signInWithWechat(world.ctx, wechat({ c1: 'openid-1' }), 'c1', now());
    expect(signed.secret).toMatch(/^js_[A-Za-z0-9_-]{43}$/);
    expect(signed.flats).toEqual([]);
    expect(signed.session).toMatchObject({
      _id: sha256Hex(signed.secret),
      contactId: 'mp:openid-1',
      method: 'wechat',
      issuedAt: now(),
      expiresAt: now(SESSION_DAYS * DAY),
    });
    const events = (await platformEvents()).slice(before);
    expect(events.map((e) => [e.type, e.actor.kind, e.actor.id, e.channel])).toEqual([
      ['SessionIssued', 'resident', 'mp:openid-1', 'miniprogram'],
    ]);
    expect(events[0]!.data).toMatchObject({ sessionHash: sha256Hex(signed.secret) });
    expect(JSON.stringify(events)).not.toContain(signed.secret);
  });

  it('refuses a code WeChat refuses, and says WeChat is unavailable otherwise, storing nothing', async () => {
    const auth = wechat({ busy: new WechatAuthError('unavailable', 'busy', -1), boom: new Error('bug') });
    const before = (await platformEvents()).length;
    await expect(signInWithWechat(world.ctx, auth, 'bad', now())).rejects.toMatchObject({
      code: 'sign_in_code_invalid',
      details: { errcode: 40029 },
    });
    await expect(signInWithWechat(world.ctx, auth, 'busy', now())).rejects.toMatchObject({
      code: 'sign_in_unavailable',
    });
    // Anything that is not WeChat's answer is no refusal of the resident's: it passes as it is.
    await expect(signInWithWechat(world.ctx, auth, 'boom', now())).rejects.toThrow('bug');
    expect(await platformEvents()).toHaveLength(before);
  });
});

describe('flatsOf, bindMyFlat and resolveResidentSession', () => {
  it('reaches a flat bound after signing in at once, and a pending request to join none', async () => {
    const auth = wechat({ a: 'owner', b: 'family' });
    const owner = await signInWithWechat(world.ctx, auth, 'a', now());
    const bound = await bindMyFlat(world.ctx, { kind: 'resident', id: 'mp:owner' }, slip('101'), now(1));
    expect(bound).toMatchObject({ kind: 'bound', room: '101', role: 'owner', pending: false });
    expect((await world.ctx.streams.load(unitId)).at(-1)).toMatchObject({
      type: 'HouseholdBound',
      channel: 'miniprogram',
      actor: { kind: 'resident', id: 'mp:owner' },
    });
    expect(await resolveResidentSession(world.ctx, owner.secret)).toEqual({
      kind: 'resident',
      id: 'mp:owner',
      roles: [],
      scope: { kind: 'flats', flats: [{ unitId, room: '101' }] },
    });
    // A second person with the same slip only asks to join: they reach nothing yet.
    await signInWithWechat(world.ctx, auth, 'b', now());
    const asked = await bindMyFlat(world.ctx, { kind: 'resident', id: 'mp:family' }, slip('101'), now(2));
    expect(asked).toMatchObject({ pending: true, requested: true, ownerContactIds: ['mp:owner'] });
    expect(await flatsOf(world.ctx, 'mp:family')).toEqual([]);
    expect(await flatsOf(world.ctx, 'mp:nobody')).toEqual([]);
    // Signing in again on another device reaches what was bound before.
    expect((await signInWithWechat(world.ctx, auth, 'a', now(3))).flats).toEqual([{ unitId, room: '101' }]);
  });

  it('lets only a resident bind, and turns binding refusals into API refusals', async () => {
    await expect(
      bindMyFlat(world.ctx, { kind: 'committee', id: 'tok_c' }, slip('102'), now()),
    ).rejects.toMatchObject({ code: 'forbidden', details: { action: 'bind_flat' } });
    const me = { kind: 'resident' as const, id: 'mp:typo' };
    await expect(bindMyFlat(world.ctx, me, 'ZZZZZZZZ', now())).rejects.toMatchObject({
      code: 'binding_code_wrong',
      details: { triesLeft: 4 },
    });
    await expect(bindMyFlat(world.ctx, me, slip('102'), now(30 * DAY))).rejects.toMatchObject({
      code: 'binding_code_void',
    });
    // The wrong code is forgotten once the resident binds.
    expect(await bindMyFlat(world.ctx, me, slip('102'), now())).toMatchObject({ room: '102' });
    expect(await world.models.bindingLockouts.findById('mp:typo').lean().exec()).toBeNull();
  });

  it('signs in nothing malformed, unknown, expired or signed out', async () => {
    const { secret, session } = await signInWithWechat(world.ctx, wechat({ x: 'leaver' }), 'x', now());
    expect(await resolveResidentSession(world.ctx, secret.slice(1))).toBeNull();
    expect(await resolveResidentSession(world.ctx, `js_${'A'.repeat(43)}`)).toBeNull();
    const at = (ms: number) => contextFor(world.models, { now: now(ms).toISOString() });
    expect(await resolveResidentSession(at(SESSION_DAYS * DAY - 1), secret)).toMatchObject({
      id: 'mp:leaver',
    });
    expect(await resolveResidentSession(at(SESSION_DAYS * DAY), secret)).toBeNull();

    const before = (await platformEvents()).length;
    await signOut(world.ctx, secret, now(5));
    expect(await resolveResidentSession(world.ctx, secret)).toBeNull();
    await signOut(world.ctx, secret, now(6));
    await signOut(world.ctx, `js_${'B'.repeat(43)}`, now(7));
    const after = (await platformEvents()).slice(before);
    expect(after.map((e) => [e.type, e.actor.id, (e.data as { sessionId: string }).sessionId])).toEqual([
      ['SessionRevoked', 'mp:leaver', session.sessionId],
    ]);
    expect(await readSessionByHash(world.models.residentSessions, sha256Hex(secret))).toMatchObject({
      revokedAt: now(5),
    });
  });
});

describe('signInWithBindingCode', () => {
  it('binds a development contact of its own, and signs the same one in again with the same code', async () => {
    const first = await signInWithBindingCode(world.ctx, slip('201'), now());
    expect(first.session).toMatchObject({
      method: 'dev',
      contactId: expect.stringMatching(/^dev:[0-9a-f]{24}$/),
    });
    expect(first.flats).toEqual([{ unitId, room: '201' }]);
    const again = await signInWithBindingCode(world.ctx, slip('201'), now(1));
    expect(again.session.contactId).toBe(first.session.contactId);
    expect(again.session.sessionId).not.toBe(first.session.sessionId);
    expect(again.flats).toEqual([{ unitId, room: '201' }]);
    const other = await signInWithBindingCode(world.ctx, slip('202'), now());
    expect(other.session.contactId).not.toBe(first.session.contactId);
  });

  it('refuses a wrong code, locks it after five tries, and issues no session', async () => {
    const before = (await platformEvents()).length;
    for (const triesLeft of [4, 3, 2, 1]) {
      await expect(signInWithBindingCode(world.ctx, 'WRONG000', now())).rejects.toMatchObject({
        code: 'binding_code_wrong',
        details: { triesLeft },
      });
    }
    await expect(signInWithBindingCode(world.ctx, 'WRONG000', now())).rejects.toMatchObject({
      code: 'binding_locked',
      details: { until: now(3_600_000).toISOString() },
    });
    expect(await platformEvents()).toHaveLength(before);
  });
});
