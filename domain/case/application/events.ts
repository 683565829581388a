/** The events of the application and its joint review (domain.md §4). */
import type { ReviewOpinion } from './commands.js';

/** The data of each application event, by event type. */
export interface ApplicationEventData {
  /** The application was submitted. */
  ApplicationSubmitted: {
    readonly submittedOn: string;
    readonly materials: readonly string[];
    readonly reference?: string;
  };
  /** The authority listed everything missing, once (domain.md §4). */
  IncompleteMaterialsNotified: { readonly notifiedOn: string; readonly missing: readonly string[] };
  /** The applicants supplemented materials. */
  MaterialsSupplemented: { readonly supplementedOn: string; readonly materials: readonly string[] };
  /** The application was accepted; the joint review is convened with `departments`. */
  ApplicationAccepted: {
    readonly acceptedOn: string;
    readonly departments: readonly string[];
    readonly reviewDueOn?: string;
    readonly reference?: string;
  };
  /** A department's written opinion was recorded. */
  ReviewOpinionRecorded: {
    readonly department: string;
    readonly opinion: ReviewOpinion;
    readonly givenOn: string;
    readonly conditions: readonly string[];
    readonly reasons: readonly string[];
  };
  /** The joint review concluded. */
  JointReviewConcluded: {
    readonly decision: 'approved' | 'rejected';
    readonly concludedOn: string;
    readonly reasons: readonly string[];
    readonly conditions: readonly string[];
  };
}
