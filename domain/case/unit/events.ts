/** The events of a case's unit and its roster (domain.md §2). */
import type { UnitAddress, UnitFlat } from './commands.js';

/** The data of each unit event, by event type. */
export interface UnitEventData {
  /** The case opened for one unit and its flats. */
  UnitRegistered: {
    readonly unit: UnitAddress;
    readonly flats: readonly UnitFlat[];
    readonly registeredAt: string;
  };
  /** The unit's flats were replaced; `openBallotIds` keep their frozen rosters (domain.md §2). */
  RosterUpdated: {
    readonly flats: readonly UnitFlat[];
    readonly reason: string;
    readonly updatedAt: string;
    readonly openBallotIds: readonly string[];
  };
}
