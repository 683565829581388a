/**
 * A hot operation costs what its own case costs, never what the collection holds (conventions.md §9):
 * each one timed, in one run, on a database of 100 units and on one of 5,000 (12 flats, a plan, an
 * elevator ballot with votes, codes, deadlines, sent messages each), the median of several runs
 * taken alternately on the two; the test fails when the larger database is more than twice as slow.
 * On FerretDB/SQLite any read that is not an `_id` lookup reads every document of its collection, so
 * such a read shows up here as a ratio of 10 or more.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { groupOfUnit } from '../../commands/announce.js';
import { issueGroupCode } from '../../commands/bind-group.js';
import { revokeBindingCode } from '../../commands/bindings.js';
import { loadCase } from '../../commands/case-views.js';
import { castVote } from '../../commands/cast-vote.js';
import { reconcileCase } from '../../commands/clocks.js';
import { registerUnit } from '../../commands/register-unit.js';
import { makeVerifyAllChains } from '../../commands/verify-chains.js';
import { sweepDeadlines } from '../../jobs/sweep-deadlines.js';
import { loadHolidayTable } from '../../lib/holidays.js';
import { createLogger } from '../../lib/log.js';
import { deadlineReader } from '../../models/deadline.js';
import { claimNextRef } from '../../models/objection-ref.js';
import { claimMessage, dueMessages, enqueueMessage, outboxReader } from '../../models/outbox.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import {
  adminMeta,
  contextOn,
  seedScaleDatabase,
  seededUnitId,
  type ScaleDatabase as SeededDatabase,
} from '../support/scale.js';
import { flats } from '../support/units.js';

/** A seeded test database (closed after the run). */
type ScaleDatabase = SeededDatabase<TestDatabase>;

const SMALL = 100;
const LARGE = 5_000;
/** Timed runs per operation and database (after one run not timed). */
const RUNS = 7;
const NOW = new Date('2026-03-02T02:00:00.000Z');
const holidays = loadHolidayTable();

let small: ScaleDatabase;
let large: ScaleDatabase;
const figures: string[] = [];

beforeAll(async () => {
  const [smallDb, largeDb] = await Promise.all([openTestDatabase('scale_s'), openTestDatabase('scale_l')]);
  // Seeded side by side (one SQLite file each); both settle before a failure is reported.
  const seeded = await Promise.allSettled([
    seedScaleDatabase(smallDb, SMALL, NOW, holidays),
    seedScaleDatabase(largeDb, LARGE, NOW, holidays),
  ]);
  for (const result of seeded) if (result.status === 'rejected') throw result.reason;
  [small, large] = seeded.map((result) => (result as PromiseFulfilledResult<ScaleDatabase>).value) as [
    ScaleDatabase,
    ScaleDatabase,
  ];
}, 600_000);

afterAll(async () => {
  console.log(`median ms at ${SMALL} and at ${LARGE} units:\n${figures.join('\n')}`);
  await Promise.all([small?.db.close(), large?.db.close()]);
});

const median = (samples: number[]): number =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/**
 * Runs `operation` once untimed, then `RUNS` times timed, on each database in turn (so both see the
 * same load on the machine), and returns the ratio of the medians. Run `r` gets a unit of its own
 * (`unitOf(r)`), spread over the whole database, so nothing is cached from an earlier run.
 */
async function ratioOf(
  name: string,
  operation: (scale: ScaleDatabase, run: number) => Promise<unknown>,
): Promise<number> {
  const samples = new Map<ScaleDatabase, number[]>([
    [small, []],
    [large, []],
  ]);
  for (let run = 0; run <= RUNS; run++) {
    for (const scale of [small, large]) {
      const start = performance.now();
      await operation(scale, run);
      if (run > 0) samples.get(scale)!.push(performance.now() - start);
    }
  }
  const [at100, at5000] = [median(samples.get(small)!), median(samples.get(large)!)];
  const ratio = at5000 / at100;
  figures.push(`${name}: ${at100.toFixed(2)} / ${at5000.toFixed(2)} (ratio ${ratio.toFixed(2)})`);
  return ratio;
}

/**
 * The seeded unit of run `run` of operation `salt`: each run of each operation has a unit of its own
 * (at most 11 × 8 of the 100), spread over the whole of the larger database.
 */
const unitOf = (scale: ScaleDatabase, run: number, salt = 0): string =>
  seededUnitId(((salt * (RUNS + 1) + run) * (scale.units === SMALL ? 1 : 53)) % scale.units);

/** A fresh context: the stream runner has nothing cached (a restarted process). */
const fresh = (scale: ScaleDatabase) => contextOn(scale.db.models, scale.now, holidays);

describe(`a hot operation at ${SMALL} and at ${LARGE} units`, () => {
  it('loads a case it has not cached: the view and the events after it, by _id', async () => {
    expect(
      await ratioOf('load without cache', (scale, run) => fresh(scale).cases.load(unitOf(scale, run))),
    ).toBeLessThan(2);
    expect(
      await ratioOf('read a case (loadCase)', (scale, run) => loadCase(fresh(scale), unitOf(scale, run, 1))),
    ).toBeLessThan(2);
  });

  it('registers one more unit', async () => {
    const ratio = await ratioOf('register one more unit', (scale) =>
      registerUnit(scale.ctx, { name: '新单元', flats: flats(12) }, adminMeta(scale.now)),
    );
    expect(ratio).toBeLessThan(2);
  });

  it('takes the first vote on a case after a restart', async () => {
    const ratio = await ratioOf('first write to an uncached case', async (scale, run) => {
      const unitId = unitOf(scale, run, 2);
      const ballotId = (await loadCase(scale.ctx, unitId)).state.ballots[0]!.ballotId;
      const vote = { ballotId, room: '302', choice: 'oppose' as const, channel: 'paper' as const };
      await castVote(fresh(scale), { ...vote, reference: `P-302-${run}` }, adminMeta(scale.now));
    });
    expect(ratio).toBeLessThan(2);
  });

  it('audits one case from its checkpoint, and re-hashes one whole stream', async () => {
    const verify = (scale: ScaleDatabase) => makeVerifyAllChains(scale.db.models.caseEvents);
    expect(
      await ratioOf('incremental audit of one case', (scale, run) => verify(scale)([unitOf(scale, run, 3)])),
    ).toBeLessThan(2);
    expect(
      await ratioOf('full verification of one stream', (scale, run) =>
        verify(scale)([unitOf(scale, run, 4)], { full: true }),
      ),
    ).toBeLessThan(2);
  });

  it('lists a page of cases', async () => {
    const ratio = await ratioOf('list a page of 50 cases', (scale, run) =>
      scale.ctx.streams.casePage(1 + ((run * 13) % (scale.units - 50)), 50),
    );
    expect(ratio).toBeLessThan(2);
  });

  it('reconciles one case', async () => {
    expect(
      await ratioOf('reconcile one case', (scale, run) => reconcileCase(fresh(scale), unitOf(scale, run, 5))),
    ).toBeLessThan(2);
  });

  it('sweeps with nothing due', async () => {
    const readers = new Map(
      [small, large].map((scale) => [scale, deadlineReader(scale.db.models.deadlines)]),
    );
    const ratio = await ratioOf('sweep with nothing due', (scale) =>
      sweepDeadlines(
        { commands: scale.ctx, deadlineHandlers: {} },
        { intervalMs: 10_000, graceMs: 60_000, leaseMs: 300_000, name: 'scale', reader: readers.get(scale)! },
        createLogger({ level: 'silent' }),
      ),
    );
    expect(ratio).toBeLessThan(2);
  });

  it("finds a unit's group, allocates a notice reference, picks a message from the outbox", async () => {
    expect(
      await ratioOf('announce group lookup', (scale, run) =>
        groupOfUnit(scale.ctx, unitOf(scale, run, 6), undefined),
      ),
    ).toBeLessThan(2);
    expect(
      await ratioOf('objection reference allocation', (scale, run) =>
        claimNextRef(scale.db.models.objectionRefs, 'YY', unitOf(scale, run, 7), scale.now),
      ),
    ).toBeLessThan(2);
    const readers = new Map([small, large].map((scale) => [scale, outboxReader(scale.db.models.outbox)]));
    const ratio = await ratioOf('outbox pick (find due + claim)', async (scale, run) => {
      const { outbox } = scale.db.models;
      const id = `scale-pick:${run}`;
      const to = { kind: 'room' as const, id: 'room-scale' };
      await enqueueMessage(outbox, {
        _id: id,
        to,
        groupKey: to.id,
        text: '通知',
        priority: 'reply',
        createdAt: scale.now,
      });
      const [due] = await dueMessages(outbox, readers.get(scale)!, scale.now, 20);
      expect(due?._id).toBe(id);
      expect(await claimMessage(outbox, due!, 'scale', scale.now)).not.toBeNull();
      await outbox.updateOne({ _id: id }, { $set: { status: 'sent' } });
      readers.get(scale)!.settle(id, scale.now);
    });
    expect(ratio).toBeLessThan(2);
  });

  it("revokes a flat's binding code and issues a unit's group code", async () => {
    expect(
      await ratioOf("revoke a flat's binding code", (scale, run) =>
        revokeBindingCode(scale.ctx, { unitId: unitOf(scale, run, 8), room: '101' }, adminMeta(scale.now)),
      ),
    ).toBeLessThan(2);
    expect(
      await ratioOf("issue a unit's group code (revoking the last)", (scale, run) =>
        issueGroupCode(scale.ctx, { unitId: unitOf(scale, run, 9) }, adminMeta(scale.now)),
      ),
    ).toBeLessThan(2);
  });
});
