/**
 * `GET /api/v1/calendar/period-end` over real HTTP with the real holiday table (State Council notices
 * through 2026, the last published year): Civil Code arts. 201–203 at holidays, make-up Saturdays and
 * across the Spring Festival.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const periodEnd = (query: string, token?: string | null) =>
  api.get(`/api/v1/calendar/period-end?${query}`, token === undefined ? {} : { token });

describe('GET /api/v1/calendar/period-end', () => {
  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await periodEnd('from=2025-03-03&length=10', null), 401, 'unauthorized');
  });

  it.each([
    ['from', 'length=10'],
    ['from', 'from=2025/10/01&length=10'],
    ['length', 'from=2025-10-01'],
    ['length', 'from=2025-10-01&length=0'],
    ['length', 'from=2025-10-01&length=2.5'],
    ['length', 'from=2025-10-01&length=ten'],
    ['length', 'from=2025-10-01&length=3651'],
    ['unit', 'from=2025-10-01&length=10&unit=week'],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, query) => {
    const reply = await periodEnd(query);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field.replaceAll('.', '\\.')}」`));
    expect(reply.body.details).toMatchObject({ field, where: 'query' });
  });

  it('refuses a day that does not exist (400 invalid_date naming from)', async () => {
    const reply = await periodEnd('from=2025-02-30&length=10');
    expectError(reply, 400, 'invalid_date', /「from」.*不是真实的日期/);
    expect(reply.body.details).toEqual({ field: 'from', value: '2025-02-30' });
  });

  it.each([
    {
      label: 'moves a period ending on a holiday (National Day 2025) to the next working day',
      query: 'from=2025-09-26&length=5&unit=day',
      nominalEndsOn: '2025-10-01',
      endsOn: '2025-10-09',
    },
    {
      label: 'ends a period on a make-up Saturday, a working day (2025-10-11)',
      query: 'from=2025-10-01&length=10&unit=day',
      nominalEndsOn: '2025-10-11',
      endsOn: '2025-10-11',
    },
    {
      label: 'ends on an ordinary Monday when the last day is a Sunday',
      query: 'from=2025-03-06&length=10',
      nominalEndsOn: '2025-03-16',
      endsOn: '2025-03-17',
    },
    {
      label: 'carries a 7-day period across the Spring Festival 2026 to the first working day after it',
      query: 'from=2026-02-10&length=7&unit=day',
      nominalEndsOn: '2026-02-17',
      endsOn: '2026-02-24',
    },
    {
      label: 'counts working days across the Spring Festival 2026, make-up Saturday 2026-02-14 included',
      query: 'from=2026-02-12&length=3&unit=workday',
      nominalEndsOn: '2026-02-24',
      endsOn: '2026-02-24',
    },
    {
      label: 'counts 10 working days of a joint review over National Day 2025',
      query: 'from=2025-09-26&length=10&unit=workday',
      nominalEndsOn: '2025-10-16',
      endsOn: '2025-10-16',
    },
  ])('$label', async ({ query, nominalEndsOn, endsOn }) => {
    const reply = await periodEnd(query);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ nominalEndsOn, endsOn, provisional: false, publishedThrough: 2026 });
    // The last day ends at 24:00 Asia/Shanghai, 16:00 UTC (art. 203 para. 2).
    expect(reply.body.endsAt).toBe(`${endsOn}T16:00:00.000Z`);
  });

  it('answers with the contract shape and defaults to calendar days', async () => {
    const reply = await periodEnd('from=2025-03-03&length=10');
    expect(reply.body).toEqual({
      from: '2025-03-03',
      length: 10,
      unit: 'day',
      nominalEndsOn: '2025-03-13',
      endsOn: '2025-03-13',
      endsAt: '2025-03-13T16:00:00.000Z',
      provisional: false,
      publishedThrough: 2026,
    });
  });

  it('marks a period reaching past the last published year (2026) as provisional', async () => {
    const reply = await periodEnd('from=2026-12-28&length=10');
    expect(reply.body).toMatchObject({
      from: '2026-12-28',
      endsOn: '2027-01-07',
      provisional: true,
      publishedThrough: 2026,
    });
  });
});
