/**
 * The read-only chat answers of `commands/ballot-progress.ts` on the real database: which unit a
 * question is about (the group's; privately the first flat's unit, else the first role's), the open
 * elevator ballot found beside other open ballots, `表决详情` and `进度` before, during and after the
 * vote (the rooms still missing, the publicity window once the agreement is signed), and
 * `voterStanding` — who a chat vote would be taken from now, for which rooms, as a proxy or not, until
 * the instant `closesAt` comes — read fresh when the cache says no ballot is open. None of them writes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ballotProgress,
  caseProgress,
  caseProgressOf,
  openBallotOf,
  unitOfAsker,
  voterStanding,
} from '../../commands/ballot-progress.js';
import { castVote } from '../../commands/cast-vote.js';
import { recordProxy } from '../../commands/confirm-proxy.js';
import { loadCase } from '../../commands/kernel/read.js';
import { openBallot } from '../../commands/open-ballot.js';
import {
  bindRoom,
  givenPublicity,
  givenRole,
  givenSlippedUnit,
  openElevatorBallot,
  type SlippedUnit,
} from '../support/ballot-fixtures.js';
import {
  adminAt,
  contextFor,
  DAY,
  givenUnitWithPlan,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
let a: SlippedUnit;
let b: SlippedUnit;
const now = (ms = 0) => ({ now: new Date(Date.parse(T0) + ms) });
const privately = (contactId: string) => ({ contactId, groupUnitId: null });

beforeAll(async () => {
  world = await openCommandWorld('ballot-progress');
  const { ctx } = world;
  a = await givenSlippedUnit(ctx, 4);
  b = await givenSlippedUnit(ctx, 4);
  await bindRoom(ctx, a, '101', 'wx-p-101');
  await bindRoom(ctx, a, '102', 'wx-p-proxy', { asProxy: true });
  await recordProxy(ctx, { unitId: a.unitId, room: '201', contactId: 'wx-p-agent' }, adminAt());
  await givenRole(ctx, a.unitId, 'wx-p-cmte');
  await bindRoom(ctx, b, '101', 'wx-p-both');
  await givenRole(ctx, a.unitId, 'wx-p-both', 'applicant');
});
afterAll(() => world.close());

describe('unitOfAsker', () => {
  it('takes the group’s unit; privately the first flat’s unit, else the first role’s, else none', async () => {
    expect(await unitOfAsker(world.ctx, { contactId: 'wx-nobody', groupUnitId: a.unitId })).toBe(a.unitId);
    expect(await unitOfAsker(world.ctx, privately('wx-p-both'))).toBe(b.unitId);
    expect(await unitOfAsker(world.ctx, privately('wx-p-cmte'))).toBe(a.unitId);
    expect(await unitOfAsker(world.ctx, privately('wx-nobody'))).toBeNull();
  });
});

describe('before the vote', () => {
  it('says there is no ballot to detail or vote on, where the case stands, and nothing to a stranger', async () => {
    expect(await ballotProgress(world.ctx, privately('wx-p-101'))).toEqual({ kind: 'no_open_ballot' });
    expect(await ballotProgress(world.ctx, privately('wx-nobody'))).toEqual({ kind: 'not_bound' });
    expect(await voterStanding(world.ctx, privately('wx-p-101'), now())).toEqual({ kind: 'no_open_ballot' });
    expect(await caseProgress(world.ctx, privately('wx-nobody'))).toEqual({ kind: 'not_bound' });
    expect(await caseProgress(world.ctx, privately('wx-p-101'))).toEqual({
      kind: 'progress',
      unitId: a.unitId,
      progress: {
        stage: 'planning',
        planVersion: 1,
        publicityDays: 10,
        openObjections: 0,
        lastInspectionFailed: false,
      },
    });
  });
});

describe('while the elevator ballot is open', () => {
  beforeAll(async () => {
    // An ordinary ballot opened first must not be taken for the elevator vote.
    await openBallot(world.ctx, { unitId: a.unitId, title: '维修资金', matter: 'ordinary' }, adminAt());
    const ballotId = await openElevatorBallot(world.ctx, a.unitId, 7);
    await castVote(
      world.ctx,
      { ballotId, room: '202', choice: 'agree', channel: 'paper', reference: 'P-202' },
      adminAt(),
    );
  });

  it('finds the elevator ballot among the open ones, with its live tally', async () => {
    const { state } = await loadCase(world.ctx, a.unitId);
    const open = openBallotOf(state)!;
    expect(open.ballot).toMatchObject({ purpose: 'elevator', status: 'open' });
    expect(state.ballots[0]!.purpose).toBe('other');
    expect(open.tally).toMatchObject({ agree: { owners: 1 }, totals: { owners: 4 } });
    expect(await ballotProgress(world.ctx, { contactId: 'wx-p-cmte', groupUnitId: a.unitId })).toEqual({
      kind: 'progress',
      unitId: a.unitId,
      tally: open.tally,
      rules: { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' },
    });
  });

  it('tells 进度 the rooms still missing, the close and the earliest close', async () => {
    const result = await caseProgress(world.ctx, privately('wx-p-cmte'));
    expect(result).toMatchObject({
      kind: 'progress',
      progress: {
        stage: 'voting',
        ballot: {
          unvotedRooms: ['101', '102', '201'],
          closesAt: new Date(Date.parse(T0) + 7 * DAY),
          earliestCloseAt: new Date(Date.parse(T0) + 5 * DAY),
          tally: { agree: { owners: 1 } },
        },
      },
    });
    expect(result.kind === 'progress' && result.progress.publicity).toBeUndefined();
  });

  it('tells who may vote now, for which rooms, and in whose name', async () => {
    expect(await voterStanding(world.ctx, { contactId: 'wx-p-101', groupUnitId: a.unitId }, now())).toEqual({
      kind: 'may_vote',
      rooms: ['101'],
      asProxy: false,
    });
    expect(await voterStanding(world.ctx, privately('wx-p-agent'), now())).toEqual({
      kind: 'may_vote',
      rooms: ['201'],
      asProxy: true,
    });
    expect(await voterStanding(world.ctx, privately('wx-p-proxy'), now())).toEqual({
      kind: 'proxy_pending',
      rooms: ['102'],
    });
    expect(await voterStanding(world.ctx, { contactId: 'wx-p-both', groupUnitId: a.unitId }, now())).toEqual({
      kind: 'other_unit',
    });
    expect(await voterStanding(world.ctx, privately('wx-p-cmte'), now())).toEqual({ kind: 'not_bound' });
  });

  it('takes a vote until the instant before closesAt and none from then on', async () => {
    const asker = privately('wx-p-101');
    expect(await voterStanding(world.ctx, asker, now(7 * DAY - 1))).toMatchObject({ kind: 'may_vote' });
    expect(await voterStanding(world.ctx, asker, now(7 * DAY))).toEqual({ kind: 'no_open_ballot' });
  });

  it('reads the case fresh when this process’s cache says no ballot is open', async () => {
    const asker = { contactId: 'wx-p-both', groupUnitId: b.unitId };
    expect(await voterStanding(world.ctx, asker, now())).toEqual({ kind: 'no_open_ballot' });
    await openElevatorBallot(contextFor(world.models), b.unitId, 7);
    expect(await voterStanding(world.ctx, asker, now())).toEqual({
      kind: 'may_vote',
      rooms: ['101'],
      asProxy: false,
    });
  });
});

describe('once the agreement is signed', () => {
  it('tells 进度 the publicity window and no ballot', async () => {
    const ctx = contextFor(world.models, { settings: { ballotMinimumOpenDays: 0 } });
    const unitId = await givenUnitWithPlan(ctx, 4);
    await givenPublicity(ctx, unitId, ['101', '102', '201', '202']);
    const { state } = await loadCase(ctx, unitId);
    const progress = caseProgressOf(state);
    expect(progress).toMatchObject({
      stage: 'publicity',
      publicity: {
        startedOn: '2025-03-03',
        endsOn: '2025-03-13',
        endsAt: new Date('2025-03-13T16:00:00.000Z'),
      },
    });
    expect(progress.ballot).toBeUndefined();
  });
});
