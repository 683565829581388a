import { rosterChanges, type CaseState, type RosterChanges } from '../domain/case/index.js';
import { isDomainError } from '../domain/errors.js';
import type { StoredEvent } from '../models/case-stream.js';
import { revokeUnitCodes } from '../models/unit-codes.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit } from './read-case.js';
import { relabel, toFlat, type FlatInput } from './register-unit.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** The unit's whole roster as it should now stand, and why it changed. */
export interface UpdateRosterInput {
  readonly unitId: string;
  readonly flats: readonly FlatInput[];
  readonly reason: string;
}

/** The case after the update, and what changed (nothing, when the roster was already so). */
export interface UpdatedRoster {
  readonly unitId: string;
  readonly state: CaseState;
  readonly head: { readonly seq: number; readonly hash: string };
  /** The `RosterUpdated` event, absent when the flats were already these. */
  readonly event?: StoredEvent;
  readonly changes: RosterChanges;
  /** Ballots open at the update: they keep the roster they froze (domain.md §2). */
  readonly openBallotIds: readonly string[];
}

const NO_CHANGES: RosterChanges = { added: [], removed: [], changed: [] };

/**
 * `UpdateRoster` → `RosterUpdated`: replaces the unit's flats with `flats` (a corrected area, an
 * ownership change, a room added), checked and labelled as at registration (`flats.3.area`,
 * `duplicate_room`, `empty_roster`), with its reason. A correction is a new event: the rows before it
 * stay in the stream. Ballots already open keep their frozen roster, denominators and tally (the
 * event names them for the committee); ballots opened later freeze the new flats. The same flats
 * again append nothing. The binding slips of the flats removed are voided. Refusals also:
 * `unit_not_registered`.
 */
export async function updateRoster(
  ctx: CommandContext,
  input: UpdateRosterInput,
  meta: CommandMeta,
): Promise<UpdatedRoster> {
  await readUnit(ctx, input.unitId);
  const flats = input.flats.map(toFlat);
  try {
    const { before, state, head, events } = await runCaseCommand(
      ctx,
      input.unitId,
      { type: 'UpdateRoster', data: { flats, reason: input.reason } },
      meta,
    );
    const event = events[0];
    if (event === undefined)
      return { unitId: input.unitId, state, head, changes: NO_CHANGES, openBallotIds: [] };
    const changes = rosterChanges(before.flats, state.flats);
    // A removed flat's slip can bind no one: void it, so that `绑定` with it says so.
    for (const room of changes.removed) {
      await revokeUnitCodes(ctx.models.bindingCodes, 'household', {
        unitId: input.unitId,
        room,
        at: meta.now,
        reason: 'revoked',
      });
    }
    return {
      unitId: input.unitId,
      state,
      head,
      event,
      changes,
      openBallotIds: before.ballots.filter((b) => b.status === 'open').map((b) => b.ballotId),
    };
  } catch (error) {
    throw isDomainError(error) ? relabel(error) : error;
  }
}
