/**
 * Appending a case event (hash chain + unique-key insert, through the stream runner with a warm
 * cache) against a bare insert of a document of the same size into the same database, same run:
 * `BENCH_N` of each (2,000; 500 quick), one after another. Target (ours, the issue names none): an
 * append at p50 within 1.5× of the bare insert, the hash chain being the only work it adds.
 */
import { StreamRunner, type Decider } from '../commands/kernel/stream-runner.js';
import { CaseStreams, EMPTY_HEAD, type StreamHead } from '../models/case-stream.js';
import { openBenchDatabase, quantile, report, size, timeEach, verdict } from './support.js';

const N = size('BENCH_N', 2000, 500);
const TARGET_RATIO = 1.5;
const actor = { kind: 'committee', id: 'member-1' } as const;
const data = (i: number) => ({
  ballotId: 'b_demo',
  room: `${1 + (i % 6)}0${1 + (i % 2)}`,
  choice: 'agree',
  reference: `P-${i}`,
});

type Added = { type: 'VoteNoted'; data: ReturnType<typeof data> };
const decider: Decider<number, number, Added> = {
  initialState: 0,
  evolve: (count) => count + 1,
  decide: (i) => [{ type: 'VoteNoted', data: data(i) }],
};

const db = await openBenchDatabase('stream');
try {
  const bare = db.connection.collection('bench_bare');
  const streams = new CaseStreams(db.models.caseEvents);
  const runner = new StreamRunner(streams, decider);

  // Warm up both paths (connection pool, SQLite pages, JIT).
  for (let i = 0; i < 200; i++) {
    await bare.insertOne({ caseId: 'warm', seq: i, type: 'VoteNoted', data: data(i), at: new Date() });
    await runner.execute('warm', i, { actor, channel: 'api', now: new Date() });
  }

  const bareSamples = await timeEach(N, (i) =>
    bare.insertOne({
      _id: `c1:${i + 1}` as never,
      caseId: 'c1',
      seq: i + 1,
      type: 'VoteNoted',
      data: data(i),
      at: new Date(),
    }),
  );
  let head: StreamHead = EMPTY_HEAD;
  const appendSamples = await timeEach(N, async (i) => {
    head = await streams.append('c2', head, {
      type: 'VoteNoted',
      data: data(i),
      actor,
      channel: 'api',
      at: new Date(),
    });
  });
  const runnerSamples = await timeEach(N, (i) =>
    runner.execute('c3', i, { actor, channel: 'api', now: new Date() }),
  );

  const bareP50 = { name: 'bare insertOne p50', value: quantile(bareSamples, 0.5) };
  const bareP95 = { name: 'bare insertOne p95', value: quantile(bareSamples, 0.95) };
  const total = (samples: number[]) => samples.reduce((a, b) => a + b, 0);
  const appendP50 = quantile(appendSamples, 0.5);
  report('case event append p50', appendP50, 'ms', bareP50);
  report('case event append p95', quantile(appendSamples, 0.95), 'ms', bareP95);
  report('command via stream runner (warm cache) p50', quantile(runnerSamples, 0.5), 'ms', bareP50);
  report('command via stream runner (warm cache) p95', quantile(runnerSamples, 0.95), 'ms', bareP95);
  report('case event appends', (N / total(appendSamples)) * 1000, 'events/s', {
    name: 'bare inserts',
    value: (N / total(bareSamples)) * 1000,
  });
  verdict(
    appendP50 <= bareP50.value * TARGET_RATIO,
    `case event append p50 within ${TARGET_RATIO}× of a bare insertOne`,
  );
} finally {
  await db.close();
}
