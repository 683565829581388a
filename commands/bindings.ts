import { requireFlatOf, type HouseholdRole } from '../domain/case/index.js';
import { DomainError } from '../domain/errors.js';
import { revokeUnitCodes } from '../models/unit-codes.js';
import type { CommandContext } from './kernel/context.js';
import { loadCase } from './kernel/read.js';
import { requireUnitId } from './kernel/ids.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** One contact bound to a flat. Contact names are not recorded by the bot, so none is shown. */
export interface BoundContact {
  readonly contactId: string;
  readonly role: HouseholdRole;
  /** A proxy waiting for the owner's confirmation (may not vote yet). */
  readonly pending?: true;
}

/** Who is bound to which flat of a unit, in roster order. */
export interface FlatBindings {
  readonly room: string;
  readonly bound: boolean;
  readonly contacts: readonly BoundContact[];
}

/** Lists the unit's flats with the contacts bound to each, from the case state. Refusals: `unit_not_registered`. */
export async function listBindings(
  ctx: CommandContext,
  input: { readonly unitId: string },
): Promise<{ readonly unitId: string; readonly flats: readonly FlatBindings[] }> {
  requireUnitId(input.unitId);
  const { state } = await loadCase(ctx, input.unitId);
  if (state.stage === 'new') throw new DomainError('unit_not_registered', `No unit ${input.unitId}.`);
  const flats = state.flats.map((flat) => {
    const contacts = state.households
      .filter((binding) => binding.room === flat.room)
      .map((binding): BoundContact => ({
        contactId: binding.contactId,
        role: binding.role,
        ...(binding.pending === true ? { pending: true } : {}),
      }));
    return { room: flat.room, bound: contacts.length > 0, contacts };
  });
  return { unitId: input.unitId, flats };
}

/**
 * Revokes the household binding code of one flat (a slip lost or handed to the wrong door): `绑定` with
 * it then gets the revoked answer. Refusals: `unit_not_registered`, `unknown_room`, `not_found` (no
 * live code for that flat).
 */
export async function revokeBindingCode(
  ctx: CommandContext,
  input: { readonly unitId: string; readonly room: string },
  meta: Pick<CommandMeta, 'now'>,
): Promise<{ readonly room: string; readonly revoked: number }> {
  requireUnitId(input.unitId);
  requireFlatOf((await loadCase(ctx, input.unitId)).state, input.room);
  // Read and revoked by `_id` through the unit's list of issued codes (unit-codes.ts).
  const revoked = await revokeUnitCodes(ctx.models.bindingCodes, 'household', {
    unitId: input.unitId,
    room: input.room,
    at: meta.now,
    reason: 'revoked',
  });
  if (revoked === 0) {
    throw new DomainError('not_found', `Room ${input.room} has no binding code to revoke.`, {
      room: input.room,
    });
  }
  return { room: input.room, revoked };
}
