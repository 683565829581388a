/**
 * The command side as the composition root wires it: the kernel's context (`kernel/context.ts`) with
 * the work that follows every appended event registered as after-append hooks. The system, the
 * benchmarks and the tests all build their context here, so each runs the same write path.
 */
import { clocksAfterAppend } from './clocks.js';
import { contactsAfterAppend } from './contacts.js';
import { createCommandContext, type AfterAppend, type CommandContext } from './kernel/context.js';
import { stageChangesAfterAppend } from './stage-changes.js';

/**
 * What follows every command that appended events, in order: the `contacts` projection first, since
 * the clocks' reminders read it; then the clocks; then the `stage_changes` the dashboards read.
 */
export const AFTER_APPEND: readonly AfterAppend[] = [
  contactsAfterAppend,
  clocksAfterAppend,
  stageChangesAfterAppend,
];

/** The command context with every after-append hook registered. */
export function composeCommandContext(
  deps: Omit<Parameters<typeof createCommandContext>[0], 'afterAppend'>,
): CommandContext {
  return createCommandContext({ ...deps, afterAppend: AFTER_APPEND });
}
