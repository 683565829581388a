/**
 * The tally of a 36-household unit from its stored votes, against the baseline of reading those
 * votes' event documents from the database, all in one run:
 * 1. load the case stream from the database, fold it and tally the ballot, cache cold (a fresh
 *    runner each repetition);
 * 2. the pure tally alone (`tallyVotes` on the frozen roster and the votes);
 * 3. baseline: a bare `find` of the ballot's `VoteCast` documents.
 * Prints p50 of each over `BENCH_REPETITIONS` repetitions (200; 50 quick) in the `report()` format.
 * Target (ours, the issue names none): the cold tally ≤ 100 ms at p50, so that even a process that
 * has just started answers "how does the vote stand" at once.
 */
import { registerUnit, type FlatInput } from '../commands/register-unit.js';
import { castVote } from '../commands/cast-vote.js';
import { composeCommandContext } from '../commands/compose.js';
import { openBallot } from '../commands/open-ballot.js';
import { publishPlan } from '../commands/publish-plan.js';
import { StreamRunner } from '../commands/kernel/stream-runner.js';
import { ballotTally, caseDecider, findBallot } from '../domain/case/index.js';
import { buildRoster, tallyVotes, type Choice } from '../domain/vote/index.js';
import { FixedClock } from '../lib/clock.js';
import { loadHolidayTable } from '../lib/holidays.js';
import { createLogger } from '../lib/log.js';
import { CaseStreams } from '../models/case-stream.js';
import { openBenchDatabase, quantile, report, size, timeEach, verdict } from './support.js';

const REPETITIONS = size('BENCH_REPETITIONS', 200, 50);
const TARGET_COLD_MS = 100;
const HOUSEHOLDS = 36;
const CHANGED = 6;

const db = await openBenchDatabase('tally');
try {
  const clock = new FixedClock('2025-03-03T02:00:00.000Z');
  const ctx = composeCommandContext({
    models: db.models,
    clock,
    holidays: loadHolidayTable(),
    log: createLogger({ level: 'silent' }),
  });
  const meta = () => ({
    actor: { kind: 'admin' as const, id: 'bench' },
    channel: 'api' as const,
    now: clock.now(),
  });

  // 18 floors × 2 flats, areas 60.00–95.00 m².
  const flats: FlatInput[] = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
    room: `${Math.floor(i / 2) + 1}0${(i % 2) + 1}`,
    floor: Math.floor(i / 2) + 1,
    area: `${60 + (i % 8) * 5}.${String((i * 7) % 100).padStart(2, '0')}`,
    areaSource: 'register',
    owners: [{ name: `owner ${i}` }],
  }));
  const { unitId } = await registerUnit(ctx, { name: 'bench unit', flats }, meta());
  await publishPlan(ctx, { unitId, planVersion: 1, title: 'plan 1' }, meta());
  const { ballot } = await openBallot(ctx, { unitId, title: 'elevator', matter: 'major' }, meta());
  const ballotId = ballot.ballotId;
  const choices: Choice[] = ['agree', 'agree', 'agree', 'oppose', 'abstain'];
  for (const [i, flat] of flats.entries()) {
    clock.advance(60_000);
    await castVote(
      ctx,
      { ballotId, room: flat.room, choice: choices[i % 5]!, channel: 'paper', reference: `p${i}` },
      meta(),
    );
  }
  for (const flat of flats.slice(0, CHANGED)) {
    clock.advance(60_000);
    await castVote(
      ctx,
      { ballotId, room: flat.room, choice: 'agree', channel: 'paper', reference: `c-${flat.room}` },
      meta(),
    );
  }

  const streams = new CaseStreams(db.models.caseEvents);
  const stored = async () => {
    const runner = new StreamRunner(streams, caseDecider);
    const { state } = await runner.load(unitId);
    return ballotTally(state, ballotId)!;
  };
  const { state } = await ctx.cases.load(unitId);
  const frozen = findBallot(state, ballotId)!;
  const pure = () => tallyVotes(buildRoster(frozen.roster), frozen.rules, frozen.votes);
  const read = () => db.models.caseEvents.collection.find({ caseId: unitId, type: 'VoteCast' }).toArray();

  // Same answers before timing anything.
  const expected = JSON.stringify(pure());
  if (JSON.stringify(await stored()) !== expected)
    throw new Error('stored tally differs from the pure tally');
  const voteDocs = (await read()).length;
  if (voteDocs !== HOUSEHOLDS + CHANGED)
    throw new Error(`expected ${HOUSEHOLDS + CHANGED} votes, read ${voteDocs}`);

  // Warm up the driver and the JIT, then measure the three in the same run.
  await timeEach(20, read);
  await timeEach(20, stored);
  await timeEach(200, pure);
  const baseline = quantile(await timeEach(REPETITIONS, read), 0.5);
  const fromStream = quantile(await timeEach(REPETITIONS, stored), 0.5);
  const pureOnly = quantile(await timeEach(REPETITIONS, pure), 0.5);

  const base = { name: `find ${voteDocs} vote events p50`, value: baseline };
  report(
    `tally of ${HOUSEHOLDS} households from the stored stream (load+fold+tally, cold) p50`,
    fromStream,
    'ms',
    base,
  );
  report(`pure tally of ${HOUSEHOLDS} households (${voteDocs} votes) p50`, pureOnly, 'ms', base);
  verdict(fromStream <= TARGET_COLD_MS, `cold tally from the stored stream ≤ ${TARGET_COLD_MS} ms p50`);
} finally {
  await db.close();
}
