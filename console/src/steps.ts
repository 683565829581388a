/**
 * The next step of a unit after the vote that the committee or the applicant representative records,
 * as the API takes it: where it goes and what it asks for. The district's own steps (the notice of
 * missing materials, acceptance, the departments' opinions, the conclusion) are in `district-steps.ts`:
 * to the committee the console only says they are awaited.
 */
import type { ApplicationStatus, WorksStatus } from './types';

/** One thing a step asks for: a line of text, a list (one item a line or separated by 、), or a choice. */
/** `value`: what the field starts with (a list's items one a line). */
export type StepField =
  | { name: string; label: string; kind: 'text'; required?: boolean; placeholder?: string; value?: string }
  | { name: string; label: string; kind: 'list'; required?: boolean; placeholder?: string; value?: string }
  | { name: string; label: string; kind: 'choice'; choices: { value: string; label: string }[] };

export interface NextStep {
  key: string;
  /** What is recorded, as the button says it. */
  label: string;
  /** The route under `/units/:unitId`. */
  path: string;
  fields: StepField[];
  /** What the body always holds besides the fields (the department an opinion is from). */
  fixed?: Record<string, unknown>;
}

const MATERIALS: Extract<StepField, { kind: 'list' }> = {
  name: 'materials',
  label: '材料（每行一份，或用顿号隔开）',
  kind: 'list',
  required: true,
  placeholder: '申请书、业主表决结果、项目协议书、设计图纸',
};

/** The step the unit waits for, or a sentence saying who it waits for (null: nothing more to record). */
export function nextStep(application: ApplicationStatus, works: WorksStatus): NextStep | string | null {
  const w = works.works;
  switch (works.stage) {
    case 'application':
      if (application.application === undefined)
        return { key: 'submit', label: '提交报批申请', path: '/application', fields: [MATERIALS] };
      if (application.application.awaitingSupplement)
        return {
          key: 'supplement',
          label: '补交材料',
          path: '/application/supplement',
          // What the district's notice named, as it named it: the supplement clears exactly those.
          fields: [{ ...MATERIALS, value: application.application.outstanding.join('\n') }],
        };
      return '等区住建部门受理。';
    case 'joint_review':
      return '等各部门出具意见、区住建部门给出联合审查结论。';
    case 'approved':
      if (w.pipelineRelocations.length === 0)
        return {
          key: 'pipelines',
          label: '登记管线迁移完成',
          path: '/works/pipeline-relocation',
          fields: [
            {
              name: 'utilities',
              label: '迁移的管线（燃气、给水、电力、通信、有线电视；不需要迁移就空着）',
              kind: 'list',
            },
          ],
        };
      if (w.installationNotifiedOn === undefined)
        return {
          key: 'notice',
          label: '登记已书面告知市场监管部门',
          path: '/works/installation-notice',
          fields: [
            { name: 'installer', label: '安装单位', kind: 'text', required: true },
            { name: 'reference', label: '告知书编号（可不填）', kind: 'text' },
          ],
        };
      return { key: 'start', label: '登记开工', path: '/works/start', fields: [] };
    case 'works':
      return { key: 'completion', label: '登记完工', path: '/works/completion', fields: [] };
    case 'inspection':
      return {
        key: 'inspection',
        label: '登记监督检验结果',
        path: '/works/inspections',
        fields: [
          {
            name: 'passed',
            label: '检验结果',
            kind: 'choice',
            choices: [
              { value: 'true', label: '通过' },
              { value: 'false', label: '没有通过' },
            ],
          },
          { name: 'defects', label: '没通过的问题（通过就空着）', kind: 'list' },
        ],
      };
    case 'acceptance':
      return {
        key: 'acceptance',
        label: '登记竣工验收',
        path: '/works/acceptance',
        fields: [{ name: 'reportRef', label: '验收报告编号（可不填）', kind: 'text' }],
      };
    case 'handover':
      if (works.userUnit === undefined)
        return {
          key: 'user-unit',
          label: '登记使用单位',
          path: '/user-unit',
          fields: [
            { name: 'name', label: '使用单位或负责人', kind: 'text', required: true },
            {
              name: 'kind',
              label: '类型',
              kind: 'choice',
              choices: [
                { value: 'entrusted_manager', label: '受托管理单位（如物业）' },
                { value: 'named_person', label: '业主指定的人' },
              ],
            },
          ],
        };
      return {
        key: 'handover',
        label: '登记移交、投入使用',
        path: '/handover',
        fields: [{ name: 'documents', label: '移交的钥匙和资料（可不填）', kind: 'list' }],
      };
    case 'registration':
      return {
        key: 'registration',
        label: '登记已办使用登记',
        path: '/use-registration',
        fields: [{ name: 'certificateNo', label: '使用登记证编号（可不填）', kind: 'text' }],
      };
    default:
      return null;
  }
}

/**
 * The list a person typed: one item a line, or separated by 、，, — except within brackets, so that
 * 「加装电梯协议书（费用分摊、运行维护）」 stays one item — blanks dropped.
 */
export function listOf(typed: string): string[] {
  const items: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of typed) {
    if (char === '（' || char === '(') depth += 1;
    else if ((char === '）' || char === ')') && depth > 0) depth -= 1;
    if (char === '\n' || (depth === 0 && '、，,'.includes(char))) {
      items.push(current);
      current = '';
      if (char === '\n') depth = 0;
    } else current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * The step's body from what was typed: a text left blank is left out, a list is split, a choice of
 * `true`/`false` is a yes or no. A required field left blank: its label, to say what is missing.
 */
export function bodyOf(
  step: NextStep,
  typed: Record<string, string>,
): { body: Record<string, unknown> } | { missing: string } {
  const body: Record<string, unknown> = { ...step.fixed };
  for (const field of step.fields) {
    const value = (typed[field.name] ?? (field.kind === 'choice' ? '' : (field.value ?? ''))).trim();
    if (field.kind === 'choice') {
      const chosen = value === '' ? field.choices[0]!.value : value;
      body[field.name] = chosen === 'true' ? true : chosen === 'false' ? false : chosen;
    } else if (field.kind === 'list') {
      const items = listOf(value);
      if (items.length === 0 && field.required === true) return { missing: field.label };
      if (items.length > 0 || field.name === 'utilities') body[field.name] = items;
    } else if (value !== '') {
      body[field.name] = value;
    } else if (field.required === true) {
      return { missing: field.label };
    }
  }
  return { body };
}
