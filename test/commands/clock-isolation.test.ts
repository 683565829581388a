/**
 * One bad case never stops the others (conventions.md §9). A unit whose stream
 * already holds a ballot closing in the year 9999 — stored before dates were bounded — once made every
 * later change of that unit fail to plan its clocks, and stopped `clocks.reconcile` at that unit, so
 * no unit after it was repaired. Over real HTTP and the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reconcileClocks } from '../../commands/clocks.js';
import { openBallot, publishPlan, registerUnit } from '../support/api-helpers.js';
import { startTestApi, type Json, type TestApi } from '../support/http.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const DAY = 86_400_000;

/** Stores a copy of `model`'s `BallotOpened` in `unitId`'s stream, closing in 9999: a legacy record. */
async function appendLegacyBallot(unitId: string, model: Json): Promise<string> {
  const { commands } = api.system;
  const { head } = await commands.cases.load(unitId);
  const ballotId = `${model.data.ballotId}x`;
  await commands.streams.append(unitId, head, {
    type: 'BallotOpened',
    data: { ...model.data, ballotId, closesAt: '9999-12-31T23:59:59.000Z' },
    actor: { kind: 'admin', id: 'admin' },
    channel: 'api',
    at: api.clock.now(),
  });
  commands.cases.forget(unitId);
  return ballotId;
}

const deadlineIds = async (unitId: string): Promise<string[]> =>
  (
    await api.system.models.deadlines.find({ caseId: unitId, status: 'pending' }).lean<{ _id: string }[]>()
  ).map((doc) => doc._id);

describe('a unit holding a ballot whose dates cannot be planned', () => {
  let bad: string;
  let good: string[];
  let legacyBallotId: string;

  beforeAll(async () => {
    // The model ballot comes from a healthy unit of the same shape.
    const model = await registerUnit(api, 6);
    await publishPlan(api, model);
    await openBallot(api, model, {
      matter: 'major',
      closesAt: new Date(api.clock.now().getTime() + 7 * DAY),
    });
    const opened = await api.system.models.caseEvents.findOne({ caseId: model, type: 'BallotOpened' }).lean();

    bad = await registerUnit(api, 6);
    await publishPlan(api, bad);
    legacyBallotId = await appendLegacyBallot(bad, opened);
    good = [];
    for (let i = 0; i < 2; i++) {
      const unitId = await registerUnit(api, 6);
      await publishPlan(api, unitId);
      await openBallot(api, unitId, {
        matter: 'major',
        closesAt: new Date(api.clock.now().getTime() + 7 * DAY),
      });
      good.push(unitId);
    }
  });

  it('still takes changes, and plans the clocks of its other parts', async () => {
    const before = await api.system.models.caseEvents.countDocuments({ caseId: bad });
    const patched = await api.request('PATCH', `/api/v1/units/${bad}/clock-settings`, { publicityDays: 12 });
    expect(patched.status).toBe(200);
    expect(await api.system.models.caseEvents.countDocuments({ caseId: bad })).toBeGreaterThan(before);

    const ordinary = await openBallot(api, bad, {
      title: '维保单位选择',
      matter: 'ordinary',
      closesAt: new Date(api.clock.now().getTime() + 10 * DAY),
    });
    expect(await deadlineIds(bad)).toContain(`ballot.close:${bad}:${ordinary.id}`);
  });

  it('is reported as an alert to the committee, once', async () => {
    const alerts = (await api.get(`/api/v1/units/${bad}/alerts`)).body.items as Json[];
    const failed = alerts.filter((alert) => alert.kind === 'clocks_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ key: `clocks_failed:ballot:${legacyBallotId}`, open: true });
  });

  it('is skipped by the reconcile, which repairs every other unit', async () => {
    // A crash lost every stored deadline of the healthy units.
    await api.system.models.deadlines.deleteMany({ caseId: { $in: good } });
    const result = await reconcileClocks(api.system.commands);
    expect(result.failed).toBe(1);
    for (const unitId of good)
      expect((await deadlineIds(unitId)).some((id) => id.startsWith('ballot.close:'))).toBe(true);
    // Reported once: a second run raises no second alert.
    await reconcileClocks(api.system.commands);
    const alerts = (await api.get(`/api/v1/units/${bad}/alerts`)).body.items as Json[];
    expect(alerts.filter((alert) => alert.kind === 'clocks_failed')).toHaveLength(1);
  });
});
