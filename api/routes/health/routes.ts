import Router from '@koa/router';
import { validate } from '../../middleware/validate.js';
import { HealthView } from './schema.js';

/**
 * One part's answer: `state`, a word for people (`up`, `running`, `online`, `restarting`, `stalled`…),
 * `healthy`, whether it does its job right now, and any small facts worth showing (restarts, the
 * last successful poll…). A part that is switched off answers `{ state: 'disabled', healthy: true }`.
 */
export interface PartHealth {
  readonly state: string;
  readonly healthy: boolean;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Every part `/healthz` reports, by name; each answers quickly and never throws on purpose. */
export type HealthProbe = Readonly<Record<string, () => PartHealth | Promise<PartHealth>>>;

/** How long a part may take to answer before it is reported `not_answering`. */
const PART_TIMEOUT_MS = 2500;

async function ask(probe: () => PartHealth | Promise<PartHealth>): Promise<PartHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(probe),
      new Promise<PartHealth>((resolve) => {
        timer = setTimeout(() => resolve({ state: 'not_answering', healthy: false }), PART_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return { state: 'error', healthy: false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz` (no auth): every part's real state. 200 `{ status: 'ok', failing: [] , … }` only when
 * every part is healthy; otherwise 503 `{ status: 'degraded', failing: [names] }`. Each part appears
 * twice: its state word at the top level (`db: 'up'`, `scheduler: 'running'`…, for a glance and for
 * old clients) and in full under `parts`.
 */
export function healthRoutes(probe: HealthProbe): Router {
  const router = new Router();
  router.get(
    '/healthz',
    validate(
      {
        summary: 'Every part’s real state (public)',
        responses: { 200: HealthView, 503: HealthView },
        errors: [],
      },
      async (ctx) => {
        const names = Object.keys(probe);
        const answers = await Promise.all(names.map((name) => ask(probe[name]!)));
        const parts = Object.fromEntries(names.map((name, i) => [name, answers[i]!]));
        const failing = names.filter((_, i) => !answers[i]!.healthy);
        ctx.status = failing.length === 0 ? 200 : 503;
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          status: failing.length === 0 ? 'ok' : 'degraded',
          failing,
          ...Object.fromEntries(names.map((name, i) => [name, answers[i]!.state])),
          parts,
        };
      },
    ),
  );
  return router;
}
