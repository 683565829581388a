import Router, { type RouterOptions } from '@koa/router';

/**
 * The router every API route module builds on: case-sensitive and strict, so a route matches only
 * the path as written (`/api/v1/units/:unitId`, not `/API/v1/units/…` nor a trailing slash). Paths
 * the router answers are then exactly the paths the tests and the OpenAPI document name (a case-insensitive
 * router once answered `/API/v1/…` past a case-sensitive guard).
 */
export function createRouter(options: Omit<RouterOptions, 'sensitive' | 'strict'> = {}): Router {
  return new Router({ ...options, sensitive: true, strict: true });
}
