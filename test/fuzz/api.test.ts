/**
 * API fuzzing over real HTTP on the real database: every route, listed from the
 * routers themselves with the zod schemas its `validate` checks, gets requests generated from those
 * schemas (`test/support/zod-arbitrary.ts`): valid ones and ones with something wrong — wrong types,
 * missing and extra keys, huge strings and arrays, numbers out of range and non-integers, deep nesting,
 * control characters and lone surrogates, instants in the years 0001, 9999 and +275760, `__proto__`,
 * `constructor`, `$`-prefixed and dotted keys — in the path, the query and the body, plus raw bodies
 * that are not JSON, too large, or in an encoding the server does not read. For each request:
 *
 * - never a 5xx;
 * - every 4xx is `{ ok: false, error, message }`, with a code the OpenAPI document lists for the route
 *   and that status, and every success matches the route's declared response schema;
 * - a 4xx stored nothing: no write the app sent changed a document, in any collection
 *   (`recordWrites`), and every collection of record reads back as it was (`storedRecords`).
 *
 * Accepted requests may change the store; after each route the server still answers its health check
 * and a unit, and every case stream still verifies (a lone surrogate in a body once broke a chain). Paths are the fixture's real ids most of the time, so bodies reach the commands behind
 * them: unit A has an open elevator ballot, unit B is in publicity with an objection filed; a district, sub-district and community
 * stand, with a committee member's token. Each route
 * starts from its own copy of that fixture, on a fresh system: what one route's accepted requests
 * stored never reaches another's, so `FC_SEED` reruns one route's cases alone, and the store each
 * request is compared against stays small (a snapshot reads every record: about 0.1 ms each).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Router from '@koa/router';
import fc from 'fast-check';
import type { Document } from 'mongodb';
import { isDeepStrictEqual } from 'node:util';
import { createLogger } from '../../lib/log.js';
import { routeSchemas, type Schemas } from '../../api/middleware/validate.js';
import { errorCodesOf } from '../../api/openapi/errors.js';
import { fileTypesOf } from '../../api/openapi/registry.js';
import { listRoutes as listDocumented, type ApiRoute } from '../../api/openapi/route-table.js';
import { apiRouters } from '../../api/routes/index.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { makeVerifyAllChains } from '../../commands/verify-chains.js';
import { openBallot, publishPlan, registerUnit, vote } from '../support/api-helpers.js';
import { fastCheckSeed } from '../support/fast-check.js';
import { ADMIN_TOKEN, startTestApi, T0, type TestApi } from '../support/http.js';
import { recordWrites, storedRecords, type WriteRecorder } from '../support/stored.js';
import { rooms } from '../support/units.js';
import {
  fuzzValue,
  hostileValue,
  smallHostileValue,
  jsonSchemaOf,
  type Hints,
  type JsonSchema,
} from '../support/zod-arbitrary.js';

const DAY = 86_400_000;
/** Requests per route: about 2,500 in all. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_API_RUNS ?? 50);
/**
 * A download draws a whole PDF or workbook (0.3 s and more): a fifth of the runs, as the inputs it
 * checks (the path's ids) are the JSON routes' own.
 */
const runsOf = (path: string) =>
  /\.(pdf|xlsx)$/.test(path) ? Math.max(1, Math.round(RUNS_PER_ROUTE / 5)) : RUNS_PER_ROUTE;
const seed = fastCheckSeed('fuzz/api.test.ts');

/** One route of `/api/v1`, with the schemas its `validate` checks. */
interface Route {
  readonly method: string;
  readonly path: string;
  readonly schemas: Readonly<Schemas>;
}

/** Every route the routers answer (HEAD aside: Koa answers it for GET), with its schemas. */
function listRoutes(routers: readonly Router[]): Route[] {
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          path: String(layer.path),
          schemas: routeSchemas(layer.stack.at(-1)) ?? {},
        })),
    ),
  );
}

// The routers only close over the context: listing them needs none.
const ROUTES = listRoutes(apiRouters({} as CommandContext));
/** The same routes as the OpenAPI document sees them, by `METHOD /path`. */
const DOCUMENTED = new Map(
  listDocumented(apiRouters({} as CommandContext), { access: 'bearer' }).map((route) => [
    `${route.method} ${route.path}`,
    { ...route, path: `/api/v1${route.path}` } satisfies ApiRoute,
  ]),
);

/**
 * Whether the request reached `route` itself: a path segment such as `..` or `%2F` may have taken it
 * elsewhere (another route, or none), whose answers the route's document entry does not describe.
 */
function reached(route: Route, url: string): boolean {
  const pattern = new RegExp(`^/api/v1${route.path.replace(/:(\w+)/g, '[^/]+')}$`);
  const pathname = new URL(url).pathname;
  return (
    pattern.test(pathname) &&
    !ROUTES.some(
      (other) =>
        other !== route &&
        other.method === route.method &&
        !other.path.includes(':') &&
        `/api/v1${other.path}` === pathname,
    )
  );
}

/** Checks an answer of `route` against its OpenAPI entry: a declared success schema, or a listed code. */
function matchesDocument(route: Route, status: number, body: unknown, where: string): void {
  const documented = DOCUMENTED.get(`${route.method} ${route.path}`)!;
  if (status < 400) {
    const schema = documented.spec?.responses?.[status];
    if (schema === undefined) throw new Error(`a ${status} the route does not declare: ${where}`);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`a ${status} unlike its schema (${parsed.error.message}): ${where}`);
    return;
  }
  const code = (body as { error: string }).error;
  if (!(errorCodesOf(documented).get(status) ?? []).includes(code as never)) {
    throw new Error(`a ${status} ${code} the OpenAPI document does not list for the route: ${where}`);
  }
}

/** One generated request. `rawPath` segments are put in the URL as they are, not encoded. */
interface FuzzRequest {
  readonly params: Record<string, { value: string; raw: boolean }>;
  readonly query: unknown;
  readonly body: { kind: 'json'; value: unknown } | { kind: 'raw'; raw: RawBody } | { kind: 'none' };
}

/** A body sent as bytes, with the headers that go with it. */
interface RawBody {
  readonly what: string;
  readonly bytes: string | Uint8Array;
  readonly headers: Record<string, string>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const CSV_TYPE = { 'content-type': 'text/csv' };
/** Bodies that are not the JSON of a value, or that the body parser must refuse. */
const RAW_BODIES: RawBody[] = [
  { what: 'cut-off JSON', bytes: '{"title":', headers: JSON_TYPE },
  { what: 'a lone brace', bytes: '{', headers: JSON_TYPE },
  { what: 'null', bytes: 'null', headers: JSON_TYPE },
  { what: 'a list', bytes: '[]', headers: JSON_TYPE },
  { what: 'a string', bytes: '"x"', headers: JSON_TYPE },
  { what: 'a number', bytes: '123', headers: JSON_TYPE },
  { what: 'an empty body', bytes: '', headers: JSON_TYPE },
  {
    what: 'invalid UTF-8',
    bytes: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    headers: JSON_TYPE,
  },
  { what: 'an escaped lone surrogate', bytes: '{"title":"\\ud800","name":"\\udfff"}', headers: JSON_TYPE },
  { what: 'a __proto__ key', bytes: '{"__proto__":{"isAdmin":true},"title":"x"}', headers: JSON_TYPE },
  { what: 'a constructor key', bytes: '{"constructor":{"prototype":{"polluted":true}}}', headers: JSON_TYPE },
  { what: 'a key twice', bytes: '{"title":"a","title":{"$gt":""}}', headers: JSON_TYPE },
  { what: 'over 1 MB', bytes: `{"title":"${'x'.repeat(1_100_000)}"}`, headers: JSON_TYPE },
  { what: 'arrays 100,000 deep', bytes: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers: JSON_TYPE },
  {
    what: 'objects 100,000 deep',
    bytes: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    headers: JSON_TYPE,
  },
  {
    what: 'a Latin-1 charset',
    bytes: '{"title":"x"}',
    headers: { 'content-type': 'application/json; charset=latin1' },
  },
  { what: 'plain text', bytes: 'hello', headers: { 'content-type': 'text/plain' } },
  {
    what: 'a form',
    bytes: 'title=x&matter=major',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  { what: 'no content type', bytes: '{"title":"x"}', headers: {} },
  // Files, which only the import routes read (every other route reads no body from them).
  {
    what: 'a CSV roster',
    bytes: '\uFEFF房号,楼层,面积,面积来源,业主\n101,1,50,登记,王\n',
    headers: CSV_TYPE,
  },
  { what: 'a CSV with a quote left open', bytes: '房号,"楼层\n101,1', headers: CSV_TYPE },
  {
    what: 'a CSV that is not UTF-8',
    bytes: new Uint8Array([0xb7, 0xbf, 0xba, 0xc5, 0x0a]),
    headers: CSV_TYPE,
  },
  {
    what: 'an .xlsx that is not one',
    bytes: 'PK\u0003\u0004 not a workbook',
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  },
  { what: 'gzip that is not', bytes: '{"title":"x"}', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } },
  {
    what: 'deflate that is not',
    bytes: '{"title":"x"}',
    headers: { ...JSON_TYPE, 'content-encoding': 'deflate' },
  },
  {
    what: 'an unknown encoding',
    bytes: '{"title":"x"}',
    headers: { ...JSON_TYPE, 'content-encoding': 'x-zip' },
  },
];

/** Path segments put in the URL unencoded: malformed escapes, dot segments, encoded slashes and NULs. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  'a%00b',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '%C0%AF',
  '%uD800',
  '~',
];

/** One route's fuzzing: its own system on a copy of the fixture, and the store as last read. */
interface Session {
  readonly api: TestApi;
  readonly recorder: WriteRecorder;
  stored: Record<string, unknown[]>;
}

let ids: Record<string, string[]>;
/** The fixture's places: a district, a sub-district in it and a community in that. */
let placeIds: { district: string; subdistrict: string; community: string };
/** Every document of the fixture's database, by collection, and the fixture's clock. */
let fixture: { docs: Record<string, Document[]>; now: Date };
/** What the app logged at `error`: a 5xx's cause, shown with the failure. */
const errorLines: string[] = [];
const log = createLogger({ level: 'error' }, { write: (line: string) => void errorLines.push(line) });

beforeAll(async () => {
  const setup = await startTestApi({ log });
  try {
    // Unit A: an elevator ballot open for 30 days.
    const unitA = await registerUnit(setup, 4);
    await publishPlan(setup, unitA);
    const ballotA = await openBallot(setup, unitA, {
      matter: 'major',
      closesAt: new Date(Date.parse(T0) + 30 * DAY).toISOString(),
    });
    // Unit B: its ballot passed on day 7, the agreement is signed, an objection filed on day 8 and
    // mediated once.
    const unitB = await registerUnit(setup, 4);
    await publishPlan(setup, unitB);
    const ballotB = await openBallot(setup, unitB, {
      matter: 'major',
      closesAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
    });
    await vote(setup, ballotB.id as string, rooms(4), 'agree');
    setup.clock.set(new Date(Date.parse(T0) + 7 * DAY));
    expect((await setup.post(`/api/v1/ballots/${ballotB.id}/close`)).status).toBe(200);
    expect((await setup.post(`/api/v1/units/${unitB}/agreement`, {})).status).toBe(201);
    setup.clock.set(new Date(Date.parse(T0) + 8 * DAY));
    const filed = await setup.post(`/api/v1/units/${unitB}/objections`, {
      ground: 'daylight',
      filedAt: setup.clock.now().toISOString(),
      objector: { name: '赵铁柱', room: '101' },
      summary: '电梯井挡住客厅的阳光',
    });
    expect(filed.status).toBe(201);
    // One mediation step on it, so a step's withdrawal has something to withdraw.
    const mediated = await setup.post(
      `/api/v1/units/${unitB}/objections/${filed.body.reference}/mediations`,
      {
        level: 'negotiation',
        heldOn: setup.clock.now().toISOString().slice(0, 10),
        participants: ['赵铁柱'],
        outcome: 'failed',
      },
    );
    expect(mediated.status).toBe(201);
    // Places and a committee member's token, so the place and token routes reach their commands.
    const created: string[] = [];
    for (const [kind, name] of [
      ['district', '演示区'],
      ['subdistrict', '演示街道'],
      ['community', '演示社区'],
    ] as const) {
      const reply = await setup.post('/api/v1/places', { kind, name, parentId: created.at(-1) });
      expect(reply.status).toBe(201);
      created.push(reply.body.id as string);
    }
    placeIds = { district: created[0]!, subdistrict: created[1]!, community: created[2]! };
    const token = await setup.post('/api/v1/tokens', {
      name: '沈丽萍',
      role: 'committee',
      scope: { kind: 'community', id: placeIds.community },
      expiresInDays: 30,
    });
    expect(token.status).toBe(201);
    ids = {
      tokenId: [token.body.id as string],
      unitId: [unitA, unitB],
      id: [ballotA.id as string, ballotB.id as string],
      objectionId: [filed.body.reference as string],
      alertId: ['TX-1'],
      // No payment is recorded in the fixture: the id reaches the command, which finds none.
      paymentId: ['pay_000000000000'],
      // Nor a document: the id reaches the command, which finds none.
      documentId: ['doc_000000000000'],
      // No elevator is recorded in the fixture either: the ids reach the commands, which find none.
      alarmId: ['AL-none'],
      elevatorId: ['el_000000000000'],
      room: ['101', '302'],
      step: ['1', '2'],
    };
    await setup.system.commands.cases.flushViews();
    const db = setup.system.connection.db!;
    const names = (await db.listCollections().toArray()).map((collection) => collection.name);
    const docs = await Promise.all(names.map((name) => db.collection(name).find({}).toArray()));
    fixture = { docs: Object.fromEntries(names.map((name, i) => [name, docs[i]!])), now: setup.clock.now() };
  } finally {
    await setup.close();
  }
});

/** A fresh system on a copy of the fixture's database, at the fixture's clock. */
async function startOnFixture(): Promise<Session> {
  const api = await startTestApi({ log, now: fixture.now.toISOString() });
  const db = api.system.connection.db!;
  // The fresh system's start wrote its own bookkeeping (the start-up migration's markers): the copy
  // replaces it, collection by collection.
  for (const [name, docs] of Object.entries(fixture.docs)) {
    if (docs.length === 0) continue;
    await db.collection(name).deleteMany({});
    await db.collection(name).insertMany(docs.map((doc) => ({ ...doc })));
  }
  return {
    api,
    recorder: recordWrites(api.system.connection),
    stored: await storedRecords(api.system.models),
  };
}

/** Runs `fuzz` on a fresh session, then checks the server is still healthy and closes it. */
async function withSession(fuzz: (session: Session) => Promise<void>): Promise<void> {
  const session = await startOnFixture();
  try {
    await fuzz(session);
    await expectHealthy(session);
  } finally {
    session.recorder.stop();
    await session.api.close();
  }
}

/** Valid values the domain accepts, by property name, around the fixture's clock. */
function hints(): Hints {
  const now = fixture.now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    area: fc.stringMatching(/^[1-9][0-9]{1,2}\.[0-9]{2}$/),
    room: fc.constantFrom('101', '102', '201', '202', '302'),
    closesAt: fc.integer({ min: 5 * DAY, max: 90 * DAY }).map((ms) => iso(now + ms)),
    filedAt: fc.integer({ min: -2 * DAY, max: 0 }).map((ms) => iso(now + ms)),
    heldOn: fc.integer({ min: -2, max: 0 }).map((n) => iso(now + n * DAY).slice(0, 10)),
    signedOn: fc.constant(iso(now).slice(0, 10)),
    planVersion: fc.integer({ min: 1, max: 4 }),
    parentId: fc.constantFrom(placeIds.district, placeIds.subdistrict, placeIds.community),
    communityId: fc.constantFrom(placeIds.community, placeIds.subdistrict),
    id: fc.constantFrom(placeIds.community, placeIds.district, ids.unitId![0]!),
    expiresInDays: fc.integer({ min: 1, max: 400 }),
  };
}

/** Whether a route's path (`/units/:unitId`) matches a concrete one (`/units/import`). */
const answers = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/:(\w+)/g, '[^/]+')}$`).test(path);

/** The parameter names of a path (`/units/:unitId/alerts/:alertId` → unitId, alertId). */
const paramNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);

/** A request for `route`: its params mostly the fixture's ids, its query and body from its schemas. */
function requests(route: Route): fc.Arbitrary<FuzzRequest> {
  const hint = hints();
  const paramSchema = route.schemas.params ? jsonSchemaOf(route.schemas.params) : undefined;
  const param = (name: string) =>
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom(...(ids[name] ?? ['x'])).map((value) => ({ value, raw: false })),
      },
      {
        weight: 2,
        arbitrary: fuzzValue(paramSchema?.properties?.[name] ?? { type: 'string' }, {}, true).map(
          (value) => ({
            value: typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
            raw: false,
          }),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ value, raw: true })) },
    );
  const params = fc.record(Object.fromEntries(paramNames(route.path).map((name) => [name, param(name)])));
  const query = route.schemas.query
    ? fuzzValue(jsonSchemaOf(route.schemas.query), hint, true)
    : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: smallHostileValue });
  const bodySchema: JsonSchema | undefined = route.schemas.body
    ? jsonSchemaOf(route.schemas.body)
    : undefined;
  const json = (bodySchema ? fuzzValue(bodySchema, hint) : hostileValue).map((value) => ({
    kind: 'json' as const,
    value,
  }));
  const raw = fc.constantFrom(...RAW_BODIES).map((body) => ({ kind: 'raw' as const, raw: body }));
  const body =
    route.method === 'GET'
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof({ weight: 6, arbitrary: json }, { weight: 1, arbitrary: raw });
  return fc.record({ params, query, body }).map((request) => describedAs(route, request));
}

/** Gives a request a short description, so a failure prints the request, not a megabyte of it. */
function describedAs(route: Route, request: FuzzRequest): FuzzRequest {
  const text = () => {
    const { url, init } = toFetch(route, request, 'http://server');
    const body = typeof init.body === 'string' ? init.body : init.body === undefined ? '' : '<bytes>';
    const raw = request.body.kind === 'raw' ? ` (raw: ${request.body.raw.what})` : '';
    return `${route.method} ${clip(url, 300)} ${clip(body, 300)}${raw}`;
  };
  return Object.assign(request, { [fc.toStringMethod]: text });
}

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** A query value as URL parameters: lists repeat the key, anything else is its JSON or its text. */
function queryString(query: unknown): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  if (typeof query === 'object' && query !== null && !Array.isArray(query)) {
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        search.append(key, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
      }
    }
  } else {
    search.append('q', typeof query === 'string' ? query : (JSON.stringify(query) ?? ''));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A path segment percent-encoded; a lone surrogate (which `encodeURIComponent` refuses) goes as the
 * three bytes it would have in UTF-8, so the server meets a path that is not UTF-8.
 */
function encodeSegment(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

function toFetch(route: Route, request: FuzzRequest, base: string): { url: string; init: RequestInit } {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const param = request.params[name]!;
    return param.raw ? param.value : encodeSegment(param.value);
  });
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
  let body: string | Uint8Array | undefined;
  if (request.body.kind === 'json') {
    body = JSON.stringify(request.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (request.body.kind === 'raw') {
    body = request.body.raw.bytes;
    Object.assign(headers, request.body.raw.headers);
  }
  return {
    url: `${base}/api/v1${path}${queryString(request.query)}`,
    init: { method: route.method, headers, ...(body === undefined ? {} : { body }) },
  };
}

/** What the fuzzing did, printed at the end. */
const tally = { requests: 0, accepted: 0, answerMs: 0, snapshotMs: 0 };

/** The store, read back and timed. */
async function readStore(session: Session): Promise<Record<string, unknown[]>> {
  const started = performance.now();
  const records = await storedRecords(session.api.system.models);
  tally.snapshotMs += performance.now() - started;
  return records;
}

/** Sends one request and checks the three properties; keeps `session.stored` up to date. */
async function check(session: Session, route: Route, request: FuzzRequest): Promise<void> {
  const { url, init } = toFetch(route, request, session.api.url);
  const writesBefore = session.recorder.writes.length;
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  tally.answerMs += performance.now() - started;
  tally.requests++;
  const where = `${route.method} ${route.path} answered ${response.status}: ${clip(text, 500)}`;
  if (response.status >= 500) throw new Error(`a 5xx: ${where}\nlogged: ${clip(errorLines.join(''), 2000)}`);
  // Case views (and the board lines written with them) are written behind, on a timer, for requests
  // accepted earlier: not this request's writes.
  const writes = session.recorder.writes
    .slice(writesBefore)
    .filter(
      ({ write, changed }) => changed && !write.startsWith('case_views.') && !write.startsWith('unit_list.'),
    )
    .map(({ write }) => write);
  if (response.status < 400) {
    tally.accepted++;
    if (reached(route, url)) {
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const files = fileTypesOf(
        DOCUMENTED.get(`${route.method} ${route.path}`)!.spec?.responses?.[response.status],
      );
      if (files !== undefined) {
        // A download: a type the document lists, and some bytes (their content is the records' tests').
        if (!files.includes(type) || text === '')
          throw new Error(`a ${response.status} that is not the ${files.join(' or ')} declared: ${where}`);
      } else {
        // A 204 has no body (the document's `NoContent`).
        matchesDocument(route, response.status, text === '' ? undefined : JSON.parse(text), where);
      }
    }
    // Nothing written (a read, or a request that changed nothing): the store is as last read.
    if (writes.length > 0) session.stored = await readStore(session);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`a 4xx whose body is not JSON: ${where}`);
  }
  const error = body as { ok?: unknown; error?: unknown; message?: unknown };
  if (error.ok !== false || typeof error.error !== 'string' || typeof error.message !== 'string') {
    throw new Error(`a 4xx that is not { ok: false, error, message }: ${where}`);
  }
  if (!/\p{Script=Han}/u.test(error.message)) throw new Error(`a 4xx whose message is not Chinese: ${where}`);
  if (reached(route, url)) matchesDocument(route, response.status, body, where);
  if (writes.length > 0) throw new Error(`a refused request wrote ${writes.join(', ')}: ${where}`);
  const after = await readStore(session);
  if (!isDeepStrictEqual(after, session.stored)) {
    session.stored = after;
    throw new Error(`a refused request changed the store: ${where}`);
  }
}

/** The server still answers its health check and unit A, and every case stream still verifies. */
async function expectHealthy({ api }: Session): Promise<void> {
  const broken = (await makeVerifyAllChains(api.system.models.caseEvents)()).filter((report) => !report.ok);
  expect(broken).toEqual([]);
  const health = await fetch(`${api.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', db: 'up' });
  const unit = await api.get(`/api/v1/units/${ids.unitId![0]}`);
  expect({ status: unit.status, id: unit.body.id }).toEqual({ status: 200, id: ids.unitId![0] });
}

describe('every route, fuzzed from its schemas', () => {
  it('lists every route of the routers, each with the schemas it validates', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(20);
    for (const route of ROUTES) {
      expect({
        route: `${route.method} ${route.path}`,
        validated: Object.keys(route.schemas).length > 0,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        validated:
          route.path.includes(':') || route.schemas.body !== undefined || route.schemas.query !== undefined,
      });
    }
  });

  it.each(ROUTES.map((route, index) => [`${route.method} ${route.path}`, route, index] as const))(
    '%s: never a 5xx, every answer as its OpenAPI entry says, every 4xx { ok: false, error, message } and stored nothing',
    (_name, route, index) =>
      withSession((session) =>
        fc.assert(
          fc.asyncProperty(requests(route), (request) => check(session, route, request)),
          { seed: seed + index, numRuns: runsOf(route.path), endOnFailure: true },
        ),
      ),
    180_000,
  );

  afterAll(() => {
    const { requests: n, accepted, answerMs, snapshotMs } = tally;
    console.log(
      `API fuzz: ${n} requests over ${ROUTES.length} routes, ${accepted} accepted, ${n - accepted} refused; ` +
        `answering took ${Math.round(answerMs / 1000)} s, reading the store back ${Math.round(snapshotMs / 1000)} s`,
    );
  });

  it('answers every method a path does not take with 405 in the error body, storing nothing', () =>
    withSession(async ({ api, stored }) => {
      const paths = [...new Set(ROUTES.map((route) => route.path))];
      for (const path of paths) {
        const concrete = path.replace(/:(\w+)/g, (_, name: string) => ids[name]![0]!);
        // A method is taken where any route answers the URL: `GET /units/:unitId` answers `/units/import`.
        const taken = ROUTES.filter((route) => answers(route.path, concrete)).map((route) => route.method);
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND'].filter(
          (m) => !taken.includes(m),
        )) {
          const url = `${api.url}/api/v1${concrete}`;
          const response = await fetch(url, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
          expect({ method, path, status: response.status, body: await response.json() }).toMatchObject({
            method,
            path,
            status: 405,
            body: { ok: false, error: 'method_not_allowed', message: expect.any(String) },
          });
        }
      }
      expect(isDeepStrictEqual(await storedRecords(api.system.models), stored)).toBe(true);
      // A URL over 16 KB is refused by Node's HTTP parser before the app: a bare 431, nothing stored.
      const long = await fetch(`${api.url}/api/v1/units/${'x'.repeat(20_000)}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(long.status).toBe(431);
      expect(isDeepStrictEqual(await storedRecords(api.system.models), stored)).toBe(true);
    }));
});
