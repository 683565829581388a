import { shanghaiDayOf } from '../domain/calendar/index.js';
import {
  OBJECTION_REF_PREFIX,
  findObjection,
  type CaseCommand,
  type CaseState,
  type ObjectionChannel,
  type ObjectionGround,
  type ObjectionState,
  type Objector,
} from '../domain/case/index.js';
import type { StoredEvent } from '../models/case-stream.js';
import { claimNextRef } from '../models/objection-ref.js';
import { enqueueMessage } from '../models/outbox.js';
import type { CommandContext } from './kernel/context.js';
import { objectionAlert } from '../messages/publicity.js';
import { readUnit } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** An objection as a transport hands it in. */
export interface FileObjectionInput {
  readonly unitId: string;
  readonly named: boolean;
  readonly written: boolean;
  readonly ground: ObjectionGround;
  readonly channel: ObjectionChannel;
  /** When the committee received it (a paper objection may be entered later). */
  readonly filedAt: Date;
  readonly objector?: Objector;
  readonly summary?: string;
  /** The chat message and its verbatim text (required on `wechat`). */
  readonly messageId?: string;
  readonly text?: string;
}

/** A recorded objection: its reference (= its id), what the case made of it, and the alerts queued. */
export interface FileObjectionResult {
  readonly unitId: string;
  readonly reference: string;
  readonly objection: ObjectionState;
  readonly state: CaseState;
  readonly event: StoredEvent;
  /** Committee members newly alerted privately. */
  readonly alerted: number;
}

/** Claims the next free objection reference `YY-<n>` (see {@link claimNextRef}). */
function claimReference(ctx: CommandContext, unitId: string, now: Date): Promise<string> {
  return claimNextRef(ctx.models.objectionRefs, OBJECTION_REF_PREFIX, unitId, now);
}

/**
 * Records an objection, from chat or entered by the committee from paper (domain.md
 * §3): a reference `YY-<n>` is claimed and used as the objection's id, then `FileObjection` →
 * `ObjectionFiled`, which says whether it is effective and every reason it is not (anonymous, oral,
 * outside the publicity window, not about ventilation, daylight or passage) — an ineffective objection
 * is recorded all the same. Each committee member of the unit (a `committee` contact role) is then
 * alerted privately under `objection-alert:<ref>:<contactId>`, asking for `收到 <ref>`. Refusals:
 * `unit_not_registered`, `validation_error` (a `filedAt` in the future), `message_not_kept`.
 */
export async function fileObjection(
  ctx: CommandContext,
  input: FileObjectionInput,
  meta: CommandMeta,
): Promise<FileObjectionResult> {
  const { state: current } = await readUnit(ctx, input.unitId);
  const command = (objectionId: string): CaseCommand => ({
    type: 'FileObjection',
    data: {
      objectionId,
      named: input.named,
      written: input.written,
      ground: input.ground,
      channel: input.channel,
      filedAt: input.filedAt,
      ...(input.objector === undefined ? {} : { objector: input.objector }),
      ...(input.summary === undefined ? {} : { summary: input.summary }),
      ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
      ...(input.text === undefined ? {} : { text: input.text }),
    },
  });
  // Refuse before claiming a reference (conventions.md §9): a refused objection leaves no trace.
  ctx.cases.tryDecide(current, command(`${OBJECTION_REF_PREFIX}-0`), meta);
  const reference = await claimReference(ctx, input.unitId, meta.now);
  const { state, events } = await runCaseCommand(ctx, input.unitId, command(reference), meta);
  const objection = findObjection(state, reference)!;
  const alerted = await alertCommittee(ctx, state, objection, input.text ?? input.summary, meta.now);
  return { unitId: input.unitId, reference, objection, state, event: events[0]!, alerted };
}

/** Queues the private alert of `objection` to each committee contact of the unit, once each. */
async function alertCommittee(
  ctx: CommandContext,
  state: CaseState,
  objection: ObjectionState,
  text: string | undefined,
  now: Date,
): Promise<number> {
  const members = [
    ...new Set(state.contactRoles.filter((r) => r.role === 'committee').map((r) => r.contactId)),
  ];
  const alert = objectionAlert({
    ref: objection.objectionId,
    ...(state.unit?.name === undefined ? {} : { unitName: state.unit.name }),
    ...(objection.objector?.room === undefined ? {} : { room: objection.objector.room }),
    ground: objection.ground,
    effective: objection.effective,
    reasons: objection.ineffectiveReasons,
    ...(text === undefined ? {} : { text }),
  });
  let queued = 0;
  for (const contactId of members) {
    const outcome = await enqueueMessage(ctx.models.outbox, {
      _id: `objection-alert:${objection.objectionId}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: alert,
      priority: 'notice',
      createdAt: now,
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}

/** The publicity window as days, for messages: absent before the agreement is signed. */
export function publicityDays(state: CaseState): { startedOn: string; endsOn: string } | undefined {
  if (state.publicity === undefined) return undefined;
  return { startedOn: shanghaiDayOf(new Date(state.publicity.startedAt)), endsOn: state.publicity.endsOn };
}
