import type { ErrorCode } from '../domain/errors.js';

/**
 * The HTTP status of each error code: the one place the mapping lives. `Record<ErrorCode, number>`
 * makes it exhaustive — a new code does not compile until it has a status here, and there is no
 * fallback. The families:
 * - 400: the request itself is malformed (a field, a date, a length);
 * - 401 / 403: who is asking;
 * - 405 / 413 / 415 / 429: how the caller asks (a method the path does not take, a body too large or
 *   not JSON, too many requests);
 * - 404: the URL names nothing (an unknown unit, ballot or objection);
 * - 409: the request conflicts with where the case stands now (a stage, a ballot already closed, a
 *   record already made) — the same request may succeed at another time;
 * - 422: a rule of the domain refuses the request as asked (a roster, a threshold, a legal gate);
 * - 500: the stored stream is broken (never the client's fault).
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  // core
  validation_error: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unreadable_file: 400, // an uploaded file that is not the CSV or .xlsx its Content-Type says
  method_not_allowed: 405,
  rate_limited: 429,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  stream_conflict: 409,
  stream_corrupted: 500,
  database_unavailable: 503, // the database is out for a moment: the client retries after Retry-After
  invalid_cursor: 400, // a list's `cursor` that is not one this list gave out (tampered, or another list's)
  // vote
  empty_roster: 422,
  duplicate_room: 422,
  roster_import_invalid: 422,
  // cost
  no_contributors: 422,
  explicit_shares_do_not_sum: 422,
  subsidy_exceeds_cost: 422,
  compensation_over_cap: 422,
  joiner_has_no_share: 422,
  joiner_already_contributes: 422,
  late_join_needs_agreement: 422,
  // calendar
  invalid_date: 400,
  invalid_period_length: 400,
  // case: the URL names nothing
  unit_not_registered: 404,
  ballot_not_found: 404,
  proxy_not_requested: 404,
  alert_not_found: 404,
  objection_not_found: 404,
  mediation_step_not_found: 404,
  // case: conflicts with the current state
  wrong_stage: 409,
  unit_already_registered: 409,
  elevator_ballot_open: 409,
  ballot_already_exists: 409,
  unit_has_other_group: 409,
  ballot_closed: 409,
  ballot_not_yet_closable: 409,
  ballot_still_open: 409,
  publicity_not_over: 409,
  objection_already_filed: 409,
  objection_closed: 409,
  objection_already_withdrawn: 409,
  mediation_not_latest: 409,
  application_already_submitted: 409,
  application_not_submitted: 409,
  already_notified: 409,
  opinion_already_recorded: 409,
  // case: rule refusals
  plan_version_not_newer: 422,
  plan_version_mismatch: 422,
  elevator_ballot_must_be_major: 422,
  ballot_too_short: 422,
  // A body field naming a room the frozen roster lacks: the ballot in the URL exists, so not a 404.
  unknown_room: 422,
  paper_reference_missing: 422,
  proxy_not_recorded: 422,
  message_not_kept: 422,
  vote_not_passed: 422,
  objection_not_effective: 422,
  mediation_out_of_order: 422,
  mediation_before_previous: 422,
  // A body field naming a WeChat contact no one knows: the unit in the URL exists, so not a 404.
  unknown_contact: 422,
  hearing_not_recorded: 422,
  effective_objection_open: 422,
  materials_incomplete: 422,
  department_not_convened: 422,
  review_opinions_missing: 422,
  review_opinion_against: 422,
  reasons_required: 422,
  pipeline_relocation_not_recorded: 422,
  installation_not_notified: 422,
  supervision_inspection_not_passed: 422,
  completion_not_accepted: 422,
  no_user_unit: 422,
  agreement_not_signed: 409,
  no_agreed_cost: 422,
  payment_exceeds_due: 422,
  payment_not_found: 404,
  document_not_found: 404,
  document_already_filed: 409,
  claim_status_invalid: 409,
  claim_exceeds_share: 422,
  elevator_not_recorded: 409,
  visit_not_found: 404,
  visit_already_confirmed: 409,
  alarm_not_found: 404,
  running_key_not_set: 409,
  // platform: places and staff tokens. A place named in a body (a parent, a community, a token's
  // scope) that does not exist — or lies outside a staff member's scope — is a 422: the URL exists.
  place_not_found: 422,
  no_such_place: 404,
  wrong_place_kind: 422,
  place_already_exists: 409,
  token_not_found: 404,
  // residents' sign-in (the mini-program)
  sign_in_code_invalid: 401,
  sign_in_unavailable: 503,
  binding_code_wrong: 422,
  binding_locked: 429,
  binding_code_void: 410,
  binding_pending: 409,
};

/** The HTTP status of an error code (see {@link ERROR_STATUS}). */
export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
