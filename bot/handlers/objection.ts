import {
  answerObjectionDialog,
  startObjectionDialog,
  type ObjectionAnswerResult,
} from '../../commands/objection-dialog.js';
import type { DialogDoc } from '../../models/dialog.js';
import {
  notBoundMessage,
  objectionAskGround,
  objectionAskText,
  objectionByOwner,
  objectionCancelled,
  objectionConfirm,
  objectionFiled,
  objectionInvalidConfirm,
  objectionInvalidGround,
  objectionInvalidText,
  objectionNotInThisUnit,
} from '../../messages/index.js';
import { readDialogReply } from '../parse/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `异议`: a bound owner starts the guided dialog; its questions go privately, even
 * when `异议` was said in the group. The first one says at once whether an objection filed now can
 * count (inside the publicity window, and on which grounds); outside the window it may still be left
 * on record, marked as not counting. An unbound member gets the binding hint; a member of another
 * unit is asked to object privately.
 */
export async function handleObjection(ctx: HandlerContext): Promise<Reply[]> {
  const { message } = ctx;
  const started = await startObjectionDialog(
    ctx.commands,
    { contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  switch (started.kind) {
    case 'started':
      return [toSpeaker(message, objectionAskGround(started.window))];
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage())];
    case 'proxy_only':
      return [toSpeaker(message, objectionByOwner())];
    case 'other_unit':
      return [toSpeaker(message, objectionNotInThisUnit())];
  }
}

/**
 * A bare number (`1`–`4`, `１`, `①`) said in a group: while the speaker's dialog waits for a ground or a
 * confirmation, such a number answers the dialog, never votes — a vote is a legal act and must not be
 * taken from a reply meant for the dialog. Any other group message is handled as usual.
 */
export function answersDialogInGroup(dialog: DialogDoc, text: string): boolean {
  return (dialog.step === 'ground' || dialog.step === 'confirm') && mayAnswerDialogInGroup(text);
}

/** Whether a group message could answer some dialog (a bare `1`–`4`): no other needs the dialog read. */
export function mayAnswerDialogInGroup(text: string): boolean {
  return readDialogReply(text).dialogNumber;
}

/** One reply to the speaker's open dialog; every answer goes privately. */
export async function handleObjectionAnswer(ctx: HandlerContext, dialog: DialogDoc): Promise<Reply[]> {
  const { message } = ctx;
  const result = await answerObjectionDialog(
    ctx.commands,
    dialog,
    {
      contactId: message.talkerId,
      messageId: message.id,
      text: message.text,
      reply: readDialogReply(message.text),
    },
    { now: ctx.now },
  );
  const text = answerText(result);
  return text === null ? [] : [toSpeaker(message, text)];
}

function answerText(result: ObjectionAnswerResult): string | null {
  switch (result.kind) {
    case 'cancelled':
      return objectionCancelled();
    case 'invalid_ground':
      return objectionInvalidGround();
    case 'ask_text':
      return objectionAskText(result.ground);
    case 'invalid_text':
      return objectionInvalidText(result.tooLong);
    case 'confirm':
      return objectionConfirm(result);
    case 'invalid_confirm':
      return objectionInvalidConfirm();
    case 'filed':
      return objectionFiled({
        ref: result.result.reference,
        effective: result.result.objection.effective,
        reasons: result.result.objection.ineffectiveReasons,
        ...(result.window === undefined ? {} : { window: result.window }),
      });
    case 'duplicate':
      return null;
  }
}
