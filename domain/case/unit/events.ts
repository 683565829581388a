/** The events of a case's unit and its roster (domain.md §2). */
import type { UnitAddress, UnitFlat } from './commands.js';

/** What a roster update changed, by room: rows added, rows removed, rows whose fields changed. */
export interface RosterChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** The data of each unit event, by event type. */
export interface UnitEventData {
  /** The case opened for one unit and its flats. */
  UnitRegistered: {
    readonly unit: UnitAddress;
    readonly flats: readonly UnitFlat[];
    readonly registeredAt: string;
    /** The community it belongs to; absent for a unit registered without one (see `UnitPlaced`). */
    readonly communityId?: string;
  };
  /** The unit now belongs to `communityId` (and no longer to `previousCommunityId`, when it had one). */
  UnitPlaced: { readonly communityId: string; readonly previousCommunityId?: string };
  /**
   * The unit's flats were replaced (a correction or an ownership change is a new event: the rows
   * before it stay in the stream). `openBallotIds` keep their frozen rosters (domain.md §2); later
   * ballots freeze these flats. `changes` names the rooms added, removed and changed.
   */
  RosterUpdated: {
    readonly flats: readonly UnitFlat[];
    readonly reason: string;
    readonly updatedAt: string;
    readonly openBallotIds: readonly string[];
    readonly changes: RosterChanges;
  };
}
