/**
 * `runCaseCommand` on the real database: each appended event is logged by case, seq, type, channel and
 * actor kind, never its data; the after-append hooks run in order with what was appended; a command
 * that appends nothing, or is refused, runs none. A failing hook fails nothing: the hooks after it
 * still run, and the failure is noted in `hook_repairs` (latest failure wins), or logged as an error
 * when even the note cannot be written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createCommandContext,
  type AfterAppend,
  type CommandContext,
} from '../../../commands/kernel/context.js';
import { newUnitId } from '../../../commands/kernel/ids.js';
import { runCaseCommand } from '../../../commands/kernel/run-case.js';
import type { Executed } from '../../../commands/kernel/stream-runner.js';
import type { CaseCommand, CaseState } from '../../../domain/case/index.js';
import { FixedClock } from '../../../lib/clock.js';
import type { Models } from '../../../models/index.js';
import {
  T0,
  adminAt,
  holidayTable,
  openCommandWorld,
  residentAt,
  type CommandWorld,
} from '../../support/commands.js';
import { recordingLog, unreachableModels, type LogLine } from '../../support/kernel-fixtures.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('kernel-run-case');
});
afterAll(() => world.close());

/** What the hooks saw, in order. */
type Call = { hook: string; caseId: string; seqs: number[]; before: string; after: string };

/** A context whose hooks are `names` (one named `fail…` throws), logging to `lines`, its clock at `clock`. */
function contextWith(names: string[], options: { models?: Models } = {}) {
  const calls: Call[] = [];
  const { log, lines } = recordingLog();
  const clock = new FixedClock(T0);
  const hook = (name: string): AfterAppend => ({
    name,
    run: async (ctx, caseId, executed: Executed<CaseState>) => {
      expect(ctx.clock).toBe(clock);
      calls.push({
        hook: name,
        caseId,
        seqs: executed.events.map((event) => event.seq),
        before: executed.before.stage,
        after: executed.state.stage,
      });
      if (name.startsWith('fail')) throw new Error('connection reset');
    },
    repair: async () => undefined,
  });
  const ctx: CommandContext = createCommandContext({
    models: options.models ?? world.models,
    clock,
    holidays: holidayTable(),
    log,
    afterAppend: names.map(hook),
  });
  return { ctx, calls, lines, clock };
}

const register: CaseCommand = {
  type: 'RegisterUnit',
  data: {
    unit: { name: '日志单元' },
    flats: [
      {
        room: '101',
        floor: 1,
        areaCenti: 5000,
        areaSource: 'register',
        owners: [{ name: '王秀英', phone: '13800001111' }],
      },
      { room: '102', floor: 1, areaCenti: 6000, areaSource: 'register', owners: [{ name: '李建国' }] },
    ],
  },
};
const messages = (lines: LogLine[]) => lines.map((line) => [line.level, line.msg]);

describe('runCaseCommand', () => {
  it('logs each appended event without its data, then runs the hooks in order with what was appended', async () => {
    const { ctx, calls, lines } = contextWith(['first', 'second']);
    const unitId = newUnitId();
    const executed = await runCaseCommand(ctx, unitId, register, adminAt());
    expect(executed.events.map((event) => [event.seq, event.type])).toEqual([[1, 'UnitRegistered']]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'case event appended',
        caseId: unitId,
        seq: 1,
        type: 'UnitRegistered',
        channel: 'api',
        actor: 'admin',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/王秀英|13800001111|李建国|日志单元/);
    expect(lines[0]).not.toHaveProperty('data');
    expect(calls).toEqual([
      { hook: 'first', caseId: unitId, seqs: [1], before: 'new', after: 'canvassing' },
      { hook: 'second', caseId: unitId, seqs: [1], before: 'new', after: 'canvassing' },
    ]);
    expect(await world.models.hookRepairs.countDocuments({ caseId: unitId })).toBe(0);
  });

  it('logs the channel and actor kind of the one who asked', async () => {
    const { ctx, lines } = contextWith([]);
    const unitId = newUnitId();
    await runCaseCommand(ctx, unitId, register, adminAt());
    await runCaseCommand(ctx, unitId, { type: 'BindGroup', data: { roomId: 'room-1' } }, residentAt('wx_1'));
    expect(lines.map((line) => [line.seq, line.type, line.channel, line.actor])).toEqual([
      [1, 'UnitRegistered', 'api', 'admin'],
      [2, 'GroupBound', 'wechat', 'resident'],
    ]);
  });

  it('runs no hook and logs nothing for a command that appends nothing', async () => {
    const { ctx: quiet } = contextWith([]);
    const unitId = newUnitId();
    await runCaseCommand(quiet, unitId, register, adminAt());
    const { ctx, calls, lines } = contextWith(['first']);
    // The same roster again changes nothing.
    const same: CaseCommand = {
      type: 'UpdateRoster',
      data: { flats: register.data.flats, reason: '重复提交' },
    };
    const executed = await runCaseCommand(ctx, unitId, same, adminAt(1));
    expect(executed.events).toEqual([]);
    expect(executed.head.seq).toBe(1);
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('runs no hook and logs nothing for a refused command, which stores nothing', async () => {
    const { ctx, calls, lines } = contextWith(['first']);
    const unitId = newUnitId();
    await expect(
      runCaseCommand(ctx, unitId, { type: 'PlaceUnit', data: { communityId: 'pl_x' } }, adminAt()),
    ).rejects.toMatchObject({
      code: 'unit_not_registered',
    });
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
    expect(await ctx.streams.load(unitId)).toEqual([]);
  });

  it('notes a failing hook for repair and still runs the hooks after it; the latest failure wins', async () => {
    const { ctx, calls, lines, clock } = contextWith(['first', 'failing', 'last']);
    const unitId = newUnitId();
    await expect(runCaseCommand(ctx, unitId, register, adminAt())).resolves.toMatchObject({
      head: { seq: 1 },
    });
    expect(calls.map((call) => call.hook)).toEqual(['first', 'failing', 'last']);
    expect(messages(lines)).toEqual([
      [30, 'case event appended'],
      [40, 'after-append hook failed; its repair will catch up'],
    ]);
    expect(lines[1]).toMatchObject({ caseId: unitId, hook: 'failing', err: { message: 'connection reset' } });
    expect(await world.models.hookRepairs.find({ caseId: unitId }).lean().exec()).toEqual([
      { _id: `failing:${unitId}`, hook: 'failing', caseId: unitId, failedAt: new Date(T0) },
    ]);

    clock.advance(60_000);
    await runCaseCommand(ctx, unitId, { type: 'BindGroup', data: { roomId: 'room-2' } }, adminAt(60_000));
    expect(await world.models.hookRepairs.find({ caseId: unitId }).lean().exec()).toEqual([
      {
        _id: `failing:${unitId}`,
        hook: 'failing',
        caseId: unitId,
        failedAt: new Date(Date.parse(T0) + 60_000),
      },
    ]);
  });

  it('logs an error, and still answers, when the failure cannot even be noted', async () => {
    const down = await unreachableModels(world.db);
    const { ctx, calls, lines } = contextWith(['failing', 'last'], {
      models: { ...world.models, hookRepairs: down.hookRepairs },
    });
    const unitId = newUnitId();
    const executed = await runCaseCommand(ctx, unitId, register, adminAt());
    expect(executed.head.seq).toBe(1);
    expect(calls.map((call) => call.hook)).toEqual(['failing', 'last']);
    expect(messages(lines)).toEqual([
      [30, 'case event appended'],
      [40, 'after-append hook failed; its repair will catch up'],
      [50, 'hook repair not noted; views:rebuild repairs it'],
    ]);
    expect(lines[2]).toMatchObject({
      caseId: unitId,
      hook: 'failing',
      err: { type: 'MongoNotConnectedError' },
    });
    expect(await world.models.hookRepairs.countDocuments({ caseId: unitId })).toBe(0);
  });
});
