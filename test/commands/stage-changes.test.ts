/**
 * The `stage_changes` projection on the real database: the after-append hook stores each event that
 * moves a case's stage (a cancelled ballot's way back to planning included) with the event's seq and
 * time, and nothing for the commands that move none; `rebuildStageChanges` and the hook's repair
 * refold the whole stream and store only what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { cancelBallot } from '../../commands/cancel-ballot.js';
import { castVote } from '../../commands/cast-vote.js';
import { loadCase } from '../../commands/kernel/read.js';
import { openBallot } from '../../commands/open-ballot.js';
import { rebuildStageChanges, stageChangesAfterAppend } from '../../commands/stage-changes.js';
import { initialState } from '../../domain/case/index.js';
import { readStageChanges } from '../../models/stage-change.js';
import {
  adminAt,
  DAY,
  givenUnit,
  givenUnitWithPlan,
  openCommandWorld,
  slipsOf,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
/** A unit whose elevator ballot was cancelled: registered, planned, voted, back to planning. */
let failed: string;
beforeAll(async () => {
  world = await openCommandWorld('stage-changes');
  failed = await givenUnitWithPlan(world.ctx, 4);
  const opened = await openBallot(
    world.ctx,
    { unitId: failed, title: '加装电梯', matter: 'major', closesAt: new Date(Date.parse(T0) + 6 * DAY) },
    adminAt(DAY),
  );
  await castVote(
    world.ctx,
    { ballotId: opened.ballot.ballotId, room: '101', choice: 'oppose', channel: 'paper', reference: 'P-1' },
    adminAt(2 * DAY),
  );
  await cancelBallot(world.ctx, { ballotId: opened.ballot.ballotId, reason: '方案要改' }, adminAt(3 * DAY));
});
afterAll(() => world.close());

const stored = async (caseId: string) =>
  (await readStageChanges(world.models.stageChanges, [caseId])).get(caseId);
const moves = (changes: readonly { seq: number; from: string; to: string }[] | undefined) =>
  changes?.map((c) => `${c.seq}:${c.from}>${c.to}`);
const remove = (caseId: string) => world.models.stageChanges.collection.deleteOne({ _id: caseId } as never);

describe('the stage-changes hook', () => {
  it('stores every move with its event, a cancelled ballot back to planning included', async () => {
    const changes = await stored(failed);
    expect(moves(changes)).toEqual([
      '1:new>canvassing',
      '2:canvassing>planning',
      '3:planning>voting',
      '5:voting>planning',
    ]);
    expect(changes!.map((c) => c.at)).toEqual([
      new Date(T0),
      new Date(T0),
      new Date(Date.parse(T0) + DAY),
      new Date(Date.parse(T0) + 3 * DAY),
    ]);
  });

  it('stores nothing for a command that moves no stage', async () => {
    const unitId = await givenUnit(world.ctx, 2);
    const slip = await slipsOf(world.ctx, unitId);
    await remove(unitId);
    await bindHousehold(world.ctx, { contactId: 'wx-a', code: slip('101') }, { now: new Date(T0) });
    expect((await world.ctx.streams.load(unitId)).at(-1)!.type).toBe('HouseholdBound');
    expect(await stored(unitId)).toBeUndefined();
  });

  it('folds several events appended at once from the state before the first', async () => {
    await remove(failed);
    const events = await world.ctx.streams.load(failed);
    const { state, head } = await loadCase(world.ctx, failed);
    await stageChangesAfterAppend.run(world.ctx, failed, { before: initialState, state, head, events });
    expect(moves(await stored(failed))).toEqual([
      '1:new>canvassing',
      '2:canvassing>planning',
      '3:planning>voting',
      '5:voting>planning',
    ]);
  });
});

describe('rebuildStageChanges', () => {
  it('refolds the stream and stores only the changes that are missing', async () => {
    await remove(failed);
    const rebuilt = await rebuildStageChanges(world.ctx, failed);
    expect(rebuilt.added).toBe(4);
    expect(moves(rebuilt.changes)).toEqual(moves(await stored(failed)));
    expect((await rebuildStageChanges(world.ctx, failed)).added).toBe(0);

    // One change lost in the middle, as two processes writing at once may lose one.
    const doc = (await world.models.stageChanges.collection.findOne({ _id: failed } as never))!;
    await world.models.stageChanges.collection.replaceOne({ _id: failed } as never, {
      changes: (doc.changes as { seq: number }[]).filter((c) => c.seq !== 3),
    });
    expect((await rebuildStageChanges(world.ctx, failed)).added).toBe(1);
    expect(moves(await stored(failed))).toEqual([
      '1:new>canvassing',
      '2:canvassing>planning',
      '3:planning>voting',
      '5:voting>planning',
    ]);
  });

  it("is the hook's repair, and stores nothing for a case without events", async () => {
    const unitId = await givenUnitWithPlan(world.ctx, 2);
    await remove(unitId);
    await stageChangesAfterAppend.repair(world.ctx, unitId);
    expect(moves(await stored(unitId))).toEqual(['1:new>canvassing', '2:canvassing>planning']);
    expect(await rebuildStageChanges(world.ctx, 'u_aaaaaaaaaaaaaaaa')).toEqual({ changes: [], added: 0 });
    expect(await stored('u_aaaaaaaaaaaaaaaa')).toBeUndefined();
  });
});
