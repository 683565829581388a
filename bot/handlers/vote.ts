import { castChatVote, type FlatConflict } from '../../commands/cast-chat-vote.js';
import type { Choice } from '../../domain/vote/index.js';
import {
  coOwnerConflictAlert,
  coOwnerConflictNotice,
  groupVoteNotice,
  noOpenBallot,
  notBoundMessage,
  notInThisUnit,
  joinRequestPending,
  proxyBindingPending,
  voteReceipt,
} from '../../messages/index.js';
import { groupNotice, toSpeaker, type HandlerContext, type Reply } from './types.js';

/**
 * A flat's co-owners disagree after this vote: each other co-owner in play is told privately what
 * counts now, and the committee at once, with every stance and its time (domain.md §2a).
 */
function conflictReplies(room: string, conflict: FlatConflict, speakerId: string): Reply[] {
  const others = conflict.stances.filter(
    (stance) => stance.voterId !== speakerId && stance.voterId !== 'committee',
  );
  const alert = coOwnerConflictAlert({
    room,
    counts: conflict.counts,
    stances: conflict.stances.map((stance) => ({ choice: stance.choice, at: new Date(stance.at) })),
  });
  return [
    ...others.map((other): Reply => ({
      to: { kind: 'contact', id: other.voterId },
      text: coOwnerConflictNotice({ room, yours: other.choice, counts: conflict.counts }),
      priority: 'notice',
    })),
    ...conflict.committee.map((id): Reply => ({
      to: { kind: 'contact', id },
      text: alert,
      priority: 'notice',
    })),
  ];
}

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
        vote.conflict === undefined ? [] : [conflictReplies(vote.room, vote.conflict, message.talkerId)],
      );
      const notice = groupVoteNotice({
        room: result.votes.map((vote) => vote.room).join('、'),
        tally: result.tally,
        byProxy: result.votes.every((vote) => vote.asProxy),
      });
      return [...receipts, ...conflicts.flat(), ...groupNotice(message, notice)];
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
