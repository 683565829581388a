import { z } from 'zod';
import { repairHooks } from '../commands/hook-repairs.js';
import type { CommandContext } from '../commands/kernel/context.js';
import type { JobDefinition } from './job.js';

/**
 * Every minute: redoes the after-append hooks that failed (`commands/hook-repairs.ts`), so a contact
 * bound during a database blip is known to the bot again within a minute, not at the next rebuild.
 */
export const repairHooksJob: JobDefinition<z.ZodObject, { commands: CommandContext }> = {
  name: 'hooks.repair',
  schema: z.object({}),
  every: { interval: '1 minute' },
  async perform(_data, { commands, log }) {
    const result = await repairHooks(commands);
    if (result.repaired + result.failed > 0) log.info(result, 'after-append hooks repaired');
  },
};
