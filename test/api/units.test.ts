/**
 * `POST /api/v1/units`, `GET /api/v1/units/:unitId`, `POST /api/v1/units/:unitId/plans` over real
 * HTTP on the real database: status, error code, message and the stored case stream.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GENESIS_HASH } from '../../lib/hash.js';
import { hashEvent, verifyChain } from '../../models/case-stream.js';
import { expectError } from '../support/api-helpers.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { flats } from '../support/units.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const eventCount = () => api.system.models.caseEvents.countDocuments({});

const unit = (overrides: Record<string, unknown> = {}) => ({
  name: '朝晖七区 7幢 2单元',
  flats: flats(6),
  ...overrides,
});

function withFlat(index: number, change: Record<string, unknown>) {
  const list: Record<string, unknown>[] = flats(6).map((flat) => ({ ...flat }));
  list[index] = { ...list[index], ...change };
  return unit({ flats: list });
}

describe('POST /api/v1/units', () => {
  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    const before = await eventCount();
    expectError(await api.post('/api/v1/units', unit(), { token: null }), 401, 'unauthorized', /访问令牌/);
    expectError(
      await api.post('/api/v1/units', unit(), { token: 'wrong-token-0123456789' }),
      401,
      'unauthorized',
    );
    expect(await eventCount()).toBe(before);
  });

  it('refuses a body that is not JSON (400 invalid_json)', async () => {
    expectError(
      await api.request('POST', '/api/v1/units', undefined, { raw: '{"name":' }),
      400,
      'invalid_json',
    );
  });

  it.each([
    ['name', unit({ name: undefined }), 'name', undefined],
    ['an empty name', unit({ name: '  ' }), 'name', undefined],
    ['flats that are not a list', unit({ flats: 'many' }), 'flats', undefined],
    ['a room with a dot', withFlat(1, { room: '1.02' }), 'flats.1.room', 2],
    ['a room longer than 16 characters', withFlat(1, { room: 'A'.repeat(17) }), 'flats.1.room', 2],
    ['a floor of 0', withFlat(2, { floor: 0 }), 'flats.2.floor', 3],
    ['an area given as a number', withFlat(0, { area: 72.5 }), 'flats.0.area', 1],
    ['an unknown area source', withFlat(4, { areaSource: 'guess' }), 'flats.4.areaSource', 5],
    ['a flat without owners', withFlat(5, { owners: [] }), 'flats.5.owners', 6],
    [
      'an owner without a name',
      withFlat(5, { owners: [{ phone: '13800000000' }] }),
      'flats.5.owners.0.name',
      6,
    ],
    [
      'a phone that is not a number',
      withFlat(0, { owners: [{ name: '王', phone: 'call me' }] }),
      'flats.0.owners.0.phone',
      1,
    ],
    ['an owner key with odd characters', withFlat(0, { ownerKey: 'a.b' }), 'flats.0.ownerKey', 1],
  ])('refuses %s (400 validation_error naming the field)', async (_label, body, field, row) => {
    const before = await eventCount();
    const reply = await api.post('/api/v1/units', body);
    expectError(reply, 400, 'validation_error');
    expect(reply.body.details).toEqual(expect.objectContaining({ field, ...(row ? { row } : {}) }));
    expect(reply.body.message).toContain(field);
    if (row) expect(reply.body.message).toContain(`第 ${row} 行`);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['three decimal places', '72.505'],
    ['a negative area', '-72.50'],
    ['zero', '0.00'],
    ['an exponent', '7e1'],
    ['a comma', '72,50'],
    ['spaces', ' 72.50'],
  ])('refuses an area with %s, naming row and field (400 validation_error)', async (_label, area) => {
    const before = await eventCount();
    const reply = await api.post('/api/v1/units', withFlat(3, { area }));
    expectError(reply, 400, 'validation_error', /第 4 行的「flats\.3\.area」/);
    expect(reply.body.details).toEqual({ field: 'flats.3.area', row: 4 });
    expect(await eventCount()).toBe(before);
  });

  it('refuses an owner key that collides with a generated key, naming row and field', async () => {
    const reply = await api.post('/api/v1/units', withFlat(2, { ownerKey: 'developer' }));
    expectError(reply, 400, 'validation_error', /flats\.2\.ownerKey/);
    expect(reply.body.details).toEqual(expect.objectContaining({ field: 'flats.2.ownerKey', row: 3 }));
  });

  it('refuses an empty roster (422 empty_roster)', async () => {
    const before = await eventCount();
    const reply = await api.post('/api/v1/units', unit({ flats: [] }));
    expectError(reply, 422, 'empty_roster', /至少要有一户/);
    expect(reply.body.details).toEqual({ field: 'flats' });
    expect(await eventCount()).toBe(before);
  });

  it('refuses a duplicate room, naming its row, field and first row (422 duplicate_room)', async () => {
    const list = flats(6);
    list[4] = { ...list[4]!, room: list[1]!.room };
    const reply = await api.post('/api/v1/units', unit({ flats: list }));
    expectError(reply, 422, 'duplicate_room', /第 5 行的房号和第 2 行重复了/);
    expect(reply.body.details).toEqual({ field: 'flats.4.room', row: 5, firstRow: 2 });
  });

  it('registers the unit under a fresh id and stores one UnitRegistered event with the owners', async () => {
    const body = unit({
      address: { district: '拱墅区', community: '朝晖七区', building: '7幢', unit: '2单元' },
      flats: [
        ...flats(4, '72.50'),
        { room: '301', floor: 3, area: '88.1', areaSource: 'survey', owners: [], developerStock: true },
        { room: '302', floor: 3, area: '90', areaSource: 'contract', owners: [], developerStock: true },
        {
          room: '401',
          floor: 4,
          area: '60.00',
          areaSource: 'register',
          owners: [{ name: '张三' }],
          ownerKey: 'zhang',
        },
        {
          room: '402',
          floor: 4,
          area: '61.00',
          areaSource: 'register',
          owners: [{ name: '张三' }],
          ownerKey: 'zhang',
          elderly: true,
        },
      ],
    });
    const reply = await api.post('/api/v1/units', body);
    expect(reply.status).toBe(201);
    const id: string = reply.body.id;
    expect(id).toMatch(/^u_[a-z2-7]{16}$/);
    expect(reply.headers.get('location')).toBe(`/api/v1/units/${id}`);
    expect(reply.body).toMatchObject({
      name: '朝晖七区 7幢 2单元',
      address: { district: '拱墅区', community: '朝晖七区', building: '7幢', unit: '2单元' },
      stage: 'canvassing',
      needsExtraMediationCare: true,
      // 4 single flats + all developer stock as one + 张三 once (SPC interpretation art. 9).
      totals: { flats: 8, owners: 6, area: '589.10' },
      seq: 1,
    });
    expect(reply.body.flats[0]).toEqual({
      room: '101',
      floor: 1,
      area: '72.50',
      areaSource: 'register',
      owners: [{ name: '业主101', hasPhone: true, phone: '138****0101' }],
    });
    expect(reply.body.flats[4]).toMatchObject({
      room: '301',
      area: '88.10',
      developerStock: true,
      owners: [],
    });
    // Phones never leave through the presenter.
    expect(JSON.stringify(reply.body)).not.toMatch(/1380000/);

    const events = await api.system.commands.streams.load(id);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      caseId: id,
      seq: 1,
      type: 'UnitRegistered',
      actor: { kind: 'admin', id: 'admin' },
      channel: 'api',
      at: new Date(T0),
      prevHash: GENESIS_HASH,
    });
    expect(event!.hash).toBe(hashEvent(event!));
    const data = event!.data as Json;
    expect(data.unit).toEqual({
      name: '朝晖七区 7幢 2单元',
      district: '拱墅区',
      community: '朝晖七区',
      building: '7幢',
      unit: '2单元',
    });
    expect(data.flats[0]).toEqual({
      room: '101',
      floor: 1,
      areaCenti: 7250,
      areaSource: 'register',
      owners: [{ name: '业主101', phone: '13800000101' }],
    });
    expect(data.flats[4]).toMatchObject({
      room: '301',
      areaCenti: 8810,
      areaSource: 'survey',
      developerStock: true,
    });
    expect(await verifyChain(api.system.models.caseEvents, id)).toEqual({ caseId: id, events: 1, ok: true });
    await api.system.commands.cases.flushViews(); // views are written behind
    const view = await api.system.models.caseViews.findById(id).lean();
    expect(view).toMatchObject({ seq: 1, hash: event!.hash, stage: 'canvassing' });
  });

  it('gives every unit its own id', async () => {
    const [a, b] = await Promise.all([api.post('/api/v1/units', unit()), api.post('/api/v1/units', unit())]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).not.toBe(b.body.id);
  });
});

describe('GET /api/v1/units/:unitId', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = (await api.post('/api/v1/units', unit())).body.id;
  });

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await api.get(`/api/v1/units/${unitId}`, { token: null }), 401, 'unauthorized');
  });

  it.each([
    ['a well-formed id of no unit', 'u_aaaaaaaaaaaaaaaa'],
    ['an id of the wrong shape', 'not-a-unit'],
  ])('answers 404 unit_not_registered for %s', async (_label, id) => {
    expectError(await api.get(`/api/v1/units/${id}`), 404, 'unit_not_registered', new RegExp(id));
  });

  it('shows the case: stage, flats with masked phones, ballots', async () => {
    const reply = await api.get(`/api/v1/units/${unitId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: unitId,
      name: '朝晖七区 7幢 2单元',
      stage: 'canvassing',
      totals: { flats: 6, owners: 6, area: '300.00' },
      ballots: [],
      seq: 1,
    });
    expect(reply.body.flats).toHaveLength(6);
    // Phones masked (`138****0101`), never whole.
    expect(JSON.stringify(reply.body)).not.toMatch(/1380000/);
  });

  it('rebuilds a lagging view from the stream', async () => {
    await api.system.commands.cases.flushViews();
    await api.system.models.caseViews.deleteOne({ _id: unitId });
    // As another process would read it: without this process's cached state.
    api.system.commands.cases.forget(unitId);
    const reply = await api.get(`/api/v1/units/${unitId}`);
    expect(reply.body).toMatchObject({ id: unitId, stage: 'canvassing', seq: 1 });
    expect(await api.system.models.caseViews.findById(unitId).lean()).toMatchObject({ seq: 1 });
  });
});

describe('POST /api/v1/units/:unitId/plans', () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = (await api.post('/api/v1/units', unit())).body.id;
  });
  const plan = { planVersion: 1, title: '方案一：北侧加装' };

  it('refuses a request without a valid bearer token (401 unauthorized)', async () => {
    expectError(await api.post(`/api/v1/units/${unitId}/plans`, plan, { token: null }), 401, 'unauthorized');
  });

  it.each([
    ['planVersion', { ...plan, planVersion: 'one' }],
    ['title', { planVersion: 1 }],
  ])('refuses an invalid %s (400 validation_error naming it)', async (field, body) => {
    const reply = await api.post(`/api/v1/units/${unitId}/plans`, body);
    expectError(reply, 400, 'validation_error', new RegExp(`「${field}」`));
    expect(reply.body.details.field).toBe(field);
  });

  it('answers 404 unit_not_registered for an unknown unit', async () => {
    expectError(await api.post('/api/v1/units/u_aaaaaaaaaaaaaaaa/plans', plan), 404, 'unit_not_registered');
  });

  it('publishes the plan (201): the case moves to planning; a version not newer is refused (422)', async () => {
    const reply = await api.post(`/api/v1/units/${unitId}/plans`, plan);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      id: unitId,
      stage: 'planning',
      plan: { version: 1, title: plan.title },
      seq: 2,
    });
    const events = await api.system.commands.streams.load(unitId);
    expect(events.map((e) => [e.type, e.channel, e.actor.kind])).toEqual([
      ['UnitRegistered', 'api', 'admin'],
      ['PlanPublished', 'api', 'admin'],
    ]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);

    const again = await api.post(`/api/v1/units/${unitId}/plans`, plan);
    expectError(again, 422, 'plan_version_not_newer');
    expect(again.body.details).toEqual({ planVersion: 1, current: 1 });
  });
});
