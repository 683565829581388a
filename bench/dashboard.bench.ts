/**
 * The dashboard of a sub-district of `BENCH_UNITS` units (1,000; 200 quick) in 20 communities, as its
 * officer reads it (`readDashboard`: every community's board and the funnel). The units are copies of
 * one unit the real commands built (12 flats, a plan, an elevator ballot with 12 paper votes), each
 * with its case view, its listing (with its line on the board) and its stage changes as the app stores
 * them, spread over the communities.
 *
 * What it reads does not grow with the units one query at a time: the places, the communities' unit
 * listings (one query), their stage changes (one small document per unit, one query).
 * Baselines, same run and database: the read of one case (`loadCase`, what `GET /units/:unitId`
 * costs), and the board of one community (1/20 of the units). Target: the sub-district's dashboard
 * within 1 s at 1,000 units on the embedded database.
 */
import { performance } from 'node:perf_hooks';
import { readDashboard } from '../commands/dashboard.js';
import { loadCase } from '../commands/kernel/read.js';
import { createPlace } from '../commands/places.js';
import { initialState, type Actor } from '../domain/case/index.js';
import { stageChanges } from '../domain/dashboard/index.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { listingOf, type UnitListingDoc } from '../models/unit-list.js';
import { adminMeta, contextOn } from '../test/support/scale.js';
import { buildTemplateUnit, copyUnits } from './seed.js';
import { count, openBenchDatabase, quantile, report, size, timeEach, verdict } from './support.js';

const UNITS = size('BENCH_UNITS', 1000, 200);
const RUNS = size('BENCH_RUNS', 9, 5);
const COMMUNITIES = 20;
const TARGET_MS = 1000;
const NOW = new Date('2026-03-02T02:00:00.000Z');
const holidays = loadHolidayTable();

const db = await openBenchDatabase('dashboard');
try {
  const seedStart = performance.now();
  const ctx = contextOn(db.models, NOW, holidays);
  const meta = adminMeta(NOW);
  const district = await createPlace(ctx, { kind: 'district', name: '基准区' }, meta);
  const subdistrict = await createPlace(
    ctx,
    { kind: 'subdistrict', name: '基准街道', parentId: district.placeId },
    meta,
  );
  const communities: string[] = [];
  for (let k = 0; k < COMMUNITIES; k++) {
    const community = await createPlace(
      ctx,
      { kind: 'community', name: `基准社区${k + 1}`, parentId: subdistrict.placeId },
      meta,
    );
    communities.push(community.placeId);
  }
  const template = await buildTemplateUnit(db.models, NOW, 12);
  const ids = await copyUnits(db, template, UNITS);
  // Each community gets its share of the copies, as if each had been registered into it: the unit's
  // view says so, and so does its listing (written as the projection writes it).
  const share = Math.ceil(ids.length / COMMUNITIES);
  const head = template.events.at(-1)!;
  for (const [k, communityId] of communities.entries()) {
    const mine = ids.slice(k * share, (k + 1) * share);
    await db.models.caseViews.collection.updateMany({ _id: { $in: mine } } as never, {
      $set: { 'state.communityId': communityId },
    });
    const state = { ...template.view.state, communityId };
    const listings = mine.map((unitId) => listingOf(unitId, head, state, holidays) as UnitListingDoc);
    await db.models.unitListings.collection.insertMany(listings as never[], { ordered: false });
  }
  const changes = stageChanges(initialState, template.events);
  await db.models.stageChanges.collection.insertMany(
    ids.map((unitId) => ({ _id: unitId, changes })) as never[],
    { ordered: false },
  );
  console.log(
    `seeded ${count(UNITS)} units in ${COMMUNITIES} communities in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const officer: Actor = {
    kind: 'subdistrict',
    id: 'bench',
    roles: ['subdistrict'],
    scope: { kind: 'subdistrict', id: subdistrict.placeId },
  };
  const fresh = () => contextOn(db.models, NOW, holidays);
  const first = await readDashboard(fresh(), officer);
  const seen = first.communities.reduce((sum, block) => sum + block.board.units, 0);
  if (seen !== UNITS || first.funnel?.cases !== UNITS) throw new Error(`the dashboard shows ${seen} units`);

  const whole = await timeEach(RUNS, () => readDashboard(fresh(), officer));
  const one = await timeEach(RUNS, () => readDashboard(fresh(), officer, { communityId: communities[0]! }));
  const single = await timeEach(RUNS, (run) => loadCase(fresh(), ids[(run * 37) % ids.length]!));
  const p50 = quantile(whole, 0.5);
  report(`dashboard of a sub-district of ${count(UNITS)} units (funnel included), p50`, p50, 'ms', {
    name: 'read of one case (loadCase)',
    value: quantile(single, 0.5),
  });
  report(`dashboard of a sub-district of ${count(UNITS)} units, p50`, p50, 'ms', {
    name: `one community of ${count(share)} units`,
    value: quantile(one, 0.5),
  });
  report(`dashboard per unit at ${count(UNITS)} units, p50`, p50 / UNITS, 'ms', {
    name: 'read of one case (loadCase)',
    value: quantile(single, 0.5),
  });
  verdict(p50 <= TARGET_MS, `the sub-district's dashboard at ${count(UNITS)} units within ${TARGET_MS} ms`);
} finally {
  await db.close();
}
