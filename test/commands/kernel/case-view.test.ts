/**
 * `projectCaseView` and `syncUnitListing` on the real database: a case's state goes into its
 * `case_views` document with the head it reflects, and a registered unit's line into `unit_list`
 * (its last event's Shanghai day, its board line planned on the holiday calendar); a case not yet
 * registered gets a view but no listing; a projection the database refuses is logged and swallowed
 * (the command already succeeded). The listing repair writes only what differs, never over a newer one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectCaseView, syncUnitListing } from '../../../commands/kernel/case-view.js';
import { newUnitId } from '../../../commands/kernel/ids.js';
import { loadCase } from '../../../commands/kernel/read.js';
import { openBallot } from '../../../commands/open-ballot.js';
import { initialState, type CaseState } from '../../../domain/case/index.js';
import type { StreamHead } from '../../../models/case-stream.js';
import { readUnitListing } from '../../../models/unit-list.js';
import {
  DAY,
  T0,
  adminAt,
  givenUnitWithPlan,
  holidayTable,
  openCommandWorld,
  type CommandWorld,
} from '../../support/commands.js';
import { recordingLog, unreachableModels } from '../../support/kernel-fixtures.js';

let world: CommandWorld;
/** A unit of 4 flats with an ordinary ballot open until T0 + 7 days: its state and head. */
let unit: { state: CaseState; head: StreamHead; ballotId: string };
const projectedAt = new Date(Date.parse(T0) + 3_600_000);

beforeAll(async () => {
  world = await openCommandWorld('kernel-case-view');
  const unitId = await givenUnitWithPlan(world.ctx, 4);
  const opened = await openBallot(
    world.ctx,
    { unitId, title: '表决', matter: 'ordinary', closesAt: new Date(Date.parse(T0) + 7 * DAY) },
    adminAt(),
  );
  unit = { ...(await loadCase(world.ctx, unitId)), ballotId: opened.ballot.ballotId };
});
afterAll(() => world.close());

/** The projection target of the world, logging to `log`. */
const target = (log = world.ctx.log) => ({ models: world.models, holidays: holidayTable(), log });
const viewOf = (caseId: string) => world.models.caseViews.findById(caseId).lean().exec();
const listingOf = (caseId: string) => readUnitListing(world.models.unitListings, caseId);

describe('projectCaseView', () => {
  it("writes the view at the head's seq and hash, and the unit's listing with its board line", async () => {
    // The unit's state projected under a fresh id, so nothing this process wrote before is in the way.
    const caseId = newUnitId();
    await projectCaseView(target(), caseId, unit.state, unit.head, projectedAt);
    expect(unit.head).toMatchObject({ seq: 3, at: new Date(T0) });
    expect(await viewOf(caseId)).toMatchObject({
      seq: 3,
      hash: unit.head.hash,
      headAt: new Date(T0),
      stage: 'planning',
      projectedAt,
      state: { ballots: [{ ballotId: unit.ballotId, status: 'open' }] },
    });
    expect(await listingOf(caseId)).toMatchObject({
      seq: 3,
      stage: 'planning',
      unit: { name: '测试单元' },
      registeredAt: new Date(T0),
      lastEventOn: '2025-03-03',
      board: {
        care: false,
        disputes: [],
        deadlines: [
          {
            kind: 'ballot.close',
            dueAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
            ref: unit.ballotId,
          },
        ],
      },
    });
  });

  it("leaves out the head's time where the head does not say it", async () => {
    const caseId = newUnitId();
    await projectCaseView(target(), caseId, unit.state, { seq: 3, hash: unit.head.hash }, projectedAt);
    const view = await viewOf(caseId);
    expect(view).toMatchObject({ seq: 3 });
    expect(view).not.toHaveProperty('headAt');
    const listing = await listingOf(caseId);
    expect(listing).toMatchObject({ seq: 3, stage: 'planning' });
    expect(listing).not.toHaveProperty('lastEventOn');
  });

  it('gives a case that is not a registered unit a view and no listing', async () => {
    const caseId = newUnitId();
    await projectCaseView(target(), caseId, initialState, { seq: 1, hash: 'a'.repeat(64) }, projectedAt);
    expect(await viewOf(caseId)).toMatchObject({ seq: 1, stage: 'new' });
    expect(await listingOf(caseId)).toBeNull();
  });

  it('logs and swallows a projection the database refuses, writing nothing', async () => {
    const { log, lines } = recordingLog();
    const caseId = newUnitId();
    const down = { ...target(log), models: await unreachableModels(world.db) };
    await expect(projectCaseView(down, caseId, unit.state, unit.head, projectedAt)).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        caseId,
        seq: 3,
        msg: 'case view not projected; it is rebuilt on next read',
        err: expect.objectContaining({ type: 'MongoNotConnectedError' }),
      }),
    ]);
    expect(await viewOf(caseId)).toBeNull();
  });

  it('keeps the view it wrote when only the listing fails', async () => {
    const { log, lines } = recordingLog();
    const caseId = newUnitId();
    const { unitListings } = await unreachableModels(world.db);
    const half = { ...target(log), models: { caseViews: world.models.caseViews, unitListings } };
    await projectCaseView(half, caseId, unit.state, unit.head, projectedAt);
    expect(await viewOf(caseId)).toMatchObject({ seq: 3 });
    expect(await listingOf(caseId)).toBeNull();
    expect(lines.map((line) => [line.level, line.caseId])).toEqual([[40, caseId]]);
  });
});

describe('syncUnitListing', () => {
  it('writes nothing for a case that is not a registered unit', async () => {
    const caseId = newUnitId();
    expect(await syncUnitListing(target(), caseId, initialState, { seq: 2, hash: 'b'.repeat(64) })).toBe(
      false,
    );
    expect(await listingOf(caseId)).toBeNull();
  });

  it('writes a missing listing, then nothing while it says the same', async () => {
    const caseId = newUnitId();
    expect(await syncUnitListing(target(), caseId, unit.state, unit.head)).toBe(true);
    expect(await listingOf(caseId)).toMatchObject({ seq: 3, stage: 'planning', board: { care: false } });
    expect(await syncUnitListing(target(), caseId, unit.state, unit.head)).toBe(false);
  });

  it('adds the board line a backfill left out, at the same seq', async () => {
    const caseId = newUnitId();
    await syncUnitListing(target(), caseId, unit.state, unit.head);
    await world.models.unitListings.collection.updateOne({ _id: caseId } as never, { $unset: { board: 1 } });
    expect(await listingOf(caseId)).not.toHaveProperty('board');
    expect(await syncUnitListing(target(), caseId, unit.state, unit.head)).toBe(true);
    expect((await listingOf(caseId))!.board!.deadlines).toHaveLength(1);
  });

  it('leaves a listing written at a newer seq alone', async () => {
    const caseId = newUnitId();
    await syncUnitListing(target(), caseId, unit.state, unit.head);
    await world.models.unitListings.collection.updateOne({ _id: caseId } as never, {
      $set: { seq: 9, stage: 'publicity' },
    });
    expect(await syncUnitListing(target(), caseId, unit.state, unit.head)).toBe(false);
    expect(await listingOf(caseId)).toMatchObject({ seq: 9, stage: 'publicity' });
  });

  it('rewrites a listing an older seq left saying something else', async () => {
    const caseId = newUnitId();
    await syncUnitListing(target(), caseId, unit.state, unit.head);
    await world.models.unitListings.collection.updateOne({ _id: caseId } as never, {
      $set: { seq: 1, stage: 'registered' },
    });
    expect(await syncUnitListing(target(), caseId, unit.state, unit.head)).toBe(true);
    expect(await listingOf(caseId)).toMatchObject({ seq: 3, stage: 'planning' });
  });
});
