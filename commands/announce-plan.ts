import { findBallot, roomsToReconfirm, type CaseState, type PlanState } from '../domain/case/index.js';
import { enqueueMessage } from '../models/outbox.js';
import { noticeToGroup } from './announce.js';
import type { CommandContext } from './kernel/context.js';
import { planPublishedNotice, planShareMessage } from '../messages/plan.js';

/** What announcing a plan version queued: the group summary (or not) and the private shares. */
export interface PlanAnnounced {
  readonly group: 'queued' | 'duplicate' | 'no_group';
  readonly privately: number;
}

/**
 * Announces the plan version in force: the summary in the unit's group, and each
 * bound household's own share privately — to every contact bound to the flat, proxies waiting for
 * confirmation excepted. When it came during the open elevator ballot, households whose share
 * changed and who had voted are asked to vote again; those who have not voted are asked to vote.
 *
 * Idempotent: outbox `_id`s `plan:<unitId>:<version>:group` and
 * `plan:<unitId>:<version>:<room>:<contactId>`, so announcing again (a retried request) queues nothing
 * new. Notices, not replies: they wait for the end of quiet hours.
 */
export async function announcePlan(
  ctx: CommandContext,
  unitId: string,
  state: CaseState,
  meta: { readonly now: Date },
): Promise<PlanAnnounced> {
  const plan = state.plan;
  if (plan === undefined) return { group: 'no_group', privately: 0 };
  const previous: PlanState | undefined = state.plans.at(-2);
  const ballot = state.ballots.find((b) => b.status === 'open' && b.planVersion === plan.version);
  const open = ballot === undefined ? undefined : findBallot(state, ballot.ballotId);
  const again = open === undefined ? [] : roomsToReconfirm(open);
  const roomId = state.groupRoomId ?? null;
  const base = `plan:${unitId}:${plan.version}`;

  const group = await noticeToGroup(ctx, state.groupRoomId, {
    id: `${base}:group`,
    text: planPublishedNotice({ plan, ...(previous ? { previous } : {}), reconfirmRooms: again }),
    now: meta.now,
  });

  let privately = 0;
  for (const binding of state.households) {
    if (binding.pending === true) continue;
    const share = plan.shares?.find((s) => s.room === binding.room);
    if (share === undefined) continue;
    const voted = open?.votes.some((vote) => vote.room === binding.room) ?? false;
    const previousFen = previous?.shares?.find((s) => s.room === binding.room)?.netFen;
    const queued = await enqueueMessage(ctx.models.outbox, {
      _id: `${base}:${binding.room}:${binding.contactId}`,
      to: { kind: 'contact', id: binding.contactId },
      groupKey: roomId,
      text: planShareMessage({
        room: binding.room,
        planVersion: plan.version,
        share,
        ...(previousFen === undefined ? {} : { previousFen }),
        ballot:
          open === undefined ? 'none' : again.includes(binding.room) ? 'vote_again' : voted ? 'none' : 'vote',
      }),
      priority: 'notice',
      createdAt: meta.now,
    });
    if (queued === 'queued') privately++;
  }
  return { group, privately };
}
