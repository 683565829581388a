/**
 * `POST /api/v1/units/:unitId/contacts` over real HTTP on the real database: the role
 * is recorded once as a case event and in the `contacts` projection, for a contact the system knows
 * (heard from, or bound to a flat); an id no one knows is refused and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindHousehold } from '../../commands/bind-household.js';
import { expectError } from '../support/api-helpers.js';
import { heardFrom } from '../support/contacts.js';
import { startTestApi, type TestApi } from '../support/http.js';
import { storedRecords } from '../support/stored.js';
import { flats } from '../support/units.js';

let api: TestApi;
let unitId: string;
beforeAll(async () => {
  api = await startTestApi();
  const registered = await api.post('/api/v1/units', { name: '测试单元', flats: flats(4) });
  unitId = registered.body.id as string;
  await heardFrom(api.system.models, 'wx-c');
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

  it('refuses a WeChat id no one knows (422 unknown_contact) and stores nothing', async () => {
    const before = await storedRecords(api.system.models);
    const reply = await api.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-nobody-typed-this',
      role: 'committee',
    });
    expectError(reply, 422, 'unknown_contact', /wx-nobody-typed-this/);
    expect(reply.body.details).toEqual({ contactId: 'wx-nobody-typed-this' });
    expect(await storedRecords(api.system.models)).toEqual(before);
  });

  it('takes a contact bound to a flat, who has never written to the bot', async () => {
    const codes = (await api.post(`/api/v1/units/${unitId}/binding-codes`)).body.codes as {
      room: string;
      code: string;
    }[];
    const bound = await bindHousehold(
      api.system.commands,
      { contactId: 'wx-owner-101', code: codes.find((c) => c.room === '101')!.code },
      { now: api.clock.now() },
    );
    expect(bound.kind).toBe('bound');
    const reply = await api.post(`/api/v1/units/${unitId}/contacts`, {
      contactId: 'wx-owner-101',
      role: 'applicant',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.recorded).toBe(true);
  });

  it('answers 404 for an unknown unit', async () => {
    const reply = await api.post('/api/v1/units/u_aaaaaaaaaaaaaaaa/contacts', {
      contactId: 'wx-c',
      role: 'committee',
    });
    expect(reply.status).toBe(404);
  });
});
