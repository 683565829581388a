import type { Context, Middleware } from 'koa';
import type { z, ZodType } from 'zod';
import { validationError } from './errors.js';

/** The zod schemas of one route's request parts. */
export type Schemas = { body?: ZodType; query?: ZodType; params?: ZodType };
type Out<S> = S extends ZodType ? z.output<S> : undefined;

/** What a handler receives once its request passed its schemas. */
export interface Input<S extends Schemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
}

const SCHEMAS = Symbol('jiati.routeSchemas');

/**
 * The schemas a route's {@link validate} checks, read from the middleware a router holds (`undefined`
 * for any other middleware): so the routes and their request schemas can be listed from the routers
 * themselves — the API fuzz test generates its requests from them.
 */
export function routeSchemas(middleware: unknown): Readonly<Schemas> | undefined {
  return typeof middleware === 'function' ? (middleware as { [SCHEMAS]?: Schemas })[SCHEMAS] : undefined;
}

/**
 * Wraps a route handler so its body, query and params pass their zod schemas first; a failure is a
 * 400 `validation_error` naming the field. The handler gets typed input and stays short. The schemas
 * stay readable from the returned middleware ({@link routeSchemas}).
 */
export function validate<S extends Schemas>(
  schemas: S,
  handler: (ctx: Context, input: Input<S>) => Promise<void>,
): Middleware {
  const middleware: Middleware = async (ctx) => {
    const input = {} as Record<keyof Schemas, unknown>;
    for (const where of ['params', 'query', 'body'] as const) {
      const schema = schemas[where];
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
  return Object.assign(middleware, { [SCHEMAS]: schemas });
}
