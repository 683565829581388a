import { ballotTally } from '../domain/case/index.js';
import { enqueueMessage } from '../models/outbox.js';
import type { CastVoteResult } from './cast-vote.js';
import type { CommandContext } from './kernel/context.js';
import { enteredVoteNotice, resultAnnouncement, type EnteredVoteChannel } from '../messages/ballot.js';
import type { BallotCase } from './read-case.js';

/**
 * Queues `text` as a notice (quiet hours apply) in the unit's group under the deterministic outbox
 * `_id` `id`, so that announcing the same thing again sends nothing new. A notice with `expiresAt` is
 * dropped if it has not gone out by then. No group bound: nothing is queued (`no_group`). The one way
 * commands speak to a unit's group.
 */
export async function noticeToGroup(
  ctx: CommandContext,
  boundRoomId: string | undefined,
  notice: { readonly id: string; readonly text: string; readonly now: Date; readonly expiresAt?: Date },
): Promise<'queued' | 'duplicate' | 'no_group'> {
  // The case's `GroupBound` names the group. The `groups` binding is not asked: it is keyed by room,
  // and a binding the case does not record is one `bindGroup` has not confirmed.
  if (boundRoomId === undefined) return 'no_group';
  return enqueueMessage(ctx.models.outbox, {
    _id: notice.id,
    to: { kind: 'room', id: boundRoomId },
    groupKey: boundRoomId,
    text: notice.text,
    priority: 'notice',
    createdAt: notice.now,
    ...(notice.expiresAt === undefined ? {} : { expiresAt: notice.expiresAt }),
  });
}

/**
 * Announces a vote the committee entered through the API (paper, proxy, in person) in
 * the unit's bound group: `302 纸质表决已录入。` and the new count (never the choice), priority
 * `notice`, under `announce:<caseId>:<seq>` so that announcing the same event again sends nothing
 * new. No group bound: nothing is queued. The worker polls the outbox, so no transport needs waking.
 */
export async function announceEnteredVote(
  ctx: CommandContext,
  cast: CastVoteResult,
  channel: EnteredVoteChannel,
  meta: { readonly now: Date },
): Promise<'queued' | 'duplicate' | 'no_group'> {
  const data = cast.event.data as { ballotId: string; room: string };
  const tally = ballotTally(cast.state, data.ballotId)!;
  return noticeToGroup(ctx, cast.state.groupRoomId, {
    id: `announce:${cast.unitId}:${cast.event.seq}`,
    text: enteredVoteNotice({ room: data.room, channel, tally }),
    now: meta.now,
  });
}

/**
 * Announces a closed ballot's result in the unit's group: passed or not, and the four legal checks
 * against their thresholds (`resultAnnouncement`), priority `notice`, under `result:<caseId>:<ballotId>`
 * so that the committee's close and the scheduler's, or a close announced twice, send it once. The time
 * shown is the ballot's `closesAt` when it had one (voting ended then, even if the server was down and
 * closed it late), else when it closed. No group bound, or not closed: nothing is queued.
 */
export async function announceBallotResult(
  ctx: CommandContext,
  closed: BallotCase,
  meta: { readonly now: Date },
): Promise<'queued' | 'duplicate' | 'no_group' | 'not_closed'> {
  const { ballot } = closed;
  if (ballot.status !== 'closed' || ballot.result === undefined) return 'not_closed';
  const endedAt = new Date(ballot.closesAt ?? ballot.closedAt!);
  return noticeToGroup(ctx, closed.state.groupRoomId, {
    id: `result:${closed.unitId}:${ballot.ballotId}`,
    text: resultAnnouncement(ballot.result, ballot.rules, { closedAt: endedAt }),
    now: meta.now,
  });
}
