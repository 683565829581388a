/**
 * Error codes raised by `domain/case` (the decider of one unit's elevator project). Add a code here;
 * `domain/errors.ts` unions every module's list. Each code is one gate; where the gate is a legal rule
 * its source is given (domain.md sections; Hangzhou 2021 implementing opinions, "HZ-2021 item n").
 * Malformed input (an empty id, a day that is not `YYYY-MM-DD`, an instant in the future) raises the
 * core `validation_error` with `{ field }`; roster rows raise the vote module's codes.
 */
export const CASE_ERROR_CODES = [
  /** The command does not belong to the case's stage; details `{ stage, expected }`. */
  'wrong_stage',
  /** The case has no unit yet: register it first. */
  'unit_not_registered',
  /** `RegisterUnit` on a case that already has its unit (one case = one unit, for life). */
  'unit_already_registered',
  /** `BindGroup` for a unit already bound to another group (one group per unit). */
  'unit_has_other_group',
  /** A plan version must be a whole number greater than the last one published; `{ planVersion, current }`. */
  'plan_version_not_newer',
  /** The elevator ballot must be on the plan currently published; `{ planVersion, current }`. */
  'plan_version_mismatch',
  /** Only one elevator ballot at a time; `{ ballotId }`. */
  'elevator_ballot_open',
  /** Adding an elevator is a "major" matter (Civil Code art. 278 items 6–8; domain.md §2). */
  'elevator_ballot_must_be_major',
  /** A ballot with this id already exists in the case. */
  'ballot_already_exists',
  /** No ballot with this id in the case. */
  'ballot_not_found',
  /** No alert with this id in the case; `{ alertId }`. */
  'alert_not_found',
  /** `ConfirmProxy` for a contact that never asked to act as the flat's proxy; `{ room }`. */
  'proxy_not_requested',
  /**
   * A chat contact id that names no one the bot knows: not bound or recorded in any unit, not found by
   * the bot's WeChat account, and never heard from (`contacts`, the puppet, `inbox`); `{ contactId }`.
   */
  'unknown_contact',
  /** The ballot is closed or cancelled, or its `closesAt` has passed; `{ ballotId, status, closesAt? }`. */
  'ballot_closed',
  /**
   * `closesAt` is earlier than the minimum voting period allows (domain.md §2: open at least 5 days,
   * configurable); `{ closesAt, earliestCloseAt, minimumOpenDays }`.
   */
  'ballot_too_short',
  /**
   * A ballot cannot be closed before its `closesAt` (or, without one, before its minimum period ends):
   * owners may vote and change their vote until then (domain.md §2). There is no forced early close;
   * cancel the ballot instead. Details `{ ballotId, closableAt }`.
   */
  'ballot_not_yet_closable',
  /** The named record of a ballot is published once it closes; while open, the worklist serves. */
  'ballot_still_open',
  /** The room is not in the roster frozen when the ballot opened (domain.md §2); `{ ballotId, room }`. */
  'unknown_room',
  /** A paper vote is entered by the committee with the paper ballot's reference (domain.md §2). */
  'paper_reference_missing',
  /** A proxy vote names the owner's room it is cast for, under a recorded authorization (domain.md §1–2). */
  'proxy_not_recorded',
  /**
   * A chat vote or objection is kept verbatim with its message id (written form by analogy with Civil
   * Code art. 469; domain.md §2): `messageId` and `text` are required on the `wechat` channel.
   */
  'message_not_kept',
  /** No project agreement before a major elevator ballot passed (Civil Code art. 278; domain.md §2–3). */
  'vote_not_passed',
  /** The publicity period has not ended yet (domain.md §3; 10 days, configurable); `{ publicityEndsAt }`. */
  'publicity_not_over',
  /** An objection with this id was already recorded. */
  'objection_already_filed',
  /** No objection with this id in the case. */
  'objection_not_found',
  /** Mediation is recorded for effective objections only (domain.md §3; HZ-2021 item 5). */
  'objection_not_effective',
  /** The objection is already resolved, withdrawn or closed after a hearing. */
  'objection_closed',
  /**
   * The objection was already withdrawn (by its withdrawal, or at a mediation session whose outcome was
   * `withdrawn`): a correction supersedes once; `{ objectionId }`.
   */
  'objection_already_withdrawn',
  /** No mediation step `step` (numbered from 1, as recorded) on the objection; `{ objectionId, step }`. */
  'mediation_step_not_found',
  /**
   * Only the latest mediation step still standing may be withdrawn: the ladder is corrected from its
   * top, so the steps that remain stay in order; `{ objectionId, step, latest? }`.
   */
  'mediation_not_latest',
  /**
   * A mediation step is held on or after the day of the step before it (the ladder climbs in time);
   * `{ objectionId, heldOn, previousHeldOn }`.
   */
  'mediation_before_previous',
  /**
   * Mediation levels go negotiation → committee → sub-district → hearing and may not be skipped, except
   * that parties may go to the committee without negotiating (HZ-2021 items 5–6; domain.md §3);
   * `{ level, allowed }`.
   */
  'mediation_out_of_order',
  /** The sub-district records a hearing in full (HZ-2021 item 6): `recordRef` is required. */
  'hearing_not_recorded',
  /**
   * The application goes forward only when every effective objection is resolved or closed after a
   * hearing (domain.md §3); `{ objectionIds }`.
   */
  'effective_objection_open',
  /** An application is already pending with the district. */
  'application_already_submitted',
  /** No application has been submitted (or the last one was rejected). */
  'application_not_submitted',
  /**
   * Incomplete materials are notified once, listing everything missing (一次性告知补正; domain.md §4;
   * HZ-2021 item 7): no second notice before the applicants supplement.
   */
  'already_notified',
  /** Items notified as missing have not all been supplemented; `{ outstanding }`. */
  'materials_incomplete',
  /** The department was not convened for this joint review (domain.md §4; HZ-2021 item 7). */
  'department_not_convened',
  /** The department's written opinion is already recorded. */
  'opinion_already_recorded',
  /** Approval needs every convened department's written opinion (HZ-2021 item 7); `{ departments }`. */
  'review_opinions_missing',
  /** A convened department's opinion is against the project; `{ departments }`. */
  'review_opinion_against',
  /** A rejection (of the project, or by a department) states its reasons. */
  'reasons_required',
  /** Pipeline relocation comes before the installation notice (domain.md §5; HZ-2021 item 9). */
  'pipeline_relocation_not_recorded',
  /** The installer notifies market supervision in writing before work starts (HZ-2021 item 14). */
  'installation_not_notified',
  /**
   * Only a lift that passed supervision inspection may go to completion acceptance or be delivered
   * (HZ-2021 item 14; domain.md §5).
   */
  'supervision_inspection_not_passed',
  /** Handover follows completion acceptance (domain.md §5). */
  'completion_not_accepted',
  /**
   * Without a named 使用单位 the elevator may not be used (HZ-2021 item 15; domain.md §1, §5): no handover
   * into use and no use registration.
   */
  'no_user_unit',
  /** Money is shared by the agreement (domain.md §6): payments follow its signing. */
  'agreement_not_signed',
  /** The agreed plan carried no cost plan, so there is no share to pay; `{ planVersion }`. */
  'no_agreed_cost',
  /** A payment beyond what the flat still owes; `{ room, dueFen, paidFen }`. */
  'payment_exceeds_due',
  /** No such payment, or it is already cancelled; `{ paymentId }`. */
  'payment_not_found',
  /** No such document, or it is already withdrawn; `{ documentId }`. */
  'document_not_found',
  /** The same file is already filed for the item; `{ documentId }` (the one filed). */
  'document_already_filed',
  /** A claim cannot move so from where it stands; `{ status, allowed }`. */
  'claim_status_invalid',
  /** More than the project's cost (subsidy) or the flat's share (provident fund); `{ limitFen, room? }`. */
  'claim_exceeds_share',
  /** The unit's elevator is not recorded yet (domain.md §7). */
  'elevator_not_recorded',
  /** No maintenance visit waits to be signed off (or none with that id); `{ visitId? }`. */
  'visit_not_found',
  /** The visit is already signed off; `{ visitId }`. */
  'visit_already_confirmed',
  /** No alarm with that id; `{ alarmId }`. */
  'alarm_not_found',
  /** The running-cost key is not recorded yet (domain.md §6). */
  'running_key_not_set',
] as const;
