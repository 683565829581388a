/**
 * What each step after the vote asks the applicants to hand in, as checklists: the application to the
 * district (domain.md §4), the project's subsidy claim and a household's provident-fund (公积金)
 * withdrawal (domain.md §6; HZ-2021 item 18). A city configures its own (`JIATI_CHECKLISTS_FILE`); these
 * are Hangzhou's defaults. Each item names its source and says whether that source's text, as kept in
 * `shared/policy/`, confirms it (`confirmed`); an item that is not is a common requirement to check with
 * the district before relying on it.
 */

/** The checklists, by the step that needs them. */
export const CHECKLIST_KINDS = ['application', 'subsidy', 'provident_fund'] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];

/** One thing to hand in. */
export interface ChecklistItem {
  /** Stable id (`a-z`, digits and `_`), the one a document is filed under. */
  readonly id: string;
  /** What it is called, as the district calls it. */
  readonly label: string;
  /** Where the requirement comes from. */
  readonly source: string;
  /** Whether the source's text confirms it as a required item. */
  readonly confirmed: boolean;
  /** Whether the step is incomplete without it. */
  readonly required: boolean;
}

export type Checklists = Readonly<Record<ChecklistKind, readonly ChecklistItem[]>>;

const ORDER_324 =
  '杭州市人民政府令第324号第十六条（HZ-2021 第7条援引；条文未收入 shared/policy，需向区住建部门核对）';
const SUBSIDY = 'HZ-2021 第18条：补助办法由相关部门另行制定（清单需按区里的补助细则核对）';
const FUND =
  'HZ-2021 第18条：竣工验收合格后可提取本人及配偶、父母、子女的住房公积金（所需材料以杭州公积金中心为准）';

/** Hangzhou's checklists. */
export const DEFAULT_CHECKLISTS: Checklists = {
  application: [
    { id: 'application_form', label: '加装电梯申请书', source: ORDER_324, confirmed: false, required: true },
    {
      id: 'owner_decision',
      label: '业主表决结果（双三分之二）',
      source: '民法典第278条；domain.md §2（表决结果即 Jiati 的记名表决记录）',
      confirmed: true,
      required: true,
    },
    {
      id: 'agreement',
      label: '加装电梯协议书（费用分摊、运行维护）',
      source: 'HZ-2021 第18条：分摊比例由相关业主协商确定；domain.md §6',
      confirmed: true,
      required: true,
    },
    {
      id: 'publicity',
      label: '公示情况及异议处理结果',
      source: 'domain.md §3：公示期满、有效异议处理完毕后方可申请',
      confirmed: true,
      required: true,
    },
    { id: 'design', label: '设计方案及施工图', source: ORDER_324, confirmed: false, required: true },
    {
      id: 'structure_safety',
      label: '房屋结构安全评估',
      source: ORDER_324,
      confirmed: false,
      required: true,
    },
    { id: 'pipelines', label: '管线迁移方案', source: ORDER_324, confirmed: false, required: false },
  ],
  subsidy: [
    { id: 'acceptance_report', label: '竣工验收报告', source: SUBSIDY, confirmed: false, required: true },
    { id: 'use_certificate', label: '特种设备使用登记证', source: SUBSIDY, confirmed: false, required: true },
    { id: 'final_account', label: '工程结算及发票', source: SUBSIDY, confirmed: false, required: true },
    { id: 'agreement', label: '加装电梯协议书', source: SUBSIDY, confirmed: false, required: true },
  ],
  provident_fund: [
    { id: 'id_card', label: '本人身份证', source: FUND, confirmed: false, required: true },
    { id: 'property_certificate', label: '不动产权证', source: FUND, confirmed: false, required: true },
    {
      id: 'agreement',
      label: '加装电梯协议书（写明本户分摊）',
      source: FUND,
      confirmed: false,
      required: true,
    },
    { id: 'acceptance', label: '竣工验收合格证明', source: FUND, confirmed: true, required: true },
    { id: 'payment_receipt', label: '本户付款凭证', source: FUND, confirmed: false, required: true },
  ],
};

/** The item with this id on checklist `kind`, if any. */
export function checklistItem(
  checklists: Checklists,
  kind: ChecklistKind,
  id: string,
): ChecklistItem | undefined {
  return checklists[kind].find((item) => item.id === id);
}

/** Whether a named material (free text, as submitted) is this item: its id or its label, exactly. */
export function names(item: ChecklistItem, material: string): boolean {
  const named = material.trim();
  return named === item.id || named === item.label;
}
