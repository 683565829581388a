import {
  findObjection,
  openObjections,
  type CaseState,
  type ObjectionState,
  type WithdrawnBy,
} from '../domain/case/index.js';
import type { StoredEvent } from '../models/case-stream.js';
import type { CommandContext } from './kernel/context.js';
import { readUnit } from './read-case.js';
import { runCaseCommand } from './kernel/run-case.js';
import type { CommandMeta } from './kernel/stream-runner.js';

/** The objection after a withdrawal (its own, or one of its steps'), and the application gate. */
export interface WithdrawalResult {
  readonly unitId: string;
  readonly objection: ObjectionState;
  readonly state: CaseState;
  readonly event: StoredEvent;
  /** Effective objections still open: while any is, the application stays closed (domain.md §3). */
  readonly openObjectionIds: readonly string[];
}

async function run(
  ctx: CommandContext,
  unitId: string,
  objectionId: string,
  command: Parameters<typeof runCaseCommand>[2],
  meta: CommandMeta,
): Promise<WithdrawalResult> {
  await readUnit(ctx, unitId);
  const { state, events } = await runCaseCommand(ctx, unitId, command, meta);
  return {
    unitId,
    objection: findObjection(state, objectionId)!,
    state,
    event: events[0]!,
    openObjectionIds: openObjections(state).map((objection) => objection.objectionId),
  };
}

/**
 * `WithdrawObjection` → `ObjectionWithdrawn`: the objection is superseded, never edited — it stays on
 * record with its mediation, marked withdrawn with on whose word (`committee`: entered by mistake;
 * `objector`: withdrawn in writing, `reference` naming that record), when and why. An effective one
 * no longer holds the application back: the last one open lets the case go to the application.
 * Refusals: `unit_not_registered`, `objection_not_found`, `objection_already_withdrawn`,
 * `validation_error` (no reason; an objector's withdrawal without its reference).
 */
export async function withdrawObjection(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly objectionId: string;
    readonly by: WithdrawnBy;
    readonly reason: string;
    readonly reference?: string;
  },
  meta: CommandMeta,
): Promise<WithdrawalResult> {
  const { unitId, objectionId, by, reason, reference } = input;
  return run(
    ctx,
    unitId,
    objectionId,
    {
      type: 'WithdrawObjection',
      data: { objectionId, by, reason, ...(reference === undefined ? {} : { reference }) },
    },
    meta,
  );
}

/**
 * `WithdrawMediation` → `MediationWithdrawn`: mediation step `step` (from 1, as recorded) was
 * recorded by mistake. It stays on record, marked withdrawn with when and why, and no longer counts
 * on the ladder; only the latest standing step may be withdrawn (`mediation_not_latest`). If it had
 * ended the objection, the objection is open again — refused once the application has gone to the
 * district (`application_already_submitted`, `wrong_stage`). Refusals also: `unit_not_registered`,
 * `objection_not_found`, `mediation_step_not_found`, `objection_already_withdrawn`.
 */
export async function withdrawMediation(
  ctx: CommandContext,
  input: {
    readonly unitId: string;
    readonly objectionId: string;
    readonly step: number;
    readonly reason: string;
  },
  meta: CommandMeta,
): Promise<WithdrawalResult> {
  const { unitId, objectionId, step, reason } = input;
  return run(
    ctx,
    unitId,
    objectionId,
    { type: 'WithdrawMediation', data: { objectionId, step, reason } },
    meta,
  );
}
