import {
  ALERT_REF_PREFIX,
  findAlert,
  requireRole,
  rolesOf,
  type AlertKind,
  type AlertLevel,
  type AlertState,
  type CaseState,
  type ContactRole,
} from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { claimNextRef, unitOfObjectionRef } from '../models/objection-ref.js';
import { enqueueMessage } from '../models/outbox.js';
import { loadCase } from './kernel/read.js';
import { alertNotice, type AlertFacts } from '../messages/clocks.js';
import type { CommandContext } from './kernel/context.js';
import { requireUnitId } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** The contacts an alert at `level` goes to: those recorded with that role (the committee at first). */
const LEVEL_ROLE: Readonly<Record<AlertLevel, ContactRole>> = {
  committee: 'committee',
  subdistrict: 'subdistrict',
  district: 'district',
};

/** What a deadline knows about why it raises an alert, beyond the kind. */
export type AlertDetails = Omit<AlertFacts, 'ref' | 'kind' | 'level' | 'unitName' | 'escalatedAfter'>;

/**
 * Queues the alert privately to every contact holding the role of its level in the unit, under
 * `alert:<unitId>:<alertId>:<level>:<contactId>` (again: nothing new). None recorded at that level:
 * nothing is queued; the alert still shows in `GET /units/:unitId/alerts`.
 */
async function notifyLevel(
  ctx: CommandContext,
  unitId: string,
  state: CaseState,
  alert: AlertState,
  details: AlertDetails & { escalatedAfter?: number },
  now: Date,
): Promise<number> {
  const role = LEVEL_ROLE[alert.level];
  const contacts = [...new Set(state.contactRoles.filter((r) => r.role === role).map((r) => r.contactId))];
  const text = alertNotice({
    ...details,
    ref: alert.alertId,
    kind: alert.kind,
    level: alert.level,
    unitName: state.unit?.name ?? '本单元',
  });
  let queued = 0;
  for (const contactId of contacts) {
    const outcome = await enqueueMessage(ctx.models.outbox, {
      _id: `alert:${unitId}:${alert.alertId}:${alert.level}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text,
      priority: 'notice',
      createdAt: now,
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}

const SYSTEM = { kind: 'system', id: 'clocks' } as const;

/**
 * Raises an alert to the committee for the stalled thing named by `key`, once: an
 * alert already raised under the key is returned as it is (its notices re-queued harmlessly). A new
 * one gets the next reference `TX-<n>` as its id, then `RaiseAlert` (actor system, channel system),
 * then the committee's private notices.
 */
export async function raiseAlert(
  ctx: CommandContext,
  unitId: string,
  input: {
    readonly kind: AlertKind;
    readonly key: string;
    readonly ballotId?: string;
    readonly objectionId?: string;
  } & AlertDetails,
  now: Date,
): Promise<AlertState> {
  const { state: before } = await loadCase(ctx, unitId);
  let alert = before.alerts.find((a) => a.key === input.key);
  let state = before;
  if (alert === undefined) {
    const alertId = await claimNextRef(ctx.models.objectionRefs, ALERT_REF_PREFIX, unitId, now);
    const { kind, key, ballotId, objectionId } = input;
    const executed = await runCaseCommand(
      ctx,
      unitId,
      {
        type: 'RaiseAlert',
        data: {
          alertId,
          kind,
          key,
          ...(ballotId ? { ballotId } : {}),
          ...(objectionId ? { objectionId } : {}),
        },
      },
      { actor: SYSTEM, channel: 'system', now },
    );
    state = executed.state;
    alert = state.alerts.find((a) => a.key === input.key)!;
  }
  await notifyLevel(ctx, unitId, state, alert, input, now);
  return alert;
}

/**
 * Moves an alert no one acknowledged one level up (`EscalateAlert` from `from`; nothing if it was
 * acknowledged or already moved) and notifies the new level, saying how long the level below left it.
 */
export async function escalateAlert(
  ctx: CommandContext,
  unitId: string,
  input: { readonly alertId: string; readonly from: AlertLevel; readonly afterWorkingDays: number },
  now: Date,
): Promise<'escalated' | 'unchanged'> {
  const { events, state } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'EscalateAlert', data: { alertId: input.alertId, from: input.from } },
    { actor: SYSTEM, channel: 'system', now },
  );
  if (events.length === 0) return 'unchanged';
  const alert = findAlert(state, input.alertId)!;
  await notifyLevel(ctx, unitId, state, alert, { escalatedAfter: input.afterWorkingDays }, now);
  return 'escalated';
}

/** Acknowledges an alert through the API (the committee console): idempotent. */
export async function acknowledgeAlert(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly alertId: string; readonly by: string },
  meta: CommandMeta,
): Promise<{ readonly alert: AlertState; readonly recorded: boolean }> {
  requireUnitId(input.unitId);
  const { events, state } = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'AcknowledgeAlert', data: { alertId: input.alertId, by: input.by } },
    meta,
  );
  return { alert: findAlert(state, input.alertId)!, recorded: events.length > 0 };
}

/** How `收到 TX-3` went; each outcome has its own sentence in `messages/`. */
export type AcknowledgeAlertInChatResult =
  | { readonly kind: 'acknowledged'; readonly ref: string }
  | { readonly kind: 'already'; readonly ref: string };

/**
 * `收到 TX-3` from a contact holding a role in the alert's unit (committee, applicant, sub-district,
 * district): `AcknowledgeAlert` with the contact as actor, channel `wechat`. The reference names the
 * unit (one `_id` lookup). Refusals are thrown: `alert_not_found`, or `forbidden` `{ action }`.
 */
export async function acknowledgeAlertInChat(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly ref: string },
  meta: { readonly now: Date },
): Promise<AcknowledgeAlertInChatResult> {
  const { ref } = input;
  const notFound = () => new DomainError('alert_not_found', `No alert ${ref}.`, { alertId: ref });
  const unitId = await unitOfObjectionRef(ctx.models.objectionRefs, ref);
  if (unitId === null) throw notFound();
  const { state } = await loadCase(ctx, unitId);
  if (findAlert(state, ref) === undefined) throw notFound();
  const role = requireRole('acknowledge_alert', { roles: rolesOf(state, input.contactId) });
  const actorKind = role === 'applicant' ? 'applicant' : 'committee';
  const { events } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'AcknowledgeAlert', data: { alertId: ref, by: input.contactId } },
    { actor: { kind: actorKind, id: input.contactId }, channel: 'wechat', now: meta.now },
  );
  return { kind: events.length > 0 ? 'acknowledged' : 'already', ref };
}
