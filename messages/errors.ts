/**
 * The bot's answer to each refusal, in chat: one plain Chinese sentence per error code, made specific
 * where the error's details say more (which action, which reference). Pure.
 */
import type { ErrorCode, ErrorDetails } from '../domain/errors.js';
import { isPolicyAction, type PolicyAction } from '../domain/case/index.js';

// ----------------------------------------------------------------------------------------- errors

/**
 * The Chinese sentence for each error code. `Record<ErrorCode, string>` makes it exhaustive, like
 * `api/error-status.ts`: a new code does not compile until it has a sentence here. Codes residents
 * never meet in chat (a broken stream, a malformed request, cost and permit gates the committee handles
 * through the API) still get a safe sentence that points to the person who can help.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  // core
  validation_error: '这条消息没能看懂，请检查后再发一次。',
  invalid_json: '系统出了点问题，请稍后再试。',
  unauthorized: '还不能确认您的身份，请联系社区。',
  invalid_signature: '报警签名不对，没有记录。',
  forbidden: '这件事需要社区工作人员或申请人代表来办，请联系他们。',
  not_found: '没有找到相关记录。有疑问请联系社区。',
  stream_conflict: '刚才有人同时在操作，请稍等一下再发一次。',
  stream_corrupted: '系统出了点问题，这条消息没有处理。请联系社区。',
  method_not_allowed: '系统出了点问题，请稍后再试。',
  payload_too_large: '这条消息太长了，请分几次发。',
  unsupported_media_type: '系统出了点问题，请稍后再试。',
  unreadable_file: '系统出了点问题，请稍后再试。',
  rate_limited: '发得太快了，请稍等一会儿再发。',
  database_unavailable: '系统暂时忙不过来，请稍后再发一次。',
  invalid_cursor: '系统出了点问题，请稍后再试。',
  // vote
  empty_roster: '这个单元还没有录入房屋名单，请联系社区。',
  duplicate_room: '房屋名单里有重复的房号，请联系社区核对。',
  roster_import_invalid: '房屋名单有几行需要修改，请联系社区核对。',
  // cost
  no_contributors: '分摊方案里没有要出钱的住户，请联系申请人代表核对。',
  explicit_shares_do_not_sum: '各户分摊的钱加起来和总费用对不上，请联系申请人代表核对。',
  subsidy_exceeds_cost: '补贴比总费用还多，请联系申请人代表核对。',
  compensation_over_cap: '补偿超过了约定的上限，请联系申请人代表核对。',
  joiner_has_no_share: '按现在的方案，这户不用补交费用。有疑问请联系申请人代表。',
  joiner_already_contributes: '这户已经在分摊名单里了，不用再加入。',
  late_join_needs_agreement: '中途加入要大家重新商定分摊方案，请联系申请人代表。',
  // calendar
  invalid_date: '日期不对，请检查后再发一次。',
  invalid_period_length: '天数不对，请检查后再发一次。',
  // case: nothing there
  place_not_found: '没有找到这个社区或街道。有疑问请联系社区。',
  no_such_place: '没有找到这个社区或街道。有疑问请联系社区。',
  wrong_place_kind: '这个地方的级别不对。有疑问请联系社区。',
  place_already_exists: '这个地方已经建好了，不用再建。',
  token_not_found: '没有找到这个访问令牌。',
  sign_in_code_invalid: '登录没有成功，请重新打开小程序再试。',
  sign_in_unavailable: '微信登录暂时用不了，请过一会儿再试。',
  binding_code_wrong: '这个绑定码不对，请核对纸条上的码再试。',
  binding_locked: '绑定码错了太多次，请一小时后再试。',
  binding_code_void: '这个绑定码已经作废或过期了，请找社区要一张新的。',
  binding_pending: '您的绑定还在等户主确认，确认后就能表决了。',
  unit_not_registered: '这个单元还没有在系统里登记，请联系社区。',
  ballot_not_found: '没有找到这次表决。有疑问请联系社区。',
  alert_not_found: '没有找到这条提醒。有疑问请联系社区。',
  proxy_not_requested: '没有人申请代您家办理表决，不用确认。',
  objection_not_found: '没有找到这条异议。有疑问请联系社区。',
  mediation_step_not_found: '没有找到这一步调解记录。有疑问请联系社区。',
  // case: not now
  wrong_stage: '现在这一步还不能办这件事。有疑问请联系社区。',
  unit_already_registered: '这个单元已经登记过了，不用再登记。',
  elevator_ballot_open: '已经有一次表决正在进行，请等它结束。',
  ballot_already_exists: '这次表决已经开始了，不用再开。',
  unit_has_other_group: '这个单元已经绑定了别的群，一个单元只能绑定一个群。要更换请联系社区。',
  ballot_closed: '这次表决已经结束了，您的表决没有记录。有疑问请联系社区。',
  ballot_not_yet_closable: '表决还没到结束时间，大家还可以表决或改主意。',
  ballot_still_open: '表决结束后才公布各户的表决情况。',
  publicity_not_over: '公示期还没结束，请等公示结束后再办。',
  objection_already_filed: '这条异议已经登记过了，不用再提。',
  objection_closed: '这条异议已经处理完了。有疑问请联系社区。',
  objection_already_withdrawn: '这条异议已经撤回了，不用再撤回。',
  mediation_not_latest: '调解记录只能从最近的一步往回撤。有疑问请联系社区。',
  application_already_submitted: '申请已经交上去了，请等区里答复。',
  application_not_submitted: '申请还没有提交，请先提交申请。',
  already_notified: '要补的材料已经一次性通知过了，请补齐后再提交。',
  opinion_already_recorded: '这个部门的意见已经登记过了。',
  // case: a rule says no
  plan_version_not_newer: '方案的版本号不对，请联系申请人代表核对。',
  plan_version_mismatch: '方案已经更新了，请先看最新的方案。',
  elevator_ballot_must_be_major: '加装电梯要按重大事项表决，请联系社区。',
  ballot_too_short: '表决开放的时间太短，请把结束时间往后延。',
  unknown_room: '这个房号不在本次表决的名单里。有疑问请联系社区。',
  paper_reference_missing: '录入纸质表决时，请写上表决票的编号。',
  proxy_not_recorded: '还没有登记委托手续，不能代为表决。请先到社区登记。',
  message_not_kept: '这条消息没能保存下来，请再发一次。',
  vote_not_passed: '表决还没有通过，现在还不能办这件事。',
  objection_not_effective: '这条异议不需要调解。有疑问请联系社区。',
  mediation_out_of_order: '调解要按顺序来：先协商，再社区调解，再街道调解。',
  mediation_before_previous: '这一步调解的日期早于上一步，请核对日期。',
  unknown_contact: '系统里找不到这个微信联系人，请本人先给加梯助手发一条消息。',
  hearing_not_recorded: '听证要有完整记录，请补上记录编号。',
  effective_objection_open: '还有异议没有处理完，请先处理异议。',
  materials_incomplete: '还有材料没补齐，请补齐后再提交。',
  department_not_convened: '这个部门不在这次联合审查里。有疑问请联系区加梯办。',
  review_opinions_missing: '还有部门的书面意见没收到，请等意见到齐。',
  review_opinion_against: '有部门不赞成这个项目，请先按他们的意见修改方案。',
  reasons_required: '不通过时请写明理由。',
  pipeline_relocation_not_recorded: '管线迁移还没有办好，请先办管线迁移。',
  installation_not_notified: '开工前要先书面告知市场监管部门。',
  supervision_inspection_not_passed: '电梯还没有通过监督检验，暂时不能验收或交付。',
  completion_not_accepted: '电梯还没有竣工验收，暂时不能移交。',
  no_user_unit: '还没有定下电梯的使用单位，电梯暂时不能用。请先定下使用单位。',
  agreement_not_signed: '协议书还没有签订，费用要等签订后才按协议算。',
  no_agreed_cost: '签订的方案里没有算费用，请问问居委会。',
  payment_exceeds_due: '这笔交费超过了应交金额，请核对。',
  payment_not_found: '没有找到这笔交费记录。',
  document_not_found: '没有找到这份材料。',
  document_already_filed: '这份文件已经交过了。',
  claim_status_invalid: '这项申请现在不能这样登记。',
  claim_exceeds_share: '金额超过了应分摊的费用，请核对。',
  elevator_not_recorded: '这个单元的电梯还没有登记。',
  visit_not_found: '现在没有等您确认的维保。维保单位登记这次维保后，再回复 维保确认。',
  visit_already_confirmed: '这次维保已经确认过了。',
  alarm_not_found: '没有找到这条报警。',
  running_key_not_set: '运行费用的分摊办法还没有登记。',
};

/** Who may take each guarded action, for a `forbidden` that names it (`details.action`). */
const FORBIDDEN_MESSAGES: Readonly<Record<PolicyAction, string>> = {
  remind: '提醒大家表决要由社区工作人员或申请人代表来发。您可以回复 进度 查看表决进度。',
  acknowledge_objection: '异议要由社区工作人员或申请人代表确认收到。',
  acknowledge_alert: '这条提醒要由社区或街道的工作人员确认。',
  confirm_maintenance: '维保要由电梯的使用单位确认。',
};

function detail(details: ErrorDetails | undefined, key: string): string | undefined {
  const value = details?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The sentence for a refusal: {@link ERROR_MESSAGES} by code, made specific where the details say
 * more — which action was not allowed, which reference was not found.
 */
export function errorMessage(code: ErrorCode, details?: ErrorDetails): string {
  const action = details?.['action'];
  if (code === 'forbidden' && isPolicyAction(action)) return FORBIDDEN_MESSAGES[action];
  const objection = detail(details, 'objectionId');
  if (code === 'objection_not_found' && objection !== undefined)
    return `没有找到编号 ${objection} 的异议，请对照通知里的编号再发一次。`;
  const alert = detail(details, 'alertId');
  if (code === 'alert_not_found' && alert !== undefined)
    return `没有找到编号 ${alert} 的提醒，请对照通知里的编号再发一次。`;
  return ERROR_MESSAGES[code];
}
