import { clearHookRepair, pendingHookRepairs } from '../models/hook-repair.js';
import type { CommandContext } from './kernel/context.js';

/** What one round of repairs did. */
export interface HookRepairsResult {
  readonly repaired: number;
  /** Still failing (left for the next round) or naming a hook this process does not run. */
  readonly failed: number;
}

/**
 * Redoes the work of every after-append hook that failed (`hook_repairs`), up to `limit` per round:
 * each hook rebuilds its projection for the case from the whole stream, then the record goes. A
 * repair that fails again stays for the next round; the others still run.
 */
export async function repairHooks(ctx: CommandContext, limit = 100): Promise<HookRepairsResult> {
  let repaired = 0;
  let failed = 0;
  for (const doc of await pendingHookRepairs(ctx.models.hookRepairs, limit)) {
    const hook = ctx.afterAppend.find((candidate) => candidate.name === doc.hook);
    try {
      if (hook === undefined) throw new Error(`no after-append hook named ${doc.hook}`);
      await hook.repair(ctx, doc.caseId);
      await clearHookRepair(ctx.models.hookRepairs, doc);
      repaired++;
    } catch (error) {
      failed++;
      ctx.log.warn(
        { err: error, caseId: doc.caseId, hook: doc.hook },
        'hook repair failed; tried again next round',
      );
    }
  }
  return { repaired, failed };
}
