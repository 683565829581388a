import { findBallot } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { ballotCancelledNotice, ballotCancelledPrivately } from '../messages/corrections.js';
import { enqueueMessage } from '../models/outbox.js';
import { noticeToGroup } from './announce.js';
import type { CommandContext } from './kernel/context.js';
import { unitIdOfBallot } from './kernel/ids.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import type { BallotCase } from './read-case.js';

/** What announcing a cancellation queued: the group notice (or not) and the private words. */
export interface CancellationAnnounced {
  readonly group: 'queued' | 'duplicate' | 'no_group' | 'not_cancelled';
  /** Private messages newly queued, one per contact who got a vote receipt. */
  readonly privately: number;
}

/** The cancelled ballot, and what its announcement queued. */
export interface CancelledBallot extends BallotCase {
  readonly announced: CancellationAnnounced;
}

/**
 * The contacts who got a vote receipt in the ballot — everyone whose chat vote was recorded (`voterId`
 * of each `wechat` vote) — each with the rooms they voted for, in the order first voted.
 */
export function receiptHolders(ballot: BallotCase['ballot']): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const vote of ballot.votes) {
    if (vote.channel !== 'wechat' || vote.voterId === undefined) continue;
    const rooms = holders.get(vote.voterId) ?? [];
    if (!rooms.includes(vote.room)) rooms.push(vote.room);
    holders.set(vote.voterId, rooms);
  }
  return holders;
}

/**
 * Announces a cancelled ballot: in the unit's group (the title and the reason), and privately to every
 * contact who got a vote receipt in it — their vote no longer counts. Notices (quiet hours apply),
 * under `cancel:<unitId>:<ballotId>:group` and `cancel:<unitId>:<ballotId>:<contactId>`, so that
 * announcing again queues nothing new. Not cancelled: nothing is queued.
 */
export async function announceBallotCancelled(
  ctx: CommandContext,
  cancelled: BallotCase,
  meta: { readonly now: Date },
): Promise<CancellationAnnounced> {
  const { ballot, unitId, state } = cancelled;
  if (ballot.status !== 'cancelled' || ballot.cancelReason === undefined) {
    return { group: 'not_cancelled', privately: 0 };
  }
  const base = `cancel:${unitId}:${ballot.ballotId}`;
  const words = { title: ballot.title, reason: ballot.cancelReason };
  const group = await noticeToGroup(ctx, state.groupRoomId, {
    id: `${base}:group`,
    text: ballotCancelledNotice(words),
    now: meta.now,
  });
  let privately = 0;
  for (const [contactId, rooms] of receiptHolders(ballot)) {
    const queued = await enqueueMessage(ctx.models.outbox, {
      _id: `${base}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text: ballotCancelledPrivately({ ...words, rooms }),
      priority: 'notice',
      createdAt: meta.now,
    });
    if (queued === 'queued') privately++;
  }
  return { group, privately };
}

/**
 * `CancelBallot` → `BallotCancelled` with the reason (the stream records who, when and through which
 * channel): an open ballot stops taking votes, its votes are kept but never counted, and a cancelled
 * elevator ballot takes the case back to `planning`. Then {@link announceBallotCancelled}. Refusals:
 * `ballot_not_found`, `ballot_closed` (already closed or cancelled), `validation_error` (no reason).
 */
export async function cancelBallot(
  ctx: CommandContext,
  input: { readonly ballotId: string; readonly reason: string },
  meta: CommandMeta,
): Promise<CancelledBallot> {
  const unitId = unitIdOfBallot(input.ballotId);
  if (unitId === undefined) {
    throw new DomainError('ballot_not_found', `No ballot ${input.ballotId}.`, { ballotId: input.ballotId });
  }
  const { state, head } = await runCaseCommand(
    ctx,
    unitId,
    { type: 'CancelBallot', data: { ballotId: input.ballotId, reason: input.reason } },
    meta,
  );
  const cancelled = { unitId, state, head, ballot: findBallot(state, input.ballotId)! };
  return { ...cancelled, announced: await announceBallotCancelled(ctx, cancelled, meta) };
}
