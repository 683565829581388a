/**
 * The `stage_changes` projection: when each case changed stage, kept as the events that moved it so
 * that the dashboards date a thousand cases' ways through the process with one query instead of
 * reading their streams (see `models/stage-change.ts`).
 */
import { initialState } from '../domain/case/index.js';
import { stageChanges, type StageChange } from '../domain/dashboard/index.js';
import { recordStageChanges } from '../models/stage-change.js';
import type { AfterAppend, CommandContext } from './kernel/context.js';

/**
 * Every stage change of a case, folded from its whole stream, stored where missing: the hook's
 * repair, `views:rebuild`, and the dashboards when a case's stored changes disagree with its view.
 * Returns the case's changes and how many were missing.
 */
export async function rebuildStageChanges(
  ctx: CommandContext,
  caseId: string,
): Promise<{ readonly changes: readonly StageChange[]; readonly added: number }> {
  const changes = stageChanges(initialState, await ctx.streams.load(caseId));
  const added = await recordStageChanges(ctx.models.stageChanges, caseId, changes);
  return { changes, added };
}

/**
 * After each command: the stage changes its events made, folded from the state it was decided on.
 * Most commands change no stage (a vote, a binding) and write nothing.
 */
export const stageChangesAfterAppend: AfterAppend = {
  name: 'stage-changes',
  async run(ctx, caseId, { before, state, events }) {
    // One event that left the stage as it was moved nothing: the common case costs no fold.
    if (events.length === 1 && before.stage === state.stage) return;
    const changes = stageChanges(before, events);
    if (changes.length > 0) await recordStageChanges(ctx.models.stageChanges, caseId, changes);
  },
  async repair(ctx, caseId) {
    await rebuildStageChanges(ctx, caseId);
  },
};
