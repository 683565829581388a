/** What a case knows of its application and joint review (domain.md §4). */
import { fail, requireStage } from '../checks.js';
import type { Stage } from '../stages.js';
import type { ReviewOpinion } from './commands.js';

/** A department's recorded joint-review opinion. */
export interface ReviewOpinionState {
  readonly department: string;
  readonly opinion: ReviewOpinion;
  readonly givenOn: string;
  readonly conditions: readonly string[];
  readonly reasons: readonly string[];
}

/**
 * The pending application (domain.md §4). `outstanding` lists notified items not yet supplemented;
 * `awaitingSupplement` is true from a notice until the next supplement (no second notice meanwhile).
 */
export interface ApplicationState {
  readonly submittedOn: string;
  readonly materials: readonly string[];
  readonly outstanding: readonly string[];
  readonly awaitingSupplement: boolean;
  readonly notices: number;
  /** The day of the last notice of missing materials. */
  readonly notifiedOn?: string;
  readonly acceptedOn?: string;
  readonly departments: readonly string[];
  readonly reviewDueOn?: string;
  readonly opinions: readonly ReviewOpinionState[];
}

/** The last joint-review conclusion. */
export interface JointReviewState {
  readonly decision: 'approved' | 'rejected';
  readonly concludedOn: string;
  readonly reasons: readonly string[];
  readonly conditions: readonly string[];
}

/** The part of a case's state that its application and joint review keep. */
export interface ApplicationSlice {
  /** The application pending with the district, from submission until the joint review concludes. */
  readonly application?: ApplicationState;
  /** The last joint-review conclusion (a rejection drops the application, which is prepared again). */
  readonly jointReview?: JointReviewState;
}

/** What the application's gates read: its slice and the case's stage. */
type ApplicationStage = ApplicationSlice & { readonly stage: Stage };

/**
 * The application the case works on at `stage`: submitted and awaiting acceptance (`application`), or
 * accepted and under review (`joint_review`). Refuses with `wrong_stage` at any other stage, and with
 * `application_not_submitted` when none is recorded (also at `joint_review` after a stream that never
 * recorded one, such as an imported history).
 */
export function requireApplication(
  state: ApplicationStage,
  stage: 'application' | 'joint_review',
): ApplicationState {
  requireStage(state, [stage]);
  if (state.application === undefined) fail('application_not_submitted', 'Submit the application first.');
  return state.application;
}
