/**
 * `readTimeline` on the real database: a run of a registered unit's events after a seq, in order and
 * at most `max` of them, with the unit's case; nothing of another unit's stream; a run that stops at a
 * missing event; and an id that names no unit refused as `unit_not_registered`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newUnitId } from '../../commands/kernel/ids.js';
import { openBallot } from '../../commands/open-ballot.js';
import { readTimeline } from '../../commands/read-timeline.js';
import { adminAt, givenUnitWithPlan, openCommandWorld, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('read-timeline');
  // Four events: registered, plan published, two ballots opened; and a neighbour with events of its own.
  unitId = await givenUnitWithPlan(world.ctx, 4);
  await openBallot(world.ctx, { unitId, title: '一', matter: 'ordinary' }, adminAt());
  await openBallot(world.ctx, { unitId, title: '二', matter: 'ordinary' }, adminAt(1));
  await givenUnitWithPlan(world.ctx, 2);
});
afterAll(() => world.close());

const seqs = (run: { events: readonly { seq: number; caseId: string }[] }) => run.events.map((e) => e.seq);

describe('readTimeline', () => {
  it('reads every event of the unit in order, with its case as read for a query', async () => {
    const run = await readTimeline(world.ctx, unitId, 0, 100);
    expect(seqs(run)).toEqual([1, 2, 3, 4]);
    expect(run.events.map((e) => e.type)).toEqual([
      'UnitRegistered',
      'PlanPublished',
      'BallotOpened',
      'BallotOpened',
    ]);
    expect(run.events.every((e) => e.caseId === unitId)).toBe(true);
    expect(run).toMatchObject({ unitId, head: { seq: 4, hash: run.events[3]!.hash } });
    expect(run.state.ballots).toHaveLength(2);
  });

  it('pages after a seq, at most max events, and reads nothing past the head', async () => {
    expect(seqs(await readTimeline(world.ctx, unitId, 1, 2))).toEqual([2, 3]);
    expect(seqs(await readTimeline(world.ctx, unitId, 3, 2))).toEqual([4]);
    expect(seqs(await readTimeline(world.ctx, unitId, 4, 10))).toEqual([]);
  });

  it('stops at a missing event, whatever follows it', async () => {
    const holed = await givenUnitWithPlan(world.ctx, 2);
    await openBallot(world.ctx, { unitId: holed, title: '三', matter: 'ordinary' }, adminAt());
    await world.models.caseEvents.collection.deleteOne({ _id: `${holed}:2` } as never);
    expect(seqs(await readTimeline(world.ctx, holed, 0, 10))).toEqual([1]);
    expect(seqs(await readTimeline(world.ctx, holed, 2, 10))).toEqual([3]);
  });

  it('refuses an unknown unit and a malformed id with unit_not_registered', async () => {
    for (const id of [newUnitId(), 'u_short', `${unitId}:1`]) {
      await expect(readTimeline(world.ctx, id, 0, 10)).rejects.toMatchObject({ code: 'unit_not_registered' });
    }
  });
});
