/**
 * Types of the cost split (Civil Code art. 283: the cost of the building's common parts is shared as
 * agreed, and failing agreement by the share of exclusive area; the schemes below are Hangzhou
 * practice, domain.md §6).
 *
 * Money is integer fen (¥1 = 100 fen), areas integer hundredths of a square metre (`areaCenti`:
 * 72.50 m² → 7250), coefficients integer thousandths (`permille`: 0.9 → 900). Never floats, so every
 * split is exact and reproducible.
 */

/** One flat of the unit as the cost split sees it. A vote `RosterFlat` fits this shape. */
export interface CostFlat {
  readonly room: string;
  readonly floor: number;
  readonly areaCenti: number;
}

/**
 * How the amount is keyed across flats (the agreement, or art. 283's default of exclusive area).
 *
 * - `floor_coefficient`: weight = floor coefficient × area; a floor missing from the table has
 *   coefficient 0 and pays nothing (typically floors 1–2).
 * - `fixed_per_floor`: each flat on a floor pays that floor's amount; the amounts act as weights
 *   scaled to the amount shared, so when they already add up to it each flat pays exactly its amount.
 * - `area`: pure exclusive area, the statutory default (art. 283).
 * - `explicit`: agreed fen per room; they must add up exactly to the amount shared.
 */
export type CostScheme =
  | { readonly kind: 'floor_coefficient'; readonly permilleByFloor: Readonly<Record<number, number>> }
  | { readonly kind: 'fixed_per_floor'; readonly fenByFloor: Readonly<Record<number, number>> }
  | { readonly kind: 'area' }
  | { readonly kind: 'explicit'; readonly fenByRoom: Readonly<Record<string, number>> };

/** The name of a {@link CostScheme}. */
export type CostSchemeKind = CostScheme['kind'];

/** Money paid by the contributors to a named flat, e.g. a low-floor owner who loses light or access. */
export interface Compensation {
  readonly toRoom: string;
  readonly amountFen: number;
  readonly reason: string;
}

/**
 * The agreed construction-cost plan of one elevator. The subsidy is deducted first (its default, about
 * ¥200,000 per elevator in Hangzhou, is configuration, not domain); compensation is added on top, since
 * the contributors pay it: amount shared = totalCost − subsidy + Σ compensation.
 */
export interface CostPlan {
  readonly totalCostFen: number;
  readonly subsidyFen: number;
  readonly scheme: CostScheme;
  /** Rooms that pay nothing, whatever the scheme says (e.g. a ground-floor flat that stays out). */
  readonly exemptRooms?: readonly string[];
  readonly compensations?: readonly Compensation[];
  /** Optional cap on total compensation as thousandths of `totalCostFen` (300 = 30%, as some cities do). */
  readonly compensationCapPermille?: number;
}

/** Why a flat pays nothing: listed in `exemptRooms`, on an exempt floor, or weight 0 under the scheme. */
export type ExemptReason = 'exempt_room' | 'exempt_floor' | 'zero_weight';

/**
 * Everything a presenter needs to explain one share, e.g.
 * "5F 0.9 × 72.50㎡ = 65.25 份 / 共 612.30 份 × ¥400,000.00":
 * `weight / weightScale` and `totalWeight / weightScale` are the displayed 份 (coefficient × m² for
 * `floor_coefficient`, m² for `area`, yuan for `fixed_per_floor` and `explicit`).
 */
export interface ShareTerms {
  readonly scheme: CostSchemeKind;
  /** `floor_coefficient` only: this floor's coefficient in thousandths. */
  readonly coefficientPermille?: number;
  /** `floor_coefficient` and `area`: the flat's exclusive area in 0.01 m². */
  readonly areaCenti?: number;
  /** `fixed_per_floor` only: this floor's fixed amount. */
  readonly fixedFen?: number;
  /** `explicit` only: the agreed amount for this room. */
  readonly agreedFen?: number;
  /** This flat's weight (0 when exempt). */
  readonly weight: number;
  /** The sum of all weights. */
  readonly totalWeight: number;
  /** Units of weight per displayed 份: 100 000 for `floor_coefficient`, else 100. */
  readonly weightScale: number;
  /** The amount that was shared by these weights. */
  readonly amountFen: number;
  /** Present when the flat pays nothing, with the reason. */
  readonly exempt?: ExemptReason;
}

/** One flat's part of the construction cost. `netFen = payFen − receiveFen` (negative: it receives). */
export interface CostShare {
  readonly room: string;
  readonly floor: number;
  readonly payFen: number;
  readonly receiveFen: number;
  readonly netFen: number;
  readonly terms: ShareTerms;
}

/**
 * The result of {@link CostPlan} applied to a unit. Invariants: Σ payFen = amountSharedFen and
 * Σ receiveFen = compensationFen, exactly. Shares are ordered by floor, then room in natural order.
 */
export interface CostSplit {
  readonly totalCostFen: number;
  readonly subsidyFen: number;
  readonly compensationFen: number;
  readonly amountSharedFen: number;
  readonly shares: readonly CostShare[];
}

/**
 * The key for running costs (maintenance, inspection, electricity, insurance, repairs): separate from
 * the construction key, and by default exempting the ground floor (`exemptFloors` defaults to `[1]`).
 */
export interface RunningCostKey {
  readonly scheme: CostScheme;
  /** Floors that pay nothing; defaults to `[1]`. Pass `[]` to exempt no floor. */
  readonly exemptFloors?: readonly number[];
  readonly exemptRooms?: readonly string[];
}

/** One flat's part of a running cost. */
export interface RunningShare {
  readonly room: string;
  readonly floor: number;
  readonly payFen: number;
  readonly terms: ShareTerms;
}

/** A running cost split; Σ payFen = amountFen exactly. Shares ordered by floor, then room. */
export interface RunningCostSplit {
  readonly amountFen: number;
  readonly shares: readonly RunningShare[];
}

/** Options of a late join. */
export interface LateJoinerOptions {
  /** Extra charged on top of the catch-up, in thousandths of it (50 = 5%), paid to the original payers. */
  readonly surchargePermille?: number;
}

/** What a late joiner pays and who gets it back. Σ refunds.fen = joinerPaysFen exactly. */
export interface LateJoinerCatchUp {
  readonly joinerRoom: string;
  readonly joinerPaysFen: number;
  /** One row per original payer (payFen > 0), ordered by floor, then room. */
  readonly refunds: readonly { readonly room: string; readonly fen: number }[];
  readonly terms: {
    /** The joiner's share had it contributed from the start. */
    readonly catchUpFen: number;
    readonly surchargePermille: number;
    /** `catchUpFen × surchargePermille / 1000`, rounded half up to the fen. */
    readonly surchargeFen: number;
    /** How the joiner's share was computed in the recomputed split. */
    readonly share: ShareTerms;
  };
}
