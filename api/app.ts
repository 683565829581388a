import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import Koa from 'koa';
import type { Log } from '../lib/log.js';
import { requireBearer, type StaffTokenResolver } from './middleware/auth.js';
import { requireDatabase } from './middleware/database.js';
import { errors } from './middleware/errors.js';
import {
  createRateLimiters,
  DEFAULT_RATE_LIMITS,
  type RateLimiters,
  type RateLimits,
} from './middleware/rate-limit.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { listRoutes } from './openapi/route-table.js';
import { docsRoutes, openApiRoutes } from './openapi/routes.js';
import { createRouter } from './router.js';
import { healthRoutes, type HealthProbe } from './routes/health/routes.js';

/** The version of the API the OpenAPI document describes. */
export const API_VERSION = '1.0.0';

/** The largest JSON body the API reads; a larger one is answered 413 `payload_too_large`. */
export const JSON_BODY_LIMIT = '1mb';

/** Everything the HTTP transport needs, handed in by the composition root (`system.ts`). */
export interface AppDeps {
  readonly log: Log;
  readonly adminToken: string;
  /**
   * Signs in a bearer secret other than the administrator's: a staff member's own token, a resident's
   * session (absent: the administrator token alone signs in).
   */
  readonly staffToken?: StaffTokenResolver;
  /**
   * Routes that authenticate their own way, mounted before the bearer guard: residents' sign-in (they
   * count failed sign-ins in `limits`) and the elevators' signed alarms.
   */
  readonly signInRouters?: (limits: RateLimiters) => readonly Router[];
  readonly health: HealthProbe;
  /** While it is not available, requests that need the database get 503 at once (absent: never gated). */
  readonly database?: { available(): boolean };
  /** Routers mounted under `/api/v1`, behind the bearer token. */
  readonly apiRouters?: readonly Router[];
  /** Routers mounted at the root without auth (the demo page, static console). */
  readonly publicRouters?: readonly Router[];
  /** Request limits per address and per token (defaults: {@link DEFAULT_RATE_LIMITS}). */
  readonly rateLimits?: RateLimits;
  /** Take the caller's address from `X-Forwarded-For` (only behind a reverse proxy that sets it). */
  readonly trustProxy?: boolean;
}

/**
 * Builds the Koa app. It does not listen; `system.ts` does. In order:
 * 1. errors (the one error path), then the per-address request limit;
 * 2. the public routes: `/healthz`, the OpenAPI document (`/api/v1/openapi.json`) and its reference
 *    page (`/api/docs`), none of which needs the database; residents' sign-in
 *    (`POST /api/v1/sessions/…`) and the elevators' alarms (`POST /api/v1/elevators/:id/alarms`,
 *    signed with each elevator's key); then the demo page when it is on;
 * 3. **everything else needs a bearer token** (the administrator's, a staff member's own, or a
 *    resident's session): whatever its spelling (`/API/v1`, `//api`, `%2F`…), a request no public
 *    route answered meets the guard before it can reach a route. Authentication and routing agree by
 *    construction (conventions.md §9), not by comparing path prefixes;
 * 4. the JSON body parser (1 MB), then `/api/v1`, whose routers match case-sensitively and strictly.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = deps.trustProxy ?? false;
  app.silent = true;
  const limits = createRateLimiters(deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  app.use(errors(deps.log));
  app.use(limits.byAddress);
  const health = healthRoutes(deps.health);
  app.use(health.routes());
  const apiRouters = deps.apiRouters ?? [];
  const signInRouters = deps.signInRouters?.(limits) ?? [];
  // The document lists the routes as they are now, before mounting: every route has its entry.
  const openApi = openApiRoutes(() => buildOpenApiDocument(routes, { version: API_VERSION }));
  const routes = [
    ...listRoutes([health, openApi, ...signInRouters], { access: 'public' }),
    ...listRoutes(apiRouters, { prefix: '/api/v1', access: 'bearer' }),
  ];
  app.use(openApi.routes());
  app.use(docsRoutes().routes());
  if (deps.database) app.use(requireDatabase(deps.database));
  for (const router of signInRouters) app.use(router.routes());
  for (const router of deps.publicRouters ?? []) app.use(router.routes()).use(router.allowedMethods());

  app.use(requireBearer(deps.adminToken, limits, deps.staffToken));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: JSON_BODY_LIMIT, encoding: 'utf-8' }));
  const v1 = createRouter({ prefix: '/api/v1' });
  for (const router of apiRouters) v1.use(router.routes(), router.allowedMethods());
  app.use(v1.routes()).use(v1.allowedMethods());
  return app;
}
