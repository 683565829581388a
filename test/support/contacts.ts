/** A chat contact the system has heard from, as the bot leaves it, without the bot. */
import type { Models } from '../../models/index.js';
import { recordInbound } from '../../models/inbox.js';

/**
 * Records in the inbox one private message from `contactId`, handled, as the bot does when someone
 * writes to it: afterwards the system knows the contact (`knowsContact`), so a role may be recorded
 * for it with the bot off.
 */
export async function heardFrom(models: Models, contactId: string, at = new Date()): Promise<void> {
  const id = `msg-heard-${contactId}`;
  await recordInbound(models.inbox, {
    _id: id,
    roomId: null,
    talkerId: contactId,
    text: '帮助',
    sentAt: at,
    receivedAt: at,
  });
}
