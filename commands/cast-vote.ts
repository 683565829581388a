import type { Choice } from '../domain/vote/index.js';
import { DomainError } from '../domain/errors.js';
import type { StoredEvent } from '../models/case-stream.js';
import type { Actor } from '../models/case-event.js';
import type { LoadedCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { unitIdOfBallot } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';

import type { EnteredVoteChannel } from '../messages/ballot.js';

export type { EnteredVoteChannel } from '../messages/ballot.js';

/** A vote as the committee enters it: for a room, with the paper ballot's or authorization's reference. */
export interface CastVoteInput {
  readonly ballotId: string;
  readonly room: string;
  readonly choice: Choice;
  readonly channel: EnteredVoteChannel;
  /** The paper ballot's reference, or the recorded proxy authorization's. */
  readonly reference: string;
  /** Whom a proxy acts for; defaults to the owner of `room`. */
  readonly proxyFor?: string;
}

/** The vote's receipt: the stored event (its seq, hash and time) and the case after it. */
export interface CastVoteResult extends LoadedCase {
  readonly unitId: string;
  readonly event: StoredEvent;
}

/**
 * `CastVote` → `VoteCast` for one room of an open ballot. The event's channel is the vote's channel
 * (paper, proxy, in person), its actor whoever entered it. A later vote for the same person replaces
 * the earlier one in the tally; both stay in the stream (domain.md §2: history is kept, the latest
 * counts). Refusals: `ballot_not_found`, `ballot_closed` (closed, cancelled or past `closesAt`),
 * `unknown_room` (not in the roster frozen at opening), `paper_reference_missing`.
 */
export async function castVote(
  ctx: CommandContext,
  input: CastVoteInput,
  meta: { readonly actor: Actor; readonly now: Date },
): Promise<CastVoteResult> {
  const unitId = unitIdOfBallot(input.ballotId);
  if (unitId === undefined) {
    throw new DomainError('ballot_not_found', `No ballot ${input.ballotId}.`, { ballotId: input.ballotId });
  }
  const proxyFor = input.channel === 'proxy' ? (input.proxyFor ?? input.room) : undefined;
  const { state, head, events } = await runCaseCommand(
    ctx,
    unitId,
    {
      type: 'CastVote',
      data: {
        ballotId: input.ballotId,
        room: input.room,
        choice: input.choice,
        channel: input.channel,
        reference: input.reference,
        ...(proxyFor === undefined ? {} : { proxyFor }),
      },
    },
    // A joint written statement reaches the committee on paper.
    { actor: meta.actor, channel: input.channel === 'statement' ? 'paper' : input.channel, now: meta.now },
  );
  // Paper, proxy and in-person votes carry no message id, so the decider always records one event.
  return { unitId, state, head, event: events[0]! };
}
