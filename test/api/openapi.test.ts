/**
 * The OpenAPI document (`GET /api/v1/openapi.json`) and the reference page (`GET /api/docs`), over
 * real HTTP on the real database:
 *
 * - the document is public, OpenAPI 3.1, and every schema in it compiles as JSON Schema 2020-12;
 * - every route of the router table is in it with its method, and nothing else is; each route sits
 *   behind the bearer scheme unless public (the sign-in routes and the elevators' signed alarms), and
 *   lists its error statuses with their stable codes;
 * - every route declares `summary`, `responses` and `errors`, and one that does not cannot be
 *   documented: the document refuses to build, naming each such route and what it lacks;
 * - the routes behind the staff-token guard list its 403 `forbidden`, and its 404 for a unit or ballot
 *   out of scope; the security scheme says which tokens sign in;
 * - in a realistic run (places built, a unit registered and placed, a staff token issued, used and
 *   revoked, a plan simulated and published, a ballot opened, its worklist, votes entered, the tally,
 *   the close, its named record, the agreement, an objection mediated and withdrawn, alerts, clocks,
 *   the works to use registration, the elevator in service with a signed alarm taken on, its running
 *   costs (the key, a bill, income, a payment), rosters
 *   imported from CSV and .xlsx…) every answer matches the document: each success the route's
 *   own zod schema and the document's JSON Schema (with ajv), each refusal the error body of its status,
 *   with a code that status lists for the route; every request body has a media type the operation
 *   lists; and every route of the table gave at least one success.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ExcelJS from 'exceljs';
import type { ValidateFunction } from 'ajv';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildOpenApiDocument, specProblems } from '../../api/openapi/document.js';
import { errorCodesOf } from '../../api/openapi/errors.js';
import { listRoutes, type ApiRoute } from '../../api/openapi/route-table.js';
import { openApiRoutes } from '../../api/openapi/routes.js';
import { ERROR_STATUS } from '../../api/error-status.js';
import { ROUTE_ACTIONS } from '../../api/routes/access.js';
import { apiRouters } from '../../api/routes/index.js';
import { alarmRoutes } from '../../api/routes/elevator/routes.js';
import { healthRoutes } from '../../api/routes/health/routes.js';
import { sessionRoutes, type SignInDeps } from '../../api/routes/sessions/routes.js';
import type { RateLimiters } from '../../api/middleware/rate-limit.js';
import { raiseAlert } from '../../commands/alerts.js';
import { endPublicity } from '../support/api-helpers.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { heardFrom } from '../support/contacts.js';
import { ADMIN_TOKEN, startTestApi, T0, type Json, type TestApi } from '../support/http.js';
import { flats, rooms } from '../support/units.js';
import {
  startWechatStandIn,
  STANDIN_APPID,
  STANDIN_SECRET,
  type WechatStandIn,
} from '../support/wechat-standin.js';

const DAY = 86_400_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const day = (n: number) => new Date(Date.parse(T0) + n * DAY);

/** The router table: the public routes, then every route mounted under `/api/v1`. */
const ROUTES: ApiRoute[] = [
  ...listRoutes(
    [
      healthRoutes({}),
      openApiRoutes(() => ({})),
      // Residents' sign-in and the elevators' signed alarms, outside the bearer guard (as `system.ts`
      // mounts them): their routers too only close over what they get.
      sessionRoutes({} as SignInDeps, {} as RateLimiters),
      alarmRoutes({} as CommandContext),
    ],
    { access: 'public' },
  ),
  // The routers only close over the context: listing them needs none.
  ...listRoutes(apiRouters({} as CommandContext), { prefix: '/api/v1', access: 'bearer' }),
];
const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

let api: TestApi;
let wechat: WechatStandIn;
let doc: Json;
let ajv: Ajv2020;

beforeAll(async () => {
  // WeChat's code2Session is a local stand-in that follows its contract; the development exchange is on.
  wechat = await startWechatStandIn();
  api = await startTestApi({
    env: {
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: wechat.url,
      JIATI_DEV_SIGN_IN: '1',
    },
  });
  // A route that lacks its spec stops the document from building: the first test below says which.
  if (specProblems(ROUTES).length > 0) return;
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
  await wechat?.close();
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
  it('has every route declare summary, responses and errors (each line: a route and what it lacks)', () => {
    // A new route's `validate({ summary, params?, query?, body?, responses: { 200: SomeView }, errors:
    // [...] }, handler)` is its document entry (api/middleware/validate.ts RouteSpec).
    expect(specProblems(ROUTES)).toEqual([]);
  });

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
    expect(ROUTES.length).toBeGreaterThanOrEqual(47);
  });

  it('has every route of the access table (api/routes/access.ts), each behind the bearer scheme', () => {
    const bearer = [...operations()]
      .filter(([, operation]) => operation.security.length > 0)
      .map(([name]) => name);
    const table = Object.keys(ROUTE_ACTIONS).map((name) => name.replace(' ', ' /api/v1'));
    expect({ missingFromTheDocument: table.filter((name) => !bearer.includes(name)) }).toEqual({
      missingFromTheDocument: [],
    });
    expect(bearer.sort()).toEqual(table.sort());
  });

  it('says which tokens sign in: the administrator’s bootstrap token, a staff token or a resident’s session', () => {
    const { description } = doc.components.securitySchemes.bearer;
    expect(description).toContain('JIATI_ADMIN_TOKEN');
    expect(description).toContain('`jt_…`');
    expect(description).toContain('POST /api/v1/tokens');
    expect(description).toContain('`js_…`');
    expect(description).toContain('POST /api/v1/sessions/wechat');
    expect(description).toMatch(/403 `forbidden`/);
  });

  it('lists the guard’s refusals on every route behind it: 403, and 404 for a unit or ballot out of scope', () => {
    const ops = operations();
    for (const route of ROUTES.filter((candidate) => candidate.access === 'bearer')) {
      const { responses } = ops.get(key(route))!;
      const codes = (status: number) =>
        responses[String(status)]?.content['application/json'].schema.properties.error.enum ?? [];
      expect({ route: key(route), guarded: route.guard !== undefined }).toEqual({
        route: key(route),
        guarded: true,
      });
      expect({ route: key(route), 403: codes(403) }).toEqual({ route: key(route), 403: ['forbidden'] });
      const named = route.path.includes('/:unitId')
        ? 'unit_not_registered'
        : route.path.startsWith('/api/v1/ballots/:id')
          ? 'ballot_not_found'
          : undefined;
      if (named !== undefined) {
        expect({ route: key(route), 404: codes(404) }).toEqual({
          route: key(route),
          404: expect.arrayContaining([named]),
        });
        expect(responses['404'].description).toContain('outside the caller’s scope');
      }
    }
  });

  it('takes a roster import as JSON, a CSV or an .xlsx, each media type described', () => {
    const ops = operations();
    for (const name of ['POST /api/v1/units/import', 'PUT /api/v1/units/:unitId/flats/import']) {
      const { content } = ops.get(name)!.requestBody;
      expect({ name, types: Object.keys(content) }).toEqual({
        name,
        types: [
          'application/json',
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
      });
      expect(content['text/csv'].schema).toMatchObject({
        type: 'string',
        contentMediaType: 'text/csv',
        description: expect.stringContaining('房号'),
      });
      expect(content['application/json'].schema.properties.flats).toBeDefined();
    }
    // A document is its file alone: a PDF, a JPEG or a PNG.
    expect(Object.keys(ops.get('POST /api/v1/units/:unitId/documents')!.requestBody.content)).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
    ]);
    // Every other route reads JSON only.
    for (const [name, operation] of ops) {
      if (operation.requestBody === undefined || name.includes('/import') || name.endsWith('/documents'))
        continue;
      expect({ name, types: Object.keys(operation.requestBody.content) }).toEqual({
        name,
        types: ['application/json'],
      });
    }
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
      'POST /api/v1/sessions/wechat',
      'POST /api/v1/sessions/dev',
      'POST /api/v1/elevators/:elevatorId/alarms',
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

  it('cannot be built while a route lacks its spec, and names each such route and what it lacks', () => {
    const undocumented: ApiRoute = {
      method: 'GET',
      path: '/api/v1/timeline',
      access: 'bearer',
      spec: undefined,
    };
    const noAnswers: ApiRoute = { ...undocumented, method: 'POST', spec: { summary: 'A list' } };
    const noErrors: ApiRoute = {
      ...undocumented,
      path: '/api/v1/dashboards',
      spec: { summary: 'The dashboards', responses: { 200: ROUTES[0]!.spec!.responses![200]! } },
    };
    expect(specProblems([...ROUTES, undocumented, noAnswers, noErrors])).toEqual([
      'GET /api/v1/timeline has no validate() spec: give it validate({ summary, responses, errors, … }, handler)',
      'POST /api/v1/timeline lacks responses, errors (`[]` if its command refuses with nothing of its own)',
      'GET /api/v1/dashboards lacks errors (`[]` if its command refuses with nothing of its own)',
    ]);
    expect(() => buildOpenApiDocument([...ROUTES, noAnswers, noErrors], { version: '1' })).toThrow(
      /POST \/api\/v1\/timeline lacks responses, errors .*; GET \/api\/v1\/dashboards lacks errors/,
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

/** A file sent as the request's body, under its media type. */
interface FileBody {
  readonly type: string;
  readonly bytes: string | Uint8Array;
}

/** What a request sends beside its method and path. */
interface Sent {
  /** The bearer token: the administrator's unless given; `null` sends none. */
  readonly token?: string | null;
  /** A JSON body sent as these very characters (a cut-off one). */
  readonly raw?: string;
  /** A file as the body, under its media type. */
  readonly file?: FileBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer as a client reads it: JSON parsed, a file's bytes as they came, nothing for a 204. */
interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: Json;
}

/** Sends a request as a client would: JSON, a raw JSON text or a file, with the token and headers. */
async function send(method: string, path: string, body: unknown, sent: Sent): Promise<Reply> {
  const token = sent.token === undefined ? ADMIN_TOKEN : sent.token;
  const payload =
    sent.file !== undefined
      ? sent.file
      : sent.raw !== undefined
        ? { type: 'application/json', bytes: sent.raw }
        : body !== undefined
          ? { type: 'application/json', bytes: JSON.stringify(body) }
          : undefined;
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...sent.headers,
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(payload === undefined ? {} : { 'content-type': payload.type }),
    },
    ...(payload === undefined ? {} : { body: payload.bytes }),
  });
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const bytes = new Uint8Array(await response.arrayBuffer());
  const answer =
    bytes.length === 0
      ? undefined
      : type === 'application/json'
        ? JSON.parse(Buffer.from(bytes).toString('utf8'))
        : bytes;
  return { status: response.status, type, body: answer as Json };
}

/**
 * Sends a request as a client would and checks its answer against the document: the body's media type
 * is one the operation takes; the status is one the operation lists, with the media type it lists
 * (JSON, a file's, or none for a 204); a JSON body matches the document's schema for it (ajv); and a
 * success matches the route's own zod schema too.
 */
async function call(
  method: string,
  path: string,
  body?: unknown,
  sent: Sent = {},
): Promise<{ status: number; body: Json }> {
  const reply = await send(method, path, body, sent);
  const route = routeOf(method, new URL(path, api.url).pathname);
  const name = `${method} ${path} → ${reply.status}`;
  const operation = operations().get(key(route))!;
  const sentType =
    sent.file?.type ?? (body !== undefined || sent.raw !== undefined ? 'application/json' : undefined);
  if (sentType !== undefined && operation.requestBody !== undefined) {
    if (operation.requestBody.content[sentType] === undefined) {
      throw new Error(`${name}: the document lists no request body of ${sentType}`);
    }
  }
  const response = operation.responses[String(reply.status)];
  if (response === undefined) throw new Error(`${name}: the document lists no ${reply.status}`);
  if (response.content === undefined) {
    // An answer without a body (204): the document gives it no content.
    if (reply.body !== undefined) throw new Error(`${name}: a body where the document says none`);
  } else if (response.content[reply.type] === undefined) {
    throw new Error(
      `${name}: a ${reply.type} answer where the document lists ${Object.keys(response.content)}`,
    );
  } else if (reply.type === 'application/json') {
    const validate = compile(response.content['application/json'].schema);
    if (!validate(reply.body)) {
      throw new Error(
        `${name} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(reply.body)}`,
      );
    }
  } else if (!(reply.body instanceof Uint8Array) || reply.body.length === 0) {
    throw new Error(`${name}: an empty ${reply.type}`);
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

    // The places of the city, as the administrator builds them; the unit placed in its community.
    const district = await call('POST', '/api/v1/places', { kind: 'district', name: '西湖区' });
    expect(district.status).toBe(201);
    const subdistrict = await call('POST', '/api/v1/places', {
      kind: 'subdistrict',
      name: '北山街道',
      parentId: district.body.id,
    });
    const community = await call('POST', '/api/v1/places', {
      kind: 'community',
      name: '文三社区',
      parentId: subdistrict.body.id,
    });
    expect(community.status).toBe(201);
    const communityId = community.body.id as string;
    expect(
      (
        await call('POST', '/api/v1/places', {
          kind: 'community',
          name: '文三社区',
          parentId: subdistrict.body.id,
        })
      ).body.error,
    ).toBe('place_already_exists');
    // The places a page at a time: two, then the third after the cursor.
    const places = await call('GET', '/api/v1/places?limit=2');
    expect(places.body.items).toHaveLength(2);
    const rest = await call('GET', `/api/v1/places?cursor=${places.body.nextCursor as string}`);
    expect(rest.body).toMatchObject({ items: [expect.any(Object)], nextCursor: null });
    expect([...places.body.items, ...rest.body.items].map((place: Json) => place.id).sort()).toEqual(
      [district.body.id, subdistrict.body.id, communityId].sort(),
    );
    expect((await call('GET', '/api/v1/places?cursor=not-one-it-gave')).body.error).toBe('invalid_cursor');
    expect((await call('PUT', `${u}/community`, { communityId })).body).toMatchObject({
      communityId,
      placed: true,
    });
    expect((await call('PUT', `${u}/community`, { communityId: district.body.id })).body.error).toBe(
      'wrong_place_kind',
    );
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
    // A candidate cost plan beside the one in force, stored nowhere.
    const simulated = await call('POST', `${u}/plans/simulate`, {
      totalCostFen: 60_000_000,
      subsidyFen: 10_000_000,
      scheme: { kind: 'area' },
    });
    expect(simulated.body).toMatchObject({ stored: false, comparedWith: { planVersion: 1 } });
    expect(simulated.body.shares).toHaveLength(7);
    expect(
      (
        await call('POST', `${u}/plans/simulate`, {
          totalCostFen: 100,
          subsidyFen: 200,
          scheme: { kind: 'area' },
        })
      ).body.error,
    ).toBe('subsidy_exceeds_cost');
    expect((await call('GET', `${u}/plans`)).body.items[0].shares).toHaveLength(7);

    // Binding codes, the group code, a proxy and a committee contact.
    const codes = (await call('POST', `${u}/binding-codes`)).body.codes;
    expect(codes).toHaveLength(7);
    expect((await call('POST', `${u}/binding-codes/101`)).status).toBe(201);
    expect((await call('DELETE', `${u}/binding-codes/101`)).body).toMatchObject({ room: '101' });
    expect((await call('DELETE', `${u}/binding-codes/101`)).body.error).toBe('not_found');
    expect((await call('POST', `${u}/group-code`)).status).toBe(201);
    expect((await call('POST', `${u}/proxies`, { room: '201', contactId: 'wx-proxy-201' })).status).toBe(201);
    expect((await call('POST', `${u}/proxies`, { room: '201', contactId: 'wx-proxy-201' })).status).toBe(200);
    expect((await call('GET', `${u}/bindings`)).body.items[2]).toMatchObject({ room: '201', bound: true });
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
    // While it is open: the door-to-door worklist, and no named record yet.
    expect((await call('GET', `${b}/worklist`)).body.flats).toHaveLength(7);
    expect((await call('GET', `${b}/record`)).body.error).toBe('ballot_still_open');
    // A resident signs in with WeChat, binds their flat with its slip and votes from the mini-program;
    // a retried request (the same Idempotency-Key) is the same vote.
    const codeOf = (room: string) => codes.find((issued: Json) => issued.room === room).code as string;
    const session = await call(
      'POST',
      '/api/v1/sessions/wechat',
      { code: wechat.login('openid-301') },
      { token: null },
    );
    expect(session.body).toMatchObject({ method: 'wechat', flats: [] });
    expect(
      (await call('POST', '/api/v1/sessions/wechat', { code: 'used-or-made-up' }, { token: null })).body
        .error,
    ).toBe('sign_in_code_invalid');
    const resident = { token: session.body.token as string };
    expect((await call('POST', '/api/v1/me/flats', { code: codeOf('301') }, resident)).body).toMatchObject({
      unitId,
      room: '301',
      pending: false,
    });
    const retried = { ...resident, headers: { 'idempotency-key': 'vote-301-1' } };
    expect((await call('POST', `${b}/my-vote`, { choice: 'agree' }, retried)).body).toMatchObject({
      duplicate: false,
      votes: [{ room: '301', counts: 'agree' }],
    });
    expect(await call('POST', `${b}/my-vote`, { choice: 'agree' }, retried)).toMatchObject({
      status: 200,
      body: { duplicate: true, votes: [] },
    });
    expect((await call('POST', `${b}/my-vote`, { choice: 'agree' })).body.error).toBe('forbidden');
    // Every other flat votes on paper.
    for (const room of [...rooms(6), '401'].filter((room) => room !== '301')) {
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
    // Once closed: the named record, every flat with its vote; no worklist any more.
    const record = await call('GET', `${b}/record`);
    expect(record.body).toMatchObject({ status: 'closed' });
    expect(record.body.flats[0]).toMatchObject({
      counted: 'agree',
      votes: [{ reference: 'P-101', counts: true }],
    });
    expect((await call('GET', `${b}/worklist`)).body.error).toBe('ballot_closed');
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
    expect(alerts.body.items).toHaveLength(1);
    const ack = await call('POST', `${u}/alerts/${alerts.body.items[0].alertId}/ack`, {});
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
    expect((await call('GET', `${o}/minutes.pdf`)).status).toBe(200);
    expect((await call('GET', `${u}/objections`)).body).toMatchObject({
      applicationBlocked: false,
      publicity: {},
    });

    // Publicity over (as its clock ends it); the application through its joint review.
    api.clock.set(day(22));
    await endPublicity(api.system.commands, unitId, api.clock.now());
    const a = `${u}/application`;
    expect((await call('POST', a, { materials: ['申请书'] })).status).toBe(201);
    expect((await call('POST', a, { materials: ['申请书'] })).status).toBe(409);
    expect((await call('POST', `${a}/incomplete`, { missing: ['设计图纸'] })).status).toBe(201);
    expect((await call('POST', `${a}/supplement`, { materials: ['设计图纸'] })).status).toBe(201);
    expect((await call('POST', `${a}/acceptance`, { departments: ['区住建局'] })).status).toBe(201);
    expect((await call('POST', `${a}/opinions`, { department: '区住建局', opinion: 'approve' })).status).toBe(
      201,
    );
    expect((await call('POST', `${a}/conclusion`, { decision: 'approved' })).status).toBe(201);
    expect((await call('GET', a)).body).toMatchObject({
      stage: 'approved',
      jointReview: { decision: 'approved' },
    });
    // The works to use registration, each step in order.
    for (const [tail, body] of [
      ['/works/pipeline-relocation', { utilities: [] }],
      ['/works/installation-notice', { installer: '杭州某电梯安装公司' }],
      ['/works/start', {}],
      ['/works/completion', {}],
      ['/works/inspections', { passed: true }],
      ['/works/acceptance', {}],
      ['/user-unit', { name: '某物业公司', kind: 'entrusted_manager' }],
      ['/handover', {}],
      ['/use-registration', {}],
    ] as const) {
      expect((await call('POST', `${u}${tail}`, body)).status).toBe(201);
    }
    expect((await call('GET', `${u}/works`)).body).toMatchObject({ stage: 'in_service' });
    // Money: a payment from 301 recorded, one refused beyond what it owes, one cancelled; the ledger.
    const paid = await call('POST', `${u}/payments`, { room: '301', amountFen: 100_000, reference: 'SJ-1' });
    expect(paid.status).toBe(201);
    expect((await call('POST', `${u}/payments`, { room: '301', amountFen: 999_999_999 })).status).toBe(422);
    expect(
      (await call('POST', `${u}/payments/${paid.body.paymentId}/cancel`, { reason: '录错' })).status,
    ).toBe(201);
    expect((await call('GET', `${u}/payments`)).body.accounts).toHaveLength(7);
    // Documents: a PDF filed for an item, listed, served as filed, withdrawn; a text file refused.
    const pdf = { type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n% 施工图\n%%EOF\n') };
    const doc = await call(
      'POST',
      `${u}/documents?checklist=application&item=design&name=施工图.pdf`,
      undefined,
      {
        file: pdf,
      },
    );
    expect(doc.status).toBe(201);
    const text = { type: 'application/pdf', bytes: Buffer.from('not a pdf') };
    expect(
      (
        await call('POST', `${u}/documents?checklist=application&item=design&name=x.pdf`, undefined, {
          file: text,
        })
      ).status,
    ).toBe(415);
    expect((await call('GET', `${u}/documents`)).body.documents).toHaveLength(1);
    expect((await call('GET', `${u}/documents/${doc.body.document.documentId}/file`)).status).toBe(200);
    expect(
      (await call('POST', `${u}/documents/${doc.body.document.documentId}/withdraw`, { reason: '传错了' }))
        .status,
    ).toBe(201);
    // Claims: the subsidy applied for; a provident-fund withdrawal refused before it is applied for.
    expect((await call('POST', `${u}/claims`, { fund: 'subsidy', status: 'applied' })).status).toBe(201);
    expect(
      (
        await call('POST', `${u}/claims`, {
          fund: 'provident_fund',
          room: '301',
          status: 'paid',
          amountFen: 100,
        })
      ).status,
    ).toBe(409);
    expect((await call('GET', `${u}/claims`)).body.subsidy.claim).toMatchObject({ status: 'applied' });

    // The elevator in service: its record (the alarm key shown in that answer alone), read, the key
    // replaced; a periodic inspection; a maintenance visit logged and signed off; an entrapment signed
    // with the key and sent to the public route without a token (the old key refused), then taken on.
    const e = `${u}/elevator`;
    const recorded = await call('PUT', e, {
      registrationCode: '31103301-2025-0001',
      rescueCode: '33010001',
      maker: '某电梯制造公司',
      model: 'GeN2-MR',
      maintainer: { name: '某电梯维保公司', serviceLine: '0571-88880000' },
      contractFrom: '2025-03-25',
      contractTo: '2026-03-24',
      certificateExpiresOn: '2026-03-24',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      unitId,
      alarmKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      elevator: {
        elevatorId: expect.stringMatching(/^el_[0-9a-f]{12}$/),
        maintenanceIntervalDays: 15,
        recordedOn: '2025-03-25',
        maintenanceDueOn: '2025-04-09',
        visits: [],
        inspections: [],
        alarms: [],
      },
    });
    const elevatorId = recorded.body.elevator.elevatorId as string;
    const read = await call('GET', e);
    expect(read).toEqual({ status: 200, body: { unitId, elevator: recorded.body.elevator } });
    const rekeyed = await call('POST', `${e}/alarm-key`);
    expect(rekeyed.status).toBe(201);
    expect(rekeyed.body.alarmKey).toMatch(/^[0-9a-f]{64}$/);
    expect(rekeyed.body.alarmKey).not.toBe(recorded.body.alarmKey);
    const inspected = await call('POST', `${e}/inspections`, {
      passed: true,
      certificateExpiresOn: '2026-03-24',
      reportRef: 'DJ-2025-0001',
    });
    expect(inspected.status).toBe(201);
    expect(inspected.body.elevator.inspections).toEqual([
      {
        inspectedOn: '2025-03-25',
        passed: true,
        certificateExpiresOn: '2026-03-24',
        reportRef: 'DJ-2025-0001',
      },
    ]);
    const visited = await call('POST', `${e}/visits`, { kind: 'half_monthly', notes: '曳引机、门锁检查' });
    expect(visited.status).toBe(201);
    expect(visited.body.visitId).toMatch(/^mv_[0-9a-f]{12}$/);
    const signedOff = await call('POST', `${e}/visits/confirmation`, {});
    expect(signedOff.status).toBe(201);
    expect(signedOff.body.visitId).toBe(visited.body.visitId);
    expect(signedOff.body.elevator.visits).toEqual([
      {
        visitId: visited.body.visitId,
        visitedOn: '2025-03-25',
        kind: 'half_monthly',
        notes: '曳引机、门锁检查',
        confirmedAt: api.clock.now().toISOString(),
      },
    ]);
    expect((await call('POST', `${e}/visits/confirmation`, {})).body.error).toBe('visit_not_found');
    const occurredAt = new Date(api.clock.now().getTime() - 60_000).toISOString();
    const alarm = JSON.stringify({
      alarmId: 'AL-1',
      kind: 'entrapment',
      occurredAt,
      source: '96333',
      detail: '轿厢困人',
    });
    /** The alarm as its monitoring system sends it: no token, signed with `key` at the server's time. */
    const signedWith = (key: string): Sent => {
      const timestamp = String(Math.floor(api.clock.now().getTime() / 1000));
      const signature = createHmac('sha256', key).update(`${timestamp}.${alarm}`).digest('hex');
      return {
        token: null,
        raw: alarm,
        headers: { 'x-jiati-timestamp': timestamp, 'x-jiati-signature': `sha256=${signature}` },
      };
    };
    const alarms = `/api/v1/elevators/${elevatorId}/alarms`;
    const withOldKey = await call('POST', alarms, undefined, signedWith(recorded.body.alarmKey as string));
    expect(withOldKey).toMatchObject({ status: 401, body: { ok: false, error: 'invalid_signature' } });
    expect((await call('GET', e)).body.elevator.alarms).toEqual([]);
    expect(await call('POST', alarms, undefined, signedWith(rekeyed.body.alarmKey as string))).toEqual({
      status: 200,
      body: { alarmId: 'AL-1', recorded: true },
    });
    const taken = await call('POST', `${e}/alarms/AL-1/acknowledgement`);
    expect(taken.status).toBe(201);
    expect(taken.body.elevator.alarms).toEqual([
      {
        alarmId: 'AL-1',
        kind: 'entrapment',
        occurredAt,
        source: '96333',
        detail: '轿厢困人',
        acknowledgedAt: api.clock.now().toISOString(),
      },
    ]);
    expect((await call('POST', `${e}/alarms/AL-9/acknowledgement`)).body.error).toBe('alarm_not_found');

    // Its running costs: the key the owners agreed (by area, the ground floor exempt), a bill split by
    // it to the fen, advertising income credited by it, a household's payment (never beyond what the
    // flat owes), and every flat's account.
    const r = `${u}/running`;
    const keyed = await call('PUT', `${r}/key`, { key: { scheme: { kind: 'area' } } });
    expect(keyed.status).toBe(200);
    expect(keyed.body.running).toEqual({
      key: { scheme: { kind: 'area' } },
      agreedOn: '2025-03-25',
      bills: [],
      incomes: [],
      payments: [],
    });
    const billed = await call('POST', `${r}/bills`, {
      kind: 'electricity',
      amountFen: 26_125,
      periodFrom: '2025-03-01',
      periodTo: '2025-03-24',
      note: '三月电费',
    });
    expect(billed.status).toBe(201);
    expect(billed.body.running.bills[0].parts).toEqual([
      { room: '201', fen: 5_000 },
      { room: '202', fen: 5_000 },
      { room: '301', fen: 5_000 },
      { room: '302', fen: 5_000 },
      { room: '401', fen: 6_125 },
    ]);
    const credited = await call('POST', `${r}/incomes`, { source: 'advertising', amountFen: 2_000 });
    expect(credited.status).toBe(201);
    expect(
      credited.body.running.incomes[0].parts.reduce((sum: number, part: Json) => sum + part.fen, 0),
    ).toBe(2_000);
    const settled = await call('POST', `${r}/payments`, { room: '201', amountFen: 4_000 });
    expect(settled.status).toBe(201);
    expect(settled.body.accounts.find((account: Json) => account.room === '201')).toMatchObject({
      billedFen: 5_000,
      paidFen: 4_000,
      owedSince: '2025-03-25',
    });
    expect((await call('POST', `${r}/payments`, { room: '201', amountFen: 5_000 })).body.error).toBe(
      'payment_exceeds_due',
    );
    expect(await call('GET', r)).toEqual({
      status: 200,
      body: { unitId, running: settled.body.running, accounts: settled.body.accounts },
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

    // The units, the case's history a page at a time and its chain checked, the dashboard; the records
    // to print and file, each a file of the type the document lists.
    const units = await call('GET', '/api/v1/units');
    expect(units.body.items.map((listed: Json) => listed.id)).toEqual([unitId, other.body.id]);
    const timeline = await call('GET', `${u}/timeline?limit=5`);
    expect(timeline.body.items.map((event: Json) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(
      (await call('GET', `${u}/timeline?cursor=${timeline.body.nextCursor as string}`)).body.items[0].seq,
    ).toBe(6);
    expect((await call('GET', `${u}/timeline/verify`)).body).toMatchObject({ ok: true });
    expect(
      (await call('GET', `/api/v1/dashboard?communityId=${communityId}`)).body.communities,
    ).toMatchObject([{ id: communityId, units: 1 }]);
    expect((await call('GET', '/api/v1/dashboard?communityId=pl_nowhere')).body.error).toBe('no_such_place');
    expect((await call('GET', `${b}/record.xlsx`)).body).toBeInstanceOf(Uint8Array);
    expect((await call('GET', `${b}/record.pdf`)).body).toBeInstanceOf(Uint8Array);
    expect((await call('GET', `${u}/publicity-notice.pdf`)).status).toBe(200);
    expect((await call('GET', `/api/v1/units/${other.body.id}/publicity-notice.pdf`)).body.error).toBe(
      'wrong_stage',
    );
    expect((await call('GET', `${u}/roster.xlsx`)).status).toBe(200);
    expect((await call('POST', `/api/v1/units/${other.body.id}/binding-codes.pdf`)).status).toBe(201);

    // A committee member's own token: their unit read, another's answered as if it did not exist, an
    // action their role may not take refused; once revoked, it signs no one in.
    const issued = await call('POST', '/api/v1/tokens', {
      name: '沈丽萍',
      role: 'committee',
      scope: { kind: 'community', id: communityId },
      expiresInDays: 30,
    });
    expect(issued.body).toMatchObject({ status: 'active', token: expect.stringMatching(/^jt_/) });
    const staff = { token: issued.body.token as string };
    expect((await call('GET', u, undefined, staff)).body.communityId).toBe(communityId);
    expect((await call('GET', `${b}/tally`, undefined, staff)).status).toBe(200);
    expect((await call('GET', '/api/v1/units', undefined, staff)).body.items).toMatchObject([{ id: unitId }]);
    expect((await call('GET', `/api/v1/units/${other.body.id}`, undefined, staff)).body.error).toBe(
      'unit_not_registered',
    );
    expect((await call('GET', `${c}/tally`, undefined, staff)).body.error).toBe('ballot_not_found');
    expect((await call('PUT', `${u}/community`, { communityId }, staff)).body.error).toBe('forbidden');
    expect(
      (await call('POST', '/api/v1/places', { kind: 'district', name: '上城区' }, staff)).body.error,
    ).toBe('forbidden');
    expect((await call('GET', '/api/v1/places', undefined, staff)).status).toBe(200);
    expect((await call('GET', '/api/v1/tokens')).body.items).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/tokens/${issued.body.id}`)).body).toMatchObject({
      revoked: true,
      status: 'revoked',
    });
    expect((await call('DELETE', '/api/v1/tokens/tok_nobody')).body.error).toBe('token_not_found');
    expect((await call('GET', u, undefined, staff)).status).toBe(401);

    // The resident of 301, signed in since the ballot opened: who they are, their own flat in full and
    // the neighbours' by room; a neighbour's slip used again asks the owners; the development exchange
    // signs in with a slip; what a resident may not do is refused; their own objection, filed; signed
    // out, the session signs no one in.
    expect((await call('GET', '/api/v1/me', undefined, resident)).body).toMatchObject({
      kind: 'resident',
      flats: [{ unitId, room: '301' }],
    });
    expect((await call('GET', '/api/v1/me')).body).toMatchObject({
      kind: 'admin',
      scope: { kind: 'platform' },
    });
    const seen = (await call('GET', u, undefined, resident)).body.flats;
    expect(seen.find((flat: Json) => flat.room === '301')).toMatchObject({ mine: true });
    expect(seen.find((flat: Json) => flat.room === '302').owners).toBeUndefined();
    expect((await call('POST', `${u}/group-code`, undefined, resident)).body.error).toBe('forbidden');
    expect((await call('GET', `/api/v1/units/${other.body.id}`, undefined, resident)).body.error).toBe(
      'unit_not_registered',
    );
    const neighbour = await call(
      'POST',
      '/api/v1/sessions/wechat',
      { code: wechat.login('openid-301-spouse') },
      { token: null },
    );
    const joining = await call(
      'POST',
      '/api/v1/me/flats',
      { code: codeOf('301') },
      { token: neighbour.body.token },
    );
    expect(joining).toMatchObject({ status: 202, body: { pending: true } });
    expect(
      (await call('POST', '/api/v1/sessions/dev', { code: codeOf('302') }, { token: null })).body,
    ).toMatchObject({
      method: 'dev',
      flats: [{ unitId, room: '302' }],
    });
    expect((await call('POST', '/api/v1/sessions/dev', { code: 'ZZZZZZ' }, { token: null })).body.error).toBe(
      'binding_code_wrong',
    );
    const mine = await call(
      'POST',
      `${u}/my-objections`,
      { ground: 'other', summary: '电梯运行声音影响休息' },
      resident,
    );
    expect(mine.body).toMatchObject({ unitId, objector: { room: '301' } });
    expect(
      (await call('POST', `${u}/my-objections`, { ground: 'other', summary: '噪音', room: '302' }, resident))
        .body.error,
    ).toBe('validation_error');
    expect((await call('GET', '/api/v1/me/reminders', undefined, resident)).status).toBe(200);
    expect((await call('GET', '/api/v1/me/costs', undefined, resident)).body.flats).toHaveLength(1);
    expect((await call('GET', `${u}/milestones`, undefined, resident)).status).toBe(200);
    expect(
      (await call('POST', '/api/v1/me/reminders', { results: { 'tmpl-none': 'reject' } }, resident)).status,
    ).toBe(200);
    expect((await call('DELETE', '/api/v1/me/session', undefined, resident)).status).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, resident)).status).toBe(401);

    // Rosters from files: a CSV registers a unit, an .xlsx replaces its roster; bad rows all listed.
    const csv =
      '\uFEFF房号,楼层,面积,面积来源,业主,电话,备注\r\n' +
      '101,1,60.50,登记,王建国,13800000101,\r\n' +
      '102,1,58,登记,李秀英、张伟,,二楼楼下\r\n';
    const imported = await call(
      'POST',
      `/api/v1/units/import?${new URLSearchParams({ name: '文三路 14 幢 1 单元' }).toString()}`,
      undefined,
      { file: { type: 'text/csv', bytes: csv } },
    );
    expect(imported.body).toMatchObject({
      import: { format: 'csv', flats: 2, ignoredColumns: ['备注'], encoding: 'utf-8' },
    });
    const badRows = await call('POST', '/api/v1/units/import?name=x', undefined, {
      file: { type: 'text/csv', bytes: '房号,楼层,面积,业主\r\n101,一楼,abc,\r\n' },
    });
    expect(badRows.body.error).toBe('roster_import_invalid');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['房号', '楼层', '面积', '面积来源', '业主']);
    sheet.addRow([101, 1, 60.5, '登记', '王建国']);
    sheet.addRow([102, 1, 58, '登记', '李秀英']);
    sheet.addRow([201, 2, 60.5, '测绘', '赵铁柱']);
    const xlsx = { type: XLSX, bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
    const importedRoster = `/api/v1/units/${imported.body.id}/flats/import`;
    const replaced = await call(
      'PUT',
      `${importedRoster}?reason=${encodeURIComponent('补登 201')}`,
      undefined,
      {
        file: xlsx,
      },
    );
    expect(replaced.body).toMatchObject({
      rosterUpdate: { updated: true, added: ['201'] },
      import: { format: 'xlsx', flats: 3 },
    });
    expect(
      (
        await call('PUT', `${importedRoster}?reason=x`, undefined, {
          file: { type: XLSX, bytes: 'PK not a workbook' },
        })
      ).body.error,
    ).toBe('unreadable_file');

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
    // A route listed here needs a step in the run above: its answers are checked only once it is called.
    expect({
      routesWithoutASuccessInTheRun: ROUTES.map(key).filter((route) => !succeeded.has(route)),
    }).toEqual({
      routesWithoutASuccessInTheRun: [],
    });
    expect(refused.size).toBeGreaterThanOrEqual(25);
  });
});

// Last: compiling every schema holds the event loop a few seconds, long enough for the server to drop
// an idle keep-alive connection the client is about to reuse.
describe('the document’s schemas', () => {
  it('compiles every schema it holds as JSON Schema 2020-12', () => {
    for (const schema of Object.values(doc.components.schemas as Record<string, Json>)) compile(schema);
    for (const operation of operations().values()) {
      for (const parameter of operation.parameters ?? []) compile(parameter.schema);
      for (const media of Object.values((operation.requestBody?.content ?? {}) as Record<string, Json>)) {
        compile(media.schema);
      }
      for (const response of Object.values(operation.responses as Record<string, Json>)) {
        // A 204 has no content; a file is its own media type.
        for (const media of Object.values((response.content ?? {}) as Record<string, Json>)) {
          compile(media.schema);
        }
      }
    }
  });
});
