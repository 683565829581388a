import Router from '@koa/router';

/** What /healthz reports about each part; `db` decides the status code. */
export interface HealthProbe {
  db(): Promise<boolean>;
  scheduler(): 'running' | 'stopped' | 'disabled';
  bot(): 'online' | 'offline' | 'disabled';
}

/** `GET /healthz` → 200 `{ status: 'ok', db: 'up', … }`, or 503 with `status: 'degraded'` when the database does not answer. */
export function healthRoutes(probe: HealthProbe): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const dbUp = await probe.db();
    ctx.status = dbUp ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: dbUp ? 'ok' : 'degraded',
      db: dbUp ? 'up' : 'down',
      scheduler: probe.scheduler(),
      bot: probe.bot(),
    };
  });
  return router;
}
