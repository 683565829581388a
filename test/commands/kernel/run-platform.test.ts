/**
 * `runPlatformCommand`, `loadPlatform` and `rebuildPlatformViews` on the real database: each platform
 * event is projected before the command answers — a place, a token and its revocation (the first one
 * kept), a resident's session and its sign-out, the reminders a resident allowed — and logged without
 * its data; a refused command stores nothing; a projection that fails fails the command after its event
 * is stored, and the rebuild from the stream writes what it left out, sessions and allowances included.
 * (`test/api/tokens.test.ts` rebuilds places and tokens over HTTP.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createCommandContext, type CommandContext } from '../../../commands/kernel/context.js';
import {
  loadPlatform,
  rebuildPlatformViews,
  runPlatformCommand,
} from '../../../commands/kernel/run-platform.js';
import type { CommandMeta } from '../../../commands/kernel/stream-runner.js';
import { FixedClock } from '../../../lib/clock.js';
import { PLATFORM_STREAM_ID } from '../../../models/case-stream.js';
import { readPlace } from '../../../models/place.js';
import {
  DAY,
  T0,
  adminAt,
  contextFor,
  holidayTable,
  openCommandWorld,
  type CommandWorld,
} from '../../support/commands.js';
import { recordingLog, unreachableModels } from '../../support/kernel-fixtures.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('kernel-run-platform');
});
afterAll(() => world.close());

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const committee: CommandMeta = {
  actor: { kind: 'committee', id: 'tok_committeeaaaaaaaa' },
  channel: 'api',
  now: new Date(Date.parse(T0) + 60_000),
};
const resident = (contactId: string): CommandMeta => ({
  actor: { kind: 'resident', id: contactId },
  channel: 'miniprogram',
  now: new Date(T0),
});
const platformEvents = () => world.models.caseEvents.countDocuments({ caseId: PLATFORM_STREAM_ID });

/** A context on the world's database whose log lines the test reads. */
function loggingContext(): { ctx: CommandContext; lines: ReturnType<typeof recordingLog>['lines'] } {
  const { log, lines } = recordingLog();
  const ctx = createCommandContext({
    models: world.models,
    clock: new FixedClock(T0),
    holidays: holidayTable(),
    log,
  });
  return { ctx, lines };
}

describe('runPlatformCommand', () => {
  it('writes each place with the places above it before it answers, and logs it without its name', async () => {
    const { ctx, lines } = loggingContext();
    await runPlatformCommand(
      ctx,
      { type: 'CreatePlace', data: { placeId: 'pl_d', kind: 'district', name: '西湖区' } },
      adminAt(),
    );
    await runPlatformCommand(
      ctx,
      {
        type: 'CreatePlace',
        data: { placeId: 'pl_s', kind: 'subdistrict', name: '北山街道', parentId: 'pl_d' },
      },
      adminAt(),
    );
    const { head } = await runPlatformCommand(
      ctx,
      {
        type: 'CreatePlace',
        data: { placeId: 'pl_c', kind: 'community', name: '宝石社区', parentId: 'pl_s' },
      },
      adminAt(),
    );
    expect(head.seq).toBe(3);
    expect(await readPlace(world.models.places, 'pl_c')).toEqual({
      placeId: 'pl_c',
      kind: 'community',
      name: '宝石社区',
      parentId: 'pl_s',
      subdistrictId: 'pl_s',
      districtId: 'pl_d',
      createdAt: T0,
    });
    expect(lines.map((line) => [line.level, line.msg, line.stream, line.seq, line.type, line.actor])).toEqual(
      [
        [30, 'platform event appended', PLATFORM_STREAM_ID, 1, 'PlaceCreated', 'admin'],
        [30, 'platform event appended', PLATFORM_STREAM_ID, 2, 'PlaceCreated', 'admin'],
        [30, 'platform event appended', PLATFORM_STREAM_ID, 3, 'PlaceCreated', 'admin'],
      ],
    );
    expect(JSON.stringify(lines)).not.toMatch(/西湖区|北山街道|宝石社区/);
  });

  it('issues a token usable at once, and keeps its first revocation when revoked twice', async () => {
    const { ctx, lines } = loggingContext();
    const tokenHash = hashOf('secret-committee');
    await runPlatformCommand(
      ctx,
      {
        type: 'IssueToken',
        data: {
          tokenId: 'tok_aaaaaaaaaaaaaaaa',
          name: '张主任',
          role: 'committee',
          scope: { kind: 'community', id: 'pl_c' },
          tokenHash,
          expiresAt: new Date(Date.parse(T0) + 30 * DAY),
        },
      },
      adminAt(),
    );
    expect(await world.models.staffTokens.findById(tokenHash).lean()).toEqual({
      _id: tokenHash,
      tokenId: 'tok_aaaaaaaaaaaaaaaa',
      name: '张主任',
      role: 'committee',
      scope: { kind: 'community', id: 'pl_c' },
      communityId: 'pl_c',
      issuedAt: new Date(T0),
      issuedBy: { kind: 'admin', id: 'admin' },
      expiresAt: new Date(Date.parse(T0) + 30 * DAY),
    });
    const revoke = { type: 'RevokeToken', data: { tokenId: 'tok_aaaaaaaaaaaaaaaa', tokenHash } } as const;
    await runPlatformCommand(ctx, revoke, committee);
    await runPlatformCommand(ctx, revoke, { ...adminAt(), now: new Date(Date.parse(T0) + DAY) });
    expect(await world.models.staffTokens.findById(tokenHash).lean()).toMatchObject({
      revokedAt: committee.now,
      revokedBy: committee.actor,
    });
    // Both revocations are on the record; only the first counts.
    const revocations = await world.models.caseEvents
      .find({ caseId: PLATFORM_STREAM_ID, type: 'TokenRevoked' })
      .lean()
      .exec();
    expect(revocations.map((event) => event.actor.kind)).toEqual(['committee', 'admin']);
    expect(lines.map((line) => [line.type, line.actor])).toEqual([
      ['TokenIssued', 'admin'],
      ['TokenRevoked', 'committee'],
      ['TokenRevoked', 'admin'],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/张主任|secret/);
  });

  it("writes a resident's session and its sign-out, and the reminders they allowed by event seq", async () => {
    const ctx = contextFor(world.models);
    const sessionHash = hashOf('secret-session');
    await runPlatformCommand(
      ctx,
      {
        type: 'IssueSession',
        data: {
          sessionId: 'ses_aaaaaaaaaaaaaaaa',
          contactId: 'mp:openid-1',
          method: 'wechat',
          sessionHash,
          expiresAt: new Date(Date.parse(T0) + 7 * DAY),
        },
      },
      resident('mp:openid-1'),
    );
    expect(await world.models.residentSessions.findById(sessionHash).lean()).toEqual({
      _id: sessionHash,
      sessionId: 'ses_aaaaaaaaaaaaaaaa',
      contactId: 'mp:openid-1',
      method: 'wechat',
      issuedAt: new Date(T0),
      expiresAt: new Date(Date.parse(T0) + 7 * DAY),
    });
    const allowed = await runPlatformCommand(
      ctx,
      {
        type: 'AllowReminders',
        data: { contactId: 'mp:openid-1', kinds: ['ballot', 'publicity', 'ballot'] },
      },
      resident('mp:openid-1'),
    );
    const again = await runPlatformCommand(
      ctx,
      { type: 'AllowReminders', data: { contactId: 'mp:openid-1', kinds: ['ballot'] } },
      { ...resident('mp:openid-1'), now: new Date(Date.parse(T0) + 1000) },
    );
    expect(await world.models.reminderAllowances.findById('mp:openid-1|ballot').lean()).toMatchObject({
      contactId: 'mp:openid-1',
      kind: 'ballot',
      allowed: [allowed.head.seq, again.head.seq],
      lastAllowedAt: new Date(Date.parse(T0) + 1000),
    });
    expect(await world.models.reminderAllowances.findById('mp:openid-1|publicity').lean()).toMatchObject({
      allowed: [allowed.head.seq],
    });
    await runPlatformCommand(
      ctx,
      { type: 'RevokeSession', data: { sessionId: 'ses_aaaaaaaaaaaaaaaa', sessionHash } },
      { ...resident('mp:openid-1'), now: new Date(Date.parse(T0) + 2000) },
    );
    expect(await world.models.residentSessions.findById(sessionHash).lean()).toMatchObject({
      revokedAt: new Date(Date.parse(T0) + 2000),
    });
  });

  it('stores and projects nothing for a refused command', async () => {
    const ctx = contextFor(world.models);
    const before = await platformEvents();
    await expect(
      runPlatformCommand(
        ctx,
        {
          type: 'CreatePlace',
          data: { placeId: 'pl_orphan', kind: 'community', name: '无主社区', parentId: 'pl_d' },
        },
        adminAt(),
      ),
    ).rejects.toMatchObject({ code: 'wrong_place_kind', details: { field: 'parentId' } });
    expect(await platformEvents()).toBe(before);
    expect(await readPlace(world.models.places, 'pl_orphan')).toBeNull();
  });
});

describe('loadPlatform', () => {
  it("reads the places another process created since this one's last look", async () => {
    const reader = contextFor(world.models);
    expect(Object.keys((await loadPlatform(reader)).places).sort()).toEqual(['pl_c', 'pl_d', 'pl_s']);
    await runPlatformCommand(
      contextFor(world.models),
      { type: 'CreatePlace', data: { placeId: 'pl_e', kind: 'district', name: '拱墅区' } },
      adminAt(),
    );
    expect((await loadPlatform(reader)).places.pl_e).toMatchObject({ kind: 'district', name: '拱墅区' });
  });
});

describe('a projection that fails', () => {
  it('fails the command after its event is stored; the rebuild writes it, and rewrites every view', async () => {
    const down = await unreachableModels(world.db);
    const broken = contextFor({ ...world.models, places: down.places });
    const before = await platformEvents();
    await expect(
      runPlatformCommand(
        broken,
        { type: 'CreatePlace', data: { placeId: 'pl_f', kind: 'district', name: '滨江区' } },
        adminAt(),
      ),
    ).rejects.toMatchObject({ name: 'MongoNotConnectedError' });
    expect(await platformEvents()).toBe(before + 1);
    expect(await readPlace(world.models.places, 'pl_f')).toBeNull();

    // Every projection lost, then rebuilt from the stream alone.
    const { places, staffTokens, residentSessions, reminderAllowances } = world.models;
    const read = async () =>
      Promise.all(
        [places, staffTokens, residentSessions, reminderAllowances].map((model) =>
          model.collection.find({}).sort({ _id: 1 }).toArray(),
        ),
      );
    await Promise.all(
      [places, staffTokens, residentSessions, reminderAllowances].map((model) =>
        model.collection.deleteMany({}),
      ),
    );
    const ctx = contextFor(world.models);
    expect(await rebuildPlatformViews(ctx)).toBe(before + 1);
    const rebuilt = await read();
    expect(rebuilt.map((docs) => docs.length)).toEqual([5, 1, 1, 2]);
    expect(await readPlace(places, 'pl_f')).toMatchObject({ kind: 'district', name: '滨江区' });
    expect(rebuilt[1]![0]).toMatchObject({ revokedBy: committee.actor, revokedAt: committee.now });
    expect(rebuilt[2]![0]).toMatchObject({ revokedAt: new Date(Date.parse(T0) + 2000) });
    // Again: the same views.
    expect(await rebuildPlatformViews(ctx)).toBe(before + 1);
    expect(await read()).toEqual(rebuilt);
  });
});
