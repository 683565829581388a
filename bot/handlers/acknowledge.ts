import { acknowledgeObjection } from '../../commands/acknowledge-objection.js';
import { acknowledgeAlertInChat } from '../../commands/alerts.js';
import { isAlertRef } from '../../domain/case/index.js';
import { acknowledged, alreadyAcknowledged } from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * `收到 <ref>`: a committee member (or the applicant representative) confirms an
 * objection's alert; the answer goes privately. An unknown reference and someone without a role in
 * the unit are refused by a thrown error, worded by `handle-message.ts`.
 */
export async function handleAcknowledge(ctx: HandlerContext, ref: string): Promise<Reply[]> {
  const { message } = ctx;
  if (isAlertRef(ref)) return handleAlertAcknowledge(ctx, ref);
  const result = await acknowledgeObjection(
    ctx.commands,
    { contactId: message.talkerId, ref },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'acknowledged':
      return [toSpeaker(message, acknowledged(result.ref))];
    case 'already':
      return [toSpeaker(message, alreadyAcknowledged(result.ref))];
  }
}

/** `收到 TX-3`: whoever holds a role in the alert's unit acknowledges it at its current level. */
async function handleAlertAcknowledge(ctx: HandlerContext, ref: string): Promise<Reply[]> {
  const { message } = ctx;
  const result = await acknowledgeAlertInChat(
    ctx.commands,
    { contactId: message.talkerId, ref },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'acknowledged':
      return [toSpeaker(message, acknowledged(result.ref))];
    case 'already':
      return [toSpeaker(message, alreadyAcknowledged(result.ref))];
  }
}
