/**
 * The stages of a case as residents and staff say them. Pure; exhaustive over {@link Stage} so a new
 * stage does not compile until it has its words.
 */
import type { Stage } from '../domain/case/stages.js';

export const STAGE_WORDS: Readonly<Record<Stage, string>> = {
  new: '尚未登记',
  canvassing: '征求意见',
  planning: '方案公布',
  voting: '表决',
  agreement: '签订协议',
  publicity: '公示',
  objections: '异议处理',
  application: '报批申请',
  joint_review: '联合审查',
  approved: '审查通过、准备施工',
  works: '施工',
  inspection: '监督检验',
  acceptance: '竣工验收',
  handover: '移交',
  registration: '使用登记',
  in_service: '投入使用',
};

/** 「公示」「表决或方案公布」: a list of stages in words. */
export function stagesWords(stages: readonly Stage[]): string {
  return stages.map((stage) => `「${STAGE_WORDS[stage]}」`).join('或');
}
