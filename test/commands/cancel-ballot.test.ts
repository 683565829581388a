/**
 * `cancelBallot`, `announceBallotCancelled` and `receiptHolders` on the real database, for what the
 * API tests do not reach: who counts as having had a chat receipt (only chat voters, each room once,
 * in the order they first voted), a blank reason refused by the case itself, an ordinary ballot
 * cancelled beside the elevator one without moving the case, a unit with no group (the chat voters
 * are still told privately, the mini-program voter is not), and nothing announced for a ballot that
 * is not cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { announceBallotCancelled, cancelBallot, receiptHolders } from '../../commands/cancel-ballot.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import { castVote } from '../../commands/cast-vote.js';
import { openBallot } from '../../commands/open-ballot.js';
import { readBallot } from '../../commands/read-case.js';
import type { BallotState, BallotVote } from '../../domain/case/index.js';
import {
  bindRoom,
  givenSlippedUnit,
  openElevatorBallot,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import { adminAt, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let unit: SlippedUnit;
let elevatorId: string;
const now = { now: new Date(T0) };
const streamLength = async () => (await world.ctx.streams.load(unit.unitId)).length;
const outboxCount = () => world.models.outbox.countDocuments({}).exec();

beforeAll(async () => {
  world = await openCommandWorld('cancel-ballot');
  unit = await givenSlippedUnit(world.ctx, 4);
  await bindRoom(world.ctx, unit, '101', 'wx-c-101');
  await bindRoom(world.ctx, unit, '102', 'mp:c102', { channel: 'miniprogram' });
  elevatorId = await openElevatorBallot(world.ctx, unit.unitId);
  const chat = { messageId: 'm-1', text: '同意', choice: 'agree' } as const;
  expect(await castChatVote(world.ctx, { ...chat, contactId: 'wx-c-101' }, now)).toMatchObject({
    kind: 'recorded',
  });
  expect(
    await castChatVote(
      world.ctx,
      { ...chat, contactId: 'mp:c102', channel: 'miniprogram', messageId: 'mp-1' },
      now,
    ),
  ).toMatchObject({ kind: 'recorded' });
  await castVote(
    world.ctx,
    { ballotId: elevatorId, room: '201', choice: 'agree', channel: 'paper', reference: 'P-201' },
    adminAt(),
  );
});
afterAll(() => world.close());

describe('receiptHolders', () => {
  it('names each chat voter with the rooms they voted for, once each, in the order first voted', () => {
    const vote = (
      seq: number,
      room: string,
      channel: BallotVote['channel'],
      voterId?: string,
    ): BallotVote => ({
      seq,
      room,
      choice: 'agree',
      channel,
      castAt: T0,
      ...(voterId === undefined ? {} : { voterId }),
    });
    const ballot = {
      votes: [
        vote(1, '201', 'wechat', 'b'),
        vote(2, '101', 'wechat', 'a'),
        vote(3, '102', 'paper', 'a'),
        vote(4, '102', 'wechat', 'a'),
        vote(5, '101', 'wechat', 'a'),
        vote(6, '202', 'miniprogram', 'mp:c'),
        vote(7, '202', 'wechat'),
      ],
    } as unknown as BallotState;
    expect([...receiptHolders(ballot)]).toEqual([
      ['b', ['201']],
      ['a', ['101', '102']],
    ]);
  });
});

describe('cancelBallot', () => {
  it.each([
    ['a blank reason', () => ({ ballotId: elevatorId, reason: '   ' }), 'validation_error'],
    ['an id that names no ballot', () => ({ ballotId: 'b_nope', reason: '重来' }), 'ballot_not_found'],
  ])('refuses %s, appending and queueing nothing', async (_what, input, code) => {
    const [events, queued] = [await streamLength(), await outboxCount()];
    await expect(cancelBallot(world.ctx, input(), adminAt())).rejects.toMatchObject({ code });
    expect([await streamLength(), await outboxCount()]).toEqual([events, queued]);
  });

  it('cancels an ordinary ballot beside the elevator one without moving the case, telling no one without a group', async () => {
    const { ballot } = await openBallot(
      world.ctx,
      { unitId: unit.unitId, title: '维修资金', matter: 'ordinary' },
      adminAt(),
    );
    const cancelled = await cancelBallot(
      world.ctx,
      { ballotId: ballot.ballotId, reason: '不用表决了' },
      adminAt(1),
    );
    expect(cancelled.ballot).toMatchObject({ status: 'cancelled', cancelReason: '不用表决了' });
    expect(cancelled.state.stage).toBe('voting');
    expect(cancelled.announced).toEqual({ group: 'no_group', privately: 0 });
  });

  it('without a group still tells each chat voter privately, never the mini-program voter, and takes the case back to planning', async () => {
    const cancelled = await cancelBallot(world.ctx, { ballotId: elevatorId, reason: '名册有误' }, adminAt(2));
    expect(cancelled.state.stage).toBe('planning');
    expect(cancelled.announced).toEqual({ group: 'no_group', privately: 1 });
    const base = `cancel:${unit.unitId}:${elevatorId}`;
    expect(await world.models.outbox.findById(`${base}:wx-c-101`).lean().exec()).toMatchObject({
      to: { kind: 'contact', id: 'wx-c-101' },
      groupKey: null,
      priority: 'notice',
      createdAt: new Date(Date.parse(T0) + 2),
    });
    expect(await world.models.outbox.findById(`${base}:mp:c102`).lean().exec()).toBeNull();
    expect(await world.models.outbox.findById(`${base}:group`).lean().exec()).toBeNull();
  });
});

describe('announceBallotCancelled', () => {
  it('queues nothing for a ballot that is not cancelled', async () => {
    const { ballot } = await openBallot(
      world.ctx,
      { unitId: unit.unitId, title: '物业', matter: 'ordinary' },
      adminAt(),
    );
    const before = await outboxCount();
    const announced = await announceBallotCancelled(
      world.ctx,
      await readBallot(world.ctx, ballot.ballotId),
      now,
    );
    expect(announced).toEqual({ group: 'not_cancelled', privately: 0 });
    expect(await outboxCount()).toBe(before);
  });
});
