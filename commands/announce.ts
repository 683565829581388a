import { ballotTally } from '../domain/case/index.js';
import { readDemoState } from '../models/demo-state.js';
import { enqueueMessage } from '../models/outbox.js';
import type { CastVoteResult } from './cast-vote.js';
import type { CommandContext } from './context.js';
import { enteredVoteNotice, type EnteredVoteChannel } from './notices.js';

/** The unit's WeChat group: the case's `GroupBound`, else the `groups` binding, else the demo's group. */
export async function groupOfUnit(
  ctx: CommandContext,
  unitId: string,
  boundRoomId: string | undefined,
): Promise<string | null> {
  if (boundRoomId !== undefined) return boundRoomId;
  const group = await ctx.models.groups.findOne({ unitId }).lean().exec();
  if (group !== null) return group._id;
  const demo = await readDemoState(ctx.models.demoState);
  return demo !== null && demo.unitId === unitId ? (demo.groupId ?? null) : null;
}

/**
 * Announces a vote the committee entered through the API (paper, proxy, in person; issue 4 item 4) in
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
  const roomId = await groupOfUnit(ctx, cast.unitId, cast.state.groupRoomId);
  if (roomId === null) return 'no_group';
  const data = cast.event.data as { ballotId: string; room: string };
  const tally = ballotTally(cast.state, data.ballotId)!;
  return enqueueMessage(ctx.models.outbox, {
    _id: `announce:${cast.unitId}:${cast.event.seq}`,
    to: { kind: 'room', id: roomId },
    groupKey: roomId,
    text: enteredVoteNotice({ room: data.room, channel, tally }),
    priority: 'notice',
    createdAt: meta.now,
  });
}
