/**
 * The elevator in service (domain.md §7), driven through the API and the chat: its record (with the
 * key its monitoring system signs alarms with, shown once), the maintenance visits the maintainer
 * logs and the 使用单位 signs off (`维保确认` in chat), the periodic inspection, and the alarms.
 *
 * An alarm comes from a monitoring system or the 96333 platform signed with the elevator's own key:
 * HMAC-SHA256 over `<timestamp>.<raw body>`, the timestamp (Unix seconds) within five minutes of now,
 * each signature taken once. Anything else is refused as `invalid_signature` with nothing stored. An
 * entrapment reaches the unit's group at once, quiet hours or not, with the 96333 rescue code and the
 * maintainer's service line, and privately the 使用单位 and the committee; unacknowledged, it becomes an
 * alert that climbs the ladder within minutes (`domain/clocks`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ElevatorCommandData, ElevatorState, VisitKind } from '../domain/case/index.js';
import { requireElevator } from '../domain/case/index.js';
import { parseDay } from '../domain/calendar/index.js';
import { DomainError } from '../domain/errors.js';
import { MAX_MAINTENANCE_INTERVAL_DAYS, requireRole, rolesOf } from '../domain/case/index.js';
import { readContact } from '../models/contact.js';
import { readElevatorKey, saveElevatorKey } from '../models/elevator-key.js';
import { signatureTaken, takeSignature } from '../models/alarm-signature.js';
import { alarmNotice } from '../messages/index.js';
import { noticeToGroup, noticeToRoles } from './announce.js';
import type { ChatAskerInput } from './ballot-progress.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { dayOr, runLifecycleStep } from './lifecycle-step.js';
import { readUnit } from './read-case.js';

/** An alarm's timestamp may be this far from the server's clock, either way. */
export const ALARM_WINDOW_MS = 5 * 60_000;

/** An alarm's notices are dropped, never sent, this long after it happened. */
export const ALARM_NEWS_MS = 60 * 60_000;

/** An elevator's id: `el_` and 12 random hex digits. */
function newElevatorId(): string {
  return `el_${randomBytes(6).toString('hex')}`;
}

/** A fresh alarm key: 32 random bytes as hex. */
function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The elevator as the API shows it (its key never: that is shown once, when it is made). */
export interface ElevatorResult {
  readonly unitId: string;
  readonly elevator: ElevatorState;
  /** The alarm key, only in the answer that made (or replaced) it. */
  readonly alarmKey?: string;
}

/** The unit's elevator (`elevator_not_recorded` before it is). */
export async function readElevator(ctx: CommandContext, unitId: string): Promise<ElevatorResult> {
  const { state } = await readUnit(ctx, unitId);
  return { unitId, elevator: requireElevator(state) };
}

/**
 * Records the unit's elevator, or replaces its record (refused before handover: `wrong_stage`). The
 * first record makes the elevator's id and its alarm key, returned once.
 */
export async function recordElevator(
  ctx: CommandContext,
  input: { readonly unitId: string } & Omit<
    ElevatorCommandData['RecordElevator'],
    'elevatorId' | 'recordedOn' | 'maintenanceIntervalDays'
  > & { readonly maintenanceIntervalDays?: number },
  meta: CommandMeta,
): Promise<ElevatorResult> {
  const { unitId, ...record } = input;
  // Real calendar days (the decider checks the shape): 2026-02-30 is refused as invalid_date.
  parseDay(record.contractFrom, 'contractFrom');
  parseDay(record.contractTo, 'contractTo');
  if (record.certificateExpiresOn !== undefined)
    parseDay(record.certificateExpiresOn, 'certificateExpiresOn');
  const { state: before } = await readUnit(ctx, unitId);
  const elevatorId = before.elevator?.elevatorId ?? newElevatorId();
  // A record sent again to change one thing keeps what it leaves out: the certificate an inspection
  // renewed, the contract's interval (15 days, the most TSG T5002 allows, when never said).
  const certificateExpiresOn = record.certificateExpiresOn ?? before.elevator?.certificateExpiresOn;
  const data: ElevatorCommandData['RecordElevator'] = {
    ...record,
    maintenanceIntervalDays:
      record.maintenanceIntervalDays ??
      before.elevator?.maintenanceIntervalDays ??
      MAX_MAINTENANCE_INTERVAL_DAYS,
    ...(certificateExpiresOn === undefined ? {} : { certificateExpiresOn }),
    elevatorId,
    recordedOn: before.elevator?.recordedOn ?? dayOr(undefined, 'recordedOn', meta.now),
  };
  const done = await runLifecycleStep(ctx, unitId, { type: 'RecordElevator', data }, meta, () => null);
  const key = await readElevatorKey(ctx.models.elevatorKeys, elevatorId);
  if (key !== null) return { unitId, elevator: done.state.elevator! };
  const secret = newSecret();
  await saveElevatorKey(ctx.models.elevatorKeys, { _id: elevatorId, unitId, secret, createdAt: meta.now });
  return { unitId, elevator: done.state.elevator!, alarmKey: secret };
}

/** Replaces the elevator's alarm key (the old one stops working at once); the new one is returned once. */
export async function replaceAlarmKey(
  ctx: CommandContext,
  unitId: string,
  meta: CommandMeta,
): Promise<ElevatorResult & { readonly alarmKey: string }> {
  // Recorded first (who, when): a refused replacement leaves the old key working.
  const executed = await runCaseCommand(ctx, unitId, { type: 'ReplaceAlarmKey', data: {} }, meta);
  const elevator = executed.state.elevator!;
  const secret = newSecret();
  await saveElevatorKey(ctx.models.elevatorKeys, {
    _id: elevator.elevatorId,
    unitId,
    secret,
    createdAt: meta.now,
  });
  return { unitId, elevator, alarmKey: secret };
}

/** Logs a maintenance visit (`visitedOn` left out: today; not after today). */
export async function logMaintenanceVisit(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly visitedOn?: string;
    readonly kind: VisitKind;
    readonly notes?: string;
  },
  meta: CommandMeta,
): Promise<ElevatorResult & { readonly visitId: string }> {
  const visitId = `mv_${randomBytes(6).toString('hex')}`;
  const data = {
    visitId,
    visitedOn: dayOr(input.visitedOn, 'visitedOn', meta.now),
    kind: input.kind,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
  const done = await runLifecycleStep(
    ctx,
    input.unitId,
    { type: 'LogMaintenanceVisit', data },
    meta,
    () => null,
  );
  return { unitId: input.unitId, elevator: done.state.elevator!, visitId };
}

/** The 使用单位 signs a visit off: the one named, else the latest not yet signed. */
export async function confirmMaintenanceVisit(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly visitId?: string },
  meta: CommandMeta,
): Promise<ElevatorResult & { readonly visitId: string }> {
  const done = await runLifecycleStep(
    ctx,
    input.unitId,
    { type: 'ConfirmMaintenanceVisit', data: input.visitId === undefined ? {} : { visitId: input.visitId } },
    meta,
    () => null,
  );
  const event = done.event as unknown as { data: { visitId: string } };
  return { unitId: input.unitId, elevator: done.state.elevator!, visitId: event.data.visitId };
}

/** A periodic inspection, and the new certificate's expiry. */
export async function recordPeriodicInspection(
  ctx: CommandContext,
  input: { readonly unitId: string } & Omit<
    ElevatorCommandData['RecordPeriodicInspection'],
    'inspectedOn'
  > & {
      readonly inspectedOn?: string;
    },
  meta: CommandMeta,
): Promise<ElevatorResult> {
  const { unitId, ...rest } = input;
  if (rest.certificateExpiresOn !== undefined) parseDay(rest.certificateExpiresOn, 'certificateExpiresOn');
  const data = { ...rest, inspectedOn: dayOr(input.inspectedOn, 'inspectedOn', meta.now) };
  const done = await runLifecycleStep(
    ctx,
    unitId,
    { type: 'RecordPeriodicInspection', data },
    meta,
    () => null,
  );
  return { unitId, elevator: done.state.elevator! };
}

/** Someone takes an alarm on (again: nothing new). Refusals: `alarm_not_found`, `elevator_not_recorded`. */
export async function acknowledgeAlarm(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly alarmId: string },
  meta: CommandMeta,
): Promise<ElevatorResult> {
  const executed = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'AcknowledgeAlarm', data: { alarmId: input.alarmId } },
    meta,
  );
  return { unitId: input.unitId, elevator: executed.state.elevator! };
}

function invalidSignature(reason: string): DomainError {
  return new DomainError('invalid_signature', `The alarm is not signed with the elevator's key: ${reason}.`, {
    reason,
  });
}

/**
 * Checks an alarm's signature and takes it (once): the elevator's key, `timestamp` (Unix seconds)
 * within {@link ALARM_WINDOW_MS} of now, `signature` = `sha256=` and the hex HMAC-SHA256 of
 * `<timestamp>.<raw body>`. Returns the elevator's unit. Every failure is `invalid_signature` (401),
 * the same for an unknown elevator, so a caller learns nothing of which elevators exist.
 */
export async function verifyAlarm(
  ctx: CommandContext,
  input: {
    readonly elevatorId: string;
    readonly timestamp: string | undefined;
    readonly signature: string | undefined;
    readonly rawBody: Buffer;
  },
  now: Date,
): Promise<{ readonly unitId: string; readonly take: () => Promise<void> }> {
  const key = await readElevatorKey(ctx.models.elevatorKeys, input.elevatorId);
  // An unknown elevator is checked against a key no one holds: it fails where a wrong key fails, with
  // the same reason, so the answers never tell which elevators exist.
  const secret = key?.secret ?? newSecret();
  if (input.timestamp === undefined || !/^\d{1,12}$/.test(input.timestamp))
    throw invalidSignature('no timestamp');
  const sentAt = Number(input.timestamp) * 1000;
  if (Math.abs(now.getTime() - sentAt) > ALARM_WINDOW_MS) throw invalidSignature('stale timestamp');
  const expected = createHmac('sha256', secret).update(`${input.timestamp}.`).update(input.rawBody).digest();
  const match = /^sha256=([0-9a-f]{64})$/.exec(input.signature ?? '');
  if (match === null) throw invalidSignature('no signature');
  const given = Buffer.from(match[1]!, 'hex');
  if (!timingSafeEqual(given, expected) || key === null) throw invalidSignature('bad signature');
  const signature = match[1]!;
  if (await signatureTaken(ctx.models.alarmSignatures, signature)) throw invalidSignature('replayed');
  return {
    unitId: key.unitId,
    // Taken once the alarm is handled: a refused body, or a failure on the way, leaves it unspent, so
    // the sender's identical retry is heard; a second identical request after success is a replay.
    take: async () => {
      const fresh = await takeSignature(
        ctx.models.alarmSignatures,
        { _id: signature, elevatorId: input.elevatorId, expiresAt: new Date(sentAt + ALARM_WINDOW_MS) },
        now,
      );
      if (!fresh) throw invalidSignature('replayed');
    },
  };
}

/**
 * Records a verified alarm and tells whoever must act: an entrapment at once to the group (quiet hours
 * or not) and privately to the 使用单位 and the committee; a fault or a lost link privately to them.
 * The same `alarmId` again records and tells nothing new.
 */
export async function receiveAlarm(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly elevatorId: string;
    readonly alarm: Omit<ElevatorCommandData['RecordAlarm'], 'source'> & { readonly source?: string };
  },
  now: Date,
): Promise<{ readonly alarmId: string; readonly recorded: boolean }> {
  const executed = await runCaseCommand(
    ctx,
    input.unitId,
    { type: 'RecordAlarm', data: { source: 'monitoring', ...input.alarm } },
    { actor: { kind: 'system', id: `elevator:${input.elevatorId}` }, channel: 'api', now },
  );
  const recorded = executed.events.length > 0;
  const { state } = executed;
  const elevator = state.elevator!;
  const alarm = elevator.alarms.find((candidate) => candidate.alarmId === input.alarm.alarmId);
  // Told on every receipt while it is open (the outbox ids make it once): an earlier receipt whose
  // notices failed after the alarm was stored is told on the sender's retry.
  if (alarm !== undefined && alarm.acknowledgedAt === undefined) {
    const occurredAt = new Date(alarm.occurredAt);
    const text = alarmNotice({
      unitName: state.unit?.name ?? '本单元',
      kind: alarm.kind,
      occurredAt,
      rescueCode: elevator.rescueCode,
      maintainer: elevator.maintainer,
    });
    const notice = {
      id: `alarm:${input.unitId}:${alarm.alarmId}`,
      text,
      now,
      priority: alarm.kind === 'entrapment' ? ('alarm' as const) : ('notice' as const),
      // An hour on, whatever happened is no news to send (the bot away, a device's backlog).
      expiresAt: new Date(occurredAt.getTime() + ALARM_NEWS_MS),
    };
    if (alarm.kind === 'entrapment') await noticeToGroup(ctx, state.groupRoomId, notice);
    await noticeToRoles(ctx, state, ['user_unit', 'committee'], notice);
  }
  return { alarmId: input.alarm.alarmId, recorded };
}

/**
 * `维保确认` in chat: the contact recorded as the unit's 使用单位 signs off the latest visit not yet
 * signed (in a group, that group's unit; privately, the unit where they hold the role). Refusals:
 * `forbidden` (not the 使用单位), `elevator_not_recorded`, `visit_not_found`.
 */
export async function confirmVisitInChat(
  ctx: CommandContext,
  input: ChatAskerInput,
  now: Date,
): Promise<{ readonly unitId: string; readonly visitedOn: string }> {
  const contact = input.groupUnitId === null ? await readContact(ctx.models.contacts, input.contactId) : null;
  const unitId =
    input.groupUnitId ?? contact?.roles?.find((role) => role.role === 'user_unit')?.unitId ?? null;
  const state = unitId === null ? null : (await loadCase(ctx, unitId)).state;
  const role = requireRole('confirm_maintenance', {
    roles: state === null ? [] : rolesOf(state, input.contactId),
  });
  const confirmed = await confirmMaintenanceVisit(
    ctx,
    { unitId: unitId! },
    { actor: { kind: role, id: input.contactId }, channel: 'wechat', now },
  );
  const visit = confirmed.elevator.visits.find((candidate) => candidate.visitId === confirmed.visitId)!;
  return { unitId: unitId!, visitedOn: visit.visitedOn };
}
