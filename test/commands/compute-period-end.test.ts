/**
 * `computePeriodEnd` counts on the holiday table of the context it is given, not on a global one: the
 * State Council calendar the system loaded moves a period's end off National Day 2025 and says how far
 * its notices reach; a context holding a bare table (weekends only, nothing published) answers from
 * that table, every day provisional. Bad inputs are refused with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeCommandContext } from '../../commands/compose.js';
import { computePeriodEnd } from '../../commands/compute-period-end.js';
import type { HolidayTable } from '../../domain/calendar/index.js';
import { DomainError } from '../../domain/errors.js';
import { FixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/log.js';
import { holidayTable, openCommandWorld, T0, type CommandWorld } from '../support/commands.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('compute-period-end');
});
afterAll(() => world.close());

/** A table with no notice at all: only weekends rest, and every year is provisional. */
const BARE: HolidayTable = {
  publishedThrough: 2020,
  holidays: new Map(),
  makeupWorkdays: new Set(),
  provisionalHolidays: new Map(),
};

describe('computePeriodEnd', () => {
  it('moves an end on National Day 2025 to the first working day after it, on the loaded calendar', () => {
    const answer = computePeriodEnd(world.ctx, { from: '2025-09-26', length: 5, unit: 'day' });
    expect(answer).toEqual({
      from: '2025-09-26',
      length: 5,
      unit: 'day',
      nominalEndsOn: '2025-10-01',
      endsOn: '2025-10-09',
      endsAt: new Date('2025-10-09T16:00:00.000Z'),
      provisional: false,
      publishedThrough: holidayTable().publishedThrough,
    });
    expect(answer.publishedThrough).toBeGreaterThanOrEqual(2025);
  });

  it('answers from the context’s own table: without the notice, 2025-10-01 is an ordinary Wednesday', () => {
    const bare = composeCommandContext({
      models: world.models,
      clock: new FixedClock(T0),
      holidays: BARE,
      log: createLogger({ level: 'silent' }),
    });
    expect(computePeriodEnd(bare, { from: '2025-09-26', length: 5, unit: 'day' })).toMatchObject({
      endsOn: '2025-10-01',
      provisional: true,
      publishedThrough: 2020,
    });
    // Working days: Saturday 2025-10-11 is a make-up workday only on the loaded calendar.
    expect(computePeriodEnd(world.ctx, { from: '2025-10-09', length: 2, unit: 'workday' }).endsOn).toBe(
      '2025-10-11',
    );
    expect(computePeriodEnd(bare, { from: '2025-10-09', length: 2, unit: 'workday' }).endsOn).toBe(
      '2025-10-13',
    );
  });

  it.each([
    ['a day that does not exist', { from: '2025-02-30', length: 10 }, 'invalid_date', 'from'],
    ['a length of zero', { from: '2025-03-03', length: 0 }, 'invalid_period_length', 'length'],
    ['a fractional length', { from: '2025-03-03', length: 2.5 }, 'invalid_period_length', 'length'],
    ['a length over ten years', { from: '2025-03-03', length: 3651 }, 'invalid_period_length', 'length'],
  ])('refuses %s, naming the field', (_label, input, code, field) => {
    let thrown: unknown;
    try {
      computePeriodEnd(world.ctx, { ...input, unit: 'day' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code, details: { field } });
  });
});
