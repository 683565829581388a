import type { ContactRole } from '../domain/case/index.js';
import type { CommandContext } from './kernel/context.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

export interface RecordContactRoleInput {
  readonly unitId: string;
  readonly contactId: string;
  readonly role: ContactRole;
}

/**
 * Records a committee member's or the applicant representative's chat contact:
 * `RecordContactRole` → `ContactRoleRecorded` (idempotent: the same role again appends nothing), and
 * the `contacts` projection learns `{ unitId, role }` so the bot knows who may `提醒`.
 */
export async function recordContactRole(
  ctx: CommandContext,
  input: RecordContactRoleInput,
  meta: CommandMeta,
): Promise<{ readonly recorded: boolean }> {
  const { events } = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'RecordContactRole', data: { contactId: input.contactId, role: input.role } },
    meta,
  );
  return { recorded: events.length > 0 };
}
