/**
 * Full chain verification: `BENCH_EVENTS` events (1,000,000; 3,000 quick) in
 * streams of 100 — a unit whose stream the real commands wrote (registration, plan, ballot, 97 paper
 * votes), copied with every event re-chained by the real hash — verified by the real code of
 * `npm run audit:verify -- --all` (`makeVerifyAllChains(...)(undefined, { full: true })`: the cases
 * from the registry page by page, each stream walked by `_id` in windows of 1, 4, 16, then 32 lookups,
 * every event re-hashed, each checkpoint written).
 *
 * Baseline, same run and database: reading the same documents the same way — `readSlots` over each
 * registered stream, the same `_id` windows — without hashing. The reads are what verification
 * cannot avoid (every stored byte must be read to be checked); the ratio is what checking costs on
 * top: hashing, the checkpoint and view lookups, the checkpoint writes. The same pass also times the
 * hashing alone (`hashEvent` over the documents just read, no I/O), the other half of the work.
 * Target: ≥ 2,000 events/s, so the full re-hash of a city's 5,000 units (about 500,000 events after
 * years of votes) takes under 5 minutes and the nightly audit is never near its 24 hours.
 */
import { performance } from 'node:perf_hooks';
import { makeVerifyAllChains } from '../commands/verify-chains.js';
import { hashEvent, type StoredEvent } from '../models/case-stream.js';
import { readSlots } from '../models/slots.js';
import { buildTemplateUnit, copyUnits } from './seed.js';
import { count, openBenchDatabase, report, size, verdict } from './support.js';

const EVENTS = size('BENCH_EVENTS', 1_000_000, 3000);
const STREAM = 100;
const STREAMS = Math.ceil(EVENTS / STREAM);
/** Streams verified at a time (one call of the verify code), alternating with their bare reads. */
const GROUP = 20;
/** The bare reads run on every this-many-th group: all of them quick, one in five in the full run. */
const BASELINE_EVERY = size('BENCH_BASELINE_EVERY', 5, 1);
const TARGET_EVENTS_PER_S = 2000;
const ordinal = (n: number) => `${n}${n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

const db = await openBenchDatabase('chain');
try {
  const seedStart = performance.now();
  const template = await buildTemplateUnit(db.models, new Date(), STREAM - 3);
  if (template.events.length !== STREAM) throw new Error(`template has ${template.events.length} events`);
  await copyUnits(db, template, STREAMS - 1);
  const total = STREAMS * STREAM;
  console.log(
    `seeded ${count(STREAMS)} streams × ${STREAM} = ${count(total)} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  // The streams in registry order, as the audit visits them; then, group by group, the verification
  // and (for every `BASELINE_EVERY`th group) the bare reads of the same streams, in alternating order
  // so that neither gets a warmer cache or a quieter machine than the other.
  const registry = db.connection.collection('case_registry');
  const caseIds = (await readSlots<{ caseId: string }>(registry as never, '', 1)).map((slot) => slot.caseId);
  if (caseIds.length !== STREAMS) throw new Error(`registry lists ${caseIds.length} of ${STREAMS} streams`);
  const verify = makeVerifyAllChains(db.models.caseEvents);
  const bare = async (group: readonly string[]) => {
    let readMs = 0;
    let hashMs = 0;
    let events = 0;
    for (const caseId of group) {
      const t0 = performance.now();
      const docs = await readSlots<StoredEvent>(db.models.caseEvents.collection, `${caseId}:`, 1);
      const t1 = performance.now();
      for (const doc of docs) {
        if (hashEvent(doc) !== doc.hash) throw new Error(`${caseId}:${doc.seq} does not verify`);
      }
      hashMs += performance.now() - t1;
      readMs += t1 - t0;
      events += docs.length;
    }
    return { readMs, hashMs, events };
  };
  const totals = { verifyMs: 0, verified: 0, readMs: 0, hashMs: 0, read: 0 };
  for (let g = 0; g * GROUP < caseIds.length; g++) {
    const group = caseIds.slice(g * GROUP, (g + 1) * GROUP);
    const verifyGroup = async () => {
      const start = performance.now();
      const reports = await verify(group, { full: true });
      totals.verifyMs += performance.now() - start;
      for (const r of reports) {
        if (!r.ok || r.events !== STREAM) throw new Error(`${r.caseId}: ${JSON.stringify(r)}`);
        totals.verified += r.events;
      }
    };
    const bareGroup = async () => {
      const { readMs, hashMs, events } = await bare(group);
      totals.readMs += readMs;
      totals.hashMs += hashMs;
      totals.read += events;
    };
    const sampled = g % BASELINE_EVERY === 0;
    if (sampled && g % (2 * BASELINE_EVERY) === 0) await bareGroup();
    await verifyGroup();
    if (sampled && g % (2 * BASELINE_EVERY) !== 0) await bareGroup();
  }
  if (totals.verified !== total) throw new Error(`verified ${totals.verified} of ${total} events`);

  const rate = (total / totals.verifyMs) * 1000;
  const share =
    BASELINE_EVERY === 1 ? 'the same events' : `every ${ordinal(BASELINE_EVERY)} group of ${GROUP} streams`;
  report(
    `full chain verification of ${count(total)} events (${count(STREAMS)} streams × ${STREAM})`,
    rate,
    'events/s',
    { name: `bare _id reads of ${share}, no hashing`, value: (totals.read / totals.readMs) * 1000 },
  );
  console.log(
    `verification took ${(totals.verifyMs / 1000).toFixed(1)} s; hashing alone (hashEvent over the ${count(totals.read)} events read, no I/O): ${count(Math.round((totals.read / totals.hashMs) * 1000))} events/s`,
  );
  verdict(rate >= TARGET_EVENTS_PER_S, `full chain verification ≥ ${count(TARGET_EVENTS_PER_S)} events/s`);
} finally {
  await db.close();
}
