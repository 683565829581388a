import { findObjection, roleFor, rolesOf } from '../domain/case/index.js';
import { unitOfObjectionRef } from '../models/objection-ref.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { canonicalObjectionRef } from './file-objection.js';
import { runCaseCommand } from './kernel/run-case.js';

/** How `收到 <ref>` went; each outcome has its own sentence in `messages/`. */
export type AcknowledgeObjectionResult =
  | { readonly kind: 'acknowledged'; readonly ref: string; readonly unitId: string }
  /** This contact had already acknowledged it: nothing new recorded. */
  | { readonly kind: 'already'; readonly ref: string; readonly unitId: string }
  /** No objection has this reference (or it is another kind of reference). */
  | { readonly kind: 'not_found'; readonly ref: string };

/**
 * `收到 <ref>` from a committee member or the applicant representative: the
 * reference names its unit (`objection_refs`, one `_id` lookup), then `AcknowledgeObjection` →
 * `ObjectionAcknowledged` in that case's stream, with the contact as actor and channel `wechat`. A
 * second `收到` from the same contact records nothing (`already`). Anyone without a role in the unit
 * is refused by the case (`forbidden`).
 */
export async function acknowledgeObjection(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly ref: string },
  meta: { readonly now: Date },
): Promise<AcknowledgeObjectionResult> {
  const ref = canonicalObjectionRef(input.ref);
  if (ref === null) return { kind: 'not_found', ref: input.ref };
  const unitId = await unitOfObjectionRef(ctx.models.objectionRefs, ref);
  if (unitId === null) return { kind: 'not_found', ref };
  const { state } = await loadCase(ctx, unitId);
  if (findObjection(state, ref) === undefined) return { kind: 'not_found', ref };
  // Refused by the case itself (`forbidden`) when the policy names none of the person's roles.
  const kind = roleFor('acknowledge_objection', { roles: rolesOf(state, input.contactId) }) ?? 'resident';
  const { events } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'AcknowledgeObjection', data: { objectionId: ref, contactId: input.contactId } },
    { actor: { kind, id: input.contactId }, channel: 'wechat', now: meta.now },
  );
  return { kind: events.length > 0 ? 'acknowledged' : 'already', ref, unitId };
}
