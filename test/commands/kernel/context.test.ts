/**
 * `createCommandContext` on the real database: the settings of domain.md with their defaults, the
 * case runner it wires — views projected after each command at the clock's time (then the extra
 * projection), or written behind when asked; a process that has not seen a case starting from its
 * view; a change whose clocks could not be planned refused before it is stored — and the platform's
 * runner, whose stream is neither a registered case nor projected as one.
 */
import { DEFAULT_CHECKLISTS } from '../../../domain/case/index.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_COMMAND_SETTINGS,
  createCommandContext,
  type CommandContext,
} from '../../../commands/kernel/context.js';
import { newBallotId } from '../../../commands/kernel/ids.js';
import type { CaseState } from '../../../domain/case/index.js';
import { FixedClock } from '../../../lib/clock.js';
import { createLogger } from '../../../lib/log.js';
import { PLATFORM_STREAM_ID, type StreamHead } from '../../../models/case-stream.js';
import {
  T0,
  adminAt,
  givenUnit,
  holidayTable,
  openCommandWorld,
  type CommandWorld,
} from '../../support/commands.js';
import { flats } from '../../support/units.js';

let world: CommandWorld;
beforeAll(async () => {
  world = await openCommandWorld('kernel-context');
});
afterAll(() => world.close());

/** A context of its own (another process) on the world's database, its clock at `now`. */
function contextWith(
  extra: Partial<Parameters<typeof createCommandContext>[0]> = {},
  now = '2025-03-03T05:00:00.000Z',
): CommandContext {
  return createCommandContext({
    models: world.models,
    clock: new FixedClock(now),
    holidays: holidayTable(),
    log: createLogger({ level: 'silent' }),
    ...extra,
  });
}

const viewOf = (caseId: string) => world.models.caseViews.findById(caseId).lean().exec();

describe('the settings', () => {
  it('are the defaults of domain.md, each overridable on its own', () => {
    expect(contextWith().settings).toEqual({
      ballotMinimumOpenDays: 5,
      adminContacts: [],
      bindingCodeDays: 30,
      closeGraceMs: 60_000,
      reminderTemplates: {},
      checklists: DEFAULT_CHECKLISTS,
      documentMaxBytes: 20 * 1024 * 1024,
    });
    const ctx = contextWith({ settings: { bindingCodeDays: 7, adminContacts: ['wxid_admin'] } });
    expect(ctx.settings).toEqual({
      ...DEFAULT_COMMAND_SETTINGS,
      bindingCodeDays: 7,
      adminContacts: ['wxid_admin'],
    });
  });

  it('come with no hooks and no directory unless given, and a group map of its own', async () => {
    const bare = contextWith();
    expect(bare.afterAppend).toEqual([]);
    expect(bare).not.toHaveProperty('directory');
    const directory = { knows: async (contactId: string) => contactId === 'wxid_known' };
    const other = contextWith({ directory });
    expect(await other.directory!.knows('wxid_known')).toBe(true);
    other.boundGroups.set('room-1', 'u_x');
    expect(bare.boundGroups.size).toBe(0);
  });
});

describe('the case runner', () => {
  it("projects the view at the clock's time, then runs the extra projection with the new head", async () => {
    const seen: { caseId: string; seq: number; stage: string; viewSeq: number | undefined }[] = [];
    const ctx = contextWith({
      project: async (caseId: string, state: CaseState, head: StreamHead) => {
        const view = await viewOf(caseId);
        seen.push({ caseId, seq: head.seq, stage: state.stage, viewSeq: view?.seq });
      },
    });
    const unitId = await givenUnit(ctx, 4);
    expect(seen).toEqual([{ caseId: unitId, seq: 1, stage: 'canvassing', viewSeq: 1 }]);
    // Projected when the clock says, not when the command says it was asked.
    expect(await viewOf(unitId)).toMatchObject({ seq: 1, projectedAt: new Date('2025-03-03T05:00:00.000Z') });
  });

  it('writes views behind when asked: none before the command returns, one for a burst on flush', async () => {
    const projected: number[] = [];
    const ctx = contextWith({
      viewDelayMs: 60_000,
      project: async (_caseId: string, _state: CaseState, head: StreamHead) => void projected.push(head.seq),
    });
    const unitId = await givenUnit(ctx, 4);
    await Promise.all(
      ['甲', '乙', '丙'].map((name, i) =>
        ctx.cases.execute(
          unitId,
          { type: 'UpdateRoster', data: { flats: registered(4, name), reason: `更正${i}` } },
          adminAt(i + 1),
        ),
      ),
    );
    expect(await viewOf(unitId)).toBeNull();
    expect(projected).toEqual([]);
    await ctx.cases.flushViews();
    expect(await viewOf(unitId)).toMatchObject({ seq: 4 });
    expect(projected).toEqual([4]);
  });

  it('starts a case it has not seen from its view, and folds the events after it', async () => {
    const unitId = await givenUnit(world.ctx, 4);
    // The view says something the stream does not: a process that reads it believes it.
    await world.models.caseViews.collection.updateOne({ _id: unitId } as never, {
      $set: { 'state.unit.name': '视图里的名字' },
    });
    expect((await contextWith().cases.load(unitId)).state.unit).toEqual({ name: '视图里的名字' });
    // An event after the view's seq is folded in on top of it.
    await world.ctx.streams.append(unitId, (await world.ctx.cases.load(unitId)).head, {
      type: 'UnitPlaced',
      data: { communityId: 'pl_aaaaaaaaaaaaaaaa' },
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      at: new Date(T0),
    });
    const loaded = await contextWith().cases.load(unitId);
    expect(loaded.head.seq).toBe(2);
    expect(loaded.state).toMatchObject({
      unit: { name: '视图里的名字' },
      communityId: 'pl_aaaaaaaaaaaaaaaa',
    });
  });

  it('refuses, before storing it, a change that leaves a ballot whose clocks cannot be planned', async () => {
    const ctx = contextWith();
    const unitId = await givenUnit(ctx, 2);
    const ballotId = newBallotId(unitId);
    // Opened on 28 December 9999, closing at 07:00 on 1 January 10000 in Shanghai: valid instants,
    // but the day-before-close reminder falls outside the calendar's years.
    const open = ctx.cases.execute(
      unitId,
      {
        type: 'OpenBallot',
        data: {
          ballotId,
          title: '表决',
          matter: 'ordinary',
          purpose: 'other',
          minimumOpenDays: 0,
          closesAt: new Date('9999-12-31T23:00:00.000Z'),
        },
      },
      { ...adminAt(), now: new Date('9999-12-28T00:00:00.000Z') },
    );
    await expect(open).rejects.toMatchObject({
      code: 'validation_error',
      details: { field: `ballot:${ballotId}`, reason: 'invalid_date' },
    });
    expect((await ctx.streams.load(unitId)).map((event) => event.type)).toEqual(['UnitRegistered']);
  });
});

describe('the platform runner', () => {
  it('appends to the platform stream, which is no registered case and has no case view', async () => {
    const ctx = contextWith();
    const { head } = await ctx.platform.execute(
      PLATFORM_STREAM_ID,
      { type: 'CreatePlace', data: { placeId: 'pl_bbbbbbbbbbbbbbbb', kind: 'district', name: '上城区' } },
      adminAt(),
    );
    expect(head.seq).toBe(1);
    expect(await world.models.caseEvents.findById(`${PLATFORM_STREAM_ID}:1`).lean()).toMatchObject({
      type: 'PlaceCreated',
      data: { placeId: 'pl_bbbbbbbbbbbbbbbb', kind: 'district', name: '上城区' },
    });
    expect(await viewOf(PLATFORM_STREAM_ID)).toBeNull();
    expect(await ctx.streams.caseIds()).not.toContain(PLATFORM_STREAM_ID);
    // Another process sees it: the platform's state folds from its stream.
    expect((await contextWith().platform.load(PLATFORM_STREAM_ID)).state.places).toHaveProperty(
      'pl_bbbbbbbbbbbbbbbb',
    );
  });
});

/** The domain's flats of `flats(count)`, with the first owner renamed `name` (a roster correction). */
function registered(count: number, name: string) {
  return flats(count).map((flat, index) => ({
    room: flat.room,
    floor: flat.floor,
    areaCenti: 5000,
    areaSource: flat.areaSource,
    owners: index === 0 ? [{ name }] : flat.owners,
  }));
}
