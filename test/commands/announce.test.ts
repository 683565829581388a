/**
 * What commands say to a unit's group, on the real database: a notice goes to the group the case
 * bound (nothing without one) under its deterministic id, so saying it again sends nothing and the
 * first text wins; an entered vote is announced with the new count; a ballot's result once, and only
 * once closed, timed at its `closesAt` even when closed late; a resident's vote with the rooms and
 * count, and a co-owners' disagreement privately to the other co-owners and the committee.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  announceBallotResult,
  announceEnteredVote,
  announceResidentVote,
  conflictNotices,
  noticeToGroup,
  residentVoteNotice,
} from '../../commands/announce.js';
import { bindHousehold } from '../../commands/bind-household.js';
import {
  castChatVote,
  type CastChatVoteResult,
  type ChatVoteRecorded,
} from '../../commands/cast-chat-vote.js';
import { castVote } from '../../commands/cast-vote.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { runCaseCommand } from '../../commands/kernel/run-case.js';
import { openBallot } from '../../commands/open-ballot.js';
import { readBallot, readBallotTally } from '../../commands/read-case.js';
import { enteredVoteNotice, resultAnnouncement } from '../../messages/ballot.js';
import { coOwnerConflictAlert, coOwnerConflictNotice, groupVoteNotice } from '../../messages/index.js';
import {
  adminAt,
  DAY,
  givenUnit,
  openCommandWorld,
  residentAt,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { bindTestGroup } from '../support/groups.js';

let world: CommandWorld;
let ctx: CommandContext;
let unitId: string;
let roomId: string;
beforeAll(async () => {
  world = await openCommandWorld('announce');
  ctx = world.ctx;
  unitId = await givenUnit(ctx, 4);
  roomId = `room-${unitId}`;
  await bindTestGroup(ctx, roomId, unitId, new Date(T0));
});
afterAll(() => world.close());

const outbox = (id: string) => world.models.outbox.findById(id).lean();

/** Closes a ballot as `closeBallot` does, without announcing it. */
async function closeQuietly(ballotId: string, ms: number): Promise<void> {
  await runCaseCommand(
    ctx,
    unitId,
    { type: 'CloseBallot', data: { ballotId, graceMs: 60_000 } },
    adminAt(ms),
  );
}

describe('noticeToGroup', () => {
  it('queues nothing without a bound group, and once under its id with one — the first text wins', async () => {
    const now = new Date(T0);
    expect(await noticeToGroup(ctx, undefined, { id: 'test:none', text: '通知', now })).toBe('no_group');
    expect(await outbox('test:none')).toBeNull();

    const expiresAt = new Date(Date.parse(T0) + DAY);
    expect(await noticeToGroup(ctx, roomId, { id: 'test:once', text: '第一次', now, expiresAt })).toBe(
      'queued',
    );
    expect(await noticeToGroup(ctx, roomId, { id: 'test:once', text: '第二次', now })).toBe('duplicate');
    expect(await outbox('test:once')).toMatchObject({
      to: { kind: 'room', id: roomId },
      groupKey: roomId,
      text: '第一次',
      priority: 'notice',
      notBefore: now,
      expiresAt,
      status: 'pending',
    });
    await noticeToGroup(ctx, roomId, { id: 'test:forever', text: '通知', now });
    expect(await outbox('test:forever')).not.toHaveProperty('expiresAt');
  });
});

describe('announceEnteredVote and announceBallotResult', () => {
  it('announces an entered vote with the new count, under the event’s seq', async () => {
    const { ballot } = await openBallot(ctx, { unitId, title: '停车', matter: 'ordinary' }, adminAt());
    const cast = await castVote(
      ctx,
      { ballotId: ballot.ballotId, room: '102', choice: 'oppose', channel: 'paper', reference: 'P-1' },
      adminAt(),
    );
    expect(await announceEnteredVote(ctx, cast, 'paper', adminAt())).toBe('queued');
    expect(await announceEnteredVote(ctx, cast, 'paper', adminAt(1))).toBe('duplicate');
    const { tally } = await readBallotTally(ctx, ballot.ballotId);
    expect((await outbox(`announce:${unitId}:${cast.event.seq}`))!.text).toBe(
      enteredVoteNotice({ room: '102', channel: 'paper', tally }),
    );
    expect((await outbox(`announce:${unitId}:${cast.event.seq}`))!.text).not.toContain('反对');

    // Not closed yet: nothing to announce.
    expect(await announceBallotResult(ctx, await readBallot(ctx, ballot.ballotId), adminAt())).toBe(
      'not_closed',
    );
    expect(await outbox(`result:${unitId}:${ballot.ballotId}`)).toBeNull();

    // Without a closesAt, the result is timed when the ballot closed.
    await closeQuietly(ballot.ballotId, 6 * DAY);
    const closed = await readBallot(ctx, ballot.ballotId);
    expect(await announceBallotResult(ctx, closed, adminAt(6 * DAY))).toBe('queued');
    expect((await outbox(`result:${unitId}:${ballot.ballotId}`))!.text).toBe(
      resultAnnouncement(closed.ballot.result!, closed.ballot.rules, { closedAt: adminAt(6 * DAY).now }),
    );
  });

  it('times a result closed late at its closesAt, and announces it once', async () => {
    const closesAt = adminAt(7 * DAY).now;
    const { ballot } = await openBallot(
      ctx,
      { unitId, title: '绿化', matter: 'ordinary', closesAt },
      adminAt(),
    );
    await closeQuietly(ballot.ballotId, 9 * DAY);
    const closed = await readBallot(ctx, ballot.ballotId);
    expect(await announceBallotResult(ctx, closed, adminAt(9 * DAY))).toBe('queued');
    expect(await announceBallotResult(ctx, closed, adminAt(9 * DAY + 1))).toBe('duplicate');
    const text = (await outbox(`result:${unitId}:${ballot.ballotId}`))!.text;
    expect(text).toBe(resultAnnouncement(closed.ballot.result!, closed.ballot.rules, { closedAt: closesAt }));
    expect(text).not.toBe(
      resultAnnouncement(closed.ballot.result!, closed.ballot.rules, { closedAt: adminAt(9 * DAY).now }),
    );
  });
});

describe('conflictNotices and residentVoteNotice', () => {
  const conflict = {
    counts: 'agree' as const,
    stances: [
      { voterId: 'wx-a', choice: 'agree' as const, at: '2025-03-03T02:00:00.000Z' },
      { voterId: 'committee', choice: 'agree' as const, at: '2025-03-03T02:30:00.000Z' },
      { voterId: 'wx-b', choice: 'oppose' as const, at: '2025-03-03T03:00:00.000Z' },
    ],
    committee: ['wx-zhang', 'wx-wang'],
  };

  it('tells each other co-owner what counts, never the speaker nor a committee entry, and the committee everything', () => {
    const alert = coOwnerConflictAlert({
      room: '301',
      counts: 'agree',
      stances: conflict.stances.map((stance) => ({ choice: stance.choice, at: new Date(stance.at) })),
    });
    expect(conflictNotices('301', conflict, 'wx-b')).toEqual([
      {
        to: { kind: 'contact', id: 'wx-a' },
        text: coOwnerConflictNotice({ room: '301', yours: 'agree', counts: 'agree' }),
        priority: 'notice',
      },
      { to: { kind: 'contact', id: 'wx-zhang' }, text: alert, priority: 'notice' },
      { to: { kind: 'contact', id: 'wx-wang' }, text: alert, priority: 'notice' },
    ]);
    expect(conflictNotices('301', { ...conflict, committee: [] }, 'wx-a').map((n) => n.to.id)).toEqual([
      'wx-b',
    ]);
  });

  it('words a resident’s vote by its rooms, as by proxy only when every vote was', async () => {
    const { ballot } = await openBallot(ctx, { unitId, title: '公示栏', matter: 'ordinary' }, adminAt());
    const { tally } = await readBallotTally(ctx, ballot.ballotId);
    const event = (await ctx.streams.load(unitId)).at(-1)!;
    const vote = (asProxy: boolean, room: string): ChatVoteRecorded => ({
      room,
      event,
      changed: false,
      asProxy,
      counts: 'agree',
    });
    const result = (votes: ChatVoteRecorded[]): Extract<CastChatVoteResult, { kind: 'recorded' }> => ({
      kind: 'recorded',
      unitId,
      choice: 'agree',
      votes,
      tally,
    });
    expect(residentVoteNotice(result([vote(false, '101'), vote(true, '102')]))).toBe(
      groupVoteNotice({ room: '101、102', tally, byProxy: false }),
    );
    expect(residentVoteNotice(result([vote(true, '101'), vote(true, '102')]))).toBe(
      groupVoteNotice({ room: '101、102', tally, byProxy: true }),
    );
  });
});

describe('announceResidentVote', () => {
  it('tells the group the rooms and count once, and a disagreement privately under the vote’s seq', async () => {
    const slip = await slipsOf(ctx, unitId);
    await bindHousehold(ctx, { contactId: 'wx-201', code: slip('201') }, adminAt());
    const { ballot } = await openBallot(
      ctx,
      { unitId, title: '门禁', matter: 'ordinary' },
      adminAt(10 * DAY),
    );
    const cast = await castChatVote(
      ctx,
      {
        contactId: 'wx-201',
        messageId: 'msg-201',
        text: '同意',
        choice: 'agree',
        groupUnitId: unitId,
        ballotId: ballot.ballotId,
      },
      residentAt('wx-201', 10 * DAY),
    );
    if (cast.kind !== 'recorded') throw new Error(`vote not recorded: ${cast.kind}`);
    const seq = cast.votes[0]!.event.seq;

    await announceResidentVote(ctx, cast, 'wx-201', adminAt(10 * DAY));
    await announceResidentVote(ctx, cast, 'wx-201', adminAt(10 * DAY + 1));
    expect(await outbox(`announce:${unitId}:${seq}`)).toMatchObject({
      to: { kind: 'room', id: roomId },
      text: residentVoteNotice(cast),
    });
    expect(await world.models.outbox.countDocuments({ _id: { $regex: `^conflict:${unitId}:` } })).toBe(0);

    // The same vote, had a co-owner disagreed: each notice under its own index, once.
    const conflict = {
      counts: 'oppose' as const,
      stances: [
        { voterId: 'wx-co', choice: 'oppose' as const, at: adminAt(9 * DAY).now.toISOString() },
        { voterId: 'wx-201', choice: 'agree' as const, at: adminAt(10 * DAY).now.toISOString() },
      ],
      committee: ['wx-zhang'],
    };
    const disputed = { ...cast, votes: [{ ...cast.votes[0]!, conflict }] };
    await announceResidentVote(ctx, disputed, 'wx-201', adminAt(10 * DAY));
    await announceResidentVote(ctx, disputed, 'wx-201', adminAt(10 * DAY + 1));
    const notices = await world.models.outbox
      .find({ _id: { $regex: `^conflict:${unitId}:` } })
      .sort({ _id: 1 })
      .lean();
    expect(notices.map((doc) => [doc._id, doc.to.id, doc.groupKey, doc.text])).toEqual(
      conflictNotices('201', conflict, 'wx-201').map((notice, index) => [
        `conflict:${unitId}:${seq}:${index}`,
        notice.to.id,
        roomId,
        notice.text,
      ]),
    );
    expect(notices.map((doc) => doc.to.id)).toEqual(['wx-co', 'wx-zhang']);
  });
});
