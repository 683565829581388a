import { randomUUID } from 'node:crypto';
import { assessObjection, type CaseState, type ObjectionGround } from '../domain/case/index.js';
import type { ObjectionWindowNow } from '../messages/objections.js';
import { readContact } from '../models/contact.js';
import { claimDialogStep, endDialog, readDialog, saveDialog, type DialogDoc } from '../models/dialog.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { fileObjection, publicityDays, type FileObjectionResult } from './file-objection.js';

/** How long a dialog waits for the next reply before it lapses (refreshed by every answer). */
export const DIALOG_TTL_MS = 60 * 60_000;

/** The longest objection text kept from chat (a longer one is asked to be shortened). */
export const MAX_OBJECTION_TEXT = 1000;

/** The contact's open dialog (null when none, or when it lapsed). An `_id` lookup (shared with others arriving together). */
export function openDialogOf(ctx: CommandContext, contactId: string, now: Date): Promise<DialogDoc | null> {
  return readDialog(ctx.models.dialogs, contactId, now);
}

/**
 * Whether an objection filed at `now` would be in the unit's publicity window, as the case decides it
 * (`assessObjection`, domain.md §3): `open` inside it, else `not_yet` or `over`. Pure.
 */
export function objectionWindowOf(state: CaseState, now: Date): ObjectionWindowNow {
  const days = publicityDays(state);
  if (state.publicity === undefined || days === undefined) return { kind: 'not_yet' };
  const window = { startsAt: new Date(state.publicity.startedAt), endsAt: new Date(state.publicity.endsAt) };
  const facts = { named: true, written: true, ground: 'ventilation', filedAt: now } as const;
  if (!assessObjection(facts, window).ineffectiveReasons.includes('outside_window')) {
    return { kind: 'open', ...days };
  }
  return now.getTime() < window.startsAt.getTime() ? { kind: 'not_yet' } : { kind: 'over', ...days };
}

/** How `异议` went. */
export type StartObjectionResult =
  | {
      readonly kind: 'started';
      readonly unitId: string;
      readonly room: string;
      /** Whether an objection filed now would count for its timing (said at once, before any step). */
      readonly window: ObjectionWindowNow;
    }
  | { readonly kind: 'not_bound' }
  /** Bound only as someone's proxy: the owner objects in person (in chat or on paper). */
  | { readonly kind: 'proxy_only' }
  | { readonly kind: 'other_unit' };

/**
 * `异议` from a contact: only a contact bound to a flat as its owner or co-owner may
 * object in chat (the binding makes the objection named; a proxy is pointed to the owner or paper). In a group: for the contact's flat in the group's unit;
 * privately: for the first flat the contact is bound to. Opens (or restarts) the contact's dialog at
 * the ground question, and says whether an objection filed now is inside the publicity window (one
 * outside it is still recorded, as not effective); the dialog continues in the private chat.
 */
export async function startObjectionDialog(
  ctx: CommandContext,
  input: { readonly contactId: string; readonly groupUnitId: string | null },
  meta: { readonly now: Date },
): Promise<StartObjectionResult> {
  const contact = await readContact(ctx.models.contacts, input.contactId);
  const bound = contact?.flats ?? [];
  if (bound.length === 0) return { kind: 'not_bound' };
  const flats = bound.filter((flat) => flat.role !== 'proxy');
  if (flats.length === 0) return { kind: 'proxy_only' };
  const unitId = input.groupUnitId ?? flats[0]!.unitId;
  const flat = flats.find((candidate) => candidate.unitId === unitId);
  if (flat === undefined) return { kind: 'other_unit' };
  const { state } = await loadCase(ctx, unitId);
  await saveDialog(ctx.models.dialogs, {
    _id: input.contactId,
    kind: 'objection',
    sessionId: randomUUID(),
    unitId,
    room: flat.room,
    step: 'ground',
    startedAt: meta.now,
    updatedAt: meta.now,
    expiresAt: new Date(meta.now.getTime() + DIALOG_TTL_MS),
  });
  return { kind: 'started', unitId, room: flat.room, window: objectionWindowOf(state, meta.now) };
}

/** What the dialog made of one reply; each outcome has its sentence in `messages/`. */
export type ObjectionAnswerResult =
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'invalid_ground' }
  | { readonly kind: 'ask_text'; readonly ground: ObjectionGround }
  | { readonly kind: 'invalid_text'; readonly tooLong: boolean }
  | {
      readonly kind: 'confirm';
      readonly room: string;
      readonly ground: ObjectionGround;
      readonly text: string;
    }
  | { readonly kind: 'invalid_confirm' }
  | {
      readonly kind: 'filed';
      readonly result: FileObjectionResult;
      /** The publicity window as days, when the agreement is signed (to explain `outside_window`). */
      readonly window?: { readonly startedOn: string; readonly endsOn: string };
    }
  /** Another message confirmed this dialog at the same moment; it filed. */
  | { readonly kind: 'duplicate' };

/**
 * What a reply to a dialog says, as the bot's parser read its words (`bot/parse/dialog.ts`): the
 * command decides by the step it is at.
 */
export interface DialogReplyMeaning {
  /** Leave the dialog at any step (`取消`). */
  readonly cancel: boolean;
  /** At the ground question: the ground named (`1`–`4` or its word). */
  readonly ground?: ObjectionGround;
  /** At the confirmation: file it (`1`, `确认`). */
  readonly confirm: boolean;
  /** At the confirmation: do not (`2`). */
  readonly decline: boolean;
  /** A bare number of one or two digits: never an objection's text. */
  readonly bareNumber: boolean;
}

/** One reply to an open dialog: its message id, its verbatim text, and what it says. */
export interface ObjectionAnswer {
  readonly contactId: string;
  readonly messageId: string;
  readonly text: string;
  readonly reply: DialogReplyMeaning;
}

/**
 * One reply to the contact's open `异议` dialog: ground (1–4) → details (any text, kept verbatim with
 * its message id) → `1` to confirm, `2` to cancel. `取消` cancels at any step. Confirming claims the
 * dialog's `file` step once (a second `1` sent at the same moment files nothing), then files the
 * objection: channel `wechat`, named (the contact is bound to the flat) and written (a kept chat
 * message, Civil Code art. 469 by analogy), objector = the flat's room and the contact; the actor is
 * the resident. Whether it counts is the case's decision (window, ground).
 */
export async function answerObjectionDialog(
  ctx: CommandContext,
  dialog: DialogDoc,
  answer: ObjectionAnswer,
  meta: { readonly now: Date },
): Promise<ObjectionAnswerResult> {
  const { reply } = answer;
  const next = (changes: Partial<DialogDoc>) =>
    saveDialog(ctx.models.dialogs, {
      ...dialog,
      ...changes,
      updatedAt: meta.now,
      expiresAt: new Date(meta.now.getTime() + DIALOG_TTL_MS),
    });
  if (reply.cancel || (dialog.step === 'confirm' && reply.decline)) {
    await endDialog(ctx.models.dialogs, dialog._id);
    return { kind: 'cancelled' };
  }
  switch (dialog.step) {
    case 'ground': {
      const { ground } = reply;
      if (ground === undefined) return { kind: 'invalid_ground' };
      await next({ step: 'text', ground });
      return { kind: 'ask_text', ground };
    }
    case 'text': {
      const text = answer.text.trim();
      if (text === '' || reply.bareNumber) return { kind: 'invalid_text', tooLong: false };
      if ([...text].length > MAX_OBJECTION_TEXT) return { kind: 'invalid_text', tooLong: true };
      await next({ step: 'confirm', text, textMessageId: answer.messageId });
      return { kind: 'confirm', room: dialog.room, ground: dialog.ground!, text };
    }
    case 'confirm': {
      if (!reply.confirm) return { kind: 'invalid_confirm' };
      if (!(await claimDialogStep(ctx.models.dialogs, `${dialog.sessionId}:file`, meta.now))) {
        return { kind: 'duplicate' };
      }
      // The dialog ends whether filing succeeds or is refused: its `file` step is spent.
      const result = await fileObjection(
        ctx,
        {
          unitId: dialog.unitId,
          named: true,
          written: true,
          ground: dialog.ground!,
          channel: 'wechat',
          filedAt: meta.now,
          objector: { room: dialog.room, contactId: answer.contactId },
          summary: dialog.text!,
          messageId: dialog.textMessageId!,
          text: dialog.text!,
        },
        { actor: { kind: 'resident', id: answer.contactId }, channel: 'wechat', now: meta.now },
      ).finally(() => endDialog(ctx.models.dialogs, dialog._id));
      const window = publicityDays(result.state);
      return { kind: 'filed', result, ...(window === undefined ? {} : { window }) };
    }
  }
}
