import { noteHookRepair } from '../../models/hook-repair.js';
import type { CaseCommand, CaseState } from '../../domain/case/index.js';
import type { CommandContext } from './context.js';
import type { CommandMeta, Executed } from './stream-runner.js';

/**
 * Runs one case command through the stream runner, logs each event it appended by case, seq, type,
 * channel and actor kind — never the event's data, which may hold personal data (owners' names and
 * phones, a chat message's text) — then runs the context's after-append hooks in order.
 *
 * A hook's failure is logged and swallowed: the events are stored and the command succeeded. The
 * failure is noted in `hook_repairs`, and the repair job redoes that hook's work for the case within a
 * minute (`commands/hook-repairs.ts`); `npm run views:rebuild` and the hourly clock reconcile remain
 * the wider nets.
 */
export async function runCaseCommand(
  ctx: CommandContext,
  caseId: string,
  command: CaseCommand,
  meta: CommandMeta,
): Promise<Executed<CaseState>> {
  const executed = await ctx.cases.execute(caseId, command, meta);
  for (const event of executed.events) {
    ctx.log.info(
      { caseId, seq: event.seq, type: event.type, channel: event.channel, actor: event.actor.kind },
      'case event appended',
    );
  }
  if (executed.events.length === 0) return executed;
  for (const hook of ctx.afterAppend) {
    try {
      await hook.run(ctx, caseId, executed);
    } catch (error) {
      ctx.log.warn(
        { err: error, caseId, hook: hook.name },
        'after-append hook failed; its repair will catch up',
      );
      await noteHookRepair(ctx.models.hookRepairs, { hook: hook.name, caseId, at: ctx.clock.now() }).catch(
        (noted: unknown) =>
          ctx.log.error(
            { err: noted, caseId, hook: hook.name },
            'hook repair not noted; views:rebuild repairs it',
          ),
      );
    }
  }
  return executed;
}
