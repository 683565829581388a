/**
 * A unit's clock settings on the real database: `readClocks` shows the settings in force beside the
 * defaults, whether the unit needs the care thresholds, and every clock running now; `changeClocks`
 * records `ClockSettingsChanged` only when something changes, moves the stored deadlines to the new
 * plan, and refuses a bad value (naming the field) or an unknown unit, appending nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { changeClocks, readClocks } from '../../commands/clock-settings.js';
import { newUnitId } from '../../commands/kernel/ids.js';
import { openBallot } from '../../commands/open-ballot.js';
import { DEFAULT_CLOCK_SETTINGS } from '../../domain/clocks/index.js';
import {
  adminAt,
  DAY,
  givenUnit,
  givenUnitWithPlan,
  openCommandWorld,
  T0,
  type CommandWorld,
} from '../support/commands.js';
import { flats } from '../support/units.js';

let world: CommandWorld;
/** A unit with an elevator ballot open from T0 for 10 days. */
let unitId: string;
beforeAll(async () => {
  world = await openCommandWorld('clock-settings');
  unitId = await givenUnitWithPlan(world.ctx, 4);
  await openBallot(
    world.ctx,
    { unitId, title: '加装电梯', matter: 'major', closesAt: new Date(Date.parse(T0) + 10 * DAY) },
    adminAt(),
  );
});
afterAll(() => world.close());

const events = async (id: string) => (await world.ctx.streams.load(id)).map((e) => e.type);
const pendingReminders = async (id: string) =>
  (
    await world.models.deadlines
      .find({ caseId: id, kind: 'ballot.remind', status: 'pending' })
      .sort({ dueAt: 1 })
      .lean()
      .exec()
  ).map((d) => d.dueAt.toISOString());

describe('readClocks', () => {
  it('shows the defaults in force and the clocks the open ballot runs, soonest first', async () => {
    const read = await readClocks(world.ctx, unitId);
    expect(read).toMatchObject({
      unitId,
      settings: DEFAULT_CLOCK_SETTINGS,
      custom: false,
      defaults: DEFAULT_CLOCK_SETTINGS,
      care: false,
      thresholdsInForce: { quorumStallDays: 14, alertAckWorkingDays: 3 },
    });
    // Day 3 at 10:00 Shanghai, the day before closing, then the close itself.
    expect(read.clocks.map((c) => [c.kind, c.dueAt.toISOString()])).toEqual([
      ['ballot.remind', '2025-03-05T02:00:00.000Z'],
      ['ballot.remind', '2025-03-12T02:00:00.000Z'],
      ['ballot.close', '2025-03-13T02:00:00.000Z'],
    ]);
    expect(await pendingReminders(unitId)).toEqual(['2025-03-05T02:00:00.000Z', '2025-03-12T02:00:00.000Z']);
  });

  it('applies the care thresholds to a unit with elderly residents, never longer than the ordinary ones', async () => {
    const list = flats(2).map((flat, i) => (i === 0 ? { ...flat, elderly: true } : flat));
    const care = await givenUnit(world.ctx, 2, list);
    const read = await readClocks(world.ctx, care);
    expect(read.care).toBe(true);
    expect(read.thresholdsInForce).toEqual(DEFAULT_CLOCK_SETTINGS.care);
    const changed = await changeClocks(
      world.ctx,
      { unitId: care, change: { alertAckWorkingDays: 1 } },
      adminAt(),
    );
    expect(changed.thresholdsInForce.alertAckWorkingDays).toBe(1);
    expect(changed.thresholdsInForce.quorumStallDays).toBe(DEFAULT_CLOCK_SETTINGS.care.quorumStallDays);
  });

  it('refuses an unknown unit and a malformed id', async () => {
    for (const id of [newUnitId(), 'nonsense']) {
      await expect(readClocks(world.ctx, id)).rejects.toMatchObject({ code: 'unit_not_registered' });
    }
  });
});

describe('changeClocks', () => {
  it('records a change once, and moves the stored reminders to the new plan', async () => {
    const before = await events(unitId);
    const changed = await changeClocks(
      world.ctx,
      { unitId, change: { ballotReminderDays: [5, 2], remindDayBeforeClose: false, noticeTime: '09:30' } },
      adminAt(1),
    );
    expect(changed).toMatchObject({
      recorded: true,
      custom: true,
      settings: {
        ballotReminderDays: [2, 5],
        remindDayBeforeClose: false,
        noticeTime: '09:30',
        publicityDays: 10,
      },
      defaults: DEFAULT_CLOCK_SETTINGS,
    });
    expect(await events(unitId)).toEqual([...before, 'ClockSettingsChanged']);
    // Day 2 and day 5 at 09:30 Shanghai; the day-before reminder is cancelled.
    expect(await pendingReminders(unitId)).toEqual(['2025-03-04T01:30:00.000Z', '2025-03-07T01:30:00.000Z']);
    expect((await readClocks(world.ctx, unitId)).custom).toBe(true);

    const same = await changeClocks(
      world.ctx,
      { unitId, change: { ballotReminderDays: [2, 5] } },
      adminAt(2),
    );
    expect(same.recorded).toBe(false);
    expect(await events(unitId)).toEqual([...before, 'ClockSettingsChanged']);
  });

  it('records nothing for a change to what the defaults already say', async () => {
    const plain = await givenUnit(world.ctx, 2);
    const same = await changeClocks(world.ctx, { unitId: plain, change: { publicityDays: 10 } }, adminAt());
    expect(same).toMatchObject({ recorded: false, custom: false });
    expect(await events(plain)).toEqual(['UnitRegistered']);
  });

  it('refuses a bad value naming the field, and an unknown unit, appending nothing', async () => {
    const before = await events(unitId);
    const refusals: [Parameters<typeof changeClocks>[1]['change'], string][] = [
      [{ noticeTime: '24:00' }, 'noticeTime'],
      [{ publicityDays: 91 }, 'publicityDays'],
      [{ ballotReminderDays: [3, 3] }, 'ballotReminderDays'],
      [{ care: { quorumStallDays: 0 } }, 'care.quorumStallDays'],
      [{ mediationStepWorkingDays: { hearing: 121 } }, 'mediationStepWorkingDays.hearing'],
    ];
    for (const [change, field] of refusals) {
      await expect(changeClocks(world.ctx, { unitId, change }, adminAt())).rejects.toMatchObject({
        code: 'validation_error',
        details: { field },
      });
    }
    expect(await events(unitId)).toEqual(before);
    for (const id of [newUnitId(), 'nonsense']) {
      await expect(
        changeClocks(world.ctx, { unitId: id, change: { publicityDays: 12 } }, adminAt()),
      ).rejects.toMatchObject({ code: 'unit_not_registered' });
    }
  });
});
