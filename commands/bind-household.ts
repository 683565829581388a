import {
  countedVotes,
  findHousehold,
  openElevatorBallot,
  type CaseState,
  type HouseholdRole,
} from '../domain/case/index.js';
import type { CostShare } from '../domain/cost/index.js';
import { clearLockout, readLockout, saveLockout } from '../models/binding-lockout.js';
import {
  readBindingCode,
  revokeOneBindingCode,
  useBindingCode,
  type BindingCodeDoc,
} from '../models/binding-code.js';
import { enqueueMessage } from '../models/outbox.js';
import { bindingCodeReissuedToCommittee } from '../messages/binding.js';
import { reissueRoomCode } from './issue-binding-codes.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { runCaseCommand } from './kernel/run-case.js';

/** Wrong codes a contact may send before binding locks for {@link BINDING_LOCK_MS}. */
export const MAX_FAILED_BINDING_TRIES = 5;
/** How long binding stays locked after too many wrong codes: an hour. */
export const BINDING_LOCK_MS = 3_600_000;

/** What a transport gives: who sent which (canonical) code, and where it was said. */
export interface BindHouseholdInput {
  readonly contactId: string;
  readonly code: string;
  /** Said in a group chat (any group): a code is said privately, so it binds nothing and is void. */
  readonly inGroup?: boolean;
  /** `代办 <code>`: the speaker acts for the household (a proxy), not as one of its owners. */
  readonly asProxy?: boolean;
  /** Where the code was given: said to the bot (`wechat`, the default) or typed in the mini-program. */
  readonly channel?: 'wechat' | 'miniprogram';
}

/** How a binding went; each outcome has its own sentence in `messages/`. */
export type BindHouseholdResult =
  | {
      readonly kind: 'bound';
      readonly unitId: string;
      readonly room: string;
      readonly role: HouseholdRole;
      /** False when the contact was already bound to this room (nothing new recorded). */
      readonly fresh: boolean;
      /** Waiting for an owner's confirmation (`确认代办`, `确认家人`) or a committee entry. */
      readonly pending: boolean;
      /** Asked with a slip someone else had already used: a request to join the flat. */
      readonly requested: boolean;
      /** The flat's bound owners and co-owners, asked to confirm a fresh pending binding. */
      readonly ownerContactIds: readonly string[];
      /** The unit's group, told the room (never who) of a fresh binding. */
      readonly groupRoomId?: string;
      /** The flat's share of the plan in force, when it has a cost plan (told to a fresh binding). */
      readonly share?: { readonly planVersion: number; readonly share: CostShare };
      /** Whether the elevator ballot is open and the flat has not voted yet (the share asks to vote). */
      readonly mayVote: boolean;
    }
  | { readonly kind: 'wrong_code'; readonly triesLeft: number }
  | { readonly kind: 'locked'; readonly until: Date }
  /** Revoked or expired. */
  | { readonly kind: 'revoked' }
  /** Said in a group: refused; a live code is void and, when the unit has a committee contact, reissued to them. */
  | { readonly kind: 'said_in_group'; readonly reissued: boolean };

const DAY_MS = 86_400_000;

/** When a code stops binding: its own expiry, or the default period after issue for older codes. */
function expiryOf(code: BindingCodeDoc, ctx: CommandContext): Date {
  return code.expiresAt ?? new Date(code.issuedAt.getTime() + ctx.settings.bindingCodeDays * DAY_MS);
}

/**
 * `绑定 <code>` / `代办 <code>`, said privately: looks the code up by `_id`. A wrong code counts a
 * failed try for the contact; the 5th locks binding for an hour. A revoked or expired code is refused
 * kindly without counting. A code binds one person, once: its first use claims it (an insert keyed by
 * the code, so two people racing with one slip cannot both win) and binds the flat's first contact as its
 * owner and later ones (each with their own slip) as co-owners, who share the flat's one vote under
 * the ballot's co-owner rule; `代办` binds a proxy, pending until an owner confirms. Anyone else sending
 * a used slip asks to join: a pending binding the flat's bound owners confirm (`确认家人`).
 *
 * Said in a group, a code binds nothing: the speaker is told privately to say it privately, and a live
 * code — now known to everyone in the group — is revoked and a new one issued to the unit's committee
 * contacts, privately. Logs never name the code or the contact's data.
 */
export async function bindHousehold(
  ctx: CommandContext,
  input: BindHouseholdInput,
  meta: { readonly now: Date },
): Promise<BindHouseholdResult> {
  const { bindingLockouts, bindingCodes } = ctx.models;
  const lockout = await readLockout(bindingLockouts, input.contactId);
  if (lockout.lockedUntil !== undefined && lockout.lockedUntil.getTime() > meta.now.getTime()) {
    return { kind: 'locked', until: lockout.lockedUntil };
  }
  const code = await readBindingCode(bindingCodes, input.code);
  const live = code !== null && code.revokedAt == null && expiryOf(code, ctx).getTime() > meta.now.getTime();
  if (input.inGroup === true) {
    if (code === null || !live || code.usedAt != null) return { kind: 'said_in_group', reissued: false };
    return { kind: 'said_in_group', reissued: await voidCodeSaidInGroup(ctx, code, meta.now) };
  }
  if (code === null) {
    const failedTries = lockout.failedTries + 1;
    if (failedTries >= MAX_FAILED_BINDING_TRIES) {
      const until = new Date(meta.now.getTime() + BINDING_LOCK_MS);
      await saveLockout(bindingLockouts, { _id: input.contactId, failedTries: 0, lockedUntil: until });
      return { kind: 'locked', until };
    }
    await saveLockout(bindingLockouts, { _id: input.contactId, failedTries });
    return { kind: 'wrong_code', triesLeft: MAX_FAILED_BINDING_TRIES - failedTries };
  }
  if (!live) return { kind: 'revoked' };
  const usedByOther = !(await usedBy(ctx, code, input.contactId, meta.now));

  const { state: before } = await loadCase(ctx, code.unitId);
  const existing = findHousehold(before, code.room, input.contactId);
  const owners = before.households.filter(
    (binding) =>
      binding.room === code.room &&
      binding.role !== 'proxy' &&
      binding.pending !== true &&
      binding.contactId !== input.contactId,
  );
  const firstRole: HouseholdRole = owners.length === 0 && !usedByOther ? 'owner' : 'co_owner';
  const role: HouseholdRole = existing?.role ?? (input.asProxy === true ? 'proxy' : firstRole);
  const request = existing === undefined && usedByOther;
  const { events, state } = await runCaseCommand(
    ctx,
    code.unitId,
    {
      type: 'BindHousehold',
      data: { room: code.room, contactId: input.contactId, role, ...(request ? { request } : {}) },
    },
    { actor: { kind: 'resident', id: input.contactId }, channel: input.channel ?? 'wechat', now: meta.now },
  );
  // The contact's flats are projected by the `contacts` after-append hook (commands/contacts.ts).
  if (lockout.failedTries > 0 || lockout.lockedUntil !== undefined) {
    await clearLockout(bindingLockouts, input.contactId);
  }
  const binding = findHousehold(state, code.room, input.contactId);
  return {
    kind: 'bound',
    unitId: code.unitId,
    room: code.room,
    role,
    fresh: events.length > 0,
    pending: binding?.pending === true,
    requested: binding?.requested === true,
    ownerContactIds: owners.map((owner) => owner.contactId),
    ...(state.groupRoomId === undefined ? {} : { groupRoomId: state.groupRoomId }),
    ...shareOf(state, code.room),
  };
}

/**
 * Whether the code is (now) this contact's: used by them before, or claimed by them just now. False
 * when someone else claimed it first.
 */
async function usedBy(
  ctx: CommandContext,
  code: BindingCodeDoc,
  contactId: string,
  now: Date,
): Promise<boolean> {
  if (code.usedAt != null) return code.usedBy === contactId;
  return (await useBindingCode(ctx.models, code._id, { contactId, at: now })) === contactId;
}

/**
 * A live code said in the open group: revoked (`said_in_group`), and — when the unit has committee
 * contacts — a new code for the flat issued and sent to each of them privately. True when reissued.
 */
async function voidCodeSaidInGroup(ctx: CommandContext, code: BindingCodeDoc, now: Date): Promise<boolean> {
  await revokeOneBindingCode(ctx.models.bindingCodes, code._id, { reason: 'said_in_group', at: now });
  const { state } = await loadCase(ctx, code.unitId);
  // A slip of a flat since removed from the roster (voided now, but a slip from before that was not)
  // is not replaced.
  if (!state.flats.some((flat) => flat.room === code.room)) return false;
  const committee = [
    ...new Set(state.contactRoles.filter((r) => r.role === 'committee').map((r) => r.contactId)),
  ];
  if (committee.length === 0) {
    ctx.log.warn(
      { unitId: code.unitId },
      'a binding code said in the group is void; no committee contact to reissue it to',
    );
    return false;
  }
  const issued = await reissueRoomCode(ctx, { unitId: code.unitId, room: code.room }, now);
  const text = bindingCodeReissuedToCommittee({
    room: code.room,
    code: issued.code,
    expiresAt: issued.expiresAt,
  });
  for (const contactId of committee) {
    await enqueueMessage(ctx.models.outbox, {
      _id: `code-reissued:${code.unitId}:${code.room}:${now.getTime()}:${contactId}`,
      to: { kind: 'contact', id: contactId },
      groupKey: state.groupRoomId ?? null,
      text,
      priority: 'reply',
      createdAt: now,
    });
  }
  return true;
}

/** The flat's share of the plan in force, and whether the open elevator ballot still waits for it. */
function shareOf(
  state: CaseState,
  room: string,
): Pick<Extract<BindHouseholdResult, { kind: 'bound' }>, 'share' | 'mayVote'> {
  const ballot = openElevatorBallot(state);
  const mayVote = ballot !== undefined && !countedVotes(ballot).some((vote) => vote.room === room);
  const share = state.plan?.shares?.find((candidate) => candidate.room === room);
  return share === undefined ? { mayVote } : { mayVote, share: { planVersion: state.plan!.version, share } };
}
