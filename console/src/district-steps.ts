/**
 * The district's own steps of the application (domain.md §4), as the API takes them from a district
 * officer: the notice of everything missing, once (一次性告知补正), acceptance with the departments
 * convened, each convened department's written opinion, and the review's conclusion. Before and after
 * them the unit waits for the applicants, and the console says for what.
 */
import type { ApplicationView } from './documents';
import { nextStep, type NextStep } from './steps';
import type { WorksStatus } from './types';

const DEPARTMENTS_HINT = '区住建局、区规划和自然资源分局、区市场监管局';

/** The district's steps open now (several at once: one opinion form per department), or what it waits for. */
export function districtSteps(application: ApplicationView, works: WorksStatus): NextStep[] | string {
  const pending = application.application;
  switch (works.stage) {
    case 'application':
      if (pending === undefined) return '等申请人代表提交报批申请。';
      if (pending.awaitingSupplement)
        return `已告知补正，等申请人代表补交：${pending.outstanding.join('、')}。`;
      return [
        {
          key: 'incomplete',
          label: '告知补正',
          path: '/application/incomplete',
          fields: [
            {
              name: 'missing',
              label: '缺的材料（每行一项，一次告知全部）',
              kind: 'list',
              required: true,
              value: application.checklist.missing.join('\n'),
            },
          ],
        },
        {
          key: 'acceptance',
          label: '受理并召集联合审查',
          path: '/application/acceptance',
          fields: [
            {
              name: 'departments',
              label: '参加联合审查的部门（每行一个，或用顿号隔开）',
              kind: 'list',
              required: true,
              placeholder: DEPARTMENTS_HINT,
            },
            { name: 'reference', label: '受理文号（可不填）', kind: 'text' },
          ],
        },
      ];
    case 'joint_review': {
      const given = new Set(pending?.opinions.map((opinion) => opinion.department));
      const opinions = (pending?.departments ?? [])
        .filter((department) => !given.has(department))
        .map((department): NextStep => ({
          key: `opinion:${department}`,
          label: `登记${department}的意见`,
          path: '/application/opinions',
          fixed: { department },
          fields: [
            {
              name: 'opinion',
              label: '意见',
              kind: 'choice',
              choices: [
                { value: 'approve', label: '同意' },
                { value: 'approve_with_conditions', label: '有条件同意' },
                { value: 'reject', label: '不同意' },
              ],
            },
            { name: 'conditions', label: '条件（有条件同意时填，每行一条）', kind: 'list' },
            { name: 'reasons', label: '理由（不同意时填，每行一条）', kind: 'list' },
          ],
        }));
      return [
        ...opinions,
        {
          key: 'conclusion',
          label: '登记审查结论',
          path: '/application/conclusion',
          fields: [
            {
              name: 'decision',
              label: '结论',
              kind: 'choice',
              choices: [
                { value: 'approved', label: '通过' },
                { value: 'rejected', label: '不通过' },
              ],
            },
            { name: 'conditions', label: '要求（可不填，每行一条）', kind: 'list' },
            { name: 'reasons', label: '不通过的理由（不通过时填，每行一条）', kind: 'list' },
          ],
        },
      ];
    }
    default: {
      const next = nextStep(application, works);
      if (next === null) return '电梯已经办好使用登记，投入使用。';
      if (typeof next === 'string') return next;
      return `等申请人代表或居委会登记：${next.label.replace(/^登记/, '')}。`;
    }
  }
}
