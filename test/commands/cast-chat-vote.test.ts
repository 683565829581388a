/**
 * `castChatVote` and `locateSpeaker` on the real database: where a chat vote lands (the group's unit
 * from the runner's cache, else the contact's first unit read fresh), who votes nothing (unbound, a
 * role without a flat, a flat in another unit, a proxy or a family member still waiting), what one
 * message records (one `VoteCast` per flat held, verbatim, the speaker as voter, a confirmed proxy
 * naming the flat), a redelivered message recording nothing, a change of mind, a co-owners'
 * disagreement naming the committee, a vote from the mini-program on a named ballot, a stale cache
 * that must not answer "no open ballot", and the refusal past `closesAt`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { castChatVote, locateSpeaker, type CastChatVoteInput } from '../../commands/cast-chat-vote.js';
import { confirmProxiesInChat } from '../../commands/confirm-proxy.js';
import { openBallot } from '../../commands/open-ballot.js';
import {
  bindRoom,
  bindUnitGroup,
  givenRole,
  givenSlippedUnit,
  openElevatorBallot,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import { adminAt, contextFor, DAY, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let a: SlippedUnit;
let b: SlippedUnit;
let ballotId: string;
const now = (ms = 0) => ({ now: new Date(Date.parse(T0) + ms) });
const streamOf = (unitId: string) => world.ctx.streams.load(unitId);
let message = 0;
/** A chat vote of `contactId` in unit A's group, with a fresh message id. */
const said = (contactId: string, choice: CastChatVoteInput['choice'] = 'agree'): CastChatVoteInput => ({
  contactId,
  messageId: `m-${++message}`,
  text: choice === 'agree' ? '同意' : choice === 'oppose' ? '反对' : '弃权',
  choice,
  groupUnitId: a.unitId,
});

beforeAll(async () => {
  world = await openCommandWorld('cast-chat-vote');
  const { ctx } = world;
  a = await givenSlippedUnit(ctx, 4);
  await bindUnitGroup(ctx, a.unitId, 'room-a');
  await givenRole(ctx, a.unitId, 'wx-a-cmte');
  await bindRoom(ctx, a, '101', 'wx-a-101');
  await bindRoom(ctx, a, '101', 'wx-a-joiner'); // a used slip: asks to join, waits
  await bindRoom(ctx, a, '102', 'wx-a-102');
  await bindRoom(ctx, a, '102', 'wx-a-spouse');
  await bindRoom(ctx, a, '201', 'wx-a-proxy', { asProxy: true }); // nobody confirms it
  await bindRoom(ctx, a, '202', 'wx-a-202');
  await bindRoom(ctx, a, '202', 'wx-a-agent', { asProxy: true });
  await confirmProxiesInChat(ctx, { contactId: 'wx-a-102' }, now());
  await confirmProxiesInChat(ctx, { contactId: 'wx-a-202' }, now());
  b = await givenSlippedUnit(ctx, 4);
  await bindRoom(ctx, b, '101', 'wx-b-101');
});
afterAll(() => world.close());

describe('locateSpeaker', () => {
  it('finds no flat for a stranger, nor for a committee member bound to none', async () => {
    expect(await locateSpeaker(world.ctx, { contactId: 'wx-stranger' })).toEqual({ kind: 'not_bound' });
    expect(await locateSpeaker(world.ctx, { contactId: 'wx-a-cmte', groupUnitId: a.unitId })).toEqual({
      kind: 'not_bound',
    });
  });

  it('refuses a group of a unit the speaker holds no flat in (other_unit)', async () => {
    expect(await locateSpeaker(world.ctx, { contactId: 'wx-a-101', groupUnitId: b.unitId })).toEqual({
      kind: 'other_unit',
    });
  });

  it('reads the group’s unit from the runner’s cache, and otherwise the contact’s unit fresh', async () => {
    const cached = await locateSpeaker(world.ctx, { contactId: 'wx-a-101', groupUnitId: a.unitId });
    expect(cached).toMatchObject({ kind: 'located', unitId: a.unitId, fresh: false });
    const privately = await locateSpeaker(world.ctx, { contactId: 'wx-a-101' });
    expect(privately).toMatchObject({ kind: 'located', unitId: a.unitId, fresh: true });
    const elsewhere = await locateSpeaker(contextFor(world.models), {
      contactId: 'wx-a-101',
      groupUnitId: a.unitId,
    });
    expect(elsewhere).toMatchObject({ kind: 'located', fresh: true });
    if (cached.kind !== 'located') throw new Error('not located');
    expect(cached.held.map((binding) => [binding.room, binding.role])).toEqual([['101', 'owner']]);
  });
});

describe('castChatVote', () => {
  it('answers no_open_ballot while the unit has none, appending nothing', async () => {
    const before = (await streamOf(a.unitId)).length;
    expect(await castChatVote(world.ctx, said('wx-a-101'), now())).toEqual({ kind: 'no_open_ballot' });
    expect(await streamOf(a.unitId)).toHaveLength(before);
  });

  describe('on the open elevator ballot', () => {
    beforeAll(async () => {
      ballotId = await openElevatorBallot(world.ctx, a.unitId, 7);
    });

    it('takes nothing from a proxy or a family member still waiting, telling which is which', async () => {
      const before = (await streamOf(a.unitId)).length;
      expect(await castChatVote(world.ctx, said('wx-a-proxy'), now())).toEqual({
        kind: 'proxy_pending',
        rooms: ['201'],
        joining: false,
      });
      expect(await castChatVote(world.ctx, said('wx-a-joiner'), now())).toEqual({
        kind: 'proxy_pending',
        rooms: ['101'],
        joining: true,
      });
      expect(await streamOf(a.unitId)).toHaveLength(before);
    });

    it('records the message verbatim as the speaker’s vote for the flat; the same message again records nothing', async () => {
      const input = said('wx-a-101');
      const result = await castChatVote(world.ctx, input, now(1000));
      expect(result).toMatchObject({
        kind: 'recorded',
        unitId: a.unitId,
        choice: 'agree',
        votes: [{ room: '101', changed: false, asProxy: false, counts: 'agree' }],
        tally: { agree: { owners: 1 }, participating: { owners: 1 } },
      });
      if (result.kind !== 'recorded') throw new Error('not recorded');
      expect(result.votes[0]!.conflict).toBeUndefined();
      expect(result.votes[0]!.event).toMatchObject({
        type: 'VoteCast',
        channel: 'wechat',
        actor: { kind: 'resident', id: 'wx-a-101' },
        data: {
          ballotId,
          room: '101',
          channel: 'wechat',
          voterId: 'wx-a-101',
          messageId: input.messageId,
          text: '同意',
        },
      });
      expect(result.votes[0]!.event.data).not.toHaveProperty('proxyFor');
      const before = (await streamOf(a.unitId)).length;
      expect(await castChatVote(world.ctx, input, now(2000))).toEqual({ kind: 'duplicate' });
      expect(await streamOf(a.unitId)).toHaveLength(before);
    });

    it('takes a change of mind: the new choice counts and the receipt says it changed', async () => {
      const result = await castChatVote(world.ctx, said('wx-a-101', 'oppose'), now(3000));
      expect(result).toMatchObject({
        kind: 'recorded',
        votes: [{ room: '101', changed: true, counts: 'oppose' }],
        tally: { agree: { owners: 0 }, oppose: { owners: 1 } },
      });
    });

    it('records a confirmed proxy’s vote in the name of the flat it acts for', async () => {
      const result = await castChatVote(world.ctx, said('wx-a-agent'), now());
      expect(result).toMatchObject({
        kind: 'recorded',
        votes: [{ room: '202', asProxy: true, counts: 'agree' }],
      });
      if (result.kind !== 'recorded') throw new Error('not recorded');
      expect(result.votes[0]!.event.data).toMatchObject({ voterId: 'wx-a-agent', proxyFor: '202' });
    });

    it('names the committee when co-owners disagree, and what counts until they settle it', async () => {
      await castChatVote(world.ctx, said('wx-a-102', 'agree'), now(4000));
      const result = await castChatVote(world.ctx, said('wx-a-spouse', 'oppose'), now(5000));
      expect(result).toMatchObject({ kind: 'recorded', votes: [{ room: '102', counts: 'agree' }] });
      if (result.kind !== 'recorded') throw new Error('not recorded');
      expect(result.votes[0]!.conflict).toEqual({
        counts: 'agree',
        committee: ['wx-a-cmte'],
        stances: [
          { voterId: 'wx-a-102', choice: 'agree', at: new Date(Date.parse(T0) + 4000).toISOString() },
          { voterId: 'wx-a-spouse', choice: 'oppose', at: new Date(Date.parse(T0) + 5000).toISOString() },
        ],
      });
      expect(result.tally.conflicts).toHaveLength(1);
    });

    it('votes from the mini-program on the ballot it names, and not on one that is no longer open', async () => {
      const { ballot } = await openBallot(
        world.ctx,
        { unitId: a.unitId, title: '维修资金', matter: 'ordinary' },
        adminAt(),
      );
      const input = {
        ...said('wx-a-202', 'abstain'),
        channel: 'miniprogram',
        ballotId: ballot.ballotId,
      } as const;
      const result = await castChatVote(world.ctx, input, now());
      expect(result).toMatchObject({
        kind: 'recorded',
        votes: [{ room: '202', counts: 'abstain' }],
        tally: { abstain: { owners: 1 }, participating: { owners: 1 } },
      });
      if (result.kind !== 'recorded') throw new Error('not recorded');
      expect(result.votes[0]!.event).toMatchObject({
        channel: 'miniprogram',
        data: { ballotId: ballot.ballotId, channel: 'miniprogram' },
      });
      await cancelBallot(world.ctx, { ballotId: ballot.ballotId, reason: '不用了' }, adminAt());
      expect(await castChatVote(world.ctx, { ...input, messageId: 'm-late' }, now())).toEqual({
        kind: 'no_open_ballot',
      });
    });

    it('refuses past closesAt (ballot_closed), appending nothing', async () => {
      const before = (await streamOf(a.unitId)).length;
      await expect(castChatVote(world.ctx, said('wx-a-101'), now(7 * DAY))).rejects.toMatchObject({
        code: 'ballot_closed',
        details: { ballotId },
      });
      expect(await streamOf(a.unitId)).toHaveLength(before);
    });
  });

  it('reads the case fresh when its cache says no ballot is open: one opened by another process takes the vote', async () => {
    // This process last saw unit B without a ballot; another one opens it.
    expect(await locateSpeaker(world.ctx, { contactId: 'wx-b-101', groupUnitId: b.unitId })).toMatchObject({
      fresh: false,
    });
    const other = await openElevatorBallot(contextFor(world.models), b.unitId, 7);
    const result = await castChatVote(
      world.ctx,
      { contactId: 'wx-b-101', messageId: 'm-b', text: '1', choice: 'agree', groupUnitId: b.unitId },
      now(),
    );
    expect(result).toMatchObject({ kind: 'recorded', unitId: b.unitId, votes: [{ room: '101' }] });
    if (result.kind !== 'recorded') throw new Error('not recorded');
    expect(result.votes[0]!.event.data).toMatchObject({ ballotId: other });
  });
});
