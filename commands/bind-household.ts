import {
  countedVotes,
  findHousehold,
  openElevatorBallot,
  type CaseState,
  type HouseholdRole,
} from '../domain/case/index.js';
import type { CostShare } from '../domain/cost/index.js';
import { clearLockout, readLockout, saveLockout } from '../models/binding-lockout.js';
import type { BindingCodeDoc } from '../models/binding-code.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';
import { runCaseCommand } from './kernel/run-case.js';

/** Wrong codes a contact may send before binding locks for {@link BINDING_LOCK_MS}. */
export const MAX_FAILED_BINDING_TRIES = 5;
/** How long binding stays locked after too many wrong codes: an hour. */
export const BINDING_LOCK_MS = 3_600_000;

/** What a transport gives: who sent which (canonical) code, and the unit of the group it was said in. */
export interface BindHouseholdInput {
  readonly contactId: string;
  readonly code: string;
  /** The unit of the group the code was said in; absent in a private chat or an unbound group. */
  readonly groupUnitId?: string | null;
  /** `代办 <code>`: the speaker acts for the household (a proxy), not as one of its owners. */
  readonly asProxy?: boolean;
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
      /** A proxy waiting for the owner's confirmation (`确认代办`) or a committee entry. */
      readonly pending: boolean;
      /** The flat's bound owners and co-owners, asked to confirm a fresh pending proxy. */
      readonly ownerContactIds: readonly string[];
      /** The flat's share of the plan in force, when it has a cost plan (told to a fresh binding). */
      readonly share?: { readonly planVersion: number; readonly share: CostShare };
      /** Whether the elevator ballot is open and the flat has not voted yet (the share asks to vote). */
      readonly mayVote: boolean;
    }
  | { readonly kind: 'wrong_code'; readonly triesLeft: number }
  | { readonly kind: 'locked'; readonly until: Date }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'other_unit' };

/**
 * `绑定 <code>` / `代办 <code>`: looks the code up by `_id`. A wrong code counts a
 * failed try for the contact; the 5th locks binding for an hour. A revoked code, or a code of another
 * unit said in a bound group, is refused kindly without counting. Otherwise `BindHousehold` →
 * `HouseholdBound`, idempotent for a contact already bound to the room, and the `contacts` projection
 * learns the flat. The role: `代办` binds a proxy, pending until an owner confirms; `绑定` binds the
 * flat's first contact as its owner and later ones (family holding the same slip) as co-owners, who
 * share the flat's one vote under the ballot's co-owner rule. Logs never name the code or the
 * contact's data.
 */
export async function bindHousehold(
  ctx: CommandContext,
  input: BindHouseholdInput,
  meta: { readonly now: Date },
): Promise<BindHouseholdResult> {
  const { bindingLockouts } = ctx.models;
  const lockout = await readLockout(bindingLockouts, input.contactId);
  if (lockout.lockedUntil !== undefined && lockout.lockedUntil.getTime() > meta.now.getTime()) {
    return { kind: 'locked', until: lockout.lockedUntil };
  }
  const code = await ctx.models.bindingCodes.findById(input.code).lean<BindingCodeDoc>().exec();
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
  if (code.revokedAt !== undefined && code.revokedAt !== null) return { kind: 'revoked' };
  if (input.groupUnitId != null && input.groupUnitId !== code.unitId) return { kind: 'other_unit' };

  const { state: before } = await loadCase(ctx, code.unitId);
  const existing = findHousehold(before, code.room, input.contactId);
  const owners = before.households.filter(
    (binding) =>
      binding.room === code.room && binding.role !== 'proxy' && binding.contactId !== input.contactId,
  );
  const role: HouseholdRole =
    existing?.role ?? (input.asProxy === true ? 'proxy' : owners.length === 0 ? 'owner' : 'co_owner');
  const { events, state } = await runCaseCommand(
    ctx,
    code.unitId,
    { type: 'BindHousehold', data: { room: code.room, contactId: input.contactId, role } },
    { actor: { kind: 'resident', id: input.contactId }, channel: 'wechat', now: meta.now },
  );
  // The contact's flats are projected by the `contacts` after-append hook (commands/contacts.ts).
  if (lockout.failedTries > 0 || lockout.lockedUntil !== undefined) {
    await clearLockout(bindingLockouts, input.contactId);
  }
  return {
    kind: 'bound',
    unitId: code.unitId,
    room: code.room,
    role,
    fresh: events.length > 0,
    pending: findHousehold(state, code.room, input.contactId)?.pending === true,
    ownerContactIds: owners.map((binding) => binding.contactId),
    ...shareOf(state, code.room),
  };
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
