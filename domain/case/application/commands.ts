/**
 * The commands of the application to the district housing authority and its joint review (domain.md §4;
 * HZ-2021 item 7). Due days that need the working-day calendar are computed by the command layer.
 */

/** A department's written joint-review opinion (HZ-2021 item 7: whether it agrees with the project). */
export type ReviewOpinion = 'approve' | 'approve_with_conditions' | 'reject';

/** The data of each application command, by command type. */
export interface ApplicationCommandData {
  /** Submits the application to the district housing authority (domain.md §4). */
  SubmitApplication: {
    readonly submittedOn: string;
    readonly materials: readonly string[];
    readonly reference?: string;
  };
  /** The authority lists, once, everything missing (一次性告知补正; domain.md §4). */
  NotifyIncompleteMaterials: { readonly notifiedOn: string; readonly missing: readonly string[] };
  /** The applicants supplement materials, naming the items as they were notified. */
  SupplementMaterials: { readonly supplementedOn: string; readonly materials: readonly string[] };
  /** The authority accepts the application and convenes the joint review (domain.md §4; HZ-2021 item 7). */
  AcceptApplication: {
    readonly acceptedOn: string;
    readonly departments: readonly string[];
    /** The joint-review deadline (10 working days, configurable), computed by the command layer. */
    readonly reviewDueOn?: string;
    readonly reference?: string;
  };
  /** One department's written opinion (at the meeting or within 3 working days; HZ-2021 item 7). */
  RecordReviewOpinion: {
    readonly department: string;
    readonly opinion: ReviewOpinion;
    readonly givenOn: string;
    readonly conditions?: readonly string[];
    readonly reasons?: readonly string[];
  };
  /** The authority's joint-review opinion: approved, or rejected with reasons. */
  ConcludeJointReview: {
    readonly decision: 'approved' | 'rejected';
    readonly concludedOn: string;
    readonly reasons?: readonly string[];
    readonly conditions?: readonly string[];
  };
}
