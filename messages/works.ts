/**
 * What the unit's group is told at each step from pipeline relocation to use registration (domain.md
 * §5): one short line each, what happened and what comes next. Pure. A 使用单位 that is a person the
 * owners named is not named in the group; a company is.
 */
import type { UserUnitKind } from '../domain/case/index.js';
import { dayWords } from './publicity.js';

export function pipelineRelocationNotice(input: { utilities: readonly string[] }): string {
  const done =
    input.utilities.length === 0 ? '不需要迁移管线' : `管线迁移完成（${input.utilities.join('、')}）`;
  return `${done}。接下来：书面告知市场监管部门后开工。`;
}

export function installationNotifiedNotice(input: { installer: string }): string {
  return `已书面告知市场监管部门，施工单位：${input.installer}。接下来：开工。`;
}

export function constructionStartedNotice(input: { startedOn: string }): string {
  return `电梯工程 ${dayWords(input.startedOn)}开工。施工期间请注意安全，楼道有变化会在群里说。`;
}

export function constructionCompletedNotice(input: { completedOn: string }): string {
  return `电梯工程 ${dayWords(input.completedOn)}完工。接下来：特种设备监督检验。`;
}

export function inspectionNotice(input: { passed: boolean; defects: number }): string {
  return input.passed
    ? '监督检验合格。接下来：竣工验收。'
    : `监督检验没有通过（${input.defects} 处问题），整改后再检验。`;
}

export const COMPLETION_ACCEPTED_NOTICE = '通过竣工验收。接下来：确定使用单位，移交后投入使用。';

export function userUnitNotice(input: { kind: UserUnitKind; name: string }): string {
  return input.kind === 'entrusted_manager'
    ? `电梯使用单位：${input.name}，负责日常管理和维保。`
    : '业主已指定电梯使用单位的负责人，负责日常管理和维保。';
}

export function handedOverNotice(input: { enteredUseOn: string; useRegistrationDueOn: string }): string {
  return `电梯 ${dayWords(input.enteredUseOn)}起投入使用，钥匙和资料已移交。使用单位要在 ${dayWords(input.useRegistrationDueOn)}前办好使用登记。`;
}

export const USE_REGISTERED_NOTICE = '电梯已办好使用登记，可以放心使用。';
