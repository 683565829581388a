import { ballotTally, type CaseState, type ContactRole } from '../domain/case/index.js';
import { enqueueMessage, type OutboxPriority, type OutboxRecipient } from '../models/outbox.js';
import { coOwnerConflictAlert, coOwnerConflictNotice, groupVoteNotice } from '../messages/index.js';
import type { CastChatVoteResult, FlatConflict } from './cast-chat-vote.js';
import type { CastVoteResult } from './cast-vote.js';
import type { CommandContext } from './kernel/context.js';
import { enteredVoteNotice, resultAnnouncement, type EnteredVoteChannel } from '../messages/ballot.js';
import type { BallotCase } from './read-case.js';
import { loadCase as loadCaseState } from './kernel/read.js';

/**
 * Queues `text` as a notice (quiet hours apply) in the unit's group under the deterministic outbox
 * `_id` `id`, so that announcing the same thing again sends nothing new. A notice with `expiresAt` is
 * dropped if it has not gone out by then. No group bound: nothing is queued (`no_group`). The one way
 * commands speak to a unit's group.
 */
/**
 * A notice to queue: its outbox id, its text, when it was made, the moment after which it is moot,
 * and its priority (`notice`, held by quiet hours, unless said otherwise).
 */
export interface OutboxNotice {
  readonly id: string;
  readonly text: string;
  readonly now: Date;
  readonly expiresAt?: Date;
  readonly priority?: OutboxPriority;
}

export async function noticeToGroup(
  ctx: CommandContext,
  boundRoomId: string | undefined,
  notice: OutboxNotice,
): Promise<'queued' | 'duplicate' | 'no_group'> {
  // The case's `GroupBound` names the group. The `groups` binding is not asked: it is keyed by room,
  // and a binding the case does not record is one `bindGroup` has not confirmed.
  if (boundRoomId === undefined) return 'no_group';
  return enqueueMessage(ctx.models.outbox, {
    _id: notice.id,
    to: { kind: 'room', id: boundRoomId },
    groupKey: boundRoomId,
    text: notice.text,
    priority: notice.priority ?? 'notice',
    createdAt: notice.now,
    ...(notice.expiresAt === undefined ? {} : { expiresAt: notice.expiresAt }),
  });
}

/**
 * Queues `text` privately to every contact the case records in one of `roles` (the applicants and
 * the committee, say), each under `<id>:<contactId>` so that telling them again sends nothing new.
 * Returns how many hold those roles and how many were queued now (none recorded: nothing is queued).
 */
export async function noticeToRoles(
  ctx: CommandContext,
  state: CaseState,
  roles: readonly ContactRole[],
  notice: OutboxNotice,
): Promise<{ readonly recipients: number; readonly queued: number }> {
  const contacts = new Set(
    state.contactRoles.filter((record) => roles.includes(record.role)).map((record) => record.contactId),
  );
  let queued = 0;
  for (const contactId of contacts) {
    const outcome = await enqueueMessage(ctx.models.outbox, {
      _id: `${notice.id}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: notice.text,
      priority: notice.priority ?? 'notice',
      createdAt: notice.now,
      ...(notice.expiresAt === undefined ? {} : { expiresAt: notice.expiresAt }),
    });
    if (outcome === 'queued') queued++;
  }
  return { recipients: contacts.size, queued };
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

/** A message to queue: to whom, what, and whether quiet hours hold it (`notice`). */
export interface Notice {
  readonly to: OutboxRecipient;
  readonly text: string;
  readonly priority: OutboxPriority;
}

/**
 * A flat's co-owners disagree after `speakerId`'s vote: each other co-owner in play is told privately
 * what counts now, and the committee at once, with every stance and its time (domain.md §2a). The same
 * whether the vote came from chat or the mini-program.
 */
export function conflictNotices(room: string, conflict: FlatConflict, speakerId: string): Notice[] {
  const others = conflict.stances.filter(
    (stance) => stance.voterId !== speakerId && stance.voterId !== 'committee',
  );
  const alert = coOwnerConflictAlert({
    room,
    counts: conflict.counts,
    stances: conflict.stances.map((stance) => ({ choice: stance.choice, at: new Date(stance.at) })),
  });
  return [
    ...others.map((other): Notice => ({
      to: { kind: 'contact', id: other.voterId },
      text: coOwnerConflictNotice({ room, yours: other.choice, counts: conflict.counts }),
      priority: 'notice',
    })),
    ...conflict.committee.map((id): Notice => ({
      to: { kind: 'contact', id },
      text: alert,
      priority: 'notice',
    })),
  ];
}

/** The group's notice of a resident's vote: the rooms and the new count, never the choice. */
export function residentVoteNotice(result: Extract<CastChatVoteResult, { kind: 'recorded' }>): string {
  return groupVoteNotice({
    room: result.votes.map((vote) => vote.room).join('、'),
    tally: result.tally,
    byProxy: result.votes.every((vote) => vote.asProxy),
  });
}

/**
 * Tells what a resident's vote from the mini-program changed, as a chat vote would: the unit's group
 * the rooms and the new count (`announce:<caseId>:<seq>`, so once), and a co-owners' disagreement to
 * the other co-owners and the committee. The receipt itself is the API's answer.
 */
export async function announceResidentVote(
  ctx: CommandContext,
  result: Extract<CastChatVoteResult, { kind: 'recorded' }>,
  speakerId: string,
  meta: { readonly now: Date },
): Promise<void> {
  const { state } = await loadCaseState(ctx, result.unitId);
  const last = result.votes.at(-1)!.event;
  await noticeToGroup(ctx, state.groupRoomId, {
    id: `announce:${result.unitId}:${last.seq}`,
    text: residentVoteNotice(result),
    now: meta.now,
  });
  for (const vote of result.votes) {
    if (vote.conflict === undefined) continue;
    for (const [index, notice] of conflictNotices(vote.room, vote.conflict, speakerId).entries()) {
      await enqueueMessage(ctx.models.outbox, {
        _id: `conflict:${result.unitId}:${vote.event.seq}:${index}`,
        to: notice.to,
        groupKey: state.groupRoomId ?? null,
        text: notice.text,
        priority: notice.priority,
        createdAt: meta.now,
      });
    }
  }
}
