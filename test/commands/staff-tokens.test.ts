/**
 * Per-person staff tokens on the real database, without HTTP: `issueToken` stores only the secret's
 * hash and records `TokenIssued` naming the issuer, with the community the scope lies in; a committee
 * member issues only committee and applicant tokens inside their own community, every refusal
 * appending nothing; `listTokensPage` shows each manager their own tokens page by page;
 * `revokeToken` revokes once and answers a token outside one's community as one that does not exist;
 * `resolveStaffToken` signs in only a well-formed, live, unrevoked secret, up to its expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  issueToken,
  listTokensPage,
  resolveStaffToken,
  revokeToken,
  tokenHash,
  type IssueTokenInput,
} from '../../commands/staff-tokens.js';
import { PLATFORM_ADMIN, type Actor } from '../../domain/case/index.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { PLATFORM_STREAM_ID } from '../../models/case-stream.js';
import { adminAt, contextFor, DAY, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';
import { givenCity, staff, type City } from '../support/staff-fixtures.js';

let world: CommandWorld;
let city: City;
beforeAll(async () => {
  world = await openCommandWorld('staff-tokens');
  city = await givenCity(world.ctx);
});
afterAll(() => world.close());

/** The meta of a write by `actor` through the API, `ms` after T0. */
const by = (actor: Actor, ms = 0): CommandMeta => ({
  actor: { kind: actor.kind, id: actor.id },
  channel: 'api',
  now: new Date(Date.parse(T0) + ms),
});
const platformEvents = () => world.ctx.streams.load(PLATFORM_STREAM_ID);
const committeeOf = (communityId: string): IssueTokenInput => ({
  name: '委员',
  role: 'committee',
  scope: { kind: 'community', id: communityId },
  expiresInDays: 30,
});

describe('issueToken', () => {
  it('keeps only the hash of a jt_ secret and records TokenIssued naming the issuer', async () => {
    const { token, secret } = await issueToken(world.ctx, PLATFORM_ADMIN, committeeOf(city.jia), adminAt());
    expect(secret).toMatch(/^jt_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      _id: tokenHash(secret),
      role: 'committee',
      scope: { kind: 'community', id: city.jia },
      communityId: city.jia,
      issuedBy: { kind: 'admin', id: 'admin' },
      issuedAt: new Date(T0),
      expiresAt: new Date(Date.parse(T0) + 30 * DAY),
    });
    const last = (await platformEvents()).at(-1)!;
    expect(last).toMatchObject({
      type: 'TokenIssued',
      actor: { kind: 'admin', id: 'admin' },
      data: { tokenId: token.tokenId, tokenHash: tokenHash(secret) },
    });
    expect(JSON.stringify(await platformEvents())).not.toContain(secret);
  });

  it("files an applicant token under its unit's community, and a unit placed nowhere under none", async () => {
    const committee = staff('committee', city.jia);
    const applicant: IssueTokenInput = {
      name: '申请人代表',
      role: 'applicant',
      scope: { kind: 'unit', id: city.units.jia },
      expiresInDays: 7,
    };
    const issued = await issueToken(world.ctx, committee, applicant, by(committee));
    expect(issued.token).toMatchObject({
      communityId: city.jia,
      issuedBy: { kind: 'committee', id: 'tok_committee' },
    });
    const loose = await issueToken(
      world.ctx,
      PLATFORM_ADMIN,
      { ...applicant, scope: { kind: 'unit', id: city.units.loose } },
      adminAt(),
    );
    expect(loose.token.communityId).toBeUndefined();
  });

  it('refuses a committee member outside their role or community, appending nothing', async () => {
    const committee = staff('committee', city.jia);
    const before = (await platformEvents()).length;
    const refusals: [IssueTokenInput, string][] = [
      [
        { ...committeeOf(city.jia), role: 'subdistrict', scope: { kind: 'subdistrict', id: city.east } },
        'forbidden',
      ],
      [committeeOf(city.yi), 'place_not_found'],
      [
        { ...committeeOf(city.jia), role: 'applicant', scope: { kind: 'unit', id: city.units.yi } },
        'unit_not_registered',
      ],
      [{ ...committeeOf(city.jia), scope: { kind: 'unit', id: city.units.jia } }, 'validation_error'],
      [{ ...committeeOf(city.jia), expiresInDays: 0 }, 'validation_error'],
      [{ ...committeeOf(city.jia), expiresInDays: 367 }, 'validation_error'],
    ];
    for (const [input, code] of refusals) {
      await expect(issueToken(world.ctx, committee, input, by(committee))).rejects.toMatchObject({ code });
    }
    // An applicant representative issues nothing; a sub-district officer neither.
    await expect(
      issueToken(world.ctx, staff('applicant', city.units.jia), committeeOf(city.jia), adminAt()),
    ).rejects.toMatchObject({ code: 'forbidden', details: { action: 'manage_tokens', role: 'committee' } });
    await expect(
      issueToken(world.ctx, staff('subdistrict', city.east), committeeOf(city.jia), adminAt()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await platformEvents()).toHaveLength(before);
  });

  it('lets the administrator name any place, checked to exist and be of the role’s kind', async () => {
    await expect(
      issueToken(world.ctx, PLATFORM_ADMIN, committeeOf(city.east), adminAt()),
    ).rejects.toMatchObject({ code: 'wrong_place_kind', details: { field: 'scope.id' } });
    await expect(
      issueToken(world.ctx, PLATFORM_ADMIN, committeeOf('pl_aaaaaaaaaaaaaaaa'), adminAt()),
    ).rejects.toMatchObject({ code: 'place_not_found' });
    const officer = await issueToken(
      world.ctx,
      PLATFORM_ADMIN,
      {
        name: '街道',
        role: 'subdistrict',
        scope: { kind: 'subdistrict', id: city.west },
        expiresInDays: 366,
      },
      adminAt(),
    );
    expect(officer.token.communityId).toBeUndefined();
  });
});

describe('listTokensPage and revokeToken', () => {
  it("pages a committee's own tokens oldest first, every token for the administrator, none for an officer", async () => {
    const committee = staff('committee', city.bing);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await issueToken(world.ctx, committee, committeeOf(city.bing), by(committee, i))).token.tokenId,
      );
    }
    const first = await listTokensPage(world.ctx, committee, undefined, 2);
    expect(first.map((t) => t.tokenId)).toEqual(ids.slice(0, 2));
    const next = await listTokensPage(
      world.ctx,
      committee,
      { issuedAt: first[1]!.issuedAt, tokenId: first[1]!.tokenId },
      2,
    );
    expect(next.map((t) => t.tokenId)).toEqual([ids[2]]);
    const all = await listTokensPage(world.ctx, PLATFORM_ADMIN, undefined, 100);
    expect(all.map((t) => t.communityId)).toContain(city.jia);
    expect(all.map((t) => t.tokenId)).toEqual(expect.arrayContaining(ids));
    expect(await listTokensPage(world.ctx, staff('district', city.district), undefined, 100)).toEqual([]);
  });

  it('revokes once, naming who, and answers a token outside the community as not found', async () => {
    const committee = staff('committee', city.yi);
    const { token } = await issueToken(world.ctx, committee, committeeOf(city.yi), by(committee));
    await expect(
      revokeToken(world.ctx, staff('committee', city.jia), token.tokenId, adminAt()),
    ).rejects.toMatchObject({
      code: 'token_not_found',
      details: { tokenId: token.tokenId },
    });
    await expect(revokeToken(world.ctx, committee, 'tok_nothing', adminAt())).rejects.toMatchObject({
      code: 'token_not_found',
    });
    const before = (await platformEvents()).length;
    const revoked = await revokeToken(world.ctx, committee, token.tokenId, by(committee, 5));
    expect(revoked).toMatchObject({
      revoked: true,
      token: {
        revokedAt: new Date(Date.parse(T0) + 5),
        revokedBy: { kind: 'committee', id: 'tok_committee' },
      },
    });
    const again = await revokeToken(world.ctx, PLATFORM_ADMIN, token.tokenId, adminAt(10));
    expect(again.revoked).toBe(false);
    expect(again.token.revokedAt).toEqual(new Date(Date.parse(T0) + 5));
    const events = await platformEvents();
    expect(events.slice(before).map((e) => e.type)).toEqual(['TokenRevoked']);
  });

  it('lets no one but the administrator revoke a token filed under no community', async () => {
    const { token } = await issueToken(
      world.ctx,
      PLATFORM_ADMIN,
      { name: '区', role: 'district', scope: { kind: 'district', id: city.district }, expiresInDays: 30 },
      adminAt(),
    );
    await expect(
      revokeToken(world.ctx, staff('district', city.district), token.tokenId, adminAt()),
    ).rejects.toMatchObject({ code: 'token_not_found' });
    expect((await revokeToken(world.ctx, PLATFORM_ADMIN, token.tokenId, adminAt())).revoked).toBe(true);
  });
});

describe('resolveStaffToken', () => {
  it('signs in a live token as its role, id and scope, until the instant it expires', async () => {
    const { token, secret } = await issueToken(
      world.ctx,
      PLATFORM_ADMIN,
      { name: '申请人', role: 'applicant', scope: { kind: 'unit', id: city.units.bing }, expiresInDays: 2 },
      adminAt(),
    );
    expect(await resolveStaffToken(world.ctx, secret)).toEqual({
      kind: 'applicant',
      id: token.tokenId,
      roles: ['applicant'],
      scope: { kind: 'unit', id: city.units.bing },
    });
    const at = (ms: number) => contextFor(world.models, { now: new Date(Date.parse(T0) + ms).toISOString() });
    expect(await resolveStaffToken(at(2 * DAY - 1), secret)).toMatchObject({ id: token.tokenId });
    expect(await resolveStaffToken(at(2 * DAY), secret)).toBeNull();
  });

  it('signs in nothing malformed, unknown or revoked', async () => {
    const { token, secret } = await issueToken(world.ctx, PLATFORM_ADMIN, committeeOf(city.jia), adminAt());
    expect(await resolveStaffToken(world.ctx, secret.slice(0, -1))).toBeNull();
    expect(await resolveStaffToken(world.ctx, `jt_${'A'.repeat(43)}`)).toBeNull();
    expect(await resolveStaffToken(world.ctx, secret.replace('jt_', 'js_'))).toBeNull();
    await revokeToken(world.ctx, PLATFORM_ADMIN, token.tokenId, adminAt());
    expect(await resolveStaffToken(world.ctx, secret)).toBeNull();
  });
});
