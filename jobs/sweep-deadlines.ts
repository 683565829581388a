import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createSweeper, type SweepDeps, type SweepOptions } from '../commands/kernel/sweep-deadlines.js';
import type { JobDefinition } from './job.js';

/**
 * The one recurring Agenda job of the deadline engine, `deadlines.sweep`, every `intervalMs`: however
 * many reminders, ballots and periods are pending, Agenda holds this one document for them, and the
 * deadlines live in their own indexed collection (`commands/kernel/sweep-deadlines.ts` sweeps them).
 * Runs of one scheduler never overlap (a run still going makes the next a no-op); two schedulers may
 * overlap, and the claims keep each deadline to one run per attempt.
 */
export function sweepDeadlinesJob(options: SweepOptions): JobDefinition<z.ZodObject, SweepDeps> {
  const sweep = createSweeper({
    ...options,
    name: options.name ?? `sweep-${process.pid}-${randomBytes(3).toString('hex')}`,
  });
  let running = false;
  return {
    name: 'deadlines.sweep',
    schema: z.object({}),
    every: { interval: options.intervalMs },
    async perform(_data, deps) {
      if (running) return;
      running = true;
      try {
        await sweep(deps);
      } finally {
        running = false;
      }
    },
  };
}
