/**
 * What the unit's group is told at each step of the application and its joint review (domain.md §4):
 * one short line each, what happened and what comes next. Pure: no I/O, no clock. No one is named:
 * materials and departments are the authority's words, not people's.
 */
import { dayWords } from './publicity.js';

export function applicationSubmittedNotice(input: { materials: number }): string {
  return `报批申请已交到区住建部门（${input.materials} 份材料）。接下来：等受理，缺什么材料会一次性告知。`;
}

export function incompleteMaterialsNotice(input: { missing: readonly string[] }): string {
  return `区住建部门一次性告知：还缺 ${input.missing.length} 项材料（${input.missing.join('、')}）。申请人补齐后再交。`;
}

export function materialsSupplementedNotice(input: { materials: number; outstanding: number }): string {
  return input.outstanding === 0
    ? `申请人补交了 ${input.materials} 项材料，材料已经齐了。接下来：等受理。`
    : `申请人补交了 ${input.materials} 项材料，还差 ${input.outstanding} 项。`;
}

export function applicationAcceptedNotice(input: { departments: number; reviewDueOn: string }): string {
  return `报批申请已受理，${input.departments} 个部门联合审查，${dayWords(input.reviewDueOn)}前给出结论。`;
}

export function jointReviewConcludedNotice(input: {
  decision: 'approved' | 'rejected';
  reasons: readonly string[];
  conditions: readonly string[];
}): string {
  if (input.decision === 'rejected') {
    return `联合审查没有通过，原因：${input.reasons.join('；')}。申请人改好后可以重新报批。`;
  }
  const conditions = input.conditions.length === 0 ? '' : `（要求：${input.conditions.join('；')}）`;
  return `联合审查通过${conditions}。接下来：迁移管线、书面告知市场监管部门后开工。`;
}
