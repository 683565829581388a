/**
 * The stages of one unit's elevator project, in process order (domain.md §2–§5), and the only moves
 * between them. The stage is derived from the events by `evolve`; nothing sets it directly.
 */

/**
 * Every stage, in process order:
 * - `new`: nothing recorded yet;
 * - `canvassing`: the unit and its flats are registered; the committee gathers opinions (HZ-2021 item 3);
 * - `planning`: a draft plan is published; the elevator ballot may open;
 * - `voting`: an elevator ballot is open, or the last one failed (a new ballot or a new plan may follow);
 * - `agreement`: the elevator ballot passed (Civil Code art. 278); the project agreement is being signed;
 * - `publicity`: the agreement and plan are publicized (domain.md §3; 10 days, configurable);
 * - `objections`: publicity ended with effective objections still open (mediation ladder, §3);
 * - `application`: preparing, submitting and completing the application (§4);
 * - `joint_review`: the application is accepted; departments give opinions (§4);
 * - `approved`: the joint review approved; pipeline relocation and installation notice (§5);
 * - `works`: construction under way; `inspection`: built, awaiting a passing supervision inspection;
 * - `acceptance`: inspection passed, awaiting completion acceptance; `handover`: accepted, awaiting
 *   handover; `registration`: in use, awaiting use registration (within 30 days);
 * - `in_service`: registered and running (§7); ordinary ballots continue here.
 */
export const STAGES = [
  'new',
  'canvassing',
  'planning',
  'voting',
  'agreement',
  'publicity',
  'objections',
  'application',
  'joint_review',
  'approved',
  'works',
  'inspection',
  'acceptance',
  'handover',
  'registration',
  'in_service',
] as const;

/** One stage of a case; see {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/**
 * The stage graph: where each stage may move (staying put is always allowed). Backward moves are the
 * process's own loops: a failed or cancelled elevator ballot leads back to a new plan (`voting →
 * planning`), a rejected application is prepared again (`joint_review → application`), and a
 * mediation step withdrawn as recorded by mistake reopens the objection it had closed before the
 * application was submitted (`application → objections`).
 */
export const STAGE_TRANSITIONS: Readonly<Record<Stage, readonly Stage[]>> = {
  new: ['canvassing'],
  canvassing: ['planning'],
  planning: ['voting'],
  voting: ['planning', 'agreement'],
  agreement: ['publicity'],
  publicity: ['objections', 'application'],
  objections: ['application'],
  application: ['joint_review', 'objections'],
  joint_review: ['approved', 'application'],
  approved: ['works'],
  works: ['inspection'],
  inspection: ['acceptance'],
  acceptance: ['handover'],
  handover: ['registration'],
  registration: ['in_service'],
  in_service: [],
};

/** True when a case may go from `from` to `to` in one event (including staying put). */
export function canMove(from: Stage, to: Stage): boolean {
  return from === to || STAGE_TRANSITIONS[from].includes(to);
}

/** True when `stage` comes at or after `reference` in process order. */
export function isAtOrAfter(stage: Stage, reference: Stage): boolean {
  return STAGES.indexOf(stage) >= STAGES.indexOf(reference);
}

/** The stages from `reference` on, in process order. */
export function stagesFrom(reference: Stage): readonly Stage[] {
  return STAGES.slice(STAGES.indexOf(reference));
}
