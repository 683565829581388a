/**
 * The commands that register a case's unit and keep its roster of exclusive parts (domain.md §2:
 * the denominators of every vote are the exclusive parts of this unit).
 */
import type { RosterFlat } from '../../vote/types.js';

/**
 * Where the unit is: names as the residents' committee writes them. A unit is named either by `name`
 * (how residents call it, "朝晖七区 7幢 2单元") or by its community, building and unit, or both.
 */
export interface UnitAddress {
  readonly name?: string;
  readonly district?: string;
  readonly subdistrict?: string;
  readonly community?: string;
  readonly building?: string;
  readonly unit?: string;
}

/** An owner (or co-owner) of a flat as registered. Personal data: shown to the committee only, never logged. */
export interface FlatOwner {
  readonly name: string;
  readonly phone?: string;
}

/**
 * One exclusive part of the unit as registered: the roster row of the vote, plus whether elderly or
 * disabled people live there (HZ-2021 items 5 and 10: such projects get more mediation effort and
 * accessible fittings). The flags and the owners never enter a ballot's frozen roster.
 */
export interface UnitFlat extends RosterFlat {
  readonly elderly?: boolean;
  readonly disabled?: boolean;
  /** Who owns the flat (co-owners share its one vote). Never enters a ballot's frozen roster. */
  readonly owners?: readonly FlatOwner[];
}

/** The data of each unit command, by command type. */
export interface UnitCommandData {
  /** Opens the case for one unit with its exclusive parts (domain.md §2 counting rules). */
  RegisterUnit: {
    readonly unit: UnitAddress;
    readonly flats: readonly UnitFlat[];
    /** The community the unit belongs to (a place of the platform; checked by the command layer). */
    readonly communityId?: string;
  };
  /**
   * Places the unit in a community: a unit registered before places existed, or one placed wrongly
   * (a correction: the event names the community it leaves). The same community again changes nothing.
   */
  PlaceUnit: { readonly communityId: string };
  /**
   * Replaces the unit's flats (an ownership change, a corrected area), checked as at registration.
   * Open ballots keep their frozen roster; the event lists them for the committee to resolve
   * (domain.md §2). The same flats again change nothing.
   */
  UpdateRoster: { readonly flats: readonly UnitFlat[]; readonly reason: string };
}
