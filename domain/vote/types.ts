/**
 * Types of the unit vote (Civil Code art. 278; SPC building-division interpretation arts. 8–9).
 * Areas are integer hundredths of a square metre (`areaCenti`: 72.50 m² → 7250); never floats.
 */

/** Where a flat's area comes from, in order of precedence (register → survey → contract). */
/** Where a flat's area comes from, in the order of preference. */
export const AREA_SOURCES = ['register', 'survey', 'contract'] as const;
export type AreaSource = (typeof AREA_SOURCES)[number];

/** One exclusive part (专有部分) of the unit, as counted in a ballot. */
export interface RosterFlat {
  readonly room: string;
  readonly floor: number;
  readonly areaCenti: number;
  readonly areaSource: AreaSource;
  /**
   * Who counts as one person for the headcount: flats sharing an `ownerKey` belong to one buyer who
   * counts once (their areas all count). Defaults to the room when absent.
   */
  readonly ownerKey?: string;
  /** Unsold or undelivered developer stock: all such flats together count as one person. */
  readonly developerStock?: boolean;
}

/** A ballot's matter: `major` takes the double ¾ of those voting, `ordinary` the simple majority. */
export const MATTERS = ['major', 'ordinary'] as const;
export type Matter = (typeof MATTERS)[number];
/** A vote's choice. */
export const CHOICES = ['agree', 'oppose', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

/** Rules frozen when a ballot opens; they never change while it is open. */
export interface BallotRules {
  readonly matter: Matter;
  /** Abstention counts as participation (configurable; default true). */
  readonly abstentionParticipates: boolean;
  /**
   * When co-owners of one flat (or one person's flats) disagree, which vote counts until the
   * committee resolves it: the earlier one (default) or the latest.
   */
  readonly onCoOwnerConflict: 'earlier' | 'latest';
}

/** One vote as cast, in stream order (`seq` ascending = later). A later vote replaces an earlier one. */
export interface CastVote {
  readonly seq: number;
  readonly room: string;
  readonly choice: Choice;
  /** Who cast it (a bound contact, a proxy, or the committee for paper): used to spot co-owner conflicts. */
  readonly voterId?: string;
  /**
   * It speaks for the whole flat and settles any disagreement before it: the flat's signed paper
   * ballot, or its co-owners' joint written statement. Only later votes can open a conflict again.
   */
  readonly settles?: boolean;
}

/** A head and area count. */
export interface Count {
  readonly owners: number;
  readonly areaCenti: number;
}

export interface TallyChecks {
  readonly participationOwners: boolean;
  readonly participationArea: boolean;
  readonly approvalOwners: boolean;
  readonly approvalArea: boolean;
}

/**
 * What is still missing to pass, counting only people who have not voted yet voting agree:
 * the fewest additional people (`owners`) and the least additional area (`areaCenti`), or
 * `possible: false` when no choice of the remaining voters can make it pass.
 */
export interface Missing {
  readonly possible: boolean;
  readonly owners: number;
  readonly areaCenti: number;
}

export interface Tally {
  readonly passed: boolean;
  readonly totals: Count;
  readonly participating: Count;
  readonly agree: Count;
  readonly oppose: Count;
  readonly abstain: Count;
  readonly checks: TallyChecks;
  readonly missing: Missing;
  /** Person keys whose votes conflict (co-owners disagreeing): flagged to the committee. */
  readonly conflicts: readonly string[];
  /**
   * Whether settling the open conflicts otherwise — each conflicted person counted with another of
   * their co-owners' stances — could change `passed` (false when there are none). Absent on tallies
   * frozen before it was kept.
   */
  readonly conflictsCouldChange?: boolean;
}
