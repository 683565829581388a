import type { ZodType, z } from 'zod';
import type { Log } from '../lib/log.js';

/**
 * One Agenda job: a name, the zod schema of its data, and `perform`, which calls a command.
 * Jobs must be idempotent: Agenda may run one twice (a crash between the work and the lock
 * release) or late (the server was down at the due time).
 */
export interface JobDefinition<S extends ZodType = ZodType, D = unknown> {
  readonly name: string;
  readonly schema: S;
  /**
   * Runs every `interval` — Agenda's human interval or cron (e.g. '1 day', '0 3 * * *') in `timezone`,
   * if set, or a number of milliseconds.
   */
  readonly every?: { readonly interval: string | number; readonly timezone?: string };
  perform(data: z.output<S>, deps: D & { log: Log; now: Date }): Promise<void>;
}
