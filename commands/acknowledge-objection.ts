import { findObjection, requireRole, rolesOf } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { unitOfObjectionRef } from '../models/objection-ref.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { runCaseCommand } from './kernel/run-case.js';

/** How `收到 <ref>` went; each outcome has its own sentence in `messages/`. */
export type AcknowledgeObjectionResult =
  | { readonly kind: 'acknowledged'; readonly ref: string; readonly unitId: string }
  /** This contact had already acknowledged it: nothing new recorded. */
  | { readonly kind: 'already'; readonly ref: string; readonly unitId: string };

function notFound(ref: string): DomainError {
  return new DomainError('objection_not_found', `No objection ${ref}.`, { objectionId: ref });
}

/**
 * `收到 <ref>` from a committee member or the applicant representative: the
 * reference names its unit (`objection_refs`, one `_id` lookup), then `AcknowledgeObjection` →
 * `ObjectionAcknowledged` in that case's stream, with the contact as actor and channel `wechat`. A
 * second `收到` from the same contact records nothing (`already`). Refusals are thrown: an unknown
 * reference `objection_not_found`, anyone without a role in the unit `forbidden` `{ action }`.
 */
export async function acknowledgeObjection(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly ref: string },
  meta: { readonly now: Date },
): Promise<AcknowledgeObjectionResult> {
  const { ref } = input;
  const unitId = await unitOfObjectionRef(ctx.models.objectionRefs, ref);
  if (unitId === null) throw notFound(ref);
  const { state } = await loadCase(ctx, unitId);
  if (findObjection(state, ref) === undefined) throw notFound(ref);
  const kind = requireRole('acknowledge_objection', { roles: rolesOf(state, input.contactId) });
  const { events } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'AcknowledgeObjection', data: { objectionId: ref, contactId: input.contactId } },
    { actor: { kind, id: input.contactId }, channel: 'wechat', now: meta.now },
  );
  return { kind: events.length > 0 ? 'acknowledged' : 'already', ref, unitId };
}
