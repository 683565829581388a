/**
 * `closeBallot` and the `ballot.close` deadline on the real database: a ballot closes at its
 * `closesAt` (or, without one, at the end of its minimum period) and not before; a close by hand is
 * late only past the scheduler's grace period, and the scheduler's own verdict wins; a passed
 * elevator ballot moves the case to the agreement, a failed one leaves it voting; the result is
 * announced in the unit's group once. The deadline handler skips what is not due or was cancelled,
 * closes as the system what is due, and re-announces a closed ballot whose announcement was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { castVote } from '../../commands/cast-vote.js';
import {
  BALLOT_CLOSE,
  ballotCloseKey,
  closeBallot,
  closeBallotAtDeadline,
} from '../../commands/close-ballot.js';
import { loadCase } from '../../commands/kernel/read.js';
import { openBallot } from '../../commands/open-ballot.js';
import type { DeadlineDoc } from '../../models/deadline.js';
import { bindUnitGroup, openElevatorBallot } from '../support/ballot-fixtures.js';
import {
  adminAt,
  DAY,
  givenUnit,
  givenUnitWithPlan,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { rooms } from '../support/units.js';

let world: CommandWorld;
const after = (ms: number) => new Date(Date.parse(T0) + ms);
const streamOf = (unitId: string) => world.ctx.streams.load(unitId);
const outbox = (id: string) => world.models.outbox.findById(id).lean().exec();

async function deadlineOf(unitId: string, ballotId: string): Promise<DeadlineDoc> {
  const doc = await world.models.deadlines
    .findById(ballotCloseKey(unitId, ballotId))
    .lean<DeadlineDoc>()
    .exec();
  if (doc === null) throw new Error(`no ballot.close deadline for ${ballotId}`);
  return doc;
}

/** A unit with a group and its elevator ballot (closing at T0 + 7 days), every room agreeing on paper. */
async function passingUnit(group: string): Promise<{ unitId: string; ballotId: string }> {
  const unitId = await givenUnitWithPlan(world.ctx, 4);
  await bindUnitGroup(world.ctx, unitId, group);
  const ballotId = await openElevatorBallot(world.ctx, unitId, 7);
  for (const room of rooms(4)) {
    await castVote(
      world.ctx,
      { ballotId, room, choice: 'agree', channel: 'paper', reference: `P-${room}` },
      adminAt(),
    );
  }
  return { unitId, ballotId };
}

beforeAll(async () => {
  world = await openCommandWorld('close-ballot');
});
afterAll(() => world.close());

describe('closeBallot', () => {
  let passed: { unitId: string; ballotId: string };
  beforeAll(async () => {
    passed = await passingUnit('room-passed');
  });

  it('refuses an id that names no ballot (ballot_not_found)', async () => {
    await expect(closeBallot(world.ctx, 'b_nope', adminAt())).rejects.toMatchObject({
      code: 'ballot_not_found',
      details: { ballotId: 'b_nope' },
    });
  });

  it('refuses a close before closesAt (ballot_not_yet_closable), appending nothing', async () => {
    const before = (await streamOf(passed.unitId)).length;
    await expect(closeBallot(world.ctx, passed.ballotId, adminAt(7 * DAY - 1))).rejects.toMatchObject({
      code: 'ballot_not_yet_closable',
      details: { closableAt: after(7 * DAY).toISOString() },
    });
    expect(await streamOf(passed.unitId)).toHaveLength(before);
  });

  it('closes a passed elevator ballot at closesAt: frozen result, on time, the case at agreement, the group told once', async () => {
    const closed = await closeBallot(world.ctx, passed.ballotId, adminAt(7 * DAY));
    expect(closed.ballot).toMatchObject({
      status: 'closed',
      late: false,
      closedAt: after(7 * DAY).toISOString(),
    });
    expect(closed.state).toMatchObject({ stage: 'agreement', passedElevatorBallotId: passed.ballotId });
    const last = (await streamOf(passed.unitId)).at(-1)!;
    expect(last).toMatchObject({
      type: 'BallotClosed',
      actor: { kind: 'admin' },
      data: { ballotId: passed.ballotId, late: false, result: { passed: true, agree: { owners: 4 } } },
    });
    expect(await outbox(`result:${passed.unitId}:${passed.ballotId}`)).toMatchObject({
      to: { kind: 'room', id: 'room-passed' },
      priority: 'notice',
      status: 'pending',
    });
    await expect(closeBallot(world.ctx, passed.ballotId, adminAt(8 * DAY))).rejects.toMatchObject({
      code: 'ballot_closed',
      details: { status: 'closed' },
    });
  });

  it('is late by hand only past the grace period; the scheduler’s verdict wins either way', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    const open = async () =>
      (
        await openBallot(
          world.ctx,
          { unitId, title: '维修资金', matter: 'ordinary', closesAt: after(5 * DAY) },
          adminAt(),
        )
      ).ballot.ballotId;
    const lateOf = async (ms: number, options?: { late: boolean }) =>
      (await closeBallot(world.ctx, await open(), adminAt(5 * DAY + ms), options)).ballot.late;
    expect(await lateOf(60_000)).toBe(false);
    expect(await lateOf(60_001)).toBe(true);
    expect(await lateOf(30 * DAY, { late: false })).toBe(false);
    expect(await lateOf(0, { late: true })).toBe(true);
    // No group bound: nothing announced; an ordinary ballot never moves the case.
    const { state } = await loadCase(world.ctx, unitId);
    expect(state.stage).toBe('canvassing');
    const ids = state.ballots.map((ballot) => `result:${unitId}:${ballot.ballotId}`);
    expect(await world.models.outbox.countDocuments({ _id: { $in: ids } }).exec()).toBe(0);
  });

  it('closes a ballot without closesAt from the end of its minimum period, never late; a failed one leaves the case voting', async () => {
    const unitId = await givenUnitWithPlan(world.ctx, 4);
    const { ballot } = await openBallot(world.ctx, { unitId, title: '加装电梯', matter: 'major' }, adminAt());
    await expect(closeBallot(world.ctx, ballot.ballotId, adminAt(5 * DAY - 1))).rejects.toMatchObject({
      code: 'ballot_not_yet_closable',
      details: { closableAt: after(5 * DAY).toISOString() },
    });
    const closed = await closeBallot(world.ctx, ballot.ballotId, adminAt(40 * DAY));
    expect(closed.ballot).toMatchObject({ late: false, result: { passed: false } });
    expect(closed.state.stage).toBe('voting');
    expect(closed.state.passedElevatorBallotId).toBeUndefined();
  });
});

describe('closeBallotAtDeadline', () => {
  it('is planned under the ballot’s close key, skips until closesAt, then closes as the system and announces once', async () => {
    const { unitId, ballotId } = await passingUnit('room-deadline');
    const deadline = await deadlineOf(unitId, ballotId);
    expect(deadline).toMatchObject({
      _id: `${BALLOT_CLOSE}:${unitId}:${ballotId}`,
      kind: BALLOT_CLOSE,
      caseId: unitId,
      dueAt: after(7 * DAY),
      data: { ballotId },
    });
    const before = (await streamOf(unitId)).length;
    expect(await closeBallotAtDeadline(world.ctx, deadline, { now: after(7 * DAY - 1), late: false })).toBe(
      'skipped',
    );
    expect(await streamOf(unitId)).toHaveLength(before);
    expect(await closeBallotAtDeadline(world.ctx, deadline, { now: after(8 * DAY), late: true })).toBe(
      'done',
    );
    const events = await streamOf(unitId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      type: 'BallotClosed',
      actor: { kind: 'system', id: 'deadlines' },
      channel: 'system',
      data: { late: true, closedAt: after(8 * DAY).toISOString() },
    });
    expect(await closeBallotAtDeadline(world.ctx, deadline, { now: after(9 * DAY), late: true })).toBe(
      'skipped',
    );
    expect(await streamOf(unitId)).toHaveLength(before + 1);
    expect(await world.models.outbox.countDocuments({ _id: `result:${unitId}:${ballotId}` }).exec()).toBe(1);
  });

  it('announces again a closed ballot whose announcement was lost, and skips a cancelled one', async () => {
    const lost = await passingUnit('room-lost');
    await closeBallot(world.ctx, lost.ballotId, adminAt(7 * DAY));
    const resultId = `result:${lost.unitId}:${lost.ballotId}`;
    await world.models.outbox.deleteOne({ _id: resultId }).exec();
    const deadline = await deadlineOf(lost.unitId, lost.ballotId);
    expect(await closeBallotAtDeadline(world.ctx, deadline, { now: after(7 * DAY), late: false })).toBe(
      'skipped',
    );
    expect(await outbox(resultId)).toMatchObject({ to: { kind: 'room', id: 'room-lost' } });

    const cancelled = await passingUnit('room-cancelled');
    const planned = await deadlineOf(cancelled.unitId, cancelled.ballotId);
    await cancelBallot(world.ctx, { ballotId: cancelled.ballotId, reason: '名册有误' }, adminAt());
    const before = (await streamOf(cancelled.unitId)).length;
    expect(await closeBallotAtDeadline(world.ctx, planned, { now: after(7 * DAY), late: false })).toBe(
      'skipped',
    );
    expect(await streamOf(cancelled.unitId)).toHaveLength(before);
    expect(await outbox(`result:${cancelled.unitId}:${cancelled.ballotId}`)).toBeNull();
  });
});
