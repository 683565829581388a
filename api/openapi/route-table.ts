import type Router from '@koa/router';
import { routeSpec, type RouteSpec } from '../middleware/validate.js';
import { routeGuard, type RouteGuard } from '../routes/access.js';

/** Who may call a route: anyone, or a caller with a bearer token (the guard in `createApp`). */
export type Access = 'public' | 'bearer';

/** One route as the routers hold it: method, path as written (`/api/v1/units/:unitId`), its spec. */
export interface ApiRoute {
  readonly method: string;
  readonly path: string;
  readonly access: Access;
  /** What its `validate` declared (`undefined`: the route has no `validate`, and so no document entry). */
  readonly spec: RouteSpec | undefined;
  /** The staff-token guard in front of it (`api/routes/access.ts`), if any: its refusals are the route's too. */
  readonly guard?: RouteGuard;
}

/**
 * Every route of `routers` (HEAD aside: Koa answers it for GET), read from the routers themselves,
 * with the spec its `validate` holds and the guard in front of it. `prefix` is where they are mounted (`/api/v1`).
 */
export function listRoutes(
  routers: readonly Router[],
  options: { readonly prefix?: string; readonly access: Access },
): ApiRoute[] {
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method): ApiRoute => {
          const guard = layer.stack.map(routeGuard).find((found) => found !== undefined);
          return {
            method,
            path: `${options.prefix ?? ''}${String(layer.path)}`,
            access: options.access,
            spec: routeSpec(layer.stack.at(-1)),
            ...(guard === undefined ? {} : { guard }),
          };
        }),
    ),
  );
}

/** A Koa path in OpenAPI's form: `/units/:unitId` → `/units/{unitId}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}
