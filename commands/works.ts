/**
 * From pipeline relocation to use registration (domain.md §5; HZ-2021 items 9, 14, 15), driven
 * through the API: the decider keeps every gate (relocation before the installation notice, the
 * notice before construction, a passed supervision inspection before acceptance and handover, a
 * named 使用单位 before handover and registration); each step is told to the unit's group in one line
 * (`lifecycle-step.ts`). Handover sets the use-registration deadline, 30 days on (domain.md §5).
 */
import type { UserUnitKind } from '../domain/case/index.js';
import {
  COMPLETION_ACCEPTED_NOTICE,
  constructionCompletedNotice,
  constructionStartedNotice,
  handedOverNotice,
  inspectionNotice,
  installationNotifiedNotice,
  pipelineRelocationNotice,
  USE_REGISTERED_NOTICE,
  userUnitNotice,
} from '../messages/index.js';
import { computePeriodEnd } from './compute-period-end.js';
import type { CommandContext } from './kernel/context.js';
import type { CommandMeta } from './kernel/stream-runner.js';
import { dayOr, runLifecycleStep as step, type LifecycleStepResult } from './lifecycle-step.js';

/** Use registration is due within this many days of entering use (domain.md §5). */
export const USE_REGISTRATION_DAYS = 30;

type Result = Promise<LifecycleStepResult>;

export async function recordPipelineRelocation(
  ctx: CommandContext,
  input: { unitId: string; completedOn?: string; utilities: readonly string[]; note?: string },
  meta: CommandMeta,
): Result {
  const data = {
    completedOn: dayOr(input.completedOn, 'completedOn', meta.now),
    utilities: input.utilities,
    ...(input.note === undefined ? {} : { note: input.note }),
  };
  return step(ctx, input.unitId, { type: 'RecordPipelineRelocation', data }, meta, () =>
    pipelineRelocationNotice({ utilities: input.utilities }),
  );
}

export async function notifyInstallation(
  ctx: CommandContext,
  input: { unitId: string; notifiedOn?: string; installer: string; reference?: string },
  meta: CommandMeta,
): Result {
  const data = {
    notifiedOn: dayOr(input.notifiedOn, 'notifiedOn', meta.now),
    installer: input.installer,
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  };
  return step(ctx, input.unitId, { type: 'NotifyInstallation', data }, meta, () =>
    installationNotifiedNotice({ installer: input.installer }),
  );
}

export async function startConstruction(
  ctx: CommandContext,
  input: { unitId: string; startedOn?: string },
  meta: CommandMeta,
): Result {
  const startedOn = dayOr(input.startedOn, 'startedOn', meta.now);
  return step(ctx, input.unitId, { type: 'StartConstruction', data: { startedOn } }, meta, () =>
    constructionStartedNotice({ startedOn }),
  );
}

export async function completeConstruction(
  ctx: CommandContext,
  input: { unitId: string; completedOn?: string },
  meta: CommandMeta,
): Result {
  const completedOn = dayOr(input.completedOn, 'completedOn', meta.now);
  return step(ctx, input.unitId, { type: 'CompleteConstruction', data: { completedOn } }, meta, () =>
    constructionCompletedNotice({ completedOn }),
  );
}

export async function recordSupervisionInspection(
  ctx: CommandContext,
  input: {
    unitId: string;
    inspectedOn?: string;
    passed: boolean;
    reportRef?: string;
    defects?: readonly string[];
  },
  meta: CommandMeta,
): Result {
  const data = {
    inspectedOn: dayOr(input.inspectedOn, 'inspectedOn', meta.now),
    passed: input.passed,
    ...(input.reportRef === undefined ? {} : { reportRef: input.reportRef }),
    ...(input.defects === undefined ? {} : { defects: input.defects }),
  };
  return step(ctx, input.unitId, { type: 'RecordSupervisionInspection', data }, meta, () =>
    inspectionNotice({ passed: input.passed, defects: input.defects?.length ?? 0 }),
  );
}

export async function acceptCompletion(
  ctx: CommandContext,
  input: { unitId: string; acceptedOn?: string; reportRef?: string },
  meta: CommandMeta,
): Result {
  const data = {
    acceptedOn: dayOr(input.acceptedOn, 'acceptedOn', meta.now),
    ...(input.reportRef === undefined ? {} : { reportRef: input.reportRef }),
  };
  return step(ctx, input.unitId, { type: 'AcceptCompletion', data }, meta, () => COMPLETION_ACCEPTED_NOTICE);
}

export async function nameUserUnit(
  ctx: CommandContext,
  input: { unitId: string; name: string; kind: UserUnitKind; namedOn?: string; contact?: string },
  meta: CommandMeta,
): Result {
  const data = {
    name: input.name,
    kind: input.kind,
    namedOn: dayOr(input.namedOn, 'namedOn', meta.now),
    ...(input.contact === undefined ? {} : { contact: input.contact }),
  };
  return step(ctx, input.unitId, { type: 'NameUserUnit', data }, meta, () =>
    userUnitNotice({ kind: input.kind, name: input.name }),
  );
}

/** Keys and documents handed over; the elevator enters use; registration due 30 days on. */
export async function handOver(
  ctx: CommandContext,
  input: { unitId: string; handedOverOn?: string; enteredUseOn?: string; documents?: readonly string[] },
  meta: CommandMeta,
): Result {
  const handedOverOn = dayOr(input.handedOverOn, 'handedOverOn', meta.now);
  const enteredUseOn = dayOr(input.enteredUseOn, 'enteredUseOn', meta.now);
  const useRegistrationDueOn = computePeriodEnd(ctx, {
    from: enteredUseOn,
    length: USE_REGISTRATION_DAYS,
    unit: 'day',
  }).endsOn;
  const data = {
    handedOverOn,
    enteredUseOn,
    useRegistrationDueOn,
    ...(input.documents === undefined ? {} : { documents: input.documents }),
  };
  return step(ctx, input.unitId, { type: 'HandOver', data }, meta, () =>
    handedOverNotice({ enteredUseOn, useRegistrationDueOn }),
  );
}

export async function registerUse(
  ctx: CommandContext,
  input: { unitId: string; registeredOn?: string; certificateNo?: string },
  meta: CommandMeta,
): Result {
  const data = {
    registeredOn: dayOr(input.registeredOn, 'registeredOn', meta.now),
    ...(input.certificateNo === undefined ? {} : { certificateNo: input.certificateNo }),
  };
  return step(ctx, input.unitId, { type: 'RegisterUse', data }, meta, () => USE_REGISTERED_NOTICE);
}
