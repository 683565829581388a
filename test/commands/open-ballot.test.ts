/**
 * `openBallot` on the real database: the purpose a ballot gets by default, the elevator ballot opened
 * on the current plan with its roster, denominators and rules frozen and its minimum period taken
 * from the settings, the bounds on `closesAt` (at least the minimum, at most 90 days), one elevator
 * ballot at a time beside any number of others — and every refusal appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandContext } from '../../commands/kernel/context.js';
import { newUnitId, unitIdOfBallot } from '../../commands/kernel/ids.js';
import { loadCase } from '../../commands/kernel/read.js';
import { defaultPurpose, openBallot, type OpenBallotInput } from '../../commands/open-ballot.js';
import {
  adminAt,
  contextFor,
  DAY,
  givenUnit,
  givenUnitWithPlan,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';

let world: CommandWorld;
/** A context whose ballots stay open at least 3 days. */
let ctx: CommandContext;
let unitId: string;
const after = (ms: number) => new Date(Date.parse(T0) + ms);
const streamLength = async (id: string) => (await ctx.streams.load(id)).length;

beforeAll(async () => {
  world = await openCommandWorld('open-ballot');
  ctx = contextFor(world.models, { settings: { ballotMinimumOpenDays: 3 } });
  unitId = await givenUnitWithPlan(ctx, 4);
});
afterAll(() => world.close());

describe('defaultPurpose', () => {
  it('makes a major matter the elevator vote and an ordinary one another decision', () => {
    expect(defaultPurpose('major')).toBe('elevator');
    expect(defaultPurpose('ordinary')).toBe('other');
  });
});

describe('openBallot', () => {
  it('opens the elevator ballot on the current plan, freezing roster, denominators and rules, for the configured minimum', async () => {
    const opened = await openBallot(ctx, { unitId, title: '加装电梯', matter: 'major' }, adminAt());
    const { ballot } = opened;
    expect(unitIdOfBallot(ballot.ballotId)).toBe(unitId);
    expect(ballot).toMatchObject({
      status: 'open',
      purpose: 'elevator',
      planVersion: 1,
      opensAt: T0,
      minimumOpenDays: 3,
      earliestCloseAt: after(3 * DAY).toISOString(),
      rules: { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' },
      denominators: { owners: 4, areaCenti: 4 * 5000 },
      votes: [],
    });
    expect(ballot.closesAt).toBeUndefined();
    expect(ballot.roster.map((flat) => flat.room)).toEqual(['101', '102', '201', '202']);
    expect(opened.state.stage).toBe('voting');
    const last = (await ctx.streams.load(unitId)).at(-1)!;
    expect(last).toMatchObject({ type: 'BallotOpened', seq: opened.head.seq, data: { minimumOpenDays: 3 } });
  });

  it('keeps one elevator ballot open at a time, beside which an ordinary ballot opens without moving the case', async () => {
    const before = await streamLength(unitId);
    const open = (await loadCase(ctx, unitId)).state.ballots[0]!.ballotId;
    await expect(
      openBallot(ctx, { unitId, title: '再来', matter: 'major' }, adminAt()),
    ).rejects.toMatchObject({
      code: 'elevator_ballot_open',
      details: { ballotId: open },
    });
    expect(await streamLength(unitId)).toBe(before);
    const ordinary = await openBallot(ctx, { unitId, title: '维修资金', matter: 'ordinary' }, adminAt());
    expect(ordinary.ballot).toMatchObject({ purpose: 'other', rules: { matter: 'ordinary' } });
    expect(ordinary.ballot.planVersion).toBeUndefined();
    expect(ordinary.state.stage).toBe('voting');
    expect(ordinary.state.ballots.map((b) => b.status)).toEqual(['open', 'open']);
  });

  it('refuses a closesAt before the minimum period (ballot_too_short) and takes one exactly at its end', async () => {
    const input = { unitId, title: '物业', matter: 'ordinary' } as const;
    const before = await streamLength(unitId);
    await expect(
      openBallot(ctx, { ...input, closesAt: after(3 * DAY - 1) }, adminAt()),
    ).rejects.toMatchObject({
      code: 'ballot_too_short',
      details: { minimumOpenDays: 3, earliestCloseAt: after(3 * DAY).toISOString() },
    });
    expect(await streamLength(unitId)).toBe(before);
    const opened = await openBallot(ctx, { ...input, closesAt: after(3 * DAY) }, adminAt());
    expect(opened.ballot.closesAt).toBe(after(3 * DAY).toISOString());
  });

  it('refuses a closesAt more than 90 days after opening (validation_error) and takes one at 90 days', async () => {
    const input = { unitId, title: '使用单位', matter: 'ordinary', purpose: 'user_unit' } as const;
    await expect(
      openBallot(ctx, { ...input, closesAt: after(90 * DAY + 1) }, adminAt()),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'closesAt' } });
    const opened = await openBallot(ctx, { ...input, closesAt: after(90 * DAY) }, adminAt());
    expect(opened.ballot).toMatchObject({ purpose: 'user_unit', closesAt: after(90 * DAY).toISOString() });
  });

  it.each<[string, string, () => Promise<OpenBallotInput>]>([
    [
      'an elevator ballot on a plan version other than the current one',
      'plan_version_mismatch',
      async () => ({ unitId: await givenUnitWithPlan(ctx, 4), title: 't', matter: 'major', planVersion: 2 }),
    ],
    [
      'an elevator ballot on an ordinary matter',
      'elevator_ballot_must_be_major',
      async () => ({
        unitId: await givenUnitWithPlan(ctx, 4),
        title: 't',
        matter: 'ordinary',
        purpose: 'elevator',
      }),
    ],
    [
      'an elevator ballot before any plan is published',
      'wrong_stage',
      async () => ({ unitId: await givenUnit(ctx, 4), title: 't', matter: 'major' }),
    ],
    [
      'a ballot in a unit never registered',
      'unit_not_registered',
      async () => ({ unitId: newUnitId(), title: 't', matter: 'ordinary' }),
    ],
  ])('refuses %s (%s), appending nothing', async (_what, code, given) => {
    const input = await given();
    const before = await streamLength(input.unitId);
    await expect(openBallot(ctx, input, adminAt())).rejects.toMatchObject({ code });
    expect(await streamLength(input.unitId)).toBe(before);
  });

  it('refuses an id that cannot name a unit before any read (unit_not_registered)', async () => {
    await expect(
      openBallot(ctx, { unitId: 'u_NOT-A-UNIT', title: 't', matter: 'ordinary' }, adminAt()),
    ).rejects.toMatchObject({ code: 'unit_not_registered', details: { unitId: 'u_NOT-A-UNIT' } });
  });
});
