/**
 * One step of the case after the vote (the application, the works, handover and registration) as the
 * API drives it: run through the decider, which keeps every gate, then told to the unit's group in one
 * short line — what happened and what comes next — queued under `announce:<unitId>:<seq>` (asking
 * again sends nothing new). A day left out is today in Asia/Shanghai; a day after today is refused.
 */
import { parseDay, shanghaiDayOf } from '../domain/calendar/index.js';
import type { CaseCommand, CaseState } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { StoredEvent } from '../models/case-stream.js';
import { noticeToGroup } from './announce.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** A step done: the case after it, its event, and whether the group was told. */
export interface LifecycleStepResult {
  readonly unitId: string;
  readonly state: CaseState;
  readonly event: StoredEvent;
  readonly announcement: 'queued' | 'duplicate' | 'no_group' | 'none';
}

/** `on`, or today in Asia/Shanghai; a day after today is refused (`validation_error` on `field`). */
export function dayOr(on: string | undefined, field: string, now: Date): string {
  const today = shanghaiDayOf(now);
  if (on === undefined) return today;
  const parsed = parseDay(on, field);
  if (parsed > today) throw new DomainError('validation_error', `${field} is after today.`, { field });
  return parsed;
}

/** Runs one step and tells the group what `notice` says of the case after it (nothing when null). */
export async function runLifecycleStep(
  ctx: CommandContext,
  unitId: string,
  command: CaseCommand,
  meta: CommandMeta,
  notice: (state: CaseState) => string | null,
): Promise<LifecycleStepResult> {
  requireUnitId(unitId);
  const executed = await runCaseCommand(ctx, unitId, command, meta);
  const event = executed.events[0]!;
  const text = notice(executed.state);
  const announcement =
    text === null
      ? 'none'
      : await noticeToGroup(ctx, executed.state.groupRoomId, {
          id: `announce:${unitId}:${event.seq}`,
          text,
          now: meta.now,
        });
  return { unitId, state: executed.state, event, announcement };
}
