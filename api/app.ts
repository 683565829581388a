import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Log } from '../lib/log.js';
import { requireBearer } from './middleware/auth.js';
import { requireDatabase } from './middleware/database.js';
import { errors } from './middleware/errors.js';
import { healthRoutes, type HealthProbe } from './routes/health/routes.js';

/** Everything the HTTP transport needs, handed in by the composition root (`system.ts`). */
export interface AppDeps {
  readonly log: Log;
  readonly adminToken: string;
  readonly health: HealthProbe;
  /** While it is not available, requests that need the database get 503 at once (absent: never gated). */
  readonly database?: { available(): boolean };
  /** Routers mounted under `/api/v1`, behind the bearer token. */
  readonly apiRouters?: readonly Router[];
  /** Routers mounted at the root without auth (the demo page, static console). */
  readonly publicRouters?: readonly Router[];
}

/**
 * Builds the Koa app: errors first, then `/healthz`, then `/api/**` behind the bearer token with a
 * JSON body parser limited to 1 MB. It does not listen; `system.ts` does.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.use(errors(deps.log));
  app.use(healthRoutes(deps.health).routes());
  if (deps.database) app.use(requireDatabase(deps.database));
  for (const router of deps.publicRouters ?? []) app.use(router.routes()).use(router.allowedMethods());

  // Every /api path is guarded, matched by a route or not: an unknown path without a token is 401.
  const guard = requireBearer(deps.adminToken);
  const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' });
  app.use((ctx, next) => (ctx.path === '/api' || ctx.path.startsWith('/api/') ? guard(ctx, next) : next()));
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? parseJson(ctx, next) : next()));
  const v1 = new Router({ prefix: '/api/v1' });
  for (const router of deps.apiRouters ?? []) v1.use(router.routes(), router.allowedMethods());
  app.use(v1.routes()).use(v1.allowedMethods());
  return app;
}
