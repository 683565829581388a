import { conflictNotices, residentVoteNotice } from '../../commands/announce.js';
import { castChatVote } from '../../commands/cast-chat-vote.js';
import type { Choice } from '../../domain/vote/index.js';
import {
  noOpenBallot,
  notBoundMessage,
  notInThisUnit,
  joinRequestPending,
  proxyBindingPending,
  voteReceipt,
} from '../../messages/index.js';
import { groupNotice, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * A vote from a bound contact: a private receipt per flat voted for (choice, time, receipt code = the
 * event hash) and, in a group, the rooms and the new count (never the choice). Refusals (`ballot_closed`) surface as
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
    case 'recorded': {
      // One receipt per flat (each vote is its own event with its own receipt code); one group notice.
      const receipts = result.votes.map((vote) =>
        toSpeaker(
          message,
          voteReceipt({
            room: vote.room,
            choice: result.choice,
            at: vote.event.at,
            hash: vote.event.hash,
            changed: vote.changed,
            asProxy: vote.asProxy,
            ...(vote.conflict === undefined ? {} : { conflictCounts: vote.conflict.counts }),
          }),
        ),
      );
      const conflicts = result.votes.flatMap((vote) =>
        vote.conflict === undefined ? [] : [conflictNotices(vote.room, vote.conflict, message.talkerId)],
      );
      return [...receipts, ...conflicts.flat(), ...groupNotice(message, residentVoteNotice(result))];
    }
    case 'duplicate':
      return [];
    case 'not_bound':
      return [toSpeaker(message, notBoundMessage({ afterVote: true }))];
    case 'other_unit':
      return [toSpeaker(message, notInThisUnit())];
    case 'no_open_ballot':
      return [toSpeaker(message, noOpenBallot())];
    case 'proxy_pending':
      return [
        toSpeaker(
          message,
          (result.joining ? joinRequestPending : proxyBindingPending)(result.rooms.join('、')),
        ),
      ];
  }
}
