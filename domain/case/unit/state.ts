/** What a case knows of its unit and the unit's exclusive parts. */
import { fail, requireRegistered } from '../checks.js';
import type { Stage } from '../stages.js';
import type { UnitAddress, UnitFlat } from './commands.js';

/** The part of a case's state that its unit keeps. */
export interface UnitSlice {
  /** Where the unit is, as the residents' committee names it; absent until registered. */
  readonly unit?: UnitAddress;
  /** When the unit was registered (`UnitRegistered`): the case began then; no filing may predate it. */
  readonly registeredAt?: string;
  /** The unit's exclusive parts as registered now (an open ballot keeps the roster it froze). */
  readonly flats: readonly UnitFlat[];
  /**
   * Elderly or disabled people live in the unit: mediation deserves more effort (HZ-2021 item 5;
   * domain.md §3). Derived from the flats' flags.
   */
  readonly needsExtraMediationCare: boolean;
  /**
   * The community the unit belongs to (a place of the platform): who on the staff may reach it
   * follows from it (`policies.ts`). Absent for a unit never placed: the platform administrator's alone.
   */
  readonly communityId?: string;
}

/** A room of a registered unit's flats: `unit_not_registered` before registration, else `unknown_room`. */
export function requireFlatOf(state: UnitSlice & { readonly stage: Stage }, room: string): string {
  requireRegistered(state);
  return requireRoom(state, room);
}

/** A room of the unit's registered flats, or `unknown_room`. */
export function requireRoom(state: UnitSlice, room: string): string {
  if (!state.flats.some((flat) => flat.room === room)) {
    fail('unknown_room', `Room ${room} is not a flat of this unit.`, { room });
  }
  return room;
}
