/**
 * The route table of `api/routes/access.ts`: every route of `/api/v1` is named there with its action
 * of `STAFF_POLICIES`, and a route that is not is refused to staff tokens (the administrator alone may
 * call it), so a new route is never open to every staff member by being forgotten.
 */
import { describe, expect, it } from '@jest/globals';
import type { Context } from 'koa';
import { guardRoutes, ROUTE_ACTIONS } from '../../api/routes/access.js';
import { apiRouters } from '../../api/routes/index.js';
import { createRouter } from '../../api/router.js';
import type { CommandContext } from '../../commands/kernel/context.js';
import { PLATFORM_ADMIN, STAFF_POLICIES, type Actor } from '../../domain/case/index.js';
import { isDomainError } from '../../domain/errors.js';

// The routers only close over the context: listing them needs none.
const routes = apiRouters({} as CommandContext).flatMap((router) =>
  router.stack.flatMap((layer) =>
    layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${String(layer.path)}`),
  ),
);

const committee: Actor = {
  kind: 'committee',
  id: 'tok_x',
  roles: ['committee'],
  scope: { kind: 'community', id: 'pl_a' },
};

/** Runs the first middleware of the one route of `router` (its guard) as `actor`. */
async function guardOf(actor: Actor): Promise<unknown> {
  const router = createRouter();
  router.get('/not-in-the-table', async (ctx) => {
    ctx.body = {};
  });
  const [guarded] = guardRoutes({} as CommandContext, [router]);
  const guard = guarded!.stack[0]!.stack[0]!;
  let reached = false;
  const ctx = { state: { actor }, params: {} } as unknown as Context;
  try {
    await guard(ctx as never, async () => {
      reached = true;
    });
  } catch (error) {
    return error;
  }
  return reached;
}

describe('the route table', () => {
  it('names every route of /api/v1, and nothing else', () => {
    expect([...routes].sort()).toEqual(Object.keys(ROUTE_ACTIONS).sort());
  });

  it('names an action of the policies for each', () => {
    for (const action of Object.values(ROUTE_ACTIONS)) expect(Object.keys(STAFF_POLICIES)).toContain(action);
  });

  it('puts the guard in front of each route, before the handler', () => {
    for (const router of apiRouters({} as CommandContext)) {
      for (const layer of router.stack) expect(layer.stack.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('refuses a route missing from the table to a staff member (403), and lets the administrator through', async () => {
    const refused = await guardOf(committee);
    expect(isDomainError(refused, 'forbidden')).toBe(true);
    expect(await guardOf(PLATFORM_ADMIN)).toBe(true);
  });
});
