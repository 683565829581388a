/**
 * What a hot operation costs at `BENCH_UNITS` units (5,000; 500 quick) beside the same operation at
 * 100 units, in one run (the units as `test/models/scale.test.ts` seeds them: 12 flats, a plan, an
 * elevator ballot with votes, codes, deadlines, sent messages). A ratio near 1 means the operation
 * costs what its own case costs; a read that scans its collection shows a ratio near the ratio of the
 * sizes. One more line puts the load of an uncached case beside a bare `findOne` by `_id`. Target
 * (conventions.md §9, the bound of the scale test): every operation within 2× of its 100-unit figure.
 */
import { loadCase } from '../commands/kernel/read.js';
import { castVote } from '../commands/cast-vote.js';
import { reconcileCase } from '../commands/clocks.js';
import { registerUnit } from '../commands/register-unit.js';
import { makeVerifyAllChains } from '../commands/verify-chains.js';
import { sweepDeadlines } from '../commands/kernel/sweep-deadlines.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { createLogger } from '../lib/log.js';
import { deadlineReader } from '../models/deadline.js';
import {
  adminMeta,
  contextOn,
  seedScaleDatabase,
  seededUnitId,
  type ScaleDatabase,
} from '../test/support/scale.js';
import { flats } from '../test/support/units.js';
import {
  count,
  openBenchDatabase,
  quantile,
  report,
  size,
  timeEach,
  verdict,
  type BenchDatabase,
} from './support.js';

const UNITS = size('BENCH_UNITS', 5000, 500);
const RUNS = size('BENCH_RUNS', 21, 7);
/** conventions.md §9: a hot operation costs what its own case costs (the scale test's bound). */
const TARGET_RATIO = 2;
const NOW = new Date('2026-03-02T02:00:00.000Z');
const holidays = loadHolidayTable();
const log = createLogger({ level: 'silent' });

const small = await openBenchDatabase('scale_small');
const large = await openBenchDatabase('scale_large');
try {
  const seedStart = Date.now();
  const [atSmall, atLarge] = await Promise.all([
    seedScaleDatabase(small, 100, NOW, holidays),
    seedScaleDatabase(large, UNITS, NOW, holidays),
  ]);
  console.log(`seeded 100 and ${count(UNITS)} units in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);

  /** Run `run` of an operation gets a unit of its own (`salt` tells operations apart). */
  const unitOf = (scale: ScaleDatabase<BenchDatabase>, run: number, salt: number): string =>
    seededUnitId(((salt * RUNS + run) * (scale.units === 100 ? 1 : 53)) % scale.units);
  const fresh = (scale: ScaleDatabase<BenchDatabase>) => contextOn(scale.db.models, scale.now, holidays);
  const readers = new Map(
    [atSmall, atLarge].map((scale) => [scale, deadlineReader(scale.db.models.deadlines)]),
  );
  const operations: [string, (scale: ScaleDatabase<BenchDatabase>, run: number) => Promise<unknown>][] = [
    ['load of an uncached case', (scale, run) => fresh(scale).cases.load(unitOf(scale, run, 0))],
    ['read of a case (loadCase)', (scale, run) => loadCase(fresh(scale), unitOf(scale, run, 1))],
    [
      'register one more unit',
      (scale) => registerUnit(scale.ctx, { name: '新单元', flats: flats(12) }, adminMeta(scale.now)),
    ],
    [
      'first vote on an uncached case',
      async (scale, run) => {
        const unitId = unitOf(scale, run, 2);
        const ballotId = (await loadCase(scale.ctx, unitId)).state.ballots[0]!.ballotId;
        const vote = { ballotId, room: '302', choice: 'oppose' as const, channel: 'paper' as const };
        await castVote(fresh(scale), { ...vote, reference: `P-${run}` }, adminMeta(scale.now));
      },
    ],
    [
      'incremental audit of one case',
      (scale, run) => makeVerifyAllChains(scale.db.models.caseEvents)([unitOf(scale, run, 3)]),
    ],
    ['reconcile of one case', (scale, run) => reconcileCase(fresh(scale), unitOf(scale, run, 4))],
    [
      'deadline sweep with nothing due',
      (scale) =>
        sweepDeadlines(
          { commands: scale.ctx, deadlineHandlers: {} },
          {
            intervalMs: 10_000,
            graceMs: 60_000,
            leaseMs: 300_000,
            name: 'bench',
            reader: readers.get(scale)!,
          },
          log,
        ),
    ],
  ];
  const slower: string[] = [];
  for (const [name, operation] of operations) {
    const samples = new Map([
      [atSmall, [] as number[]],
      [atLarge, [] as number[]],
    ]);
    for (let run = 0; run < RUNS; run++) {
      for (const scale of [atSmall, atLarge])
        samples.get(scale)!.push(...(await timeEach(1, () => operation(scale, run))));
    }
    const atUnits = quantile(samples.get(atLarge)!, 0.5);
    const at100 = quantile(samples.get(atSmall)!, 0.5);
    report(`${name} at ${count(UNITS)} units, p50`, atUnits, 'ms', { name: 'at 100 units', value: at100 });
    if (atUnits > at100 * TARGET_RATIO) slower.push(name);
  }
  verdict(
    slower.length === 0,
    `every operation at ${count(UNITS)} units within ${TARGET_RATIO}× of 100 units${slower.length === 0 ? '' : ` (not: ${slower.join(', ')})`}`,
  );
  const bare = await timeEach(RUNS, (run) =>
    large.models.caseViews.collection.findOne({ _id: unitOf(atLarge, run, 5) } as never),
  );
  const load = await timeEach(RUNS, (run) => fresh(atLarge).cases.load(unitOf(atLarge, run, 6)));
  report(`load of an uncached case at ${count(UNITS)} units, p50`, quantile(load, 0.5), 'ms', {
    name: 'bare findOne by _id',
    value: quantile(bare, 0.5),
  });
} finally {
  await small.close();
  await large.close();
}
