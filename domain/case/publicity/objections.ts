/**
 * Objections during publicity and the mediation ladder (domain.md §3; Hangzhou 2021 implementing
 * opinions, items 5–6). Pure rules, used by `decide` and shown by the committee console.
 */

/** What an objection says the elevator harms. Only the first three are grounds the rules name. */
export const OBJECTION_GROUNDS = ['ventilation', 'daylight', 'passage', 'other'] as const;
export type ObjectionGround = (typeof OBJECTION_GROUNDS)[number];

/** The grounds an effective objection may rest on: 通风、采光、通行 (HZ-2021 item 5; domain.md §3). */
export const COVERED_GROUNDS: readonly ObjectionGround[] = ['ventilation', 'daylight', 'passage'];

/**
 * Why an objection is recorded but not effective, in the order they are checked and listed:
 * - `anonymous`: not filed under the objector's name (实名, HZ-2021 item 5);
 * - `oral`: not in writing (书面; a kept chat message counts as written by analogy with Civil Code
 *   art. 469 — the caller decides `written`);
 * - `outside_window`: not filed during the publicity period (before the agreement was publicized, or at
 *   or after `publicityEndsAt`);
 * - `ground_not_covered`: not about ventilation, daylight or passage.
 */
export type IneffectiveReason = 'anonymous' | 'oral' | 'outside_window' | 'ground_not_covered';

/** The publicity window as instants: objections filed in `[startsAt, endsAt)` are in time. */
export interface PublicityWindow {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** What decides whether an objection is effective. */
export interface ObjectionFacts {
  readonly named: boolean;
  readonly written: boolean;
  readonly ground: ObjectionGround;
  readonly filedAt: Date;
}

/** Whether an objection counts, and every reason it does not (empty when effective). */
export interface ObjectionAssessment {
  readonly effective: boolean;
  readonly ineffectiveReasons: readonly IneffectiveReason[];
}

/**
 * Assesses an objection (domain.md §3; HZ-2021 item 5): effective only when named, written, filed
 * during publicity and about ventilation, daylight or passage. `window` is absent before publicity
 * starts, so everything filed then is outside the window. Ineffective objections are still recorded:
 * that is a result, not an error.
 */
export function assessObjection(
  facts: ObjectionFacts,
  window: PublicityWindow | undefined,
): ObjectionAssessment {
  const reasons: IneffectiveReason[] = [];
  if (!facts.named) reasons.push('anonymous');
  if (!facts.written) reasons.push('oral');
  const filed = facts.filedAt.getTime();
  if (window === undefined || filed < window.startsAt.getTime() || filed >= window.endsAt.getTime()) {
    reasons.push('outside_window');
  }
  if (!COVERED_GROUNDS.includes(facts.ground)) reasons.push('ground_not_covered');
  return { effective: reasons.length === 0, ineffectiveReasons: reasons };
}

/**
 * The mediation ladder, in order (HZ-2021 items 5–6; domain.md §3): the parties negotiate; if that
 * fails the residents' committee mediates; if a party refuses it or it fails, the sub-district (or
 * township) mediates; then a public hearing organized by the sub-district, recorded in full.
 */
export const MEDIATION_LEVELS = ['negotiation', 'committee', 'subdistrict', 'hearing'] as const;

/** One rung of the mediation ladder; see {@link MEDIATION_LEVELS}. */
export type MediationLevel = (typeof MEDIATION_LEVELS)[number];

/** How one mediation session ended. */
export const MEDIATION_OUTCOMES = ['resolved', 'withdrawn', 'failed', 'refused'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];

/**
 * Where an objection stands: `ineffective` ones are only recorded; effective ones are `open` until
 * `resolved`, `withdrawn`, or `closed_after_hearing` (the sub-district concluded a hearing without
 * agreement — domain.md §3 lets the application go forward then).
 */
export type ObjectionStatus = 'ineffective' | 'open' | 'resolved' | 'withdrawn' | 'closed_after_hearing';

/**
 * The levels the next session of an open objection may be held at, given the levels held so far: at
 * first negotiation or the committee (parties need not negotiate first); afterwards the highest level
 * reached again, or the next one up. Levels are never skipped nor gone back down, and nothing follows
 * a hearing (it closes the objection).
 */
export function nextMediationLevels(held: readonly MediationLevel[]): readonly MediationLevel[] {
  if (held.length === 0) return ['negotiation', 'committee'];
  const highest = Math.max(...held.map((level) => MEDIATION_LEVELS.indexOf(level)));
  if (MEDIATION_LEVELS[highest] === 'hearing') return [];
  return MEDIATION_LEVELS.slice(highest, highest + 2);
}

/**
 * The status of an effective objection after a session: resolved or withdrawn at any level ends it;
 * a hearing ends it whatever its outcome (closed by the sub-district, domain.md §3); a failed or
 * refused session below a hearing leaves it open for the next rung.
 */
export function statusAfterMediation(level: MediationLevel, outcome: MediationOutcome): ObjectionStatus {
  if (outcome === 'resolved' || outcome === 'withdrawn') return outcome;
  return level === 'hearing' ? 'closed_after_hearing' : 'open';
}
