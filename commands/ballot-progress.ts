import { ballotTally, openElevatorBallot, type BallotState, type CaseState } from '../domain/case/index.js';
import type { BallotRules, Tally } from '../domain/vote/index.js';
import { readContact } from '../models/contact.js';
import { loadCase } from './kernel/read.js';
import type { CommandContext } from './kernel/context.js';

/** Who asks, and the unit of the group it was asked in (null privately or in an unbound group). */
export interface ChatAskerInput {
  readonly contactId: string;
  readonly groupUnitId: string | null;
}

/**
 * The unit a chat request is about: the group's unit; privately, the first unit the contact is bound
 * in, else the first unit it holds a role in. Null when the contact belongs to no unit.
 */
export async function unitOfAsker(ctx: CommandContext, input: ChatAskerInput): Promise<string | null> {
  if (input.groupUnitId !== null) return input.groupUnitId;
  const contact = await readContact(ctx.models.contacts, input.contactId);
  return contact?.flats[0]?.unitId ?? contact?.roles?.[0]?.unitId ?? null;
}

/** The unit's open elevator ballot with its live tally, or undefined. */
export function openBallotOf(
  state: CaseState,
): { readonly ballot: BallotState; readonly tally: Tally } | undefined {
  const ballot = openElevatorBallot(state);
  if (ballot === undefined) return undefined;
  return { ballot, tally: ballotTally(state, ballot.ballotId)! };
}

export type BallotProgressResult =
  | { readonly kind: 'progress'; readonly unitId: string; readonly tally: Tally; readonly rules: BallotRules }
  | { readonly kind: 'not_bound' }
  | { readonly kind: 'no_open_ballot' };

/**
 * `进度`: the live tally and frozen rules of the unit's open elevator ballot, for anyone
 * in a bound group or any contact bound to a flat (or holding a role) in a unit. Reads only.
 */
export async function ballotProgress(
  ctx: CommandContext,
  input: ChatAskerInput,
): Promise<BallotProgressResult> {
  const unitId = await unitOfAsker(ctx, input);
  if (unitId === null) return { kind: 'not_bound' };
  const { state } = await loadCase(ctx, unitId);
  const open = openBallotOf(state);
  if (open === undefined) return { kind: 'no_open_ballot' };
  return { kind: 'progress', unitId, tally: open.tally, rules: open.ballot.rules };
}
