/**
 * What a signed-in resident does from the mini-program: vote on their unit's ballot and file their
 * own objection. Each is the very command the chat runs (`castChatVote`, `fileObjection`), through
 * the `miniprogram` channel, so the same rules, receipts and announcements hold wherever they come from.
 */
import { findBallot, type Actor } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import type { Choice } from '../domain/vote/index.js';
import type { ObjectionGround } from '../domain/case/index.js';
import { sha256Hex } from '../lib/hash.js';
import { announceResidentVote } from './announce.js';
import { castChatVote, type CastChatVoteResult } from './cast-chat-vote.js';
import { fileObjection, type FileObjectionResult } from './file-objection.js';
import type { CommandContext } from './kernel/context.js';
import { newRequestId, unitIdOfBallot } from './kernel/ids.js';
import { loadCase } from './kernel/read.js';

function requireResident(actor: Pick<Actor, 'kind'>, action: string): void {
  if (actor.kind !== 'resident') {
    throw new DomainError('forbidden', 'Only a signed-in resident acts for their own flat.', { action });
  }
}

/** The rooms `actor` holds in `unitId` (their session's confirmed flats). */
function roomsIn(actor: Actor, unitId: string): string[] {
  return actor.scope.kind === 'flats'
    ? actor.scope.flats.filter((flat) => flat.unitId === unitId).map((flat) => flat.room)
    : [];
}

/** A resident's vote as the API answers it: recorded (with its receipts), or the same request again. */
export type MyVoteResult = Extract<CastChatVoteResult, { kind: 'recorded' | 'duplicate' }>;

/**
 * A resident's vote from the mini-program: one `CastVote` per flat they hold in the ballot's unit,
 * exactly as `同意` in chat (`castChatVote`), with channel `miniprogram`; then the group is told the
 * rooms and the new count, and a co-owners' disagreement is told as in chat (`announceResidentVote`).
 * `key` (the request's `Idempotency-Key`) makes a retried request the same vote. Refusals:
 * `ballot_closed` (not open), `binding_pending` (bound only as a proxy or a family member the owner has
 * not confirmed), `ballot_not_found`, and those of the case.
 */
export async function castMyVote(
  ctx: CommandContext,
  actor: Actor,
  input: { readonly ballotId: string; readonly choice: Choice; readonly key?: string },
  now: Date,
): Promise<MyVoteResult> {
  requireResident(actor, 'cast_own_vote');
  const unitId = unitIdOfBallot(input.ballotId);
  const notFound = () =>
    new DomainError('ballot_not_found', `No ballot ${input.ballotId}.`, { ballotId: input.ballotId });
  if (unitId === undefined) throw notFound();
  const messageId =
    input.key === undefined
      ? `mp-${newRequestId()}`
      : `mp-${sha256Hex(`${actor.id}\n${input.key}`).slice(0, 32)}`;
  const result = await castChatVote(
    ctx,
    {
      contactId: actor.id,
      messageId,
      text: input.choice,
      choice: input.choice,
      groupUnitId: unitId,
      channel: 'miniprogram',
      ballotId: input.ballotId,
    },
    { now },
  );
  switch (result.kind) {
    case 'recorded':
      await announceResidentVote(ctx, result, actor.id, { now });
      return result;
    case 'duplicate':
      return result;
    case 'no_open_ballot':
      // Not open: closed or cancelled, or no such ballot in the unit at all.
      if (findBallot((await loadCase(ctx, unitId)).state, input.ballotId) === undefined) throw notFound();
      throw new DomainError('ballot_closed', `Ballot ${input.ballotId} is not open.`, {
        ballotId: input.ballotId,
      });
    case 'proxy_pending':
      throw new DomainError('binding_pending', 'The binding waits for the owner to confirm it.', {
        rooms: result.rooms,
      });
    case 'not_bound':
    case 'other_unit':
      throw notFound();
  }
}

/**
 * A resident's own objection from the mini-program: named and in writing (a data message is writing,
 * Civil Code art. 469), for the flat they name — or their only flat in the unit — exactly as the chat's
 * objection dialog files it, with channel `miniprogram`. Filed outside publicity it is recorded and
 * says why it does not count (`outside_window`), as any objection; the committee is alerted as for
 * any. Refusals: `validation_error` on `room` (not theirs, or which of several), and those of the case.
 */
export async function fileMyObjection(
  ctx: CommandContext,
  actor: Actor,
  input: {
    readonly unitId: string;
    readonly ground: ObjectionGround;
    readonly summary: string;
    readonly room?: string;
  },
  now: Date,
): Promise<FileObjectionResult> {
  requireResident(actor, 'file_own_objection');
  const rooms = roomsIn(actor, input.unitId);
  const room = input.room ?? (rooms.length === 1 ? rooms[0] : undefined);
  if (room === undefined || !rooms.includes(room)) {
    throw new DomainError(
      'validation_error',
      input.room === undefined ? 'room: which of your flats' : 'room: not one of your flats',
      { field: 'room', where: 'body', rooms },
    );
  }
  return fileObjection(
    ctx,
    {
      unitId: input.unitId,
      named: true,
      written: true,
      ground: input.ground,
      channel: 'miniprogram',
      filedAt: now,
      objector: { room, contactId: actor.id },
      summary: input.summary,
      text: input.summary,
    },
    { actor: { kind: 'resident', id: actor.id }, channel: 'miniprogram', now },
  );
}
