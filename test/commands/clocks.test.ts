/**
 * The hourly repair of the case clocks (`reconcileClocks`): it finds what a crash between an event and
 * its deadline sync left behind through `_id` lookups only — each planned clock's key, and the keys
 * recorded for the case.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deadlineKey, reconcileClocks, reconcileCase } from '../../commands/clocks.js';
import { composeCommandContext } from '../../commands/compose.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { openBallot } from '../../commands/open-ballot.js';
import { registerUnit } from '../../commands/register-unit.js';
import type { CommandMeta } from '../../commands/kernel/stream-runner.js';
import { planClocks } from '../../domain/clocks/index.js';
import { FixedClock } from '../../lib/clock.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import { readCaseClockKeys, type DeadlineDoc } from '../../models/deadline.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { flats } from '../support/units.js';

const T0 = '2025-03-03T02:00:00.000Z';
const DAY = 86_400_000;
const holidays = loadHolidayTable();
const meta: CommandMeta = { actor: { kind: 'admin', id: 'admin' }, channel: 'api', now: new Date(T0) };
let db: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  db = await openTestDatabase('reconcile');
  ctx = composeCommandContext({
    models: db.models,
    clock: new FixedClock(T0),
    holidays,
    log: createLogger({ level: 'silent' }),
  });
});
afterAll(() => db.close());

async function unitWithBallot(): Promise<{ unitId: string; keys: string[] }> {
  const { unitId } = await registerUnit(ctx, { name: '单元', flats: flats(4) }, meta);
  const opened = await openBallot(
    ctx,
    { unitId, title: 't', matter: 'ordinary', closesAt: new Date(Date.parse(T0) + 7 * DAY) },
    meta,
  );
  const keys = planClocks(opened.state, holidays).map((clock) => deadlineKey(unitId, clock));
  return { unitId, keys };
}

const read = (key: string) => db.models.deadlines.findById(key).lean<DeadlineDoc>().exec();

describe('reconcileClocks', () => {
  it('schedules a planned clock whose deadline is missing, and cancels one its case no longer plans', async () => {
    const { unitId, keys } = await unitWithBallot();
    expect(keys.length).toBeGreaterThan(1);
    expect((await readCaseClockKeys(db.models.deadlines, unitId)).sort()).toEqual([...keys].sort());
    // A crash left one clock unscheduled, and another process scheduled a reminder the case dropped.
    await db.models.deadlines.deleteOne({ _id: keys[0] });
    const dropped = `ballot.remind:${unitId}:b_dropped:2025-03-05`;
    await db.models.deadlines.create({
      _id: dropped,
      kind: 'ballot.remind',
      caseId: unitId,
      dueAt: new Date(Date.parse(T0) + DAY),
      notBefore: new Date(Date.parse(T0) + DAY),
      data: {},
      status: 'pending',
      attempts: 0,
      createdAt: new Date(T0),
    });
    await db.connection
      .collection('case_clocks')
      .updateOne({ _id: unitId } as never, { $push: { keys: dropped } } as never);

    expect(await reconcileCase(ctx, unitId)).toEqual({ scheduled: 1, cancelled: 1, failed: false });
    expect(await read(keys[0]!)).toMatchObject({ status: 'pending' });
    expect(await read(dropped)).toMatchObject({ status: 'cancelled' });
    expect((await readCaseClockKeys(db.models.deadlines, unitId)).sort()).toEqual([...keys].sort());
    expect(await reconcileCase(ctx, unitId)).toEqual({ scheduled: 0, cancelled: 0, failed: false });
  });

  it('visits every registered case once, and a second run changes nothing', async () => {
    await unitWithBallot();
    const first = await reconcileClocks(ctx);
    expect(first.cases).toBe(2);
    expect(await reconcileClocks(ctx)).toEqual({ cases: 2, scheduled: 0, cancelled: 0, failed: 0 });
  });
});
