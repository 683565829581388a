import {
  ballotTally,
  findBallot,
  flatStanding,
  openElevatorBallot,
  type BallotVote,
  type CaseState,
  type HouseholdBinding,
} from '../domain/case/index.js';
import type { Choice, Tally } from '../domain/vote/index.js';
import type { StoredEvent } from '../models/case-stream.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { runCaseCommand } from './kernel/run-case.js';

/** A vote said in chat: who, which message (kept verbatim), and the unit of the group it was said in. */
export interface CastChatVoteInput {
  readonly contactId: string;
  readonly messageId: string;
  readonly text: string;
  readonly choice: Choice;
  /** The unit of the group it was said in; absent in a private chat or an unbound group. */
  readonly groupUnitId?: string | null;
  /** Said to the bot (`wechat`, the default), or chosen in the mini-program (`miniprogram`). */
  readonly channel?: 'wechat' | 'miniprogram';
  /** The ballot voted on (the mini-program names it); absent: the unit's open elevator ballot. */
  readonly ballotId?: string;
}

/** A co-owners' disagreement over one flat, as it stands after a vote. */
export interface FlatConflict {
  /** What counts for the flat until it is settled (the earlier stance, by the ballot's rule). */
  readonly counts: Choice;
  /** Each co-owner's latest stance since the flat was last settled, earliest first. */
  readonly stances: readonly { readonly voterId: string; readonly choice: Choice; readonly at: string }[];
  /** The unit's committee contacts, told at once. */
  readonly committee: readonly string[];
}

/** One flat's vote recorded from a chat message. */
export interface ChatVoteRecorded {
  readonly room: string;
  readonly event: StoredEvent;
  /** True when it replaced an earlier vote of this speaker for the room. */
  readonly changed: boolean;
  /** Cast by the flat's confirmed proxy. */
  readonly asProxy: boolean;
  /** What counts for the flat after this vote (a receipt says exactly that). */
  readonly counts: Choice | undefined;
  /** The flat's co-owners disagree after this vote: what counts until they settle it. */
  readonly conflict?: FlatConflict;
}

/** How a chat vote went; each outcome has its own sentence in `messages/`. */
export type CastChatVoteResult =
  | {
      readonly kind: 'recorded';
      readonly unitId: string;
      readonly choice: Choice;
      /** One per flat the speaker holds in the unit, in the order they were bound. */
      readonly votes: readonly ChatVoteRecorded[];
      readonly tally: Tally;
    }
  /** The same message was already recorded (nothing new). */
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'not_bound' }
  /**
   * Bound only as a proxy, or as a family member who joined with a used slip (`joining`), whom the
   * owner has not confirmed yet.
   */
  | { readonly kind: 'proxy_pending'; readonly rooms: readonly string[]; readonly joining: boolean }
  | { readonly kind: 'other_unit' }
  | { readonly kind: 'no_open_ballot' };

/**
 * `同意` / `反对` / `弃权` (or 1/2/3) from a bound contact: one `CastVote` per flat the
 * contact holds in the unit (in a group: the group's unit; privately: the first unit the contact is
 * bound in), with channel `wechat`, `voterId` = the contact, the message id and verbatim text, on the
 * unit's open elevator ballot. A confirmed proxy's vote names the flat it is cast for (`proxyFor`); a
 * proxy still waiting for the owner votes nothing. A member bound to no flat votes nothing.
 * Refusals of the case pass through as `DomainError`s (`ballot_closed` past `closesAt`).
 */
export async function castChatVote(
  ctx: CommandContext,
  input: CastChatVoteInput,
  meta: { readonly now: Date },
): Promise<CastChatVoteResult> {
  const located = await locateSpeaker(ctx, input);
  if (located.kind !== 'located') return located;
  const { unitId, held } = located;
  let { state } = located;
  const openBallot = (of: CaseState) => {
    if (input.ballotId === undefined) return openElevatorBallot(of);
    const named = findBallot(of, input.ballotId);
    return named?.status === 'open' ? named : undefined;
  };
  let ballot = openBallot(state);
  if (ballot === undefined && !located.fresh) {
    // "No open ballot" is only answered on a fresh read.
    state = (await loadCase(ctx, unitId)).state;
    ballot = openBallot(state);
  }
  if (ballot === undefined) return { kind: 'no_open_ballot' };
  const voting = held.filter((binding) => binding.pending !== true);
  if (voting.length === 0) {
    return {
      kind: 'proxy_pending',
      rooms: held.map((binding) => binding.room),
      joining: held.some((binding) => binding.requested === true && binding.role !== 'proxy'),
    };
  }

  const votes: ChatVoteRecorded[] = [];
  let latest = state;
  for (const binding of voting) {
    const asProxy = binding.role === 'proxy';
    const changed = ballot.votes.some(
      (vote) => vote.room === binding.room && vote.voterId === input.contactId,
    );
    const executed = await runCaseCommand(
      ctx,
      unitId,
      {
        type: 'CastVote',
        data: {
          ballotId: ballot.ballotId,
          room: binding.room,
          choice: input.choice,
          channel: input.channel ?? 'wechat',
          voterId: input.contactId,
          messageId: input.messageId,
          text: input.text,
          ...(asProxy ? { proxyFor: binding.room } : {}),
        },
      },
      { actor: { kind: 'resident', id: input.contactId }, channel: input.channel ?? 'wechat', now: meta.now },
    );
    latest = executed.state;
    const event = executed.events[0];
    if (event !== undefined) votes.push({ room: binding.room, event, changed, asProxy, counts: undefined });
  }
  const after = findBallot(latest, ballot.ballotId)!;
  const committee = [
    ...new Set(latest.contactRoles.filter((r) => r.role === 'committee').map((r) => r.contactId)),
  ];
  const standings = votes.map((vote) => {
    const standing = flatStanding(after, vote.room);
    const counts = standing?.vote?.choice;
    if (standing === undefined || !standing.conflict || counts === undefined) return { ...vote, counts };
    const stances = (standing.finals as readonly BallotVote[]).map((final) => ({
      voterId: final.voterId ?? 'committee',
      choice: final.choice,
      at: final.castAt,
    }));
    return { ...vote, counts, conflict: { counts, stances, committee } };
  });
  if (votes.length === 0) return { kind: 'duplicate' };
  return {
    kind: 'recorded',
    unitId,
    choice: input.choice,
    votes: standings,
    tally: ballotTally(latest, ballot.ballotId)!,
  };
}

/** Where a speaker votes: the unit, its state, the flats held there; or why nowhere. */
export type Located =
  | {
      readonly kind: 'located';
      readonly unitId: string;
      readonly state: CaseState;
      /** Read from the stream just now (else the runner's cache). */
      readonly fresh: boolean;
      readonly held: readonly HouseholdBinding[];
    }
  | { readonly kind: 'not_bound' }
  | { readonly kind: 'other_unit' };

/**
 * The hot path of a vote wave reads nothing: in a group, the runner's cached state of the group's
 * unit names the flats the speaker holds there (its `HouseholdBound` events), and the runner decides
 * on that state too (no view read, no tail probe — each a table scan on FerretDB, README "Database
 * compatibility"). A stale cache costs an append conflict, after which the runner decides again on
 * the fresh stream (a ballot closed meanwhile is then refused). Privately, or when the cache names no
 * flat of the speaker, the contact's record says where it is bound and the stream, read fresh, what.
 */
export async function locateSpeaker(
  ctx: CommandContext,
  input: Pick<CastChatVoteInput, 'contactId' | 'groupUnitId'>,
): Promise<Located> {
  if (input.groupUnitId) {
    const cached = ctx.cases.cached(input.groupUnitId)?.state;
    const held = cached === undefined ? [] : bindingsOf(cached, input.contactId);
    if (held.length > 0)
      return { kind: 'located', unitId: input.groupUnitId, state: cached!, fresh: false, held };
  }
  const flats = (await readContact(ctx.models.contacts, input.contactId))?.flats ?? [];
  if (flats.length === 0) return { kind: 'not_bound' };
  const unitId = input.groupUnitId ?? flats[0]!.unitId;
  if (!flats.some((flat) => flat.unitId === unitId)) return { kind: 'other_unit' };
  const { state } = await loadCase(ctx, unitId);
  const held = bindingsOf(state, input.contactId);
  return held.length === 0 ? { kind: 'not_bound' } : { kind: 'located', unitId, state, fresh: true, held };
}

/** The flats `contactId` is bound to in the unit, one binding per room, in the order they were bound. */
function bindingsOf(state: CaseState, contactId: string): HouseholdBinding[] {
  const seen = new Set<string>();
  return state.households.filter((binding) => {
    if (binding.contactId !== contactId || seen.has(binding.room)) return false;
    seen.add(binding.room);
    return true;
  });
}
