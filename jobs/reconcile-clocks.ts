import { z } from 'zod';
import { reconcileClocks } from '../commands/clocks.js';
import type { CommandContext } from '../commands/kernel/context.js';
import type { JobDefinition } from './job.js';

/**
 * Hourly repair of the case clocks (`commands/clocks.ts`): replans every case and schedules what a
 * crash between an event and its deadline sync left out, and cancels what its case no longer plans.
 * Also run once when the system starts. Idempotent: a second run finds nothing to do.
 */
export const reconcileClocksJob: JobDefinition<z.ZodObject, { commands: CommandContext }> = {
  name: 'clocks.reconcile',
  schema: z.object({}),
  every: { interval: '1 hour' },
  async perform(_data, { commands, log }) {
    const result = await reconcileClocks(commands);
    log.info(result, 'case clocks reconciled');
  },
};
