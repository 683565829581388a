import { voterStanding } from '../../commands/ballot-progress.js';
import { openDialogOf } from '../../commands/objection-dialog.js';
import type { Choice } from '../../domain/vote/index.js';
import {
  confirmVoteQuestion,
  maybeVoteInDialog,
  maybeVoteNoBallot,
  notBoundMessage,
  notInThisUnit,
  proxyBindingPending,
} from '../../messages/index.js';
import { toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * A word that leans to a choice without voting (`支持`, `👍`, `[强]`, `我改成同意吧`): a vote is a legal
 * act and is never guessed, so nothing is counted. The speaker is answered privately, never in the
 * group: while a ballot is open and they may vote, with the one number that casts `choice` (sent, it is
 * an ordinary vote with its receipt); otherwise with why not (not bound, another unit, a proxy still
 * waiting, no ballot open), or — while their `异议` dialog waits for a number — how to leave it first.
 */
export async function handleMaybeVote(ctx: HandlerContext, choice: Choice): Promise<Reply[]> {
  const { message } = ctx;
  const standing = await voterStanding(
    ctx.commands,
    { contactId: message.talkerId, groupUnitId: ctx.groupUnitId },
    { now: ctx.now },
  );
  switch (standing.kind) {
    case 'may_vote': {
      // Privately every message answers an open dialog; in a group a bare number does: a `1` sent
      // after this answer would go to the dialog, not to the ballot.
      if ((await openDialogOf(ctx.commands, message.talkerId, ctx.now)) !== null) {
        return [toSpeaker(message, maybeVoteInDialog(choice))];
      }
      return [
        toSpeaker(message, confirmVoteQuestion({ choice, rooms: standing.rooms, asProxy: standing.asProxy })),
      ];
    }
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage())];
    case 'other_unit':
      return [toSpeaker(message, notInThisUnit())];
    case 'proxy_pending':
      return [toSpeaker(message, proxyBindingPending(standing.rooms.join('、')))];
    case 'no_open_ballot':
      return [toSpeaker(message, maybeVoteNoBallot())];
  }
}
