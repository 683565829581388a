/**
 * What Jiati relies on from its MongoDB-wire database, proved on the embedded FerretDB v1 (SQLite).
 * Run the same file against MongoDB or FerretDB on PostgreSQL with MONGODB_URI=… npm test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { Schema } from 'mongoose';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('compat');
});
afterAll(async () => {
  await db.close();
});

describe('the embedded database', () => {
  it('rejects a second document with the same unique compound key with error 11000', async () => {
    const events = db.connection.collection('compat_unique');
    await events.createIndex({ caseId: 1, seq: 1 }, { unique: true });
    await events.insertOne({ caseId: 'a', seq: 1 });
    await events.insertOne({ caseId: 'a', seq: 2 });
    await events.insertOne({ caseId: 'b', seq: 1 });
    await expect(events.insertOne({ caseId: 'a', seq: 1 })).rejects.toMatchObject({ code: 11000 });
    expect(await events.countDocuments({})).toBe(3);
  });

  it('rejects a duplicate _id with error 11000 and keeps the first document', async () => {
    const col = db.connection.collection<{ _id: string; v: number }>('compat_ids');
    await col.insertOne({ _id: 'case-1:1', v: 1 });
    await expect(col.insertOne({ _id: 'case-1:1', v: 2 })).rejects.toMatchObject({ code: 11000 });
    expect(await col.findOne({ _id: 'case-1:1' })).toEqual({ _id: 'case-1:1', v: 1 });
  });

  it('finds, sorts, skips and limits', async () => {
    const col = db.connection.collection('compat_sort');
    await col.insertMany([5, 3, 9, 1, 7].map((seq) => ({ caseId: 'x', seq })));
    const asc = await col
      .find({ caseId: 'x', seq: { $gt: 1 } })
      .sort({ seq: 1 })
      .limit(3)
      .toArray();
    expect(asc.map((d) => d.seq)).toEqual([3, 5, 7]);
    const desc = await col.find({ caseId: 'x' }).sort({ seq: -1 }).skip(1).limit(1).toArray();
    expect(desc.map((d) => d.seq)).toEqual([7]);
  });

  it('upserts with findOneAndUpdate and returns the document after the update', async () => {
    const Model = db.connection.model(
      'CompatView',
      new Schema({ _id: String, seq: Number, stage: String }, { versionKey: false }),
    );
    const first = await Model.findOneAndUpdate(
      { _id: 'case-9' },
      { $set: { seq: 1, stage: 'voting' } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(first).toEqual({ _id: 'case-9', seq: 1, stage: 'voting' });
    const second = await Model.findOneAndUpdate(
      { _id: 'case-9' },
      { $set: { seq: 2 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(second).toEqual({ _id: 'case-9', seq: 2, stage: 'voting' });
  });

  it('aggregates with $match, $group and one $sum per $group stage', async () => {
    const col = db.connection.collection('compat_agg');
    await col.insertMany([
      { ballot: 'b1', choice: 'agree', area: 7250 },
      { ballot: 'b1', choice: 'agree', area: 8100 },
      { ballot: 'b1', choice: 'oppose', area: 5520 },
      { ballot: 'b2', choice: 'agree', area: 9999 },
    ]);
    const sumBy = (field: string | 1) =>
      col
        .aggregate<{ _id: string; total: number }>([
          { $match: { ballot: 'b1' } },
          { $group: { _id: '$choice', total: { $sum: field } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
    expect(await sumBy(1)).toEqual([
      { _id: 'agree', total: 2 },
      { _id: 'oppose', total: 1 },
    ]);
    expect(await sumBy('$area')).toEqual([
      { _id: 'agree', total: 15350 },
      { _id: 'oppose', total: 5520 },
    ]);
    // FerretDB v1 feeds one group's documents to its accumulators through a single iterator, so a
    // second accumulator in the same $group sees none of them (it sums to 0). The project uses one
    // accumulator per $group; see README, "Database compatibility".
  });

  it('syncs the indexes of every model', async () => {
    for (const model of Object.values(db.models)) {
      await model.syncIndexes();
      const indexes = await model.listIndexes();
      expect(indexes.some((index) => index.name === '_id_')).toBe(true);
    }
    const eventIndexes = await db.models.caseEvents.listIndexes();
    expect(eventIndexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { caseId: 1, seq: 1 }, unique: true })]),
    );
  });
});

describe('Agenda 6 on the embedded database', () => {
  const newAgenda = (name: string) =>
    new Agenda({
      backend: new MongoBackend({ mongo: db.connection.getClient().db(db.name), collection: 'agendaJobs' }),
      name,
      processEvery: 100, // milliseconds: a string such as '100' would be read as 100 *seconds* by human-interval
      removeOnComplete: true,
      // Agenda checks a running job's lock every lockLifetime/2 on a timer it does not clear at stop;
      // a short lifetime lets the test process exit promptly.
      defaultLockLifetime: 1000,
    });

  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('runs a job now, a scheduled job at its time, and a recurring job repeatedly, then cancels it', async () => {
    const agenda = newAgenda('compat-1');
    const ran: { name: string; at: number; data?: unknown }[] = [];
    agenda.define(
      'now-job',
      async (job) => void ran.push({ name: 'now', at: Date.now(), data: job.attrs.data }),
    );
    agenda.define('later-job', async () => void ran.push({ name: 'later', at: Date.now() }));
    agenda.define('every-job', async () => void ran.push({ name: 'every', at: Date.now() }));
    await agenda.start();
    try {
      const scheduledFor = Date.now() + 1500;
      await agenda.now('now-job', { caseId: 'c1' });
      await agenda.schedule(new Date(scheduledFor), 'later-job', {});
      await agenda.every('1 second', 'every-job', {});
      await waitFor(
        () => ran.filter((r) => r.name === 'every').length >= 2 && ran.some((r) => r.name === 'later'),
      );
      expect(ran.find((r) => r.name === 'now')?.data).toEqual({ caseId: 'c1' });
      expect(ran.find((r) => r.name === 'later')!.at).toBeGreaterThanOrEqual(scheduledFor);

      const cancelled = await agenda.cancel({ name: 'every-job' });
      expect(cancelled).toBe(1);
      const count = ran.filter((r) => r.name === 'every').length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(ran.filter((r) => r.name === 'every').length).toBeLessThanOrEqual(count + 1);
      // removeOnComplete: finished one-off jobs leave no document behind.
      const left = await db.connection
        .collection('agendaJobs')
        .countDocuments({ name: { $in: ['now-job', 'later-job'] } });
      expect(left).toBe(0);
    } finally {
      await agenda.stop(false);
    }
  });

  it('keeps a scheduled job across a restart and runs it once afterwards', async () => {
    const first = newAgenda('compat-2a');
    first.define('survivor', async () => undefined);
    await first.start();
    const dueAt = Date.now() + 2000;
    await first.schedule(new Date(dueAt), 'survivor', { key: 'k1' });
    await first.stop(false);

    const stored = await db.connection.collection('agendaJobs').findOne({ name: 'survivor' });
    expect(stored?.nextRunAt).toBeInstanceOf(Date);

    const second = newAgenda('compat-2b');
    const runs: number[] = [];
    second.define('survivor', async (job) => {
      expect(job.attrs.data).toEqual({ key: 'k1' });
      runs.push(Date.now());
    });
    await second.start();
    try {
      await waitFor(() => runs.length > 0);
      await new Promise((r) => setTimeout(r, 500));
      expect(runs).toHaveLength(1);
      expect(runs[0]).toBeGreaterThanOrEqual(dueAt);
    } finally {
      await second.stop(false);
    }
  });
});
