/**
 * The OpenAPI 3.1 document of the API, generated from the very objects the routers use: each route's
 * `validate` spec (request schemas, summary, response schemas, refusals) read from the routers, the
 * error codes and their statuses (`api/error-status.ts`), and the guard each route sits behind.
 * Schemas are converted by zod's own `z.toJSONSchema` (JSON Schema 2020-12, OpenAPI 3.1's dialect):
 * requests on their input side (what a client sends), answers on their output side.
 */
import { z, type ZodType } from 'zod';
import { ERROR_STATUS } from '../error-status.js';
import type { RouteSpec } from '../middleware/validate.js';
import { AnyErrorBody, errorBodySchema, errorCodesOf, GUARD_NOTES, type ApiErrorCode } from './errors.js';
import { fileTypesOf, nameOf, namedSchemas, NoContent } from './registry.js';
import { openApiPath, type ApiRoute } from './route-table.js';

/** A JSON Schema or OpenAPI object, as plain JSON. */
type Json = Record<string, unknown>;

/** What the document says of the API as a whole. */
export interface DocumentInfo {
  readonly version: string;
}

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

/** A converted schema without the keys that belong to a whole document, not to a part of one. */
function bare(schema: Json): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** A request schema, inline, on its input side. */
function requestSchema(schema: ZodType): Json {
  return bare(
    z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      // Request schemas name nothing: everything they hold is written out where it is used.
      metadata: z.registry<{ id?: string }>(),
    }) as Json,
  );
}

/** An operation id from method and path: `POST /api/v1/units/:unitId/ballots` → `postUnitsUnitIdBallots`. */
function operationId(route: ApiRoute): string {
  const words = route.path
    .replace(/^\/api\/v1/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  return [route.method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join(
    '',
  );
}

/** The tag of an operation: the first segment of its path under `/api/v1` (`units`, `ballots`, …). */
function tagOf(route: ApiRoute): string {
  const segment = route.path.replace(/^\/api\/v1/, '').split('/')[1] ?? '';
  return route.access === 'public' ? 'public' : segment;
}

/** The path and query parameters of a route, from its `params` and `query` schemas. */
function parameters(route: ApiRoute): Json[] {
  const out: Json[] = [];
  for (const where of ['params', 'query'] as const) {
    const schema = route.spec?.[where];
    if (schema === undefined) continue;
    const json = requestSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
    if (json.properties === undefined)
      throw new Error(`${route.method} ${route.path}: ${where} is not an object`);
    for (const [name, property] of Object.entries(json.properties)) {
      const inPath = where === 'params';
      out.push({
        name,
        in: inPath ? 'path' : 'query',
        required: inPath || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return out;
}

const SUCCESS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};
/** The headers of a file answer: it is a download, named, and never cached. */
const FILE_HEADERS: Json = {
  'Content-Disposition': {
    description: '`attachment`, with an ASCII file name and the UTF-8 one (`filename*`).',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: '`no-store`: the file holds personal data or secrets.',
    schema: { type: 'string' },
  },
};

const ERROR_HEADERS: Record<number, Json> = {
  401: {
    'WWW-Authenticate': {
      description: 'The scheme to use: `Bearer realm="jiati"`.',
      schema: { type: 'string' },
    },
  },
  429: RETRY_AFTER,
  503: RETRY_AFTER,
};

/**
 * What each route lacks of the spec every documented route declares (`api/middleware/validate.ts`
 * RouteSpec): `summary`, `responses` (a success status and the zod schema of its body) and `errors`
 * (the codes its command refuses with; `[]` for none). One line per route that lacks anything, naming
 * the route and what it lacks, so a failure says exactly what to add: `GET /api/v1/x lacks responses,
 * errors`. Empty when every route has its entry.
 */
export function specProblems(routes: readonly ApiRoute[]): string[] {
  return routes.flatMap((route) => {
    const name = `${route.method} ${route.path}`;
    const spec = route.spec;
    if (spec === undefined) {
      return [`${name} has no validate() spec: give it validate({ summary, responses, errors, … }, handler)`];
    }
    const lacks: string[] = [];
    if (spec.summary === undefined || spec.summary.trim() === '') lacks.push('summary');
    const statuses = Object.keys(spec.responses ?? {}).map(Number);
    if (statuses.length === 0) lacks.push('responses');
    else if (!statuses.some((status) => status >= 200 && status < 300)) lacks.push('responses (a 2xx)');
    if (spec.errors === undefined) lacks.push('errors (`[]` if its command refuses with nothing of its own)');
    return lacks.length === 0 ? [] : [`${name} lacks ${lacks.join(', ')}`];
  });
}

/** How a status's refusals are described: each code, with what the staff-token guard adds to its meaning. */
function refusalDescription(route: ApiRoute, codes: readonly ApiErrorCode[]): string {
  const described = codes.map((code) => {
    const note = route.guard === undefined ? undefined : GUARD_NOTES[code];
    return note === undefined ? `\`${code}\`` : `\`${code}\` (${note})`;
  });
  return `Refused: ${described.join(', ')}.`;
}

/**
 * The request body of a route: its JSON schema, and each file it reads besides (`files`); a route
 * that reads only files (a document upload) has no JSON form.
 */
function requestBody(spec: RouteSpec): Json | undefined {
  const files = Object.entries(spec.files ?? {});
  const fileContent = Object.fromEntries(
    files.map(([type, description]) => [
      type,
      { schema: { type: 'string', contentMediaType: type, description } },
    ]),
  );
  if (spec.body === undefined) {
    return files.length === 0
      ? undefined
      : {
          required: true,
          description: `A file: ${files.map(([type]) => `\`${type}\``).join(', ')} (by \`Content-Type\`).`,
          content: fileContent,
        };
  }
  return {
    required: true,
    ...(files.length === 0
      ? {}
      : {
          description: `JSON, or a file: ${['application/json', ...files.map(([type]) => type)].map((type) => `\`${type}\``).join(', ')} (by \`Content-Type\`).`,
        }),
    content: {
      'application/json': { schema: requestSchema(spec.body) },
      // A file is the body's bytes as sent (OpenAPI 3.1: a string of that media type).
      ...fileContent,
    },
  };
}

/**
 * Builds the document from every route the app answers. A route without a `validate` spec, or whose
 * spec lacks `summary`, `responses` or `errors`, is refused, with every such route and what it lacks
 * ({@link specProblems}): every route has its document entry.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], info: DocumentInfo): Json {
  const problems = specProblems(routes);
  if (problems.length > 0) {
    throw new Error(
      `The OpenAPI document cannot be built: ${problems.join('; ')} (api/middleware/validate.ts RouteSpec)`,
    );
  }
  // Every answer's schema: the named ones under their names, the others under their operation's.
  const registry = z.registry<{ id: string }>();
  const ids = new Map<ZodType, string>();
  for (const { id, schema } of namedSchemas()) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  for (const route of routes) {
    for (const [status, schema] of Object.entries(route.spec!.responses!)) {
      if (ids.has(schema) || schema === NoContent || fileTypesOf(schema) !== undefined) continue;
      const id = nameOf(schema) ?? `${operationId(route)}${status}`;
      registry.add(schema, { id });
      ids.set(schema, id);
    }
  }
  registry.add(AnyErrorBody, { id: 'Error' });
  const converted = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: COMPONENT }) as {
    schemas: Record<string, Json>;
  };
  const schemas = Object.fromEntries(
    Object.entries(converted.schemas).map(([id, schema]) => [id, bare(schema)]),
  );

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const spec = route.spec!;
    const responses: Record<string, Json> = {};
    for (const [status, schema] of Object.entries(spec.responses!)) {
      const description = SUCCESS[Number(status)] ?? `Answered ${status}`;
      const files = fileTypesOf(schema);
      responses[status] =
        schema === NoContent
          ? { description }
          : files !== undefined
            ? {
                description: `${description}: ${schema.description ?? 'a file'}`,
                headers: FILE_HEADERS,
                // The file's bytes as sent (OpenAPI 3.1: a string of that media type).
                content: Object.fromEntries(
                  files.map((file) => [file, { schema: { type: 'string', contentMediaType: file } }]),
                ),
              }
            : {
                description,
                content: { 'application/json': { schema: { $ref: COMPONENT(ids.get(schema)!) } } },
              };
    }
    for (const [status, codes] of errorCodesOf(route)) {
      // A route that answers this status itself (`/healthz` is 503 when a part fails) keeps its answer.
      if (responses[String(status)] !== undefined) continue;
      const body = bare(z.toJSONSchema(errorBodySchema(codes), { io: 'output' }) as Json);
      responses[String(status)] = {
        description: refusalDescription(route, codes),
        ...(ERROR_HEADERS[status] === undefined ? {} : { headers: ERROR_HEADERS[status] }),
        content: { 'application/json': { schema: body } },
      };
    }
    const params = parameters(route);
    const body = requestBody(spec);
    const operation: Json = {
      operationId: operationId(route),
      summary: spec.summary,
      tags: [tagOf(route)],
      security: route.access === 'bearer' ? [{ bearer: [] }] : [],
      ...(params.length === 0 ? {} : { parameters: params }),
      ...(body === undefined ? {} : { requestBody: body }),
      responses,
    };
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'Jiati (加梯) API',
      version: info.version,
      description: [
        'Adding an elevator to an old walk-up unit: consensus, legal clocks and upkeep.',
        '',
        'Every path needs `Authorization: Bearer <token>` except those marked public: the platform',
        'administrator’s token, a staff member’s own (`jt_…`, issued with `POST /api/v1/tokens`) or a',
        'resident’s session (`js_…`, from `POST /api/v1/sessions/wechat`). A staff token or a session',
        'reaches only the units in its scope and does only what its role may: another route answers 403',
        '`forbidden`, and a unit or ballot outside the scope 404, as one that does not exist.',
        '',
        'Every refusal is `{ ok: false, error, message, details? }`: `error` is a stable code (listed per',
        'status on each operation), `message` a plain Chinese sentence for people.',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map(tagOf))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: [
            'One of three kinds of token:',
            '- the platform administrator’s bootstrap token (`JIATI_ADMIN_TOKEN`), which reaches every route',
            '  and every unit;',
            '- a per-person staff token (`jt_…`), issued through `POST /api/v1/tokens` (its secret is shown',
            '  once) and revoked through `DELETE /api/v1/tokens/{tokenId}`: it signs in one person, in one',
            '  role and scope (a district, sub-district, community or unit), until it expires;',
            '- a resident’s session (`js_…`), from `POST /api/v1/sessions/wechat` (the mini-program’s',
            '  `wx.login` code), ended by `DELETE /api/v1/me/session`: it reaches the flats the resident is',
            '  bound to.',
            'A route a staff token’s role, or a resident, may not use answers 403 `forbidden`; a unit or',
            'ballot outside the token’s scope answers 404, as one that does not exist.',
          ].join('\n'),
        },
      },
      schemas,
    },
    'x-error-status': { ...ERROR_STATUS, internal_error: 500 },
  };
}
