/**
 * The OpenAPI document (`GET /api/v1/openapi.json`) and the reference page (`GET /api/docs`), over
 * real HTTP on the real database:
 *
 * - the document is public, OpenAPI 3.1, and every schema in it compiles as JSON Schema 2020-12;
 * - every route of the router table is in it with its method, and nothing else is; each route sits
 *   behind the bearer scheme unless public, and lists its error statuses with their stable codes;
 * - a route that declares no answers cannot be documented: the document refuses to build;
 * - in a realistic run (a unit registered, a plan published, a ballot opened, votes entered, the tally,
 *   the close, the agreement, an objection mediated and withdrawn, alerts, clocks…) every answer
 *   matches the document: each success the route's own zod schema and the document's JSON Schema
 *   (with ajv), each refusal the error body of its status, with a code that status lists for the route;
 *   and every route of the table gave at least one success.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildOpenApiDocument } from '../../api/openapi/document.js';
import { errorCodesOf } from '../../api/openapi/errors.js';
import { listRoutes, type ApiRoute } from '../../api/openapi/route-table.js';
import { openApiRoutes } from '../../api/openapi/routes.js';
import { ERROR_STATUS } from '../../api/error-status.js';
import { apiRouters } from '../../api/routes/index.js';
import { healthRoutes } from '../../api/routes/health/routes.js';
import { raiseAlert } from '../../commands/alerts.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { heardFrom } from '../support/contacts.js';
import { startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { flats, rooms } from '../support/units.js';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY);

/** The router table: the public routes, then every route mounted under `/api/v1`. */
const ROUTES: ApiRoute[] = [
  ...listRoutes([healthRoutes({}), openApiRoutes(() => ({}))], { access: 'public' }),
  // The routers only close over the context: listing them needs none.
  ...listRoutes(apiRouters({} as CommandContext), { prefix: '/api/v1', access: 'bearer' }),
];
const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

let api: TestApi;
let doc: Json;
let ajv: Ajv2020;

beforeAll(async () => {
  api = await startTestApi();
  const response = await fetch(`${api.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
  // The whole document as one resource, so `#/components/schemas/…` resolves inside it. Not strict:
  // the document's own keys (`openapi`, `paths`…) are not JSON Schema keywords.
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc, DOC_ID);
});
afterAll(async () => {
  await api?.close();
});

const DOC_ID = 'https://jiati.invalid/openapi.json';

/** A schema of the document, its `#/…` references pointed at the document, compiled once. */
const compiled = new Map<string, ValidateFunction>();
function compile(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema, (name, value: unknown) =>
    name === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${DOC_ID}${value}` : value,
  );
  let validate = compiled.get(text);
  if (validate === undefined) {
    validate = ajv.compile(JSON.parse(text) as object);
    compiled.set(text, validate);
  }
  return validate;
}

/** Every operation of the document, as `METHOD /path` with Koa's `:param` form. */
function operations(): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      out.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation);
    }
  }
  return out;
}

describe('GET /api/v1/openapi.json', () => {
  it('is public: no token, and OpenAPI 3.1 with paths, components and the bearer scheme', async () => {
    const response = await fetch(`${api.url}/api/v1/openapi.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc).toMatchObject({
      openapi: expect.stringMatching(/^3\.1\.\d+$/),
      info: { title: expect.any(String), version: expect.any(String) },
      paths: expect.any(Object),
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: expect.any(Object),
      },
      security: [{ bearer: [] }],
    });
  });

  it('has every route of the router table with its method, and no other', () => {
    expect([...operations().keys()].sort()).toEqual(ROUTES.map(key).sort());
    expect(ROUTES.length).toBeGreaterThanOrEqual(31);
  });

  it('puts every route behind the bearer scheme except the public ones', () => {
    const ops = operations();
    for (const route of ROUTES) {
      expect({ route: key(route), security: ops.get(key(route))!.security }).toEqual({
        route: key(route),
        security: route.access === 'bearer' ? [{ bearer: [] }] : [],
      });
    }
    expect(ROUTES.filter((route) => route.access === 'public').map(key)).toEqual([
      'GET /healthz',
      'GET /api/v1/openapi.json',
    ]);
  });

  it('names each path parameter in braces, declared once, and gives each operation a unique id', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      expect(path).not.toMatch(/:/);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(item)) {
        const inPath = (operation.parameters ?? []).filter((p: Json) => p.in === 'path');
        expect({ path, params: inPath.map((p: Json) => p.name) }).toEqual({ path, params: names });
        expect(inPath.every((p: Json) => p.required === true)).toBe(true);
        expect(ids.has(operation.operationId)).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary).toEqual(expect.any(String));
      }
    }
  });

  it('lists each route’s refusals by status: the error body, with the stable codes of that status', () => {
    const ops = operations();
    for (const route of ROUTES) {
      const { responses } = ops.get(key(route))!;
      const expected = errorCodesOf(route);
      const answers = Object.keys(route.spec?.responses ?? {});
      const errorStatuses = Object.keys(responses).filter(
        (status) => Number(status) >= 400 && !answers.includes(status),
      );
      expect({ route: key(route), statuses: errorStatuses }).toEqual({
        route: key(route),
        statuses: [...expected.keys()].map(String),
      });
      for (const [status, codes] of expected) {
        const schema = responses[status].content['application/json'].schema;
        expect(schema).toMatchObject({
          type: 'object',
          required: ['ok', 'error', 'message'],
          properties: { ok: { const: false }, error: { enum: codes }, message: { type: 'string' } },
          additionalProperties: false,
        });
        for (const code of codes) {
          expect({ code, status: code === 'internal_error' ? 500 : ERROR_STATUS[code] }).toEqual({
            code,
            status,
          });
        }
      }
      // What every route behind the guard may give, and what a request schema adds.
      if (route.access === 'bearer') {
        expect(responses['401'].content['application/json'].schema.properties.error.enum).toEqual([
          'unauthorized',
        ]);
        expect(responses['429'].headers['Retry-After']).toBeDefined();
        expect(responses['503'].content['application/json'].schema.properties.error.enum).toEqual([
          'database_unavailable',
        ]);
      }
      if (route.spec?.params || route.spec?.body || route.spec?.query) {
        expect(responses['400'].content['application/json'].schema.properties.error.enum).toContain(
          'validation_error',
        );
      }
    }
    // The codes a route names by the URL: a unit or a ballot that does not exist is its 404.
    expect(ops.get('GET /api/v1/units/:unitId')!.responses['404'].description).toContain(
      'unit_not_registered',
    );
    expect(ops.get('POST /api/v1/ballots/:id/votes')!.responses['422'].description).toContain('unknown_room');
    expect(ops.get('POST /api/v1/ballots/:id/close')!.responses['409'].description).toContain(
      'ballot_closed',
    );
  });

  it('cannot be built while a route declares no answers: a new route has its entry or nothing builds', () => {
    const undocumented: ApiRoute = {
      method: 'GET',
      path: '/api/v1/worklist',
      access: 'bearer',
      spec: undefined,
    };
    expect(() => buildOpenApiDocument([...ROUTES, undocumented], { version: '1' })).toThrow(
      /GET \/api\/v1\/worklist declares no summary and responses/,
    );
    const noAnswers: ApiRoute = { ...undocumented, spec: { summary: 'A list' } };
    expect(() => buildOpenApiDocument([...ROUTES, noAnswers], { version: '1' })).toThrow(
      /declares no summary/,
    );
  });
});

describe('GET /api/docs', () => {
  it('is public: the Swagger UI page, its files served here, loading the document', async () => {
    const page = await fetch(`${api.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    for (const file of ['docs/swagger-ui.css', 'docs/swagger-ui-bundle.js', 'docs/init.js']) {
      expect(html).toContain(`"${file}"`);
    }
    expect(html).not.toMatch(/https?:\/\//);

    const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    for (const [file, type] of [
      ['swagger-ui-bundle.js', /^application\/javascript/],
      ['swagger-ui.css', /^text\/css/],
    ] as const) {
      const asset = await fetch(`${api.url}/api/docs/${file}`);
      expect({ file, status: asset.status }).toEqual({ file, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(type);
      expect(Buffer.from(await asset.arrayBuffer()).equals(await readFile(join(dist, file)))).toBe(true);
    }
    const init = await (await fetch(`${api.url}/api/docs/init.js`)).text();
    expect(init).toContain("url: 'v1/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    // Relative to the page, the document is the one this server serves.
    expect(new URL('v1/openapi.json', `${api.url}/api/docs`).pathname).toBe('/api/v1/openapi.json');
  });

  it('serves nothing else without a token', async () => {
    for (const path of [
      '/api/docs/',
      '/api/docs/index.html',
      '/api/docs/package.json',
      '/api/docs/../app.ts',
    ]) {
      expect({ path, status: (await fetch(`${api.url}${path}`)).status }).toEqual({ path, status: 401 });
    }
  });
});

/** Each route that answered with a success in the run, and each refusal code seen. */
const succeeded = new Set<string>();
const refused = new Set<string>();

/** The route of the table that answers `method` on `pathname`. */
function routeOf(method: string, pathname: string): ApiRoute {
  const found = ROUTES.find(
    (route) =>
      route.method === method && new RegExp(`^${route.path.replace(/:(\w+)/g, '[^/]+')}$`).test(pathname),
  );
  if (found === undefined) throw new Error(`no route answers ${method} ${pathname}`);
  return found;
}

/**
 * Sends a request as a client would and checks its answer against the document: the status is one
 * the operation lists; the body matches the document's schema for it (ajv) and, for a success, the
 * route's own zod schema too.
 */
async function call(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; raw?: string } = {},
): Promise<{ status: number; body: Json }> {
  const reply = await api.request(method, path, body, options);
  const route = routeOf(method, new URL(path, api.url).pathname);
  const name = `${method} ${path} → ${reply.status}`;
  const response = operations().get(key(route))!.responses[String(reply.status)];
  if (response === undefined) throw new Error(`${name}: the document lists no ${reply.status}`);
  const validate = compile(response.content['application/json'].schema);
  if (!validate(reply.body)) {
    throw new Error(
      `${name} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(reply.body)}`,
    );
  }
  if (reply.status < 300) {
    const own = route.spec!.responses![reply.status]!.safeParse(reply.body);
    if (!own.success) throw new Error(`${name} does not match its zod schema: ${own.error.message}`);
    succeeded.add(key(route));
  } else {
    refused.add(`${key(route)} ${String((reply.body as { error?: unknown }).error)}`);
  }
  return { status: reply.status, body: reply.body };
}

describe('a realistic run: every answer matches the document', () => {
  it('registers, publishes, votes, tallies, closes, signs, mediates and withdraws', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/api/v1/openapi.json', undefined, { token: null })).status).toBe(200);
    api.clock.set(T0);

    // A unit of six flats, a seventh added later; two phones on file, a care flag.
    const roster = flats(6).map((flat, index) => (index === 0 ? { ...flat, elderly: true } : flat));
    const unit = await call('POST', '/api/v1/units', {
      name: '文三路 12 幢 2 单元',
      address: { district: '西湖区', community: '文三社区', building: '12', unit: '2' },
      flats: roster,
    });
    expect(unit.status).toBe(201);
    const unitId = unit.body.id as string;
    const u = `/api/v1/units/${unitId}`;
    expect((await call('GET', u)).status).toBe(200);
    const updated = await call('PUT', `${u}/flats`, {
      flats: [
        ...roster,
        { room: '401', floor: 4, area: '61.25', areaSource: 'survey', owners: [{ name: '业主401' }] },
      ],
      reason: '补登 401',
    });
    expect(updated.body.rosterUpdate).toMatchObject({ updated: true, added: ['401'] });

    const plan = await call('POST', `${u}/plans`, {
      planVersion: 1,
      title: '方案一',
      summary: '东侧加装',
      documents: ['图纸.pdf'],
      cost: {
        totalCostFen: 60_000_000,
        subsidyFen: 20_000_000,
        scheme: { kind: 'floor_coefficient', permilleByFloor: { '2': 600, '3': 900, '4': 1000 } },
        compensations: [{ toRoom: '101', amountFen: 500_000, reason: '采光' }],
      },
    });
    expect(plan.status).toBe(201);
    expect((await call('GET', `${u}/plans`)).body.plans[0].shares).toHaveLength(7);

    // Binding codes, the group code, a proxy and a committee contact.
    expect((await call('POST', `${u}/binding-codes`)).body.codes).toHaveLength(7);
    expect((await call('POST', `${u}/binding-codes/101`)).status).toBe(201);
    expect((await call('DELETE', `${u}/binding-codes/101`)).body).toMatchObject({ room: '101' });
    expect((await call('DELETE', `${u}/binding-codes/101`)).body.error).toBe('not_found');
    expect((await call('POST', `${u}/group-code`)).status).toBe(201);
    expect((await call('POST', `${u}/proxies`, { room: '201', contactId: 'wx-proxy-201' })).status).toBe(201);
    expect((await call('POST', `${u}/proxies`, { room: '201', contactId: 'wx-proxy-201' })).status).toBe(200);
    expect((await call('GET', `${u}/bindings`)).body.flats[2]).toMatchObject({ room: '201', bound: true });
    expect((await call('POST', `${u}/contacts`, { contactId: 'wx-nobody', role: 'committee' })).status).toBe(
      422,
    );
    await heardFrom(api.system.models, 'wx-committee');
    expect(
      (await call('POST', `${u}/contacts`, { contactId: 'wx-committee', role: 'committee' })).status,
    ).toBe(201);

    // The elevator ballot: open 7 days, every flat votes on paper, the tally, then the close.
    const opened = await call('POST', `${u}/ballots`, {
      title: '是否加装电梯',
      matter: 'major',
      closesAt: day(7).toISOString(),
    });
    expect(opened.status).toBe(201);
    const b = `/api/v1/ballots/${opened.body.id}`;
    expect((await call('GET', b)).body.acceptingVotes).toBe(true);
    for (const room of [...rooms(6), '401']) {
      const vote = await call('POST', `${b}/votes`, {
        room,
        choice: 'agree',
        channel: 'paper',
        reference: `P-${room}`,
      });
      expect(vote.status).toBe(201);
    }
    expect(
      (await call('POST', `${b}/votes`, { room: '999', choice: 'agree', channel: 'paper', reference: 'P' }))
        .status,
    ).toBe(422);
    expect((await call('GET', `${b}/tally`)).body).toMatchObject({ final: false, passed: true });
    expect((await call('POST', `${b}/close`)).status).toBe(409);
    api.clock.set(day(7));
    expect((await call('POST', `${b}/close`)).body).toMatchObject({
      status: 'closed',
      result: { passed: true },
    });
    expect((await call('GET', `${b}/tally`)).body.final).toBe(true);
    expect((await call('POST', `${b}/close`)).body.error).toBe('ballot_closed');

    // A no-quorum alert as the clocks raise it, acknowledged; the clock settings read and changed.
    await raiseAlert(
      api.system.commands,
      unitId,
      {
        kind: 'no_quorum',
        key: `test:${opened.body.id}`,
        ballotId: opened.body.id,
        days: 5,
        voted: 1,
        households: 7,
      },
      day(7),
    );
    const alerts = await call('GET', `${u}/alerts`);
    expect(alerts.body.alerts).toHaveLength(1);
    const ack = await call('POST', `${u}/alerts/${alerts.body.alerts[0].alertId}/ack`, {});
    expect(ack.body).toMatchObject({ recorded: true, alert: { open: false } });
    expect((await call('POST', `${u}/alerts/TX-999/ack`, {})).status).toBe(404);
    expect((await call('GET', `${u}/clock-settings`)).body.clocks).toEqual(expect.any(Array));
    expect(
      (await call('PATCH', `${u}/clock-settings`, { publicityDays: 12, noticeTime: '09:30' })).body.custom,
    ).toBe(true);
    expect((await call('PATCH', `${u}/clock-settings`, { publicityDays: 0 })).status).toBe(400);

    // The agreement, an objection mediated once, the step withdrawn, then the objection withdrawn.
    expect((await call('POST', `${u}/agreement`, {})).status).toBe(201);
    expect((await call('POST', `${u}/agreement`, {})).status).toBe(409);
    api.clock.set(day(8));
    const filed = await call('POST', `${u}/objections`, {
      ground: 'daylight',
      filedAt: day(8).toISOString(),
      objector: { name: '赵铁柱', room: '101', phone: '13800000101' },
      summary: '电梯井挡住客厅的阳光',
    });
    expect(filed.body).toMatchObject({ effective: true, objector: { hasPhone: true } });
    const o = `${u}/objections/${filed.body.reference}`;
    const mediated = await call('POST', `${o}/mediations`, {
      level: 'negotiation',
      heldOn: day(8).toISOString().slice(0, 10),
      participants: ['赵铁柱', '居委会'],
      outcome: 'failed',
      summary: '未达成一致',
    });
    expect(mediated.body.objection.mediations).toHaveLength(1);
    expect((await call('POST', `${o}/mediations/1/withdrawal`, { reason: '记录有误' })).status).toBe(201);
    expect((await call('POST', `${o}/mediations/1/withdrawal`, { reason: '记录有误' })).status).toBe(409);
    expect(
      (await call('POST', `${o}/withdrawal`, { by: 'objector', reason: '已协商', reference: 'W-1' })).status,
    ).toBe(201);
    expect((await call('GET', `${u}/objections`)).body).toMatchObject({
      applicationBlocked: false,
      publicity: {},
    });

    // A second unit: an ordinary ballot cancelled, and its tally no longer given.
    const other = await call('POST', '/api/v1/units', { name: '测试单元', flats: flats(4) });
    const ordinary = await call('POST', `/api/v1/units/${other.body.id}/ballots`, {
      title: '更换门禁',
      matter: 'ordinary',
    });
    const c = `/api/v1/ballots/${ordinary.body.id}`;
    expect((await call('POST', `${c}/cancellation`, { reason: '名册有误' })).body).toMatchObject({
      status: 'cancelled',
    });
    expect((await call('GET', `${c}/tally`)).status).toBe(409);

    // The calendar, and the refusals every route may give.
    expect(
      (await call('GET', '/api/v1/calendar/period-end?from=2025-09-28&length=5&unit=workday')).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/calendar/period-end?from=2025-02-30&length=5')).status).toBe(400);
    expect((await call('GET', u, undefined, { token: null })).status).toBe(401);
    expect((await call('GET', '/api/v1/units/u_aaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await call('GET', '/api/v1/ballots/nope')).status).toBe(404);
    expect((await call('POST', '/api/v1/units', { name: '', flats: [] })).status).toBe(400);
    const cut = await call('POST', `${u}/plans`, undefined, { raw: '{"planVersion":' });
    expect(cut.body.error).toBe('invalid_json');
  });

  it('answered every route of the table with a success that matched its schemas', () => {
    // A route missing here needs a step above: its answers are checked only once it is called.
    expect(ROUTES.map(key).filter((route) => !succeeded.has(route))).toEqual([]);
    expect(refused.size).toBeGreaterThanOrEqual(12);
  });
});

// Last: compiling every schema holds the event loop a few seconds, long enough for the server to drop
// an idle keep-alive connection the client is about to reuse.
describe('the document’s schemas', () => {
  it('compiles every schema it holds as JSON Schema 2020-12', () => {
    for (const schema of Object.values(doc.components.schemas as Record<string, Json>)) compile(schema);
    for (const operation of operations().values()) {
      for (const parameter of operation.parameters ?? []) compile(parameter.schema);
      if (operation.requestBody) compile(operation.requestBody.content['application/json'].schema);
      for (const response of Object.values(operation.responses as Record<string, Json>)) {
        compile(response.content['application/json'].schema);
      }
    }
  });
});
