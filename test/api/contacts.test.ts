/**
 * `POST /api/v1/units/:unitId/contacts` over real HTTP on the real database: the role
 * is recorded once as a case event and in the `contacts` projection.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { flats } from '../support/units.js';

let api: TestApi;
let unitId: string;
beforeAll(async () => {
  api = await startTestApi();
  const registered = await api.post('/api/v1/units', { name: '测试单元', flats: flats(4) });
  unitId = registered.body.id as string;
});
afterAll(async () => {
  await api.close();
});

const roleEvents = () =>
  api.system.models.caseEvents.find({ caseId: unitId, type: 'ContactRoleRecorded' }).lean().exec();

describe('POST /api/v1/units/:unitId/contacts', () => {
  it('records a committee contact: one event, and the contacts projection knows the role', async () => {
    const reply = await api.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-c',
      role: 'committee',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ unitId, contactId: 'wx-c', role: 'committee', recorded: true });
    expect((await roleEvents()).map((e) => e.data)).toEqual([
      { contactId: 'wx-c', role: 'committee', recordedAt: expect.any(String) },
    ]);
    expect(await api.system.models.contacts.findById('wx-c').lean().exec()).toMatchObject({
      roles: [{ unitId, role: 'committee' }],
    });
  });

  it('is idempotent: the same role again appends nothing', async () => {
    const reply = await api.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-c',
      role: 'committee',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.recorded).toBe(false);
    expect(await roleEvents()).toHaveLength(1);
  });

  it('adds an applicant role alongside', async () => {
    await api.post(`/api/v1/units/${unitId}/contacts`, { contactId: 'wx-c', role: 'applicant' });
    expect((await api.system.models.contacts.findById('wx-c').lean().exec())?.roles).toEqual([
      { unitId, role: 'committee' },
      { unitId, role: 'applicant' },
    ]);
  });

  it.each([
    ['an unknown role', { contactId: 'wx-d', role: 'mayor' }, 400, 'validation_error'],
    ['no contact', { role: 'committee' }, 400, 'validation_error'],
  ])('refuses %s', async (_, body, status, code) => {
    expectError(await api.post(`/api/v1/units/${unitId}/contacts`, body), status, code);
  });

  it('answers 404 for an unknown unit', async () => {
    const reply = await api.post('/api/v1/units/u_aaaaaaaaaaaaaaaa/contacts', {
      contactId: 'wx-c',
      role: 'committee',
    });
    expect(reply.status).toBe(404);
  });
});
