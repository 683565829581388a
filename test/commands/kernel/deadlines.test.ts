/**
 * `scheduleDeadline` and `cancelDeadlines` on the real database, without a sweeper (the sweeper and
 * the basic schedule / move / cancel through Agenda are in `test/jobs/sweep-deadlines.test.ts`):
 * what a new deadline stores and its due-index entry; each outcome of scheduling a key again —
 * moved by its data alone, revived after a cancellation, a retry's back-off and error cleared,
 * finished ones of every kind left alone; and which deadlines a cancellation touches.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelDeadlines, scheduleDeadline, type NewDeadline } from '../../../commands/kernel/deadlines.js';
import type { DeadlineDoc } from '../../../models/deadline.js';
import { DAY, T0, openCommandWorld, type CommandWorld } from '../../support/commands.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('kernel-deadlines');
});
afterAll(() => world.close());

const at = (ms: number) => new Date(Date.parse(T0) + ms);
const read = (key: string) => world.models.deadlines.findById(key).lean<DeadlineDoc>().exec();
const deadline = (key: string, dueAt: Date, data?: Record<string, unknown>): NewDeadline => ({
  key,
  kind: key.split(':')[0]!,
  caseId: key.split(':')[1]!,
  dueAt,
  ...(data === undefined ? {} : { data }),
});
const schedule = (key: string, dueAt: Date, data?: Record<string, unknown>) =>
  scheduleDeadline(world.ctx, deadline(key, dueAt, data));
/** Every entry of the deadlines' due index, as `[id, at]`. */
async function indexEntries(): Promise<[string, string][]> {
  const chunks = await world.db.connection
    .db!.collection<{ entries?: { id: string; at: Date }[] }>('deadlines_due')
    .find({})
    .toArray();
  return chunks.flatMap((chunk) =>
    (chunk.entries ?? []).map(({ id, at: due }): [string, string] => [id, new Date(due).toISOString()]),
  );
}

describe('scheduleDeadline', () => {
  it('stores a new deadline pending, due and not before its dueAt, with its due-index entry', async () => {
    expect(await schedule('ballot.close:u_a:b1', at(DAY))).toBe('scheduled');
    expect(await read('ballot.close:u_a:b1')).toEqual({
      _id: 'ballot.close:u_a:b1',
      kind: 'ballot.close',
      caseId: 'u_a',
      dueAt: at(DAY),
      notBefore: at(DAY),
      data: {},
      status: 'pending',
      attempts: 0,
      createdAt: new Date(T0),
    });
    expect(await indexEntries()).toContainEqual(['ballot.close:u_a:b1', at(DAY).toISOString()]);
  });

  it('answers unchanged for the same dueAt and data, and moved for new data at the same time', async () => {
    await schedule('remind:u_b:x', at(DAY), { day: '2025-03-04' });
    expect(await schedule('remind:u_b:x', at(DAY), { day: '2025-03-04' })).toBe('unchanged');
    expect(await schedule('remind:u_b:x', at(DAY), { day: '2025-03-05' })).toBe('moved');
    expect(await read('remind:u_b:x')).toMatchObject({
      dueAt: at(DAY),
      data: { day: '2025-03-05' },
      status: 'pending',
    });
    // No data is the empty data: dropping it is a change too.
    expect(await schedule('remind:u_b:x', at(DAY))).toBe('moved');
    expect(await read('remind:u_b:x')).toMatchObject({ data: {} });
  });

  it('moves a deadline waiting out a back-off to its new time, clearing the error and keeping its attempts', async () => {
    await schedule('remind:u_c:x', at(DAY));
    // A failed attempt: the sweeper counted it and put the next one off.
    await world.models.deadlines.updateOne(
      { _id: 'remind:u_c:x' },
      { $set: { attempts: 2, lastError: 'flaky', notBefore: at(DAY + 3_600_000) } },
    );
    expect(await schedule('remind:u_c:x', at(2 * DAY))).toBe('moved');
    const moved = await read('remind:u_c:x');
    expect(moved).toMatchObject({
      status: 'pending',
      dueAt: at(2 * DAY),
      notBefore: at(2 * DAY),
      attempts: 2,
    });
    expect(moved).not.toHaveProperty('lastError');
    expect(await indexEntries()).toContainEqual(['remind:u_c:x', at(2 * DAY).toISOString()]);
  });

  it('revives a cancelled deadline, even at the same time and data, with no doneAt', async () => {
    await schedule('publicity.end:u_d:x', at(DAY));
    expect(await cancelDeadlines(world.ctx, { caseId: 'u_d', keys: ['publicity.end:u_d:x'] })).toBe(1);
    expect(await read('publicity.end:u_d:x')).toMatchObject({ status: 'cancelled', doneAt: new Date(T0) });
    expect(await schedule('publicity.end:u_d:x', at(DAY))).toBe('revived');
    const revived = await read('publicity.end:u_d:x');
    expect(revived).toMatchObject({ status: 'pending', dueAt: at(DAY), notBefore: at(DAY) });
    expect(revived).not.toHaveProperty('doneAt');
  });

  it.each(['done', 'skipped', 'failed'] as const)(
    'leaves a %s deadline alone, whatever time it is asked for',
    async (status) => {
      const key = `ballot.close:u_e:${status}`;
      await schedule(key, at(DAY));
      await world.models.deadlines.updateOne({ _id: key }, { $set: { status, doneAt: at(DAY) } });
      expect(await schedule(key, at(5 * DAY), { again: true })).toBe('finished');
      expect(await read(key)).toMatchObject({ status, dueAt: at(DAY), notBefore: at(DAY), data: {} });
    },
  );
});

describe('cancelDeadlines', () => {
  it("cancels the case's pending deadlines only, and counts them", async () => {
    await schedule('remind:u_f:1', at(DAY));
    await schedule('remind:u_f:2', at(2 * DAY));
    await schedule('remind:u_f:done', at(DAY));
    await world.models.deadlines.updateOne({ _id: 'remind:u_f:done' }, { $set: { status: 'done' } });
    await schedule('remind:u_g:1', at(DAY));
    const keys = ['remind:u_f:1', 'remind:u_f:2', 'remind:u_f:done', 'remind:u_g:1', 'remind:u_f:missing'];
    expect(await cancelDeadlines(world.ctx, { caseId: 'u_f', keys })).toBe(2);
    expect(await read('remind:u_f:1')).toMatchObject({ status: 'cancelled', doneAt: new Date(T0) });
    expect(await read('remind:u_f:2')).toMatchObject({ status: 'cancelled' });
    expect(await read('remind:u_f:done')).toMatchObject({ status: 'done' });
    // A key of another case is not this case's to cancel.
    expect(await read('remind:u_g:1')).toMatchObject({ status: 'pending' });
    expect(await read('remind:u_f:missing')).toBeNull();
    // Again: nothing left to cancel.
    expect(await cancelDeadlines(world.ctx, { caseId: 'u_f', keys })).toBe(0);
  });

  it('with dueAfter, keeps those due by then (they may be running) and cancels the later ones', async () => {
    await schedule('remind:u_h:before', at(DAY - 1));
    await schedule('remind:u_h:exactly', at(DAY));
    await schedule('remind:u_h:after', at(DAY + 1));
    const keys = ['remind:u_h:before', 'remind:u_h:exactly', 'remind:u_h:after'];
    expect(await cancelDeadlines(world.ctx, { caseId: 'u_h', keys, dueAfter: at(DAY) })).toBe(1);
    const statuses = await Promise.all(keys.map(async (key) => (await read(key))!.status));
    expect(statuses).toEqual(['pending', 'pending', 'cancelled']);
  });
});
