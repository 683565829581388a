/**
 * `GET /api/v1/ballots/:id/tally` over real HTTP: the double threshold of Civil Code art. 278 at its
 * boundaries, each row through the whole contract (register → open → paper votes → tally).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { flats, rooms } from '../support/units.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const tally = (ballotId: string, token?: string | null) =>
  api.get(`/api/v1/ballots/${ballotId}/tally`, token === undefined ? {} : { token });

interface Row {
  readonly label: string;
  readonly flats: number;
  readonly matter: 'major' | 'ordinary';
  readonly agree: number;
  readonly oppose: number;
  readonly abstain?: number;
  readonly passed: boolean;
  readonly checks: [boolean, boolean, boolean, boolean];
}

/** Equal flats of 50 m², so the owner and area tests agree; rooms vote in roster order. */
const rows: Row[] = [
  {
    label: 'passes at exactly two thirds participation',
    flats: 6,
    matter: 'major',
    agree: 4,
    oppose: 0,
    passed: true,
    checks: [true, true, true, true],
  },
  {
    label: 'fails just under two thirds participation',
    flats: 6,
    matter: 'major',
    agree: 3,
    oppose: 0,
    passed: false,
    checks: [false, false, true, true],
  },
  {
    label: 'passes at exactly three quarters approval',
    flats: 12,
    matter: 'major',
    agree: 6,
    oppose: 2,
    passed: true,
    checks: [true, true, true, true],
  },
  {
    label: 'fails just under three quarters approval',
    flats: 12,
    matter: 'major',
    agree: 5,
    oppose: 2,
    abstain: 1,
    passed: false,
    checks: [true, true, false, false],
  },
  {
    label: 'counts an abstention as participating',
    flats: 12,
    matter: 'major',
    agree: 6,
    oppose: 0,
    abstain: 2,
    passed: true,
    checks: [true, true, true, true],
  },
  {
    label: 'fails an ordinary matter at exactly half',
    flats: 6,
    matter: 'ordinary',
    agree: 3,
    oppose: 3,
    passed: false,
    checks: [true, true, false, false],
  },
  {
    label: 'passes an ordinary matter at more than half',
    flats: 6,
    matter: 'ordinary',
    agree: 4,
    oppose: 2,
    passed: true,
    checks: [true, true, true, true],
  },
];

describe('GET /api/v1/ballots/:id/tally', () => {
  let ballotId: string;
  beforeAll(async () => {
    const unitId = await registerUnit(api, 6);
    ballotId = (await openBallot(api, unitId, { matter: 'ordinary' })).id;
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await tally(ballotId, null), 401, 'unauthorized');
  });

  it.each([['nonsense'], ['b_aaaaaaaaaaaaaaaa_aaaaaaaa']])(
    'answers 404 ballot_not_found for %s',
    async (id) => {
      expectError(await tally(id), 404, 'ballot_not_found');
    },
  );

  it('shows an empty tally of an open ballot with what is missing and the rules in use', async () => {
    const reply = await tally(ballotId);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ballotId,
      status: 'open',
      final: false,
      asOfSeq: 2,
      passed: false,
      totals: { owners: 6, area: '300.00' },
      participating: { owners: 0, area: '0.00' },
      agree: { owners: 0, area: '0.00' },
      oppose: { owners: 0, area: '0.00' },
      abstain: { owners: 0, area: '0.00' },
      checks: {
        participationOwners: false,
        participationArea: false,
        approvalOwners: false,
        approvalArea: false,
      },
      missing: { possible: true, owners: 4, area: '200.00' },
      conflicts: [],
      conflictsCouldChange: false,
      rules: {
        matter: 'ordinary',
        abstentionParticipates: true,
        onCoOwnerConflict: 'earlier',
        thresholds: {
          participation: { fraction: '2/3', comparison: 'at_least', of: 'total', source: expect.any(String) },
          approval: {
            fraction: '1/2',
            comparison: 'more_than',
            of: 'participating',
            source: expect.any(String),
          },
        },
      },
    });
  });

  it.each(rows)('$label', async (row) => {
    const unitId = await registerUnit(api, row.flats);
    if (row.matter === 'major') await publishPlan(api, unitId);
    const id = (await openBallot(api, unitId, { matter: row.matter })).id as string;
    const list = rooms(row.flats);
    const abstain = row.abstain ?? 0;
    await vote(api, id, list.slice(0, row.agree), 'agree');
    await vote(api, id, list.slice(row.agree, row.agree + row.oppose), 'oppose');
    await vote(api, id, list.slice(row.agree + row.oppose, row.agree + row.oppose + abstain), 'abstain');

    const reply = await tally(id);
    expect(reply.status).toBe(200);
    const participating = row.agree + row.oppose + abstain;
    const count = (owners: number) => ({ owners, area: `${owners * 50}.00` });
    expect(reply.body).toMatchObject({
      passed: row.passed,
      totals: count(row.flats),
      participating: count(participating),
      agree: count(row.agree),
      oppose: count(row.oppose),
      abstain: count(abstain),
      checks: {
        participationOwners: row.checks[0],
        participationArea: row.checks[1],
        approvalOwners: row.checks[2],
        approvalArea: row.checks[3],
      },
    });
    if (row.passed) expect(reply.body.missing).toEqual({ possible: true, owners: 0, area: '0.00' });
    const stored = await api.system.commands.streams.load(unitId);
    expect(stored.filter((e) => e.type === 'VoteCast')).toHaveLength(participating);
  });

  it('weighs area and headcount separately: a large flat can carry the area test alone', async () => {
    const list = flats(6);
    list[0] = { ...list[0]!, area: '500.00' };
    const unitId = await registerUnit(api, 6, list);
    const id = (await openBallot(api, unitId, { matter: 'ordinary' })).id as string;
    await vote(api, id, ['101'], 'agree');
    const reply = await tally(id);
    expect(reply.body).toMatchObject({
      totals: { owners: 6, area: '750.00' },
      participating: { owners: 1, area: '500.00' },
      checks: {
        participationOwners: false,
        participationArea: true,
        approvalOwners: true,
        approvalArea: true,
      },
      // Three more agreeing owners are needed for the headcount; the area test already passes.
      missing: { possible: true, owners: 3, area: '0.00' },
    });
  });

  it('says when a ballot can no longer pass', async () => {
    const unitId = await registerUnit(api, 4);
    await publishPlan(api, unitId);
    const id = (await openBallot(api, unitId, { matter: 'major' })).id as string;
    await vote(api, id, ['101', '102'], 'oppose');
    const reply = await tally(id);
    expect(reply.body).toMatchObject({
      passed: false,
      missing: { possible: false, owners: 0, area: '0.00' },
    });
  });

  it('shows the frozen result once the ballot is closed', async () => {
    const unitId = await registerUnit(api, 6);
    const opened = await openBallot(api, unitId, { matter: 'ordinary' });
    await vote(api, opened.id, ['101', '102', '201', '202'], 'agree');
    api.clock.set(opened.closableAt);
    try {
      expect((await api.post(`/api/v1/ballots/${opened.id}/close`)).status).toBe(200);
      // A later roster change could not alter it; the result is the one stored in BallotClosed.
      const reply = await tally(opened.id);
      expect(reply.body).toMatchObject({ status: 'closed', final: true, passed: true, agree: { owners: 4 } });
    } finally {
      api.clock.set(opened.opensAt);
    }
  });
});
