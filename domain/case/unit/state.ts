/** What a case knows of its unit and the unit's exclusive parts. */
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
}
