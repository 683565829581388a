import {
  ALERT_REF_PREFIX,
  type CaseEventData,
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
import { noticeToRoles } from './announce.js';
import { enqueueMessage } from '../models/outbox.js';
import { loadCase } from './kernel/read.js';
import { alertAdminNotice, alertNotice, type AlertFacts } from '../messages/clocks.js';
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
export type AlertDetails = Omit<
  AlertFacts,
  'ref' | 'kind' | 'level' | 'unitName' | 'escalatedAfter' | 'escalatedAfterMinutes' | 'skipped'
>;

/**
 * Where an alert's notices went, as its raise or climb left it: the level it is with, the levels it
 * passed over for having no contact recorded, whether no one at all could be told, how many contacts
 * at the level and how many platform admins were queued a notice.
 */
export interface AlertDelivery {
  readonly level: AlertLevel;
  readonly skipped: readonly AlertLevel[];
  readonly unreached: boolean;
  readonly told: number;
  readonly admins: number;
}

/**
 * Queues the alert privately to every contact holding the role of its level in the unit, under
 * `alert:<unitId>:<alertId>:<level>:<contactId>` (again: nothing new). When the alert passed over
 * levels with no one recorded (`move.skipped`), or no one is recorded at its level nor above
 * (`move.unreached`), the platform admins (`JIATI_ADMIN_CONTACTS`) are told privately under
 * `alert-admin:<unitId>:<alertId>:<level>:<contactId>`, and a log line says so — a warning when it
 * skipped, an error when no one was told — so that an alert nobody receives never passes for
 * delivered; it still shows in `GET /units/:unitId/alerts`, flagged `unreached`.
 */
async function notifyLevel(
  ctx: CommandContext,
  unitId: string,
  state: CaseState,
  alert: AlertState,
  move: { readonly skipped: readonly AlertLevel[]; readonly unreached: boolean },
  details: AlertDetails & { escalatedAfter?: number; escalatedAfterMinutes?: number },
  now: Date,
): Promise<AlertDelivery> {
  const facts: AlertFacts = {
    ...details,
    ref: alert.alertId,
    kind: alert.kind,
    level: alert.level,
    unitName: state.unit?.name ?? '本单元',
    ...(move.skipped.length > 0 ? { skipped: move.skipped } : {}),
  };
  const text = alertNotice(facts);
  // Someone trapped cannot wait for the morning: that alert is never held by quiet hours.
  const priority = alert.kind === 'entrapment_unanswered' ? 'alarm' : 'notice';
  const queue = async (id: string, contactId: string, body: string) =>
    (await enqueueMessage(ctx.models.outbox, {
      _id: id,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: body,
      priority,
      createdAt: now,
    })) === 'queued';
  const { recipients, queued: told } = await noticeToRoles(ctx, state, [LEVEL_ROLE[alert.level]], {
    id: `alert:${unitId}:${alert.alertId}:${alert.level}`,
    text,
    now,
    priority,
  });
  const unreached = move.unreached || recipients === 0;
  let admins = 0;
  if (unreached || move.skipped.length > 0) {
    const adminText = alertAdminNotice({ ...facts, unreached });
    const adminContacts = [...new Set(ctx.settings.adminContacts)];
    for (const contactId of adminContacts) {
      const id = `alert-admin:${unitId}:${alert.alertId}:${alert.level}:${contactId}`;
      if (await queue(id, contactId, adminText)) admins++;
    }
    const fields = {
      caseId: unitId,
      alertId: alert.alertId,
      kind: alert.kind,
      // Not `level`: pino's own field.
      alertLevel: alert.level,
      skipped: move.skipped,
      adminContacts: adminContacts.length,
    };
    const admin =
      adminContacts.length > 0
        ? 'the admins are told'
        : 'and no admin contact is configured (JIATI_ADMIN_CONTACTS): only this line says so';
    if (unreached) {
      ctx.log.error(fields, `alert reached no one: no contact recorded at its level or above; ${admin}`);
    } else {
      ctx.log.warn(fields, `alert passed over levels with no contact recorded; ${admin}`);
    }
  }
  return { level: alert.level, skipped: move.skipped, unreached, told, admins };
}

const SYSTEM = { kind: 'system', id: 'clocks' } as const;

/** The levels passed over and the unreached flag an event recorded (absent: none, reached). */
function moveOf(data: { readonly skipped?: readonly AlertLevel[]; readonly unreached?: true }) {
  return { skipped: data.skipped ?? [], unreached: data.unreached === true };
}

/**
 * Raises an alert for the stalled thing named by `key`, once: an alert already raised under the key
 * is returned as it is (its notices re-queued harmlessly). A new one gets the next reference `TX-<n>`
 * as its id, then `RaiseAlert` (actor system, channel system) — to the committee, or up the ladder to
 * the first level with a contact recorded, or unreached (the stream records which) — then the private
 * notices of that level and, if it skipped a level or reached no one, of the platform admins.
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
): Promise<AlertState & { readonly delivery: AlertDelivery }> {
  const { state: before } = await loadCase(ctx, unitId);
  let alert = before.alerts.find((a) => a.key === input.key);
  let state = before;
  if (alert === undefined) {
    const { kind, key, ballotId, objectionId } = input;
    const raise = (alertId: string) =>
      ({
        type: 'RaiseAlert',
        data: {
          alertId,
          kind,
          key,
          ...(ballotId ? { ballotId } : {}),
          ...(objectionId ? { objectionId } : {}),
        },
      }) as const;
    const meta = { actor: SYSTEM, channel: 'system', now } as const;
    // Refuse before claiming a reference (conventions.md §9): a refused alert leaves no trace.
    ctx.cases.tryDecide(before, raise(`${ALERT_REF_PREFIX}-0`), meta);
    const alertId = await claimNextRef(ctx.models.objectionRefs, ALERT_REF_PREFIX, unitId, now);
    const executed = await runCaseCommand(ctx, unitId, raise(alertId), meta);
    state = executed.state;
    alert = state.alerts.find((a) => a.key === input.key)!;
  }
  const { kind: _kind, key: _key, ballotId: _ballot, objectionId: _objection, ...details } = input;
  const delivery = await notifyLevel(ctx, unitId, state, alert, moveOf(alert), { ...details }, now);
  return { ...alert, delivery };
}

/**
 * Moves an alert no one acknowledged up the ladder (`EscalateAlert` from `from`: one level, or past
 * levels with no contact recorded; nothing if it was acknowledged or already moved) and notifies the
 * new level, saying how long the level below left it, and the platform admins if it skipped a level
 * or reached no one. Returns `unchanged`, or where the notices went.
 */
export async function escalateAlert(
  ctx: CommandContext,
  unitId: string,
  input: {
    readonly alertId: string;
    readonly from: AlertLevel;
    /** How long the level below had: working days, or minutes for an urgent alert. */
    readonly after: { readonly workingDays: number } | { readonly minutes: number };
    /** What the new level is told besides (an urgent alert's facts, said again). */
    readonly details?: AlertDetails;
  },
  now: Date,
): Promise<'unchanged' | ({ readonly outcome: 'escalated' } & AlertDelivery)> {
  const { events, state } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'EscalateAlert', data: { alertId: input.alertId, from: input.from } },
    { actor: SYSTEM, channel: 'system', now },
  );
  const escalated = events.find((event) => event.type === 'AlertEscalated');
  if (escalated === undefined) return 'unchanged';
  const alert = findAlert(state, input.alertId)!;
  const delivery = await notifyLevel(
    ctx,
    unitId,
    state,
    alert,
    moveOf(escalated.data as CaseEventData['AlertEscalated']),
    {
      ...input.details,
      ...('minutes' in input.after
        ? { escalatedAfterMinutes: input.after.minutes }
        : { escalatedAfter: input.after.workingDays }),
    },
    now,
  );
  return { outcome: 'escalated', ...delivery };
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
  // Recorded as the role the policy names (a sub-district officer acknowledges as the sub-district).
  const kind = requireRole('acknowledge_alert', { roles: rolesOf(state, input.contactId) });
  const { events } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'AcknowledgeAlert', data: { alertId: ref, by: input.contactId } },
    { actor: { kind, id: input.contactId }, channel: 'wechat', now: meta.now },
  );
  return { kind: events.length > 0 ? 'acknowledged' : 'already', ref };
}
