import type Router from '@koa/router';
import type { CommandContext } from '../../commands/context.js';

/** Every router mounted under `/api/v1`, in one list. */
export function apiRouters(_context: CommandContext): Router[] {
  return [];
}
