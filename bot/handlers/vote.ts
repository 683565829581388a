import { castChatVote } from '../../commands/cast-chat-vote.js';
import type { Choice } from '../../domain/vote/index.js';
import { groupVoteNotice, noOpenBallot, notBoundMessage, notInThisUnit, voteReceipt } from '../messages.js';
import { groupNotice, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * A vote from a bound contact: a private receipt (choice, time, receipt code = the event hash) and,
 * in a group, the room and the new count (never the choice). Refusals (`ballot_closed`) surface as
 * `DomainError`s for `handle-message.ts` to answer privately.
 */
export async function handleVote(ctx: HandlerContext, choice: Choice): Promise<Reply[]> {
  const { message } = ctx;
  const result = await castChatVote(
    ctx.commands,
    {
      contactId: message.talkerId,
      messageId: message.id,
      text: message.text,
      choice,
      groupUnitId: ctx.groupUnitId,
    },
    { now: ctx.now },
  );
  switch (result.kind) {
    case 'recorded':
      return [
        toSpeaker(
          message,
          voteReceipt({
            room: result.room,
            choice: result.choice,
            at: result.event.at,
            hash: result.event.hash,
            changed: result.changed,
          }),
        ),
        ...groupNotice(message, groupVoteNotice({ room: result.room, tally: result.tally })),
      ];
    case 'duplicate':
      return [];
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage({ afterVote: true }))];
    case 'other_unit':
      return [toSpeaker(message, notInThisUnit())];
    case 'no_open_ballot':
      return [toSpeaker(message, noOpenBallot())];
  }
}
