/**
 * `GET /api/v1/dashboard` over real HTTP on the real database, with a history built by the real
 * commands on days the test's clock chooses: a district with two sub-districts, communities 甲 and 乙
 * in one and 丙 in the other. In 甲, unit a1 goes through the vote to publicity and meets an objection,
 * a2 sits in a long ballot, a3 stops at planning; in 乙, b1 is registered and nothing more; in 丙, c1.
 * A committee member of 甲 sees 甲 alone, without the funnel; the sub-district officer sees 甲 and 乙
 * and a funnel whose counts and medians are exact; a place outside the caller's scope is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DashboardView } from '../../api/routes/dashboard/schema.js';
import { reconcileClocks } from '../../commands/clocks.js';
import { STALLED_AFTER_DAYS } from '../../domain/dashboard/index.js';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { flats } from '../support/units.js';

const DAY = 86_400_000;
/** Day `n` of the history: T0 (Monday 3 March 2025, 10:00 Shanghai) plus `n` days. */
const day = (n: number) => new Date(Date.parse(T0) + n * DAY).toISOString();

let api: TestApi;
const places: Record<string, string> = {};
const units: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function place(kind: string, name: string, parentId?: string): Promise<string> {
  const reply = await api.post('/api/v1/places', { kind, name, ...(parentId ? { parentId } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

async function token(role: string, kind: string, id: string): Promise<string> {
  const reply = await api.post('/api/v1/tokens', {
    name: `${role} 测试`,
    role,
    scope: { kind, id },
    expiresInDays: 90,
  });
  expect(reply.status).toBe(201);
  return reply.body.token as string;
}

/** Sets the clock to day `n`, then sends the request as the administrator; expects `status`. */
async function on(n: number, path: string, body: unknown, status = 201): Promise<Json> {
  api.clock.set(day(n));
  const reply = await api.post(`/api/v1${path}`, body);
  expect({ path, status: reply.status }).toEqual({ path, status });
  return reply.body;
}

async function register(n: number, key: string, name: string, communityId: string): Promise<void> {
  units[key] = (await on(n, '/units', { name, communityId, flats: flats(4) })).id as string;
}

const plan = (n: number, key: string) =>
  on(n, `/units/${units[key]}/plans`, { planVersion: 1, title: '方案一' });
const ballot = async (n: number, key: string, closesOn: number) =>
  (
    await on(n, `/units/${units[key]}/ballots`, {
      title: '加装电梯表决',
      matter: 'major',
      closesAt: day(closesOn),
    })
  ).id as string;

const dashboard = (query = '', as?: string) =>
  api.get(`/api/v1/dashboard${query}`, as === undefined ? {} : { token: as });
const block = (body: Json, name: string) => (body.communities as Json[]).find((b) => b.name === name);
const count = (b: Json, stage: string) => (b.byStage as Json[]).find((row) => row.stage === stage).count;

beforeAll(async () => {
  api = await startTestApi();
  places.district = await place('district', '测试区');
  places.s = await place('subdistrict', '东街道', places.district);
  places.s2 = await place('subdistrict', '西街道', places.district);
  places.a = await place('community', '甲社区', places.s);
  places.b = await place('community', '乙社区', places.s);
  places.c = await place('community', '丙社区', places.s2);
  tokens.committeeA = await token('committee', 'community', places.a);
  tokens.officer = await token('subdistrict', 'subdistrict', places.s);
  tokens.district = await token('district', 'district', places.district);

  await register(0, 'a1', '甲社区 1幢1单元', places.a);
  await register(0, 'a2', '甲社区 2幢1单元', places.a);
  await register(0, 'c1', '丙社区 1幢1单元', places.c);
  await register(1, 'a3', '甲社区 3幢1单元', places.a);
  await register(2, 'b1', '乙社区 1幢1单元', places.b);
  tokens.applicant = await token('applicant', 'unit', units.a1!);
  await plan(3, 'a3');
  await plan(4, 'a1');
  await plan(6, 'a2');
  // a2's ballot closes on day 35 (Monday 7 April, 10:00): within a week of day 30.
  await ballot(8, 'a2', 35);
  const b1 = await ballot(10, 'a1', 17);
  for (const room of ['101', '102', '201', '202']) {
    await on(11, `/ballots/${b1}/votes`, { room, choice: 'agree', channel: 'paper', reference: `P-${room}` });
  }
  expect((await on(17, `/ballots/${b1}/close`, {}, 200)).result.passed).toBe(true);
  // Signed on Thursday 27 March: ten days of publicity end on Sunday 6 April, a holiday (清明), so
  // the period runs to Monday 7 April, 24:00 (Civil Code art. 203).
  await on(24, `/units/${units.a1}/agreement`, {});
  const objection = await on(25, `/units/${units.a1}/objections`, {
    named: true,
    ground: 'daylight',
    filedAt: day(25),
    objector: { name: '张某', room: '101' },
    summary: '挡光',
  });
  await on(26, `/units/${units.a1}/objections/${objection.reference}/mediations`, {
    level: 'negotiation',
    heldOn: '2025-03-29',
    participants: ['张某', '申请人代表'],
    outcome: 'failed',
  });
  api.clock.set(day(30)); // Wednesday 2 April 2025, 10:00 in Hangzhou
});
afterAll(async () => {
  await api.close();
});

describe('GET /dashboard', () => {
  it('is refused without a token, and to an applicant representative', async () => {
    expectError(await api.get('/api/v1/dashboard', { token: null }), 401, 'unauthorized');
    expectError(await dashboard('', tokens.applicant), 403, 'forbidden');
  });

  it("shows a committee member their community alone: units by stage, stalled units, the open objection and the week's deadlines, without the funnel", async () => {
    const reply = await dashboard('', tokens.committeeA);
    expect(reply.status).toBe(200);
    const body = DashboardView.parse(reply.body);
    expect(body).toMatchObject({
      asOf: day(30),
      today: '2025-04-02',
      stalledAfterDays: STALLED_AFTER_DAYS,
      deadlineWindowDays: 7,
    });
    expect(body.funnel).toBeUndefined();
    expect(body.communities.map((b) => b.id)).toEqual([places.a]);
    const [a] = body.communities;
    expect(a!.subdistrict).toEqual({ id: places.s, name: '东街道' });
    expect(a!.units).toBe(3);
    expect(a!.byStage.filter((row) => row.count > 0)).toEqual([
      { stage: 'planning', label: '方案公布', count: 1 },
      { stage: 'voting', label: '表决', count: 1 },
      { stage: 'publicity', label: '公示', count: 1 },
    ]);
    // a3 last moved on day 3 (27 days ago), a2 on day 8 (22); a1 on day 26 is not stalled.
    expect(a!.stalled).toEqual([
      {
        unitId: units.a3,
        name: '甲社区 3幢1单元',
        stage: 'planning',
        stageLabel: '方案公布',
        lastEventOn: '2025-03-06',
        days: 27,
        label: '已经 27 天没有新进展',
      },
      expect.objectContaining({ unitId: units.a2, stage: 'voting', lastEventOn: '2025-03-11', days: 22 }),
    ]);
    expect(a!.disputes).toEqual([
      {
        unitId: units.a1,
        name: '甲社区 1幢1单元',
        objectionId: expect.any(String),
        ground: 'daylight',
        groundLabel: '采光',
        filedAt: day(25),
        filedOn: '2025-03-28',
        level: 'negotiation',
        levelLabel: '双方协商',
        steps: 1,
        next: ['negotiation', 'committee'],
        nextLabel: '双方协商或居委会调解',
        care: false,
      },
    ]);
    expect(a!.deadlines).toEqual([
      {
        unitId: units.a2,
        name: '甲社区 2幢1单元',
        kind: 'ballot.close',
        label: '表决截止',
        dueAt: day(35),
        dueOn: '2025-04-07',
        dueLabel: '4月7日 10:00',
        provisional: false,
        ref: expect.any(String),
      },
      {
        unitId: units.a1,
        name: '甲社区 1幢1单元',
        kind: 'publicity.end',
        label: '公示期满',
        dueAt: '2025-04-07T16:00:00.000Z',
        dueOn: '2025-04-07',
        dueLabel: '4月7日 24:00',
        provisional: false,
      },
    ]);
    expect(a!.summary).toBe(
      `共 3 个单元；2 个单元超过 ${STALLED_AFTER_DAYS} 天没有新进展；1 件异议还没有解决；未来 7 天有 2 个期限到期。`,
    );
  });

  it('answers a committee member asking for any other place as if it did not exist (404)', async () => {
    for (const query of [
      `?communityId=${places.b}`,
      `?communityId=${places.c}`,
      `?subdistrictId=${places.s}`,
      `?communityId=${places.s}`,
      '?communityId=pl_nosuchplace',
    ]) {
      expectError(await dashboard(query, tokens.committeeA), 404, 'no_such_place');
    }
    const own = await dashboard(`?communityId=${places.a}`, tokens.committeeA);
    expect(own.status).toBe(200);
    expect(own.body.communities).toHaveLength(1);
  });

  it('shows the sub-district officer a block per community and the funnel, exact to the day', async () => {
    const reply = await dashboard('', tokens.officer);
    expect(reply.status).toBe(200);
    const body = DashboardView.parse(reply.body);
    expect(body.communities.map((b) => b.name)).toEqual(['甲社区', '乙社区']);
    const b = block(body, '乙社区');
    expect(b.units).toBe(1);
    expect(count(b, 'canvassing')).toBe(1);
    expect(b.stalled).toEqual([expect.objectContaining({ unitId: units.b1, days: 28 })]);
    expect(body.communities[0]).toEqual(
      DashboardView.parse((await dashboard('', tokens.committeeA)).body).communities[0],
    );

    // canvassing: a1 4 days, a2 6, a3 2 (b1 still there); planning: a1 6, a2 2 (a3 still there);
    // voting: a1 7 (a2 still there); agreement: a1 7; publicity: a1 now.
    expect(body.funnel!.cases).toBe(4);
    expect(body.funnel!.stages.slice(0, 6)).toEqual([
      { stage: 'canvassing', label: '征求意见', reached: 4, current: 1, left: 3, medianDays: 4 },
      { stage: 'planning', label: '方案公布', reached: 3, current: 1, left: 2, medianDays: 4 },
      { stage: 'voting', label: '表决', reached: 2, current: 1, left: 1, medianDays: 7 },
      { stage: 'agreement', label: '签订协议', reached: 1, current: 0, left: 1, medianDays: 7 },
      { stage: 'publicity', label: '公示', reached: 1, current: 1, left: 0, medianDays: null },
      { stage: 'objections', label: '异议处理', reached: 0, current: 0, left: 0, medianDays: null },
    ]);
    expect(body.funnel!.stages.map((row) => row.stage).at(-1)).toBe('in_service');
    expect(body.funnel!.stages.slice(5).every((row) => row.reached === 0)).toBe(true);
  });

  it('narrows the officer to one community of theirs, funnel included, and refuses one of another sub-district', async () => {
    const reply = await dashboard(`?communityId=${places.b}`, tokens.officer);
    expect(reply.status).toBe(200);
    expect(reply.body.communities.map((b: Json) => b.id)).toEqual([places.b]);
    expect(reply.body.funnel.cases).toBe(1);
    expect(reply.body.funnel.stages[0]).toMatchObject({ reached: 1, current: 1, left: 0 });
    const bySubdistrict = await dashboard(`?subdistrictId=${places.s}`, tokens.officer);
    expect(bySubdistrict.body.communities).toHaveLength(2);
    expectError(await dashboard(`?communityId=${places.c}`, tokens.officer), 404, 'no_such_place');
    expectError(await dashboard(`?subdistrictId=${places.s2}`, tokens.officer), 404, 'no_such_place');
    expectError(await dashboard(`?subdistrictId=${places.s}&communityId=${places.c}`), 404, 'no_such_place');
  });

  it('shows the district officer and the administrator every community of theirs', async () => {
    const district = await dashboard('', tokens.district);
    expect(district.body.communities.map((b: Json) => b.name)).toEqual(['丙社区', '甲社区', '乙社区']);
    expect(district.body.funnel.cases).toBe(5);
    const admin = await dashboard(`?subdistrictId=${places.s2}`);
    expect(admin.status).toBe(200);
    expect(admin.body.communities.map((b: Json) => b.id)).toEqual([places.c]);
    expect(admin.body.funnel.stages[0]).toMatchObject({ stage: 'canvassing', reached: 1, current: 1 });
  });

  it('refuses a malformed narrowing with 400', async () => {
    expectError(await dashboard(`?communityId=${'x'.repeat(65)}`), 400, 'validation_error');
  });
});

describe('when the projections are behind', () => {
  it('refolds a case whose stage changes are missing or have a gap', async () => {
    const before = (await dashboard('', tokens.officer)).body;
    const { models } = api.system;
    const changesOf = async (unitId: string) =>
      ((await models.stageChanges.collection.findOne({ _id: unitId } as never))?.changes as Json[]).map(
        (change) => change.to,
      );
    // The hook stored a1's five moves as they happened.
    expect(await changesOf(units.a1!)).toEqual([
      'canvassing',
      'planning',
      'voting',
      'agreement',
      'publicity',
    ]);
    await models.stageChanges.collection.deleteOne({ _id: units.a1 } as never);
    // a2 loses a change in the middle, as a write lost between two processes would.
    const a2 = (await models.stageChanges.collection.findOne({ _id: units.a2 } as never))!;
    await models.stageChanges.collection.replaceOne({ _id: units.a2 } as never, {
      changes: (a2.changes as Json[]).filter((change) => change.to !== 'planning'),
    });
    expect((await dashboard('', tokens.officer)).body).toEqual(before);
    expect(await changesOf(units.a1!)).toHaveLength(5);
    expect(await changesOf(units.a2!)).toEqual(['canvassing', 'planning', 'voting']);
  });

  it("reads what a unit's listing does not know yet from its stream and its case", async () => {
    const before = (await dashboard('', tokens.officer)).body;
    const { unitListings } = api.system.models;
    // As the start-up backfill lists a unit: no line on the board, no day of its last event.
    for (const unitId of [units.a1, units.b1]) {
      await unitListings.collection.updateOne({ _id: unitId } as never, {
        $unset: { board: 1, lastEventOn: 1 },
      });
    }
    expect((await dashboard('', tokens.officer)).body).toEqual(before);
  });

  it('shows a unit whose listing is missing again once the clocks are reconciled, and completes the others', async () => {
    const before = (await dashboard('', tokens.officer)).body;
    const { unitListings } = api.system.models;
    await unitListings.collection.deleteOne({ _id: units.a3 } as never);
    const missing = (await dashboard('', tokens.officer)).body;
    expect(block(missing, '甲社区').units).toBe(2);
    await reconcileClocks(api.system.commands);
    expect((await dashboard('', tokens.officer)).body).toEqual(before);
    const listings = await unitListings.collection.find({}).toArray();
    expect(
      listings.every((listing) => listing.board !== undefined && listing.lastEventOn !== undefined),
    ).toBe(true);
  });
});
