import type { CaseCommand, CaseState } from '../domain/case/index.js';
import { syncClocks } from './clocks.js';
import type { CommandContext } from './context.js';
import type { CommandMeta, Executed } from './stream-runner.js';

/**
 * Runs one case command through the stream runner and logs each event it appended by case, seq,
 * type, channel and actor kind — never the event's data, which may hold personal data (owners'
 * names and phones, a chat message's text).
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
  // The case's clocks follow its state (commands/clocks.ts); a crash before this line is repaired
  // by the hourly reconcile.
  if (executed.events.length > 0) {
    try {
      await syncClocks(ctx, caseId, executed.before, executed.state);
    } catch (error) {
      // The event is stored and the command succeeded; the hourly reconcile schedules what is missing.
      ctx.log.warn({ err: error, caseId }, 'case clocks not synced; the reconcile job will repair them');
    }
  }
  return executed;
}
