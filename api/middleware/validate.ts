import type { Context, Middleware } from 'koa';
import type { z, ZodType } from 'zod';
import type { ErrorCode } from '../../domain/errors.js';
import { validationError } from './errors.js';

/** The zod schemas of one route's request parts. */
export type Schemas = { body?: ZodType; query?: ZodType; params?: ZodType };
type Out<S> = S extends ZodType ? z.output<S> : undefined;

/**
 * Everything one route declares, beside its handler: its request schemas, and what the OpenAPI
 * document says of it (`api/openapi/`). The document is generated from these very objects, so it
 * cannot drift from what the router checks and answers. Every route the app answers declares
 * `summary`, `responses` and `errors` (`[]` when its command refuses with nothing of its own): the
 * document refuses to build without them, naming each route and what it lacks, and
 * test/api/openapi.test.ts fails. They are optional in the type only for routes outside the document
 * (the demo page's).
 */
export interface RouteSpec extends Schemas {
  /** One line for the API reference (`GET /api/docs`). */
  readonly summary?: string;
  /**
   * Each success status the route answers and the zod schema of its JSON body (`z.strictObject`, so a
   * field the presenter adds and the schema lacks fails the tests), shared shapes `named`
   * (`api/openapi/registry.ts`).
   */
  readonly responses?: Readonly<Record<number, ZodType>>;
  /**
   * The codes the route's command may refuse with. Those every route of its kind may give
   * (authentication, rate, body parsing, a malformed field, the database, the staff-token guard's 403
   * and its 404 for a unit or ballot out of scope) are added by the document itself
   * (`api/openapi/errors.ts`).
   */
  readonly errors?: readonly ErrorCode[];
  /**
   * The files the route reads as its body besides JSON: by media type (`text/csv`), what the file holds
   * and how it is read, for the API reference. `body` stays the JSON form: the route turns a file into
   * it before `validate` reads it (the roster import).
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** What a handler receives once its request passed its schemas. */
export interface Input<S extends Schemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
}

const SPEC = Symbol('jiati.routeSpec');

/**
 * The spec a route's {@link validate} was given, read from the middleware a router holds (`undefined`
 * for any other middleware): so the routes, their schemas and their answers can be listed from the
 * routers themselves — the OpenAPI document is built from them, and the API fuzz test generates its
 * requests from them.
 */
export function routeSpec(middleware: unknown): RouteSpec | undefined {
  return typeof middleware === 'function' ? (middleware as { [SPEC]?: RouteSpec })[SPEC] : undefined;
}

/** The request schemas of a route's {@link validate} (see {@link routeSpec}). */
export function routeSchemas(middleware: unknown): Readonly<Schemas> | undefined {
  const spec = routeSpec(middleware);
  if (spec === undefined) return undefined;
  const { params, query, body } = spec;
  return {
    ...(params === undefined ? {} : { params }),
    ...(query === undefined ? {} : { query }),
    ...(body === undefined ? {} : { body }),
  };
}

/**
 * Wraps a route handler so its body, query and params pass their zod schemas first; a failure is a
 * 400 `validation_error` naming the field. The handler gets typed input and stays short. The spec —
 * request schemas, summary, response schemas, refusals — stays readable from the returned middleware
 * ({@link routeSpec}).
 */
export function validate<S extends RouteSpec>(
  spec: S,
  handler: (ctx: Context, input: Input<S>) => Promise<void>,
): Middleware {
  const middleware: Middleware = async (ctx) => {
    const input = {} as Record<keyof Schemas, unknown>;
    for (const where of ['params', 'query', 'body'] as const) {
      const schema = spec[where];
      if (!schema) continue;
      const raw =
        where === 'body'
          ? ((ctx.request as { body?: unknown }).body ?? {})
          : where === 'query'
            ? ctx.query
            : (ctx as { params?: unknown }).params;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error, where);
      input[where] = parsed.data;
    }
    await handler(ctx as Context, input as Input<S>);
  };
  return Object.assign(middleware, { [SPEC]: spec });
}
